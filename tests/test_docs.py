"""Generated reference pages are in sync with the code, and every rule is documented."""

import importlib.util

from sopdocs.validate import RULES
from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
gen_docs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen_docs)


def test_rules_page_is_current():
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == gen_docs.rules_markdown(), \
        "run: python scripts/gen_docs.py"


def test_cli_page_is_current():
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == gen_docs.cli_markdown(), \
        "run: python scripts/gen_docs.py"


def test_every_rule_is_documented_with_a_unique_code():
    codes = [rule.CODE for rule in RULES]
    assert len(codes) == len(set(codes))
    for rule in RULES:
        doc = rule.__doc__ or ""
        assert doc.startswith(rule.CODE) or rule.CODE == "SOP001", rule.__name__
        assert len(doc.split()) >= 20, f"{rule.__name__} needs user documentation"

"""Generated reference pages are in sync with the code, and every rule is documented."""

import importlib.util
import re

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


def _yaml_blocks(markdown: str) -> list[str]:
    blocks, inside, current = [], False, []
    for line in markdown.splitlines():
        if line.startswith("```yaml"):
            inside, current = True, []
        elif line.startswith("```") and inside:
            inside = False
            blocks.append("\n".join(current) + "\n")
        elif inside:
            current.append(line)
    return blocks


def test_full_examples_in_readme_and_format_reference_validate(tmp_path):
    from sopdocs.validate import validate_paths

    checked = 0
    for page in (ROOT / "README.md", ROOT / "docs" / "format.md"):
        for index, block in enumerate(_yaml_blocks(page.read_text(encoding="utf-8"))):
            if not block.lstrip().startswith(("title:", "id:", "#")):
                continue  # a fragment (e.g. the forms of `next`), not a whole file
            folder = tmp_path / f"{page.stem}-{index}"
            folder.mkdir()
            if "baseline: current.yaml" in block:  # give the baseline its own file and id
                earlier = re.sub(r"^id: ", "id: old-", block.replace("baseline: current.yaml", ""),
                                 flags=re.M)
                (folder / "current.yaml").write_text(earlier, encoding="utf-8")
            (folder / "process.yaml").write_text(block, encoding="utf-8")
            report = validate_paths([folder])
            assert report.diagnostics == [], f"{page.name} block {index}: {report.diagnostics}"
            checked += 1
    assert checked >= 2

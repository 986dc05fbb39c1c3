"""Role-page sections converted once per serve session: the page equals a whole conversion."""

import markdown

from sopdocs.site.section_memo import SectionMemo, usable

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details",
              "pymdownx.superfences", "pymdownx.tasklist"]  # the sample's, without options
PAGE = """# Sales

Everything Sales does.

## [Quote](../processes/quote.md)

- [ ] [Build the quote](../processes/quote.md#step-build) — Sales rep; duration 30m

    1. From the CRM
    2. Check the discount

- [ ] [Send it](../processes/quote.md#step-send) — Sales rep

## [Contract](../processes/contract.md)

- [ ] [Draft](../processes/contract.md#step-draft) — Counsel

## [Onboarding](../processes/onboarding.md)

- [ ] [Meet the team](../processes/onboarding.md#step-meet) — Manager
"""


def _whole(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS).convert(text)


def _memoised(memo: SectionMemo, text: str) -> str:
    return memo.content("roles/sales.md", _whole(memo.markdown("roles/sales.md", text)))


def test_sections_come_from_memory_and_the_page_equals_a_whole_conversion():
    memo = SectionMemo()
    assert _memoised(memo, PAGE) == _whole(PAGE)
    assert memo.reused == 0 and len(memo.html["roles/sales.md"]) == 3
    edited = PAGE.replace("Draft", "Draft the contract")
    assert _memoised(memo, edited) == _whole(edited)
    assert memo.reused == 2  # quote and onboarding unchanged; contract converted again
    assert len(memo.html["roles/sales.md"]) == 3  # the old contract body is forgotten


def test_a_body_with_a_heading_is_always_converted_with_the_page():
    memo = SectionMemo()
    page = PAGE.replace("    2. Check the discount", "    2. Check the discount\n\n### Notes")
    assert _memoised(memo, page) == _whole(page)
    assert _memoised(memo, page) == _whole(page)
    assert memo.reused == 2  # contract and onboarding; the quote's heading needs the page


def test_a_page_with_definitions_any_section_may_use_is_converted_whole():
    memo = SectionMemo()
    page = PAGE.replace("Draft]", "Draft] per [the rules][rules]") + "\n[rules]: ../rules.md\n"
    assert _memoised(memo, page) == _whole(page)
    moved = page.replace("[rules]: ../rules.md", "[rules]: ../rules-2024.md")
    assert _memoised(memo, moved) == _whole(moved)  # the contract body did not change, its link did
    assert memo.reused == 0 and not memo.html.get("roles/sales.md")  # nothing remembered


def test_sites_whose_extensions_reach_across_pages_convert_whole():
    assert usable(EXTENSIONS + [{"toc": {"permalink": True}}])
    assert not usable(EXTENSIONS + ["abbr"])
    assert not usable(EXTENSIONS + [{"pymdownx.snippets": {"auto_append": ["glossary.md"]}}])
    assert not usable(["markdown.extensions.footnotes"])

"""SOP203 — text in another language or script than `language` says (warning).

The `language` key decides the words sopdocs adds to the file's pages and charts
(headings, labels, units). When the file's own text is Traditional Chinese but
`language` says Simplified (`zh`), or the other way round, a new hire reads pages that
mix two scripts; when the text is Chinese and `language` is missing or another
language, every label around it is English. Characters only one script uses (圖, 負,
關 are Traditional; 图, 负, 关 Simplified) tell which script the text is in.

    language: zh         # SOP203: the text is Traditional Chinese
    title: 客訴處理流程   # write language: zh-Hant
"""

from ..diagnostics import WARNING
from ..scripts import count_han, language_script, script_evidence

CODE = "SOP203"
SEVERITY = WARNING
TITLE = "text in another script than language"
MIN_HAN = 20
"""Chinese characters a file needs before a missing or non-Chinese `language` is flagged."""
_NAMES = {"Hans": "Simplified Chinese", "Hant": "Traditional Chinese"}
_TAGS = {"Hans": "zh", "Hant": "zh-Hant"}


def _text(node) -> str:
    """Every scalar value of the document (keys left out), one per line."""
    if node is None:
        return ""
    if node.kind == "scalar":
        return node.value if isinstance(node.value, str) else ""
    values = [value for _, value in node.items] if node.kind == "map" else node.items
    return "\n".join(_text(value) for value in values)


def check(context):
    """Yield a warning when the file's script disagrees with its `language`."""
    tree = context.tree
    language_node = tree.get("language") if tree is not None else None
    language = language_node.value if language_node is not None else None
    text = _text(tree)
    wanted, evidence = language_script(language), script_evidence(text)
    found = evidence.script
    line, col = (language_node.line, language_node.col) if language_node is not None else (1, 1)
    if wanted and found and wanted != found:
        examples = "".join((evidence.traditional if found == "Hant" else evidence.simplified)[:5])
        yield context.diagnostic(
            CODE, SEVERITY, line, col,
            f"the text is {_NAMES[found]} (e.g. {examples}) but language '{language}' is "
            f"{_NAMES[wanted]}, so the page labels will be in the other script",
            f"write 'language: {_TAGS[found]}'")
    elif wanted is None and count_han(text) >= MIN_HAN:
        tag = _TAGS[found or "Hans"]
        said = f"language '{language}'" if language else "no language"
        yield context.diagnostic(
            CODE, SEVERITY, line, col,
            f"the text is Chinese but the file has {said}, so the page labels will not be Chinese",
            f"write 'language: {tag}'")

"""Hostile XML is refused with file:line:col and a fix, before anything is expanded."""

import pytest

from sopdocs.exchange.xmlsafe import XmlError, parse_xml
from sopdocs.limits import Limits

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">&lol2;</definitions>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">&secret;</definitions>
"""


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
def test_dtd_and_entities_are_refused(tmp_path, text):
    path = _write(tmp_path, "evil.bpmn", text)
    with pytest.raises(XmlError) as caught:
        parse_xml(path)
    message = str(caught.value)
    # the DOCTYPE is on line 2; expat reports the position just after its name
    assert message.startswith(f"{path}:2:")
    assert "DOCTYPE" in message and "billion laughs" in message and "remove" in message
    assert "root:" not in message  # nothing of /etc/passwd was read


def test_file_over_the_size_limit_is_refused_before_parsing(tmp_path):
    path = _write(tmp_path, "huge.bpmn", "<definitions>" + " " * 2_000 + "</definitions>")
    with pytest.raises(XmlError) as caught:
        parse_xml(path, Limits(max_xml_bytes=1_000))
    # 13 + 2,000 + 14 = 2,027 bytes
    assert str(caught.value) == (f"{path}:1:1: the file has 2,027 bytes, more than the limit of"
                                 " 1,000 (max_xml_bytes); split the model or raise the limit")


def test_too_many_elements_stop_the_parse_at_the_element_that_crossed(tmp_path):
    body = "\n".join("  <task/>" for _ in range(10))
    path = _write(tmp_path, "many.bpmn", f"<definitions>\n{body}\n</definitions>")
    with pytest.raises(XmlError) as caught:
        parse_xml(path, Limits(max_xml_elements=5))
    # element 6 is the 5th <task/>, on line 6 (line 1 holds <definitions>), column 3
    assert str(caught.value).startswith(f"{path}:6:3: the file has more than 5 XML elements (max_xml_elements)")


def test_damaged_xml_names_line_and_column(tmp_path):
    path = _write(tmp_path, "bad.bpmn", "<a>\n  <b>\n</a>\n")
    with pytest.raises(XmlError) as caught:
        parse_xml(path)
    assert str(caught.value).startswith(f"{path}:3:3: not well-formed XML (mismatched tag)")


def test_positions_of_elements_are_kept(tmp_path):
    path = _write(tmp_path, "ok.xml", "<a>\n  <b/>\n  <c><d/></c>\n</a>")
    doc = parse_xml(path)
    assert [(e.tag, doc.where(e)) for e in doc.root.iter()] == [
        ("a", (1, 1)), ("b", (2, 3)), ("c", (3, 3)), ("d", (3, 6))]

"""Parsing XML from outside without the XML attacks: bounded, no DTD, no entities.

`parse_xml` checks the file size before reading (`Limits.max_xml_bytes`), parses with
defusedxml with DTDs, entity declarations and external references forbidden (so an
entity-expansion bomb or an external entity is refused before anything is expanded or
fetched), and counts elements while parsing, stopping at `Limits.max_xml_elements`.
It records the line and column of every element, so later messages can point at them.
Every refusal is an XmlError whose message starts with `file:line:col:` and says how
to fix it.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml import ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from ..diagnostics import SopdocsError
from ..limits import DEFAULT_LIMITS, Limits
from .filecheck import checked_size

_CHUNK = 1 << 16


class XmlError(SopdocsError):
    """An XML file that is refused or cannot be read; the message says where and why."""


@dataclass
class XmlDocument:
    """A parsed XML file: its root element and the (line, col) where each element starts."""

    path: str
    root: ET.Element
    positions: dict = field(default_factory=dict)

    def where(self, element: ET.Element) -> tuple[int, int]:
        """(line, col), 1-based, of the element's start tag ((1, 1) when unknown)."""
        return self.positions.get(element, (1, 1))

    def at(self, element: ET.Element) -> str:
        """`file:line:col` of the element, for messages."""
        line, col = self.where(element)
        return f"{self.path}:{line}:{col}"


class _TooMany(Exception):
    """Raised from the tree builder when the element limit is crossed."""


class _Builder(ET.TreeBuilder):
    """A tree builder that counts elements and notes where each one starts."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit
        self.count = 0
        self.expat = None
        self.positions: dict = {}

    def start(self, tag, attrs):
        """Count the element (raising past the limit) and note where it starts."""
        self.count += 1
        where = ((self.expat.CurrentLineNumber, self.expat.CurrentColumnNumber + 1)
                 if self.expat is not None else (1, 1))
        if self.count > self.limit:
            raise _TooMany(where)
        element = super().start(tag, attrs)
        self.positions[element] = where
        return element


def _refusal(error: DefusedXmlException) -> str:
    if isinstance(error, DTDForbidden):
        return ("the file has a DOCTYPE (a DTD), which BPMN files never need; DTDs carry the"
                " entity-expansion (\"billion laughs\") and external-entity attacks, so it is"
                " refused: remove the <!DOCTYPE ...> part or save the model again")
    if isinstance(error, EntitiesForbidden):
        return (f"the file declares the XML entity '{error.name}'; entities can expand to"
                " gigabytes (\"billion laughs\") or read other files, so they are refused;"
                " save the model again from the modelling tool without a DOCTYPE")
    if isinstance(error, ExternalReferenceForbidden):
        return ("the file refers to an external resource (an external entity or DTD),"
                " which could read local files or the network; remove the reference")
    return f"the file uses a forbidden XML feature ({type(error).__name__}); remove it"


def parse_xml(path: str | os.PathLike, limits: Limits = DEFAULT_LIMITS) -> XmlDocument:
    """Parse an XML file safely (see the module docstring); raises XmlError."""
    file_path, shown = Path(path), str(path)
    checked_size(file_path, shown, limits.max_xml_bytes, "max_xml_bytes", "split the model",
                 XmlError)
    builder = _Builder(limits.max_xml_elements)
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True,
                              forbid_external=True)
    builder.expat = parser.parser

    def position() -> str:
        return f"{shown}:{parser.parser.CurrentLineNumber}:{parser.parser.CurrentColumnNumber + 1}"

    try:
        with open(file_path, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                parser.feed(chunk)
        root = parser.close()
    except OSError as error:
        raise XmlError(f"{shown}: cannot read the file: {error.strerror or error}") from None
    except DefusedXmlException as error:
        raise XmlError(f"{position()}: {_refusal(error)}") from None
    except _TooMany as crossed:
        line, col = crossed.args[0]
        raise XmlError(f"{shown}:{line}:{col}: the file has more than {limits.max_xml_elements:,} XML"
                       " elements (max_xml_elements); split the model or raise the limit") from None
    except ET.ParseError as error:
        line, col = error.position
        reason = str(error).split(":")[0]
        raise XmlError(f"{shown}:{line}:{col + 1}: not well-formed XML ({reason}); the file"
                       " is damaged or not XML: export it again from the modelling tool") from None
    return XmlDocument(shown, root, builder.positions)

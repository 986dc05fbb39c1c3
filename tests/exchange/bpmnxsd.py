"""The OMG BPMN 2.0 XML Schema, kept as test data in tests/fixtures/bpmn/xsd/.

Source: the five schema files of the OMG BPMN 2.0 specification (formal/2011-01-03,
BPMN20.xsd, Semantic.xsd, BPMNDI.xsd, DC.xsd, DI.xsd), copied unchanged from the
SpiffWorkflow 3.2.0 wheel on PyPI (SpiffWorkflow/bpmn/parser/schema/).
"""

from __future__ import annotations

import functools

from tests.conftest import FIXTURES

XSD = FIXTURES / "bpmn" / "xsd" / "BPMN20.xsd"


@functools.cache
def bpmn_schema():
    """The BPMN 2.0 schema as an xmlschema validator (loaded once)."""
    import xmlschema

    return xmlschema.XMLSchema(str(XSD))


def schema_errors(text: str) -> list[str]:
    """Every XSD violation of the BPMN text, as 'reason at path'."""
    return [f"{error.reason} at {error.path}" for error in bpmn_schema().iter_errors(text)]

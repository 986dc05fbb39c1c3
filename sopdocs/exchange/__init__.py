"""Exchange formats: files of other tools mapped to the model and back (never pages).

Each format is a few modules: BPMN 2.0 XML is `bpmn_export` (model → XML, with the
diagram from `bpmn_di` over the geometry of `bpmn_geometry`), `bpmn_read` (XML → the
elements found, with warnings) and `bpmn_import` (those elements → processes and YAML).
Every XML file is parsed through `xmlsafe`, which bounds size and element count and
refuses DTDs, entities and external references.
"""

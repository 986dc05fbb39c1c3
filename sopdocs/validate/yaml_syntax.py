"""Reading the file (SOP000–SOP012).

These problems are found while the file is read, before any rule looks at its content:

- **SOP000** the file cannot be read (missing, a folder, no permission), or it is a
  symbolic link that points outside the processes folder (such a file is never read).
- **SOP001** YAML syntax error, e.g. an unclosed quote or bracket or a `:` in an unquoted value.
- **SOP002** a key appears twice in the same mapping; the first one is used.
- **SOP003** a tab is used for indentation; YAML needs spaces.
- **SOP004** the file is not UTF-8 text (another encoding, or binary data).
- **SOP005** (warning) the file starts with a byte-order mark; it is ignored.
- **SOP006** the file is empty (or holds only comments).
- **SOP007** the top level is not a mapping of keys to values.
- **SOP008** the file is larger than the `max_file_bytes` limit.
- **SOP009** anchors and aliases expand to more than `max_yaml_nodes` nodes.
- **SOP010** the document nests deeper than `max_nesting_depth`.
- **SOP011** the file holds more than one YAML document (`---`).
- **SOP012** a YAML tag such as `!!python/object` is used; tags are not supported.
"""

from ..diagnostics import ERROR

CODE = "SOP001"
SEVERITY = ERROR
TITLE = "the file cannot be read as YAML"


def check(context):
    """The loader already reported these; this rule only documents them."""
    return iter(())

"""Limits that keep hostile or runaway process files from exhausting time or memory.

Each limit is a setting with a sane default; the handbook config and the CLI may raise
or lower them. Crossing one gives a diagnostic that names the limit and its setting.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """The limits in force for one run (see docs/limits.md for each one's purpose)."""

    max_file_bytes: int = 1_000_000
    max_yaml_nodes: int = 200_000
    max_nesting_depth: int = 64
    max_steps: int = 1_000
    max_lanes: int = 100
    max_label_chars: int = 1_000
    engine_timeout_seconds: float = 60.0
    max_xml_bytes: int = 20_000_000
    max_xml_elements: int = 500_000
    # issue 12: spreadsheets read by `sopdocs import survey`
    max_sheet_bytes: int = 20_000_000
    max_sheet_unzipped_bytes: int = 100_000_000
    max_sheet_zip_ratio: float = 100.0
    max_sheet_rows: int = 5_000
    max_sheet_columns: int = 50
    max_cell_chars: int = 10_000
    # issue 15: people in one lane (the queueing simulation keeps one slot per person)
    max_lane_capacity: int = 10_000


DEFAULT_LIMITS = Limits()

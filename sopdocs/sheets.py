"""The bodies of `sopdocs import survey` and `sopdocs export survey|actions|pilot`.

The CLI wraps these in click commands; they raise SopdocsError (or InvalidProcessError
with diagnostics) for anything the user has to fix, and write nothing when they do.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .atomic import write_bytes_atomic, write_text_atomic
from .diagnostics import Diagnostic, InvalidProcessError, SopdocsError
from .fields import ID_RE


@dataclass(frozen=True)
class SurveyOutcome:
    """What `import survey` did: the YAML text, where it went (None: standard output),
    and the warnings to show."""

    text: str
    target: Optional[Path]
    warnings: tuple[Diagnostic, ...]


def import_survey_file(file: str, output: Optional[str], sheet: Optional[str] = None,
                       force: bool = False) -> SurveyOutcome:
    """Import a survey into `output` (a .yaml file, or a folder for `<id>.yaml`); the
    text is validated first and nothing is written if it or any cell has an error."""
    from .exchange.survey_import import import_survey
    from .load import load_text
    from .validate import run_rules

    target = Path(output) if output else None
    if target is not None and (target.is_dir() or output.endswith(("/", os.sep))):
        target = target / f"{_slug_id(Path(file).stem)}.yaml"
    process_id = _slug_id(target.stem) if target is not None else None
    result = import_survey(file, sheet, process_id)
    shown = str(target) if target is not None else f"<{result.process.id}>"
    checked = run_rules(load_text(result.text, shown))
    if any(d.is_error for d in checked):  # a bug in the import rather than in the survey
        raise InvalidProcessError(list(result.warnings) + checked)
    if target is not None:
        if target.exists() and not force:
            raise SopdocsError(f"{target} already exists; use --force to overwrite it")
        write_text_atomic(target, result.text)
    return SurveyOutcome(result.text, target, tuple(result.warnings) + tuple(checked))


def _slug_id(stem: str) -> Optional[str]:
    from .exchange.survey_import import slug

    wanted = slug(stem)
    return wanted if wanted and ID_RE.match(wanted) else None


def export_table(kind: str, file: str, output: str) -> int:
    """Write table `kind` (survey, actions or pilot) of process `file` to the .xlsx
    `output`; returns the number of rows written under the header."""
    from .exchange.sheet_export import export_sheet, table_rows
    from .validate import load_process

    if not output.lower().endswith((".xlsx", ".xlsm")):
        raise SopdocsError(f"{output}: the export is an Excel workbook; name the file .xlsx")
    process = load_process(file)
    write_bytes_atomic(Path(output), export_sheet(kind, process))
    return table_rows(kind, process)

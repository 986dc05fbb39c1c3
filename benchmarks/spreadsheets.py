"""Benchmark: survey import (.xlsx and .csv) and survey export at 100, 1,000 and 5,000 rows
(5,000 is max_sheet_rows).

Run: .venv/bin/python benchmarks/spreadsheets.py [REPEATS]. Prints, per size, the best of
REPEATS runs (default 3) in milliseconds of importing the .xlsx, importing the .csv and
exporting the imported process, with the workbook's size and what it unpacks to.
"""

from __future__ import annotations

import sys
import tempfile
import timeit
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sopdocs.exchange.sheet_export import export_sheet  # noqa: E402
from sopdocs.exchange.survey_import import import_survey  # noqa: E402
from sopdocs.limits import Limits  # noqa: E402
from tests.exchange.surveys import ZH_HEADERS, write_csv, write_xlsx  # noqa: E402

_LIMITS = Limits(max_steps=5_000)


def _rows(count: int) -> list[list]:
    """A survey of `count` rows: 7 departments in turn, every other row with a problem."""
    return [ZH_HEADERS] + [[f"步骤{i}", f"部门{i % 7}", "客户拜访并记录需求", 1.5,
                            *(("效率", f"客户资料重复录入{i}", "高") if i % 2 else (None, None, None))]
                           for i in range(1, count)]


def _best(repeats: int, action) -> float:
    """Best of `repeats` runs of `action`, in milliseconds."""
    return min(timeit.repeat(action, number=1, repeat=repeats)) * 1000


def main(repeats: int = 3) -> None:
    """Print one line per survey size."""
    scratch = Path(tempfile.mkdtemp())
    print(f"{'rows':>5} {'xlsx ms':>8} {'csv ms':>7} {'export ms':>9} {'xlsx bytes':>10} {'unpacked':>10}")
    for count in (100, 1000, 5000):
        xlsx = write_xlsx(scratch / f"survey-{count}.xlsx", _rows(count))
        csv = write_csv(scratch / f"survey-{count}.csv", _rows(count))
        process = import_survey(xlsx, limits=_LIMITS).process
        with zipfile.ZipFile(xlsx) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        print(f"{count:>5} {_best(repeats, lambda: import_survey(xlsx, limits=_LIMITS)):>8.0f}"
              f" {_best(repeats, lambda: import_survey(csv, limits=_LIMITS)):>7.0f}"
              f" {_best(repeats, lambda: export_sheet('survey', process)):>9.0f}"
              f" {xlsx.stat().st_size:>10,} {unpacked:>10,}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)

"""The build date (issue 12): the day overdue actions are measured against.

It is part of the page options, so every page that shows it is cached under it and a
build on another day (or with another pinned date) makes those pages again. In order of
precedence: the environment variable SOPDOCS_BUILD_DATE, the plugin option
`build_date` in mkdocs.yml, SOURCE_DATE_EPOCH (the reproducible-builds convention, in
UTC), and else today's date in UTC.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Mapping, Optional

from ..diagnostics import SopdocsError

ENV = "SOPDOCS_BUILD_DATE"


def _checked(text: str, where: str) -> str:
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise SopdocsError(f"{where} is '{text}', which is not a date; write YYYY-MM-DD,"
                           " e.g. 2025-07-01") from None


def build_date(option: Optional[str] = None, environ: Optional[Mapping[str, str]] = None,
               today: Optional[dt.date] = None) -> str:
    """The build date as YYYY-MM-DD (see the module's docstring); raises SopdocsError
    for a malformed value, naming where it came from."""
    environ = os.environ if environ is None else environ
    if environ.get(ENV):
        return _checked(environ[ENV], f"the environment variable {ENV}")
    if option:
        return _checked(str(option), "the sopdocs option build_date in mkdocs.yml")
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date().isoformat()
        except (ValueError, OverflowError, OSError):
            raise SopdocsError(f"SOURCE_DATE_EPOCH is '{epoch}', which is not a number of"
                               " seconds since 1970") from None
    return (today or dt.datetime.now(dt.timezone.utc).date()).isoformat()

"""Working hours → working days → calendar dates, for timeline axes and tooltips.

A process calendar says how many hours make a working day and how many days a week.
Calendar dates count only working days: the week's working days are the first
ceil(days_per_week) weekdays from Monday (5 → Monday–Friday, 6 → Monday–Saturday,
7 → every day; a fractional 5.5 counts Saturday as a working day). Working hour `h`
falls on working day floor(h / hours_per_day), counted from 0 = the first working day
on or after the start date.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Optional, Union

from ..diagnostics import SopdocsError
from ..model import Calendar

DateLike = Union[str, dt.date]


def parse_start_date(value: Optional[DateLike]) -> Optional[dt.date]:
    """A date from `YYYY-MM-DD` text (or a date); None stays None.

    Raises SopdocsError saying how to write it when the text is not a real date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise SopdocsError(
            f"start date {str(value)!r} is not a date; write YYYY-MM-DD, e.g. 2025-03-03"
        ) from None


def working_weekdays(calendar: Calendar) -> int:
    """How many weekdays from Monday are working days (1..7)."""
    return min(7, max(1, math.ceil(calendar.days_per_week - 1e-9)))


def is_working_day(day: dt.date, calendar: Calendar) -> bool:
    """True when `day`'s weekday is one of the calendar's working weekdays."""
    return day.weekday() < working_weekdays(calendar)


def first_working_day(start: dt.date, calendar: Calendar) -> dt.date:
    """`start` itself when it is a working day, else the next working day."""
    day = start
    while not is_working_day(day, calendar):
        day += dt.timedelta(days=1)
    return day


def working_day_date(index: int, start: dt.date, calendar: Calendar) -> dt.date:
    """The calendar date of working day `index` (0 = the first working day from `start`)."""
    per_week = working_weekdays(calendar)
    day = first_working_day(start, calendar)
    weeks, rest = divmod(max(0, index), per_week)
    day += dt.timedelta(weeks=weeks)
    while rest:
        day += dt.timedelta(days=1)
        if is_working_day(day, calendar):
            rest -= 1
    return day


def working_day_of(hours: float, calendar: Calendar) -> int:
    """The 0-based working day on which working hour `hours` falls."""
    if calendar.hours_per_day <= 0:
        return 0
    return int(math.floor(hours / calendar.hours_per_day + 1e-9))


def date_at(hours: float, start: dt.date, calendar: Calendar) -> dt.date:
    """The calendar date of working hour `hours` after the start of `start`'s first working day."""
    return working_day_date(working_day_of(hours, calendar), start, calendar)


def end_date_at(hours: float, start: dt.date, calendar: Calendar) -> dt.date:
    """The date on which work that ends at working hour `hours` is finished.

    Ending exactly at a day boundary means finishing at the end of the previous working
    day (8 h on an 8-hour calendar ends on day 0, not at the start of day 1).
    """
    if calendar.hours_per_day <= 0 or hours <= 0:
        return date_at(0.0, start, calendar)
    index = math.ceil(hours / calendar.hours_per_day - 1e-9) - 1
    return working_day_date(index, start, calendar)

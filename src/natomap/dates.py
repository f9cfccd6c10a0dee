"""Days as natomap takes and writes them.

A day is ``YYYY-MM-DD`` (or a ``datetime.date``), between the signing of the North Atlantic
Treaty (the first event of the geodata) and today: a map of 1930 or of next year would be a
guess, so such a day is refused with the span natomap covers.
"""

from __future__ import annotations

import datetime as dt

from natomap.data import parse_day
from natomap.errors import DateError
from natomap.geodata import Geodata

__all__ = ["long_date", "to_day"]


def to_day(value: dt.date | str, geodata: Geodata | None = None) -> dt.date:
    """A day within natomap's span (the first event to today); DateError says why not."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        day = value
    elif hasattr(value, "to_pydatetime"):  # a pandas Timestamp
        day = value.to_pydatetime().date()
    else:
        day = parse_day(str(value))
    first, today = (geodata or Geodata.default()).first_day(), dt.date.today()
    if day < first:
        raise DateError(f"{day} is before {first}, the first day natomap maps")
    if day > today:
        raise DateError(f"{day} is in the future (today is {today})")
    return day


MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(day: dt.date) -> str:
    """'24 August 1949': how captions and titles write a day (the same in every locale)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"

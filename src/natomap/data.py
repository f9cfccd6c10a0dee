"""Reading fact tables: CSV files whose every mistake is reported with file, line and field.

A map drawn from a wrong table looks just as convincing as one drawn from a right table, so
a typo in a date, a row pasted twice or a code nobody knows must stop natomap with a message
that says where to look. Tables are read with the standard CSV reader (quoted newlines stay
inside their field), from regular files of a bounded size: a FIFO, a device or a 200 MB file
is refused before it is read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from natomap.errors import DataError, DateError

__all__ = [
    "MAX_TABLE_BYTES",
    "Row",
    "no_duplicates",
    "parse_day",
    "read_rows",
    "read_table_text",
]

MAX_TABLE_BYTES = 16 * 1024 * 1024
"""The largest table natomap reads (16 MiB): every real membership or fact table is a few KB,
and a bound keeps a wrong file (a log, a disk image, /dev/zero) from eating the machine."""

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
T = TypeVar("T")


def parse_day(text: str) -> dt.date:
    """A day written ``YYYY-MM-DD`` in ASCII digits; DateError with the reason otherwise.

    Stricter than ``date.fromisoformat``, which also takes ``20040501`` and week dates: a
    table's dates should read the same to a person as to natomap.
    """
    value = text.strip()
    if not _ISO_DAY.fullmatch(value):
        raise DateError(f"'{_printable(text)}' is not a date (expected YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DateError(f"'{value}' is not a date (no such day)") from None


def _printable(text: str, limit: int = 60) -> str:
    """``text`` safe to echo in a terminal: control characters (escape sequences) shown as
    ``\\x..``, long values cut."""
    shown = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text[:limit])
    return shown + ("…" if len(text) > limit else "")


def read_table_text(path: Path) -> str:
    """The text of a table file, after checking it is a readable regular UTF-8 file of a
    sensible size; DataError (naming the file) otherwise."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise DataError(path, None, None, "file not found") from None
    except OSError as err:
        raise DataError(path, None, None, f"cannot read it ({err.strerror or err})") from None
    if stat.S_ISDIR(info.st_mode):
        raise DataError(path, None, None, "is a folder, not a CSV file")
    if not stat.S_ISREG(info.st_mode):
        raise DataError(path, None, None, "is not a regular file (a pipe or a device?)")
    if info.st_size > MAX_TABLE_BYTES:
        limit = MAX_TABLE_BYTES // (1024 * 1024)
        raise DataError(
            path,
            None,
            None,
            f"is {info.st_size / 1e6:.0f} MB; natomap reads tables up to {limit} MiB",
        )
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise DataError(path, None, None, f"cannot read it ({err.strerror or err})") from None
    if b"\x00" in raw:
        raise DataError(path, None, None, "not a CSV file (binary data)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise DataError(
            path,
            line,
            None,
            "not UTF-8 text (it looks like Latin-1 or Windows-1252); "
            "save it as UTF-8 and try again",
        ) from None


def read_rows(
    path: Path, columns: Iterable[str], text: str | None = None
) -> list[tuple[int, dict[str, str]]]:
    """Rows of a CSV table with their line numbers, after checking the header.

    ``columns`` must all be in the header; a repeated header name, a row with more fields than
    the header, or a field the CSV reader refuses is a DataError with the line.
    """
    text = read_table_text(path) if text is None else text
    if not text.strip():
        raise DataError(path, None, None, "the file is empty (expected a header row)")
    # A field may not be larger than the file itself, which is bounded above.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_TABLE_BYTES))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip() for name in next(reader)]
        seen: dict[str, int] = {}
        for i, name in enumerate(header):
            if name in seen and name:
                raise DataError(path, 1, name, f"the header names '{_printable(name)}' twice")
            seen[name] = i
        for column in columns:
            if column not in seen:
                have = ", ".join(_printable(h) for h in header)
                raise DataError(path, 1, column, f"missing column (the header has: {have})")
        rows = []
        end = reader.line_num
        for fields in reader:
            # A record may span lines (a quoted newline): it is named by its first line.
            line, end = end + 1, reader.line_num
            if not any(f.strip() for f in fields):
                continue  # blank lines, as spreadsheets write them
            if len(fields) > len(header):
                raise DataError(path, line, None, "more fields than the header names")
            values = {
                name: (fields[i] if i < len(fields) else "").strip() for name, i in seen.items()
            }
            rows.append((line, values))
    except csv.Error as err:
        raise DataError(path, reader.line_num or None, None, f"not valid CSV ({err})") from None
    return rows


class Row:
    """Field access that turns a bad value into a DataError naming file, line and field."""

    def __init__(self, path: Path, line: int, values: dict[str, str]):
        self.path, self.line, self.values = path, line, values

    def error(self, field: str | None, message: str) -> DataError:
        return DataError(self.path, self.line, field, message)

    def text(self, field: str, required: bool = True) -> str:
        value = self.values.get(field, "")
        if required and not value:
            raise self.error(field, "empty (a value is required)")
        return value

    def day(self, field: str, required: bool = True) -> dt.date | None:
        value = self.text(field, required)
        if not value:
            return None
        try:
            return parse_day(value)
        except DateError as err:
            raise self.error(field, str(err)) from None

    def url(self, field: str = "source") -> str:
        value = self.text(field)
        if not re.fullmatch(r"https?://\S+", value):
            raise self.error(
                field, f"'{_printable(value)}' is not a URL (every fact needs a source)"
            )
        return value

    def choice(self, field: str, allowed: Iterable[str]) -> str:
        value = self.text(field)
        allowed = tuple(allowed)
        if value not in allowed:
            raise self.error(field, f"'{_printable(value)}' is not one of: {', '.join(allowed)}")
        return value

    def number(self, field: str, low: float, high: float, required: bool = True) -> float | None:
        text = self.text(field, required)
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            raise self.error(field, f"'{_printable(text)}' is not a number") from None
        if not low <= value <= high:
            raise self.error(field, f"{value:g} is outside {low:g}..{high:g}")
        return value

    def check_order(self, first: str, then: str) -> None:
        a, b = self.day(first, False), self.day(then, False)
        if a and b and b <= a:
            raise self.error(then, f"{then} {b} is not after {first} {a}")


def rows_of(path: Path, columns: Iterable[str], text: str | None = None) -> list[Row]:
    """``read_rows`` as ``Row`` objects."""
    return [Row(path, line, values) for line, values in read_rows(path, columns, text)]


def no_duplicates(items: Iterable[T], key: Callable[[T], Any], path: Path, what: str) -> None:
    """A DataError on the second of two items with the same ``key`` (items have ``line``)."""
    seen: dict[Any, int] = {}
    for item in items:
        k = key(item)
        line = getattr(item, "line", 0)
        if k in seen:
            raise DataError(path, line, None, f"duplicate {what} (same as line {seen[k]})")
        seen[k] = line

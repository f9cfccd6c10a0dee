"""Read and validate the fact tables in ``geodata/``.

Facts live in CSV files with a source on every row. A mistake in one of them (a typo in a
date, a code nobody knows, a row pasted twice) must stop natomap with a message that names
the file, the line and the field, because a map drawn from a wrong table looks just as
convincing as a right one.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pycountry

__all__ = [
    "DataError",
    "Feature",
    "atlas_features",
    "Event",
    "Membership",
    "Territory",
    "geodata_path",
    "load_events",
    "load_memberships",
    "load_territories",
    "first_day",
    "parse_day",
    "treaty_areas",
    "to_day",
]


class DataError(ValueError):
    """A fact table is malformed; says where (file, line, field) and what was expected."""

    def __init__(self, path: Path | str, line: int | None, field: str | None, message: str):
        self.path, self.line, self.field, self.message = Path(path), line, field, message
        where = (
            str(path) + (f", line {line}" if line else "") + (f", field '{field}'" if field else "")
        )
        super().__init__(f"{where}: {message}")


def geodata_path(name: str = "") -> Path:
    """The ``geodata/`` folder: ``$NATOMAP_GEODATA`` if set (a user's own copy of the facts),
    else the bundled one, inside the wheel or beside ``src/`` in a checkout."""
    override = os.environ.get("NATOMAP_GEODATA")
    candidates = [Path(override)] if override else []
    candidates += [Path(__file__).parent / "geodata", Path(__file__).parents[2] / "geodata"]
    for base in candidates:
        if base.is_dir():
            return base / name
    raise FileNotFoundError("natomap's geodata/ folder is missing; reinstall natomap")


def parse_day(text: str) -> dt.date:
    """A day as ``YYYY-MM-DD``; raises ValueError with a readable reason otherwise."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"'{text}' is not a date (expected YYYY-MM-DD)") from None


@dataclass(frozen=True)
class Membership:
    """One interval of one status in one organisation; ``left`` is exclusive, None = ongoing."""

    org: str
    code: str
    status: str
    joined: dt.date
    left: dt.date | None
    source: str
    note: str = ""
    line: int = 0

    def active(self, day: dt.date) -> bool:
        return self.joined <= day and (self.left is None or day < self.left)


@dataclass(frozen=True)
class Territory:
    """A territory over an interval: a union of atlas pieces, with who owns and holds it."""

    code: str
    name: str
    sovereign: str
    held_by: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    parts: tuple[str, ...]
    source: str
    note: str = ""
    line: int = 0

    def valid(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )


@dataclass(frozen=True)
class Event:
    """What happened on a date, for captions; ``codes`` are the territories it concerns."""

    date: dt.date
    title: str
    description: str
    source: str
    line: int = 0


STATUSES = ("member", "aspirant", "partner")


def read_rows(path: Path, columns: Iterable[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows of a UTF-8 CSV file with their line numbers, after checking the header."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError(path, None, None, "file not found") from None
    except UnicodeDecodeError as err:
        raise DataError(path, None, None, f"not UTF-8 text ({err.reason})") from None
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames:
        raise DataError(path, 1, None, "the file is empty (expected a header row)")
    header = [name.strip() for name in reader.fieldnames]
    for column in columns:
        if column not in header:
            raise DataError(
                path, 1, column, f"missing column (the header has: {', '.join(header)})"
            )
    rows = []
    for row in reader:
        if None in row:
            raise DataError(path, reader.line_num, None, "more fields than the header names")
        rows.append((reader.line_num, {k.strip(): (v or "").strip() for k, v in row.items()}))
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
        except ValueError as err:
            raise self.error(field, str(err)) from None

    def url(self, field: str = "source") -> str:
        value = self.text(field)
        if not value.startswith(("https://", "http://")):
            raise self.error(field, f"'{value}' is not a URL (every fact needs a source)")
        return value

    def choice(self, field: str, allowed: Iterable[str]) -> str:
        value = self.text(field)
        if value not in allowed:
            raise self.error(field, f"'{value}' is not one of: {', '.join(allowed)}")
        return value

    def check_order(self, first: str, then: str) -> None:
        a, b = self.day(first, False), self.day(then, False)
        if a and b and b <= a:
            raise self.error(then, f"{then} {b} is not after {first} {a}")


def _rows(path: Path, columns: Iterable[str]) -> Iterable[Row]:
    return (Row(path, line, values) for line, values in read_rows(path, columns))


def _no_duplicates(items: list[Any], key: Callable[[Any], Any], path: Path, what: str) -> None:
    seen: dict[Any, int] = {}
    for item in items:
        k = key(item)
        if k in seen:
            raise DataError(path, item.line, None, f"duplicate {what} (same as line {seen[k]})")
        seen[k] = item.line


@cache
def load_territories(path: Path | None = None) -> tuple[Territory, ...]:
    """Historical territories (``territories.csv``): which pieces make up which state, when."""
    path = path or geodata_path("territories.csv")
    columns = ("code", "name", "sovereign", "held_by", "valid_from", "valid_to", "parts", "source")
    out = []
    for row in _rows(path, columns):
        row.check_order("valid_from", "valid_to")
        code = row.text("code")
        parts = tuple(p.strip() for p in row.text("parts").split(";") if p.strip())
        sovereign = row.text("sovereign", False) or code
        out.append(
            Territory(
                code=code,
                name=row.text("name"),
                sovereign=sovereign,
                held_by=row.text("held_by", False) or sovereign,
                valid_from=row.day("valid_from", False),
                valid_to=row.day("valid_to", False),
                parts=parts,
                source=row.url(),
                note=row.text("note", False),
                line=row.line,
            )
        )
    _no_duplicates(out, lambda t: (t.code, t.valid_from), path, "territory and start date")
    return tuple(out)


def load_memberships(path: Path | None = None) -> tuple[Membership, ...]:
    """Membership intervals (``memberships.csv``), checked row by row and for overlaps."""
    path = path or geodata_path("memberships.csv")
    out = []
    for row in _rows(path, ("org", "code", "status", "joined", "left", "source")):
        row.check_order("joined", "left")
        out.append(
            Membership(
                org=row.text("org"),
                code=row.text("code"),
                status=row.choice("status", STATUSES),
                joined=row.day("joined"),
                left=row.day("left", False),
                source=row.url(),
                note=row.text("note", False),
                line=row.line,
            )
        )
    _no_duplicates(out, lambda m: (m.org, m.code, m.status, m.joined), path, "membership row")
    _no_overlaps(out, path)
    check_coverage(out, path)
    return tuple(out)


def _no_overlaps(rows: list[Membership], path: Path) -> None:
    by_key: dict[tuple[str, str, str], list[Membership]] = {}
    for m in rows:
        by_key.setdefault((m.org, m.code, m.status), []).append(m)
    for spans in by_key.values():
        spans.sort(key=lambda m: m.joined)
        for before, after in zip(spans, spans[1:], strict=False):
            if before.left is None or after.joined < before.left:
                raise DataError(
                    path,
                    after.line,
                    "joined",
                    f"{after.code} is already {after.status} of {after.org} on {after.joined} "
                    f"(line {before.line})",
                )


@cache
def load_events(path: Path | None = None) -> tuple[Event, ...]:
    """Captions for the timeline (``events.csv``)."""
    path = path or geodata_path("events.csv")
    out = [
        Event(
            date=row.day("date"),
            title=row.text("title"),
            description=row.text("description", False),
            source=row.url(),
            line=row.line,
        )
        for row in _rows(path, ("date", "title", "description", "source"))
    ]
    _no_duplicates(out, lambda e: e.date, path, "event date")
    return tuple(sorted(out, key=lambda e: e.date))


def load_manifest() -> dict[str, Any]:
    """``geodata/manifest.json``: provenance, licence and sha256 of every bundled file."""
    return json.loads(geodata_path("manifest.json").read_text(encoding="utf-8"))


def first_day() -> dt.date:
    """The first day natomap maps: the earliest event in ``events.csv`` (the treaty's signing)."""
    return load_events()[0].date


def to_day(value: dt.date | str) -> dt.date:
    """A day within natomap's span (``first_day()`` to today); ValueError says why not."""
    day = value if isinstance(value, dt.date) else parse_day(str(value))
    first, today = first_day(), dt.date.today()
    if day < first:
        raise ValueError(f"{day} is before {first}, the first day natomap maps")
    if day > today:
        raise ValueError(f"{day} is in the future (today is {today})")
    return day


@dataclass(frozen=True)
class Feature:
    """A Natural Earth feature of the bundled TopoJSON, with the code natomap gives it."""

    code: str
    name: str
    sovereign: str


def _country_name(code: str, fallback: str) -> str:
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return fallback
    common = getattr(country, "common_name", None)
    return common or (country.name if "," not in country.name else fallback)


@cache
def atlas_features(resolution: str = "50m") -> tuple[Feature, ...]:
    """The features of ``countries-<resolution>.json`` in file order, with their codes.

    Most features carry an ISO 3166-1 numeric id; those without one (Kosovo, N. Cyprus ...) or
    sharing one (Ashmore and Cartier shares Australia's 036) are named in
    ``atlas_features.csv``. Dependencies in the treaty area (Greenland, the Faroes, Åland ...)
    take their sovereign's memberships, from ``sovereignty.csv``.
    """
    codes_path = geodata_path("atlas_features.csv")
    overrides = {
        row["name"]: row
        for _, row in read_rows(codes_path, ("name", "code", "sovereign", "source"))
    }
    sovereignty = geodata_path("sovereignty.csv")
    sovereigns = {
        row["code"]: row["sovereign"]
        for _, row in read_rows(sovereignty, ("code", "sovereign", "source"))
    }
    topology = json.loads(
        geodata_path(f"world-atlas/countries-{resolution}.json").read_text(encoding="utf-8")
    )
    out = []
    for meta in topology["objects"]["countries"]["geometries"]:
        name, numeric = meta["properties"]["name"], meta.get("id")
        if name in overrides:
            row = overrides[name]
            out.append(Feature(row["code"], name, row["sovereign"] or row["code"]))
            continue
        country = pycountry.countries.get(numeric=numeric) if numeric else None
        if country is None:
            raise DataError(
                codes_path,
                None,
                "name",
                f"the atlas feature '{name}' (id {numeric}) has no code; add a row",
            )
        code = country.alpha_3
        out.append(Feature(code, _country_name(code, name), sovereigns.get(code, code)))
    return tuple(out)


@cache
def treaty_areas() -> dict[str, set[str]]:
    """Dependencies (``sovereignty.csv``) and the organisations whose treaty area they are in."""
    path = geodata_path("sovereignty.csv")
    return {
        row["code"]: {org.strip() for org in row["orgs"].split(";")}
        for _, row in read_rows(path, ("code", "sovereign", "orgs", "source"))
    }


def territory_spans() -> dict[str, list[tuple[dt.date | None, dt.date | None]]]:
    """For every territory code, the intervals on which it exists (None = open end)."""
    spans: dict[str, list[tuple[dt.date | None, dt.date | None]]] = {}
    for t in load_territories():
        spans.setdefault(t.code, []).append((t.valid_from, t.valid_to))
    for feature in atlas_features("50m"):
        spans.setdefault(feature.code, [(None, None)])
    return spans


def check_coverage(rows: Iterable[Membership], path: Path) -> None:
    """Every membership's code names a territory that exists for the whole interval."""
    spans = territory_spans()
    for m in rows:
        if m.code not in spans:
            raise DataError(path, m.line, "code", f"unknown territory code '{m.code}'")
        day, end = m.joined, m.left or dt.date.today()
        for start, stop in sorted(spans[m.code], key=lambda s: s[0] or dt.date.min):
            if (start is None or start <= day) and (stop is None or day < stop):
                day = stop or end
            if day >= end:
                break
        if day < end:
            raise DataError(
                path,
                m.line,
                "code",
                f"'{m.code}' has no territory on {day} (it exists {_describe(spans[m.code])})",
            )


def _describe(spans: list[tuple[dt.date | None, dt.date | None]]) -> str:
    return ", ".join(f"{a or 'from the start'} to {b or 'today'}" for a, b in spans)

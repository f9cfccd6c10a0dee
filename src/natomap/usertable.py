"""A user's own membership table: any organisation, from a messy CSV, read strictly.

Journalists map the EU, the CSTO or a scenario from tables typed by hand. natomap matches their
country names leniently (ISO codes, English names, common variants, historical states) but never
guesses: a name that matches nothing, or more than one thing, stops the run with the line, the
column and the closest names, because a country silently dropped from a map is worse than an
error.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from functools import cache
from pathlib import Path

import pycountry

from natomap.data import (
    DataError,
    Membership,
    Row,
    check_coverage,
    geodata_path,
    read_rows,
    territory_spans,
)

__all__ = ["read_table", "resolve_country"]


def _key(name: str) -> str:
    """Case, accents, punctuation and 'the' do not matter when matching names."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


@cache
def _names() -> dict[str, set[str]]:
    """Every known spelling (normalised) -> the codes it may mean."""
    names: dict[str, set[str]] = {}

    def add(name: str | None, code: str) -> None:
        if name:
            names.setdefault(_key(name), set()).add(code)

    spans = territory_spans()
    for country in pycountry.countries:
        if country.alpha_3 not in spans:
            continue
        for attr in ("alpha_2", "alpha_3", "numeric", "name", "common_name", "official_name"):
            add(getattr(country, attr, None), country.alpha_3)
    for code in spans:
        add(code, code)
    from natomap.data import atlas_features, load_territories

    for feature in atlas_features("50m"):
        add(feature.name, feature.code)
    for territory in load_territories():
        add(territory.name, territory.code)
    for _, row in read_rows(geodata_path("aliases.csv"), ("alias", "code", "source")):
        names[_key(row["alias"])] = {row["code"]}
    return names


def resolve_country(name: str) -> str:
    """The territory code a country name or code means; ValueError names the alternatives.

    >>> resolve_country("Czech Republic"), resolve_country("Northern Macedonia")
    ('CZE', 'MKD')
    >>> resolve_country("Soviet Union")
    'SUN'
    """
    names = _names()
    key = _key(name)
    codes = names.get(key)
    if codes and len(codes) == 1:
        return next(iter(codes))
    if not codes:
        codes = (
            {c for k, cs in names.items() if re.search(rf"\b{re.escape(key)}\b", k) for c in cs}
            if key
            else set()
        )
        if len(codes) == 1:
            return next(iter(codes))
    if codes:
        options = sorted(codes)
        raise ValueError(
            f"'{name}' is ambiguous: it could be {', '.join(options)}; write the ISO code"
        )
    close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise ValueError(f"unknown country '{name}'{hint}")


def _day(row: Row, field: str, required: bool) -> tuple[dt.date | None, bool]:
    """A full day, or a bare year meaning 1 January (second value says which)."""
    text = row.text(field, required)
    if not text:
        return None, False
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 1, 1), True
    try:
        return dt.date.fromisoformat(text), False
    except ValueError:
        raise row.error(field, f"'{text}' is not a date (expected YYYY-MM-DD or YYYY)") from None


def read_table(path: Path | str, org: str | None = None) -> tuple[tuple[Membership, ...], bool]:
    """Memberships from a user's CSV and whether any date was a bare year.

    Columns: ``code`` or ``country``, ``joined``, optional ``left``, ``note``, ``status``
    (member by default) and ``org`` (pick one with ``org=``), and ``source``.
    """
    path = Path(path)
    _check_text(path)
    rows = read_rows(path, ())
    if not rows:
        raise DataError(path, None, None, "the table has a header but no rows")
    header = set(rows[0][1])
    for required in ("joined", "source"):
        if required not in header:
            raise DataError(
                path,
                1,
                required,
                f"missing column (expected code or country, joined, left, note, "
                f"source; found: {', '.join(sorted(header))})",
            )
    name_field = "code" if "code" in header else "country" if "country" in header else None
    if name_field is None:
        raise DataError(path, 1, "code", "missing column: a 'code' or 'country' column is needed")
    orgs = sorted({values.get("org", "") for _, values in rows} - {""})
    if org is None and len(orgs) > 1:
        raise DataError(
            path,
            1,
            "org",
            f"the table holds several organisations ({', '.join(orgs)}); choose one with --org",
        )
    name = org or (orgs[0] if orgs else path.stem)
    out, year_only = [], False
    for line, values in rows:
        row = Row(path, line, values)
        if "org" in header and values.get("org") and values["org"] != name:
            continue
        try:
            code = resolve_country(row.text(name_field))
        except ValueError as err:
            raise row.error(name_field, str(err)) from None
        joined, year_a = _day(row, "joined", True)
        left, year_b = _day(row, "left", False)
        if left and left <= joined:
            raise row.error("left", f"left {left} is not after joined {joined}")
        status = values.get("status") or "member"
        if status not in ("member", "aspirant", "partner"):
            raise row.error("status", f"'{status}' is not one of: member, aspirant, partner")
        year_only |= year_a or year_b
        out.append(
            Membership(name, code, status, joined, left, row.url(), values.get("note", ""), line)
        )
    if not out:
        raise DataError(
            path, None, "org", f"no rows for organisation '{name}' (has: {', '.join(orgs)})"
        )
    seen: dict[tuple[str, str, dt.date], int] = {}
    for m in out:
        key = (m.code, m.status, m.joined)
        if key in seen:
            raise DataError(
                path, m.line, name_field, f"duplicate row for {m.code} (same as line {seen[key]})"
            )
        seen[key] = m.line
    check_coverage(out, path)
    return tuple(out), year_only


def _check_text(path: Path) -> None:
    """Refuse files that are not UTF-8 CSV text, naming what they look like instead."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(path, None, None, "file not found") from None
    except IsADirectoryError:
        raise DataError(path, None, None, "is a folder, not a CSV file") from None
    if not raw.strip():
        raise DataError(path, None, None, "the file is empty (expected a CSV table with a header)")
    if b"\x00" in raw[:4096]:
        raise DataError(path, None, None, "not a CSV file (binary data)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise DataError(
            path,
            line,
            None,
            "not UTF-8 text (it looks like Latin-1 or Windows-1252); "
            "save it as UTF-8 and try again",
        ) from None
    first = text.splitlines()[0]
    if "," not in first:
        raise DataError(
            path,
            1,
            None,
            "not a CSV table: the first line should be a comma-separated header "
            "such as 'country,joined,left,note,source'",
        )

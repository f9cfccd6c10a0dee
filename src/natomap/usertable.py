"""A user's own membership table: any organisation, from a messy CSV, read strictly.

Journalists map the EU, the CSTO or a scenario from tables typed by hand. natomap matches their
country names leniently (ISO codes, English names, common variants, historical states) but never
guesses: a name that matches nothing, or more than one thing, stops the run with the line, the
column and the closest names, because a country silently dropped from a map is worse than an
error. Every check that can be made on the table itself is made here, before anything is
drawn or written.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from pathlib import Path

import pycountry

from natomap.data import Row, read_rows, read_table_text
from natomap.errors import DataError, DateError
from natomap.geodata import Geodata
from natomap.memberships import STATUSES, Membership, MembershipTable, Organisation, check_rows

__all__ = ["read_table", "resolve_country"]


def _key(name: str) -> str:
    """Case, accents, punctuation and 'the' do not matter when matching names."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def _names(geodata: Geodata) -> dict[str, frozenset[str]]:
    """Every known spelling (normalised) -> the codes it may mean."""
    return geodata.memo("country_names", lambda: _load_names(geodata))


def _load_names(geodata: Geodata) -> dict[str, frozenset[str]]:
    names: dict[str, set[str]] = {}

    def add(name: str | None, code: str) -> None:
        if name:
            names.setdefault(_key(name), set()).add(code)

    spans = geodata.territory_spans()
    for country in pycountry.countries:
        if country.alpha_3 not in spans:
            continue
        for attr in ("alpha_2", "alpha_3", "numeric", "name", "common_name", "official_name"):
            add(getattr(country, attr, None), country.alpha_3)
    for code in spans:
        add(code, code)
    for feature in geodata.features("50m"):
        add(feature.name, feature.code)
    for territory in geodata.territories():
        add(territory.name, territory.code)
    for name in geodata.names():
        add(name.name, name.code)
    aliases: dict[str, set[str]] = {}
    for _, row in geodata.raw_rows("aliases.csv", ("alias", "code", "source")):
        # An alias may name several codes ("Congo": COG;COD): written so, it is ambiguous.
        aliases.setdefault(_key(row["alias"]), set()).update(
            c.strip() for c in row["code"].split(";") if c.strip()
        )
    names.update(aliases)
    return {k: frozenset(v) for k, v in names.items()}


def resolve_country(name: str, geodata: Geodata | None = None) -> str:
    """The territory code a country name or code means; ValueError names the alternatives.

    >>> resolve_country("Czech Republic"), resolve_country("Northern Macedonia")
    ('CZE', 'MKD')
    >>> resolve_country("Soviet Union")
    'SUN'
    """
    names = _names(geodata or Geodata.default())
    key = _key(name)
    codes = names.get(key)
    if codes and len(codes) == 1:
        return next(iter(codes))
    if not codes:
        codes = (
            frozenset(
                c for k, cs in names.items() if re.search(rf"\b{re.escape(key)}\b", k) for c in cs
            )
            if key
            else frozenset()
        )
        if len(codes) == 1:
            return next(iter(codes))
    shown = "".join(c if c.isprintable() else "?" for c in name)[:60]
    if codes:
        raise ValueError(
            f"'{shown}' is ambiguous: it could be {', '.join(sorted(codes))}; write the ISO code"
        )
    close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise ValueError(f"unknown country '{shown}'{hint}")


def _day(row: Row, field: str, required: bool, first: dt.date) -> tuple[dt.date | None, bool]:
    """A full day, or a bare year meaning 1 January (second value says which), within
    natomap's span."""
    text = row.text(field, required)
    if not text:
        return None, False
    if re.fullmatch(r"[0-9]{4}", text):
        year_only, day = True, None
        if int(text) >= 1:
            day = dt.date(int(text), 1, 1)
    else:
        year_only = False
        try:
            day = row.day(field)
        except DataError:
            raise row.error(
                field, f"'{text[:40]}' is not a date (expected YYYY-MM-DD or YYYY)"
            ) from None
    today = dt.date.today()
    if day is None or not first.replace(month=1, day=1) <= day <= today:
        raise row.error(field, f"{text} is outside the span natomap maps ({first.year} to {today})")
    return day, year_only


_PLAIN_WORDS = frozenset(
    "a all an data list lists map maps members my new old our table test the their".split()
)


def name_from_file(stem: str) -> str:
    """A display name for an organisation known only by its file: "eu_status" -> "EU
    status", "asean-members" -> "ASEAN members". Short first words (five letters or fewer)
    read as acronyms; ``--org`` or a ``name`` column says it exactly."""
    words = [w for w in re.split(r"[\s_\-.]+", stem) if w] or ["organisation"]
    acronym = len(words[0]) <= 5 and words[0].isalpha() and words[0].lower() not in _PLAIN_WORDS
    first = words[0].upper() if acronym else words[0]
    return " ".join([first[:1].upper() + first[1:], *(w.lower() for w in words[1:])])


def read_table(
    path: Path | str, org: str | None = None, *, geodata: Geodata | None = None
) -> MembershipTable:
    """Memberships from a user's CSV, checked, as a table to pass as ``memberships=``.

    Columns: ``code`` or ``country``, ``joined``, optional ``left``, ``note``, ``status``
    (member by default), ``org`` (pick one with ``org=``) and ``name`` (how maps name the
    organisation), and ``source``.

    >>> table = read_table("eu.csv", org="EU")  # doctest: +SKIP
    >>> natomap.members("2020-02-01", org="EU", memberships=table)  # doctest: +SKIP
    """
    geodata = geodata or Geodata.default()
    path = Path(path)
    text = read_table_text(path)
    if not text.strip():
        raise DataError(path, None, None, "the file is empty (expected a CSV table with a header)")
    first = text.splitlines()[0]
    if "," not in first:
        raise DataError(
            path,
            1,
            None,
            "not a CSV table: the first line should be a comma-separated header "
            "such as 'country,joined,left,note,source'",
        )
    rows = read_rows(path, (), text)
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
    wanted = org or (orgs[0] if orgs else path.stem)
    key = next((o for o in orgs if o.lower() == wanted.lower()), wanted)
    display = next(
        (v.get("name") for _, v in rows if v.get("name") and v.get("org", key) == key), None
    )
    if display is None and not org and not orgs:
        display = name_from_file(path.stem)
    first_day = geodata.first_day()
    out, year_only = [], False
    for line, values in rows:
        row = Row(path, line, values)
        if values.get("org") and values["org"] != key:
            continue
        try:
            code = resolve_country(row.text(name_field), geodata)
        except ValueError as err:
            raise row.error(name_field, str(err)) from None
        joined, year_a = _day(row, "joined", True, first_day)
        left, year_b = _day(row, "left", False, first_day)
        assert joined is not None
        if left and left <= joined:
            raise row.error("left", f"left {left} is not after joined {joined}")
        status = values.get("status") or "member"
        if status not in STATUSES:
            raise row.error("status", f"'{status[:40]}' is not one of: {', '.join(STATUSES)}")
        year_only |= year_a or year_b
        out.append(
            Membership(key, code, status, joined, left, row.url(), values.get("note", ""), line)
        )
    if not out:
        raise DataError(
            path, None, "org", f"no rows for organisation '{wanted}' (has: {', '.join(orgs)})"
        )
    if not any(m.status == "member" for m in out):
        raise DataError(
            path, None, "status", "no row is a membership (status member): there is nothing to map"
        )
    today = dt.date.today()
    if not any(m.status == "member" and m.joined <= today for m in out):
        raise DataError(path, None, "joined", "no member has joined yet: there is nothing to map")
    check_rows(out, path, geodata)
    organisation = Organisation.own(key, display)
    try:
        return MembershipTable(tuple(out), (organisation,), year_only=year_only, origin=str(path))
    except DateError as err:  # pragma: no cover - dates are checked above
        raise DataError(path, None, None, str(err)) from None

"""The facts folder: where ``geodata/`` is, and its tables, read once and checked.

Every fact natomap draws comes from one folder: the bundled ``geodata/``, or a user's copy
named by ``$NATOMAP_GEODATA``. A ``Geodata`` is that folder as a value: its tables are read
and validated on first use and kept with it, so two folders in one process never mix, and
pointing ``$NATOMAP_GEODATA`` elsewhere takes effect on the next call. Every file is checked
against the sha256 that ``manifest.json`` records for it, so a truncated download or an
edit nobody recorded is refused with the file named, not drawn.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pycountry

from natomap.data import Row, no_duplicates, read_rows, rows_of
from natomap.errors import DataError, GeodataError

__all__ = ["Event", "Feature", "Geodata", "Territory"]

T = TypeVar("T")
ENV = "NATOMAP_GEODATA"
_BUNDLED = (Path(__file__).parent / "geodata", Path(__file__).parents[2] / "geodata")


@dataclass(frozen=True)
class Territory:
    """A territory over an interval: a union of atlas pieces, with who owns and holds it.

    ``regions`` narrows the parts to the areas named (``regions.geojson``): the part of
    Ukraine inside the line of 2022-11-11, say. ``claimed_by`` lists the states that claim it
    against its sovereign.
    """

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
    regions: tuple[str, ...] = ()
    claimed_by: tuple[str, ...] = ()
    holder: str = ""
    approximate: bool = False

    def valid(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )


@dataclass(frozen=True)
class Event:
    """What happened on a date, for captions."""

    date: dt.date
    title: str
    description: str
    source: str
    line: int = 0
    drawn: bool = True
    translations: tuple[tuple[str, str, str], ...] = ()
    """(language, title, description) from ``title_<lang>`` and ``description_<lang>``
    columns: captions in another language, where the table has them."""

    def caption(self, lang: str) -> tuple[str, str, str]:
        """(title, description, language) in ``lang`` if the table has it, else English."""
        for code, title, description in self.translations:
            if code == lang:
                return title, description, code
        return self.title, self.description, "en"


@dataclass(frozen=True)
class Feature:
    """A Natural Earth feature of the bundled TopoJSON, with the code natomap gives it."""

    code: str
    name: str
    sovereign: str


@dataclass(frozen=True)
class Name:
    """What a territory was called over an interval (``names.csv``): captions use the name
    of their time ("Turkey joins NATO" in 1952), tooltips today's."""

    code: str
    name: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    source: str
    line: int = 0
    sentence: str = ""
    """How a sentence names it, where that differs ("the Czech Republic")."""

    def valid(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )


class Geodata:
    """A folder of facts laid out like natomap's ``geodata/``.

    >>> gd = Geodata.default()
    >>> gd.path("memberships.csv").name
    'memberships.csv'
    """

    _instances: dict[tuple[Path, int], Geodata] = {}
    _lock = threading.Lock()

    def __init__(self, folder: Path | str):
        folder = Path(folder)
        if not folder.is_dir():
            raise GeodataError(f"{folder}: no such folder of facts (set {ENV} to a geodata/ copy)")
        if not (folder / "manifest.json").is_file():
            raise GeodataError(
                f"{folder}: not a natomap geodata folder (it has no manifest.json; "
                "copy natomap's geodata/ folder and edit that)"
            )
        self.folder = folder.resolve()
        self._memo: dict[Any, Any] = {}
        self._checked: set[str] = set()

    def __repr__(self) -> str:
        return f"Geodata({str(self.folder)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # A worker process gets the folder, not the derived tables and geometry in the memo.
        return (Geodata.at, (self.folder,))

    # --- where ---------------------------------------------------------------------------

    @classmethod
    def default(cls) -> Geodata:
        """``$NATOMAP_GEODATA`` if set (it must exist), else the bundled folder; read anew on
        every call, so changing the variable takes effect."""
        override = os.environ.get(ENV)
        if override:
            return cls.at(Path(override))
        for folder in _BUNDLED:
            if (folder / "manifest.json").is_file():
                return cls.at(folder)
        raise GeodataError("natomap's geodata/ folder is missing; reinstall natomap")

    @classmethod
    def at(cls, folder: Path | str) -> Geodata:
        """The Geodata of ``folder``, one per folder and manifest version in a process."""
        folder = Path(folder)
        try:
            stamp = (folder / "manifest.json").stat().st_mtime_ns
        except OSError:
            return cls(folder)  # raises the right GeodataError
        key = (folder.resolve(), stamp)
        with cls._lock:
            if key not in cls._instances:
                cls._instances[key] = cls(folder)
            return cls._instances[key]

    def path(self, name: str = "") -> Path:
        return self.folder / name

    # --- files, checked against the manifest ----------------------------------------------

    @property
    def manifest(self) -> dict[str, Any]:
        return self.memo("manifest", self._read_manifest)

    def _read_manifest(self) -> dict[str, Any]:
        path = self.path("manifest.json")
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
            manifest["files"].items()
        except (OSError, ValueError, KeyError, AttributeError) as err:
            raise GeodataError(f"{path}: not a readable manifest ({err})") from None
        return manifest

    def read_bytes(self, name: str) -> bytes:
        """The bytes of ``name``, refused unless they match the manifest's sha256."""
        path = self.path(name)
        entry = self.manifest["files"].get(name)
        if entry is None:
            raise GeodataError(f"{path}: not listed in {self.path('manifest.json')}")
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise GeodataError(
                f"{path}: missing (manifest.json lists it); restore it from natomap's geodata/"
            ) from None
        except OSError as err:
            raise GeodataError(f"{path}: cannot read it ({err.strerror or err})") from None
        if name not in self._checked:
            if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
                raise GeodataError(
                    f"{path}: does not match its sha256 in manifest.json (changed or damaged). "
                    f"If you edited it on purpose, record the new hashes with "
                    f"`natomap geodata --accept {self.folder}`"
                )
            self._checked.add(name)
        return data

    def read_text(self, name: str) -> str:
        data = self.read_bytes(name)
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DataError(self.path(name), None, None, "not UTF-8 text") from None

    def rows(self, name: str, columns: tuple[str, ...]) -> list[Row]:
        """The rows of a CSV table in this folder, checked against the manifest first."""
        return rows_of(self.path(name), columns, self.read_text(name))

    def raw_rows(self, name: str, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
        return read_rows(self.path(name), columns, self.read_text(name))

    def memo(self, key: Any, make: Callable[[], T]) -> T:
        """``make()`` once per folder: how every module keeps what it derives from the facts
        (a table, the atlas's pieces) with the facts it came from."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def accept(self) -> list[str]:
        """Record the current sha256 of every file the manifest lists (after editing a copy
        on purpose); returns the names whose hash changed."""
        manifest = self._read_manifest()
        changed = []
        for name, entry in manifest["files"].items():
            digest = hashlib.sha256(self.path(name).read_bytes()).hexdigest()
            if entry.get("sha256") != digest:
                entry["sha256"] = digest
                changed.append(name)
        text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
        self.path("manifest.json").write_text(text, encoding="utf-8")
        return changed

    # --- the tables the atlas and the timeline share ---------------------------------------

    def territories(self) -> tuple[Territory, ...]:
        """``territories.csv``: historical states and held areas, as unions of pieces."""
        return self.memo("territories", self._load_territories)

    def _load_territories(self) -> tuple[Territory, ...]:
        name = "territories.csv"
        columns = ("code", "name", "sovereign", "held_by", "valid_from", "valid_to", "parts")
        out = []
        for row in self.rows(name, (*columns, "source")):
            row.check_order("valid_from", "valid_to")
            code = row.text("code")
            sovereign = row.text("sovereign", False) or code
            out.append(
                Territory(
                    code=code,
                    name=row.text("name"),
                    sovereign=sovereign,
                    held_by=row.text("held_by", False) or sovereign,
                    valid_from=row.day("valid_from", False),
                    valid_to=row.day("valid_to", False),
                    parts=_split(row.text("parts")),
                    source=row.url(),
                    note=row.text("note", False),
                    line=row.line,
                    regions=_split(row.text("regions", False)),
                    claimed_by=_split(row.text("claimed_by", False)),
                    holder=row.text("holder", False),
                    approximate=row.text("approximate", False) == "yes",
                )
            )
        no_duplicates(out, lambda t: (t.code, t.valid_from), self.path(name), "territory and start")
        return tuple(out)

    def events(self) -> tuple[Event, ...]:
        """``events.csv``: captions for the timeline, in date order."""
        return self.memo("events", self._load_events)

    def _load_events(self) -> tuple[Event, ...]:
        out = [
            Event(
                date=row.day("date"),  # type: ignore[arg-type]
                title=row.text("title"),
                description=row.text("description", False),
                source=row.url(),
                line=row.line,
                drawn=row.text("drawn", False) != "no",
                translations=tuple(
                    (key[len("title_") :], row.text(key), row.text(f"description_{key[6:]}", False))
                    for key in sorted(row.values)
                    if key.startswith("title_") and row.values[key].strip()
                ),
            )
            for row in self.rows("events.csv", ("date", "title", "description", "source"))
        ]
        no_duplicates(out, lambda e: e.date, self.path("events.csv"), "event date")
        return tuple(sorted(out, key=lambda e: e.date))

    def first_day(self) -> dt.date:
        """The first day natomap maps: the earliest event (the treaty's signing)."""
        return self.events()[0].date

    def names(self) -> tuple[Name, ...]:
        """``names.csv``: names of their time, for captions."""
        return self.memo("names", self._load_names)

    def _load_names(self) -> tuple[Name, ...]:
        if "names.csv" not in self.manifest["files"]:
            return ()
        out = []
        for row in self.rows("names.csv", ("code", "name", "valid_from", "valid_to", "source")):
            row.check_order("valid_from", "valid_to")
            out.append(
                Name(
                    row.text("code"),
                    row.text("name"),
                    row.day("valid_from", False),
                    row.day("valid_to", False),
                    row.url(),
                    row.line,
                    row.text("sentence", False),
                )
            )
        return tuple(out)

    def features(self, resolution: str = "50m") -> tuple[Feature, ...]:
        """The features of ``countries-<resolution>.json`` in file order, with their codes.

        Most features carry an ISO 3166-1 numeric id; those without one (Kosovo, N. Cyprus
        ...) or sharing one (Ashmore and Cartier shares Australia's 036) are named in
        ``atlas_features.csv``. Dependencies in a treaty's area (Greenland, the Faroes,
        Åland ...) name their sovereign in ``sovereignty.csv``.
        """
        return self.memo(("features", resolution), lambda: self._load_features(resolution))

    def topology(self, resolution: str) -> dict[str, Any]:
        name = f"world-atlas/countries-{resolution}.json"
        return self.memo(("topology", resolution), lambda: json.loads(self.read_text(name)))

    def _load_features(self, resolution: str) -> tuple[Feature, ...]:
        codes_path = self.path("atlas_features.csv")
        overrides = {
            values["name"]: values
            for _, values in self.raw_rows(
                "atlas_features.csv", ("name", "code", "sovereign", "source")
            )
        }
        sovereigns = {
            values["code"]: values["sovereign"]
            for _, values in self.raw_rows("sovereignty.csv", ("code", "sovereign", "source"))
        }
        out = []
        for meta in self.topology(resolution)["objects"]["countries"]["geometries"]:
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

    def treaty_areas(self) -> dict[str, frozenset[str]]:
        """Dependencies (``sovereignty.csv``) and the organisations whose treaty area they
        are in: Greenland is NATO territory through Denmark, but left the EC in 1985."""
        return self.memo(
            "treaty_areas",
            lambda: {
                values["code"]: frozenset(o.strip() for o in values["orgs"].split(";"))
                for _, values in self.raw_rows(
                    "sovereignty.csv", ("code", "sovereign", "orgs", "source")
                )
            },
        )

    def territory_spans(self) -> dict[str, list[tuple[dt.date | None, dt.date | None]]]:
        """For every territory code, the intervals on which it exists (None = open end)."""
        return self.memo("spans", self._spans)

    def _spans(self) -> dict[str, list[tuple[dt.date | None, dt.date | None]]]:
        spans: dict[str, list[tuple[dt.date | None, dt.date | None]]] = {}
        for t in self.territories():
            spans.setdefault(t.code, []).append((t.valid_from, t.valid_to))
        for feature in self.features("50m"):
            spans.setdefault(feature.code, [(None, None)])
        return spans

    def name_of(self, code: str, day: dt.date | None = None) -> str:
        """What ``code`` was called on ``day`` (default: today's name)."""
        table = self.memo("name_index", self._name_index)
        for name in table.get(code, ()):
            if day is None and name.valid_to is None:
                return name.name
            if (
                day is not None
                and (name.valid_from is None or name.valid_from <= day)
                and (name.valid_to is None or day < name.valid_to)
            ):
                return name.name
        for t in self.territories():
            if t.code == code and (day is None and t.valid_to is None or day and t.valid(day)):
                return t.name
        modern = self.memo("modern_names", lambda: {f.code: f.name for f in self.features("50m")})
        if code in modern:
            return modern[code]
        latest = [t for t in self.territories() if t.code == code]
        return latest[-1].name if latest else code

    def source_title(self, url: str) -> str:
        """What a link to ``url`` reads as: its title (``source_titles.csv``), else its host."""
        titles = self.memo("source_titles", self._load_titles)
        return titles.get(url) or url.split("//", 1)[-1].split("/", 1)[0].removeprefix("www.")

    def _load_titles(self) -> dict[str, str]:
        if "source_titles.csv" not in self.manifest["files"]:
            return {}
        return {
            v["url"]: v["title"] for _, v in self.raw_rows("source_titles.csv", ("url", "title"))
        }

    def sentence_name(self, code: str, day: dt.date) -> str:
        """How a sentence of ``day`` names ``code``: "the Czech Republic joins NATO"."""
        for name in self.memo("name_index", self._name_index).get(code, ()):
            if name.valid(day) and name.sentence:
                return name.sentence
        return self.name_of(code, day)

    def _name_index(self) -> dict[str, tuple[Name, ...]]:
        index: dict[str, list[Name]] = {}
        for name in self.names():
            index.setdefault(name.code, []).append(name)
        return {k: tuple(v) for k, v in index.items()}


def _split(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.split(";") if p.strip())


def _country_name(code: str, fallback: str) -> str:
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return fallback
    common = getattr(country, "common_name", None)
    return str(common or (country.name if "," not in country.name else fallback))

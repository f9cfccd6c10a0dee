"""One frame per date, computed once: what every renderer draws.

A ``Film`` is the map of one organisation told over time: its frames are the dates on which
the drawn map changes. A ``Frame`` holds everything about one date that a renderer needs:
the territories with their statuses and map categories, the story (caption, description, text
for screen readers, sources) and the land border with Russia, pair by pair. The HTML page,
the stills, the panels, the GIF, the statistics and the notebooks all read frames, so a date
is worked out once per film, however many outputs show it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import threading
import weakref
from dataclasses import dataclass
from functools import cached_property

import geopandas as gpd
import pandas as pd

from natomap.atlas import Atlas, Resolution, View
from natomap.changes import Change, changes, timeline_table
from natomap.dates import long_date, to_day
from natomap.deployments import Deployment, active_on
from natomap.errors import DataError, DateError, OptionError
from natomap.geodata import Geodata, Territory
from natomap.memberships import MEMBER, MembershipTable, Organisation, bundled_table

__all__ = ["BorderPair", "Film", "Frame", "Story", "frame", "frames", "story", "timeline"]

# The categories a territory can take on a map, in legend order after the waves.
HELD, CLAIMED, RUSSIA, ASPIRANT, PARTNER, FORMER, MEMBER_KEY, OTHER = (
    "held",
    "claimed",
    "russia",
    "aspirant",
    "partner",
    "former",
    "member",
    "other",
)


@dataclass(frozen=True)
class Story:
    """What a frame tells: a caption title, a longer description, a one-sentence text
    equivalent of the map for screen readers and alt text, and the sources."""

    date: dt.date
    title: str
    description: str
    alt: str
    sources: tuple[str, ...]
    changes: tuple[str, ...] = ()


@dataclass(frozen=True)
class BorderPair:
    """A member's land border with a territory Russia holds, on one frame; ``official_km``
    is the surveyed length (``official_borders.csv``) where the organisation has them."""

    member: str
    russia: str
    official_km: float | None
    source: str


class Frame:
    """The map of one date.

    ``territories`` has one row per territory (no geometry; ``geo()`` adds it): ``code``,
    ``name`` (of that day), ``current_name``, ``sovereign``, ``held_by``, ``claimed_by``,
    ``holder``, ``approximate``, ``russia_held``, ``atoms``, ``status`` and ``joined`` (in
    the film's organisation), ``<org>_status`` for it and each bloc it is drawn against,
    ``category``. ``border`` lists the members' land borders with territory Russia holds.
    """

    def __init__(
        self,
        date: dt.date,
        film: Film,
        territories: pd.DataFrame,
        members: tuple[str, ...],
        story: Story,
        forces: tuple[Deployment, ...] = (),
    ):
        self.date = date
        self.film = film
        self.territories = territories
        self.members = members
        self.story = story
        self.forces = forces
        """The deployments in place (``forces.csv``): NATO's map shows them."""
        self._geo: dict[str, gpd.GeoDataFrame] = {}
        self._tables: dict[str, pd.DataFrame] = {}

    def __repr__(self) -> str:
        return f"<Frame {self.date} of {self.film.name}: {len(self.members)} members>"

    @cached_property
    def border(self) -> tuple[BorderPair, ...]:
        """Which members' territories meet territory Russia holds, from the atlas's touching
        atoms (never from a list); official lengths where the organisation has them."""
        return self.film._border(self.territories, Atlas.of(self.film.geodata, "50m"), self.date)

    @property
    def border_official_km(self) -> float | None:
        """The official length of the land border with Russia, or None where the
        organisation has no official lengths."""
        if not self.film.organisation.official_borders:
            return None
        return float(sum(p.official_km or 0.0 for p in self.border))

    def geo(self, resolution: Resolution = "50m") -> gpd.GeoDataFrame:
        """``territories`` with their geometry at ``resolution`` (EPSG:4326).

        At a resolution other than the frame's own (1:50m), the atlas of that resolution
        gives each territory's atoms; a feature only that resolution has (the British bases
        on Cyprus at 1:10m) gets its statuses here.
        """
        if resolution not in self._geo:
            atlas = Atlas.of(self.film.geodata, resolution)
            table = self.territories_at(resolution)
            geometry = [atlas.shape(atoms) for atoms in table.atoms]
            if resolution == "50m":
                table["geometry"] = geometry
            else:
                table.insert(table.columns.get_loc("atoms") + 1, "geometry", geometry)
            self._geo[resolution] = gpd.GeoDataFrame(table, geometry="geometry", crs="EPSG:4326")
        return self._geo[resolution].copy()

    def territories_at(self, resolution: Resolution = "50m") -> pd.DataFrame:
        """``territories`` with the atoms of ``resolution`` and no geometry: what ``geo``
        adds shapes to, for callers that need the shapes of a few rows only."""
        if resolution not in self._tables:
            self._tables[resolution] = self._table(resolution)
        return self._tables[resolution].copy()

    def _table(self, resolution: Resolution) -> pd.DataFrame:
        if resolution == "50m":
            return self.territories.copy()
        atlas = Atlas.of(self.film.geodata, resolution)
        table = atlas.table(self.date, self.film.view)
        known = table.code.isin(self.territories.code)
        rows = table[known][["code", "atoms"]].merge(
            self.territories.drop(columns="atoms"), on="code", how="left"
        )
        extra = self.film.annotate(table[~known], self.date)
        frame = pd.concat([rows, extra], ignore_index=True).sort_values("code", kind="stable")
        return frame.reset_index(drop=True)


class Film:
    """The frames of one organisation's map, each computed once.

    >>> nato = Film()
    >>> nato.dates[0], len(nato.frame("2004-03-29").members)
    (datetime.date(1949, 8, 24), 26)
    """

    computed = 0
    """How many frames have been computed in this process."""
    _count_lock = threading.Lock()
    # Films by token, so that a film handed to a forked worker (pickled into a job) is the
    # parent's film, frames and all, not a new one that would compute them again.
    _alive: weakref.WeakValueDictionary[tuple[int, int], Film] = weakref.WeakValueDictionary()
    _tokens = itertools.count()

    def __init__(
        self,
        org: str = "nato",
        *,
        memberships: MembershipTable | None = None,
        view: View = "de-jure",
        border: bool | None = None,
        geodata: Geodata | None = None,
    ):
        self.geodata = geodata or Geodata.default()
        self.table = memberships or bundled_table(self.geodata)
        self.organisation: Organisation = self.table.organisation(org)
        if view not in ("de-jure", "de-facto"):
            raise OptionError(f"unknown view '{view}' (choose de-jure or de-facto)")
        self.view: View = view
        self.border = self.organisation.border if border is None else border
        # Frames do not depend on whether the border is drawn: films that differ only there
        # share them.
        self._frames: dict[dt.date, Frame] = self.geodata.memo(
            ("frames", self.table, self.organisation.key, view), dict
        )
        self._lock = threading.Lock()
        self._token = (os.getpid(), next(Film._tokens))
        Film._alive[self._token] = self

    @staticmethod
    def of(
        org: str = "nato",
        *,
        memberships: MembershipTable | None = None,
        view: View = "de-jure",
        border: bool | None = None,
        geodata: Geodata | None = None,
    ) -> Film:
        """The shared film of these arguments: one per geodata folder, table, organisation,
        view and border, so every renderer of a build reads the same frames."""
        geodata = geodata or Geodata.default()
        table = memberships or bundled_table(geodata)
        organisation = table.organisation(org)
        border = organisation.border if border is None else border
        return geodata.memo(
            ("film", table, organisation.key, view, border),
            lambda: Film(
                organisation.key, memberships=table, view=view, border=border, geodata=geodata
            ),
        )

    def __reduce__(self) -> tuple[object, ...]:
        # A forked worker finds the parent's film; any other process rebuilds it from its
        # arguments (and is handed the frames by ``render._parallel``).
        args = (self.organisation.key, self.table, self.view, self.border, self.geodata)
        return (_film_again, (self._token, *args))

    @property
    def key(self) -> str:
        return self.organisation.key

    @property
    def name(self) -> str:
        return self.organisation.name

    # --- what changes when ---------------------------------------------------------------------

    @cached_property
    def drawn_statuses(self) -> frozenset[str]:
        """The membership statuses the map shows: NATO's shows members and aspirants;
        another organisation's also its partners."""
        if self.organisation.waves:
            return frozenset({"member", "aspirant"})
        return frozenset({"member", "aspirant", "partner"})

    @cached_property
    def changes(self) -> tuple[Change, ...]:
        return changes(self.table, self.organisation, self.geodata, self.drawn_statuses)

    @cached_property
    def timeline(self) -> pd.DataFrame:
        return timeline_table(self.changes, self.table, self.organisation, self.geodata)

    @cached_property
    def dates(self) -> list[dt.date]:
        """The dates on which the map changes, from the day the first members joined."""
        start = self.table.founding_date(self.key)
        today = dt.date.today()
        return sorted({c.date for c in self.changes if c.drawn and start <= c.date <= today})

    def frame_date(self, date: dt.date | str) -> dt.date:
        """``date`` checked as a day this film can show (from its first frame to today)."""
        day = to_day(date, self.geodata)
        if day < self.dates[0]:
            raise DateError(
                f"{day} is before the first map of {self.name} ({self.dates[0]}); "
                f"choose a date from {self.dates[0]} to today"
            )
        return day

    # --- frames -------------------------------------------------------------------------

    @property
    def frames(self) -> list[Frame]:
        """Every frame, in date order."""
        return [self.frame(d) for d in self.dates]

    def frame(self, date: dt.date | str) -> Frame:
        """The frame of ``date`` (any day from the first frame on): computed once, then kept."""
        day = self.frame_date(date)
        with self._lock:
            if day not in self._frames:
                self._frames[day] = self._compute(day)
                with Film._count_lock:
                    Film.computed += 1
            return self._frames[day]

    def adopt(self, frames: list[Frame]) -> None:
        """Keep frames computed elsewhere (a parent process hands its frames to a worker)."""
        with self._lock:
            for f in frames:
                self._frames.setdefault(f.date, f)

    def _compute(self, day: dt.date) -> Frame:
        atlas = Atlas.of(self.geodata, "50m")
        frame = self.annotate(atlas.table(day, self.view), day)
        members = tuple(self.table.members(self.key, day))
        story = self._story(day, members)
        forces = active_on(day, self.geodata) if self.organisation.events else ()
        frame_ = Frame(day, self, frame.reset_index(drop=True), members, story, forces)
        if self.border:
            frame_.border  # noqa: B018  # worked out with the frame, before workers fork
        return frame_

    def annotate(self, frame: pd.DataFrame, day: dt.date) -> pd.DataFrame:
        """An atlas frame of ``day`` with names of that day, statuses and categories."""
        frame = frame.copy()
        renamed = self.geodata.memo("renamed", lambda: {n.code for n in self.geodata.names()})
        # Plain lists: iterating a pandas column element by element costs microseconds each,
        # for every territory of every frame.
        all_codes, sovereigns = frame.code.tolist(), frame.sovereign.tolist()
        frame["current_name"] = [self.geodata.name_of(c) for c in all_codes]
        frame["name"] = [
            self.geodata.name_of(c, day) if c in renamed else n
            for c, n in zip(all_codes, frame.name.tolist(), strict=True)
        ]
        org = self.key
        codes = self._member_codes(all_codes, sovereigns, org)
        frame["status"] = [self.table.status(org, c, day) for c in codes]
        frame["joined"] = [self.table.accession(org, c) for c in codes]
        for key in (org, *self.organisation.blocs):
            if key in self.table.orgs():
                column = f"{key.replace('-', '_')}_status"
                codes = self._member_codes(all_codes, sovereigns, key)
                frame[column] = [self.table.status(key, c, day) for c in codes]
        frame["category"] = self._classify(frame)
        since = [_since(self.geodata, c, day) for c in all_codes]
        frame["held_since"] = [h for h, _ in since]
        frame["claimed_since"] = [c for _, c in since]
        return frame

    def statuses(self, codes: list[str], sovereigns: list[str], day: dt.date) -> list[str]:
        """The statuses in the film's organisation on ``day`` of the territories ``codes``
        (whose sovereigns are ``sovereigns``): the ``status`` column of a frame."""
        member_codes = self._member_codes(codes, sovereigns, self.key)
        return [self.table.status(self.key, c, day) for c in member_codes]

    def _member_codes(self, codes: list[str], sovereigns: list[str], org: str) -> list[str]:
        """Whose memberships a territory takes in ``org``: its own, or its sovereign's when
        it is an area of a state (Crimea is Ukraine's) or a dependency inside ``org``'s
        treaty area (Greenland is NATO territory through Denmark, but left the EC)."""
        areas = self.geodata.treaty_areas()
        return [
            (sovereign if org in areas[code] else code) if code in areas else sovereign
            for code, sovereign in zip(codes, sovereigns, strict=True)
        ]

    def _classify(self, frame: pd.DataFrame) -> list[str]:
        """Each territory's category: Russia's holdings first (a held territory keeps its
        de jure owner's statuses, but the map shows who holds it), then membership (by
        accession wave where the organisation has waves), the blocs, aspirants."""
        o = self.organisation
        blocs = [b for b in o.blocs if b in self.table.orgs()]
        in_blocs = [frame[f"{b.replace('-', '_')}_status"].tolist() for b in blocs]
        rows = zip(
            frame.russia_held.tolist(),
            frame.held_by.tolist(),
            frame.sovereign.tolist(),
            frame.claimed_by.tolist(),
            frame.status.tolist(),
            frame.joined.tolist(),
            strict=True,
        )
        out = []
        for i, (russia_held, held_by, sovereign, claimed_by, status, joined) in enumerate(rows):
            claimed = "RUS" in (claimed_by or "").split(";")
            bloc = next((b for b, s in zip(blocs, in_blocs, strict=True) if s[i] in MEMBER), None)
            if russia_held and held_by != sovereign:
                out.append(RUSSIA if self.view == "de-facto" else HELD)
            elif russia_held and o.blocs:
                # A map drawn against Russia's blocs gives Russia its own colour; any other
                # colours Russia by its membership (it may be a member: the CSTO).
                out.append(RUSSIA)
            elif claimed and held_by == sovereign:
                out.append(CLAIMED)
            elif status in MEMBER:
                wave = o.wave(joined) if o.waves else None
                out.append(wave.key if wave else (OTHER if o.waves else MEMBER_KEY))
            elif bloc is not None:
                out.append(bloc)
            elif status == "aspirant":
                out.append(ASPIRANT)
            elif status == "partner" and not o.waves:
                out.append(PARTNER)
            elif status == "former member" and not o.waves:
                out.append(FORMER)
            else:
                out.append(OTHER)
        return out

    def _border(self, frame: pd.DataFrame, atlas: Atlas, day: dt.date) -> tuple[BorderPair, ...]:
        """Which members' territories meet territory Russia holds, from the atlas's
        touching atoms (never from a list); official lengths where the organisation has them."""
        from natomap.borders import official_borders

        touching = atlas.touching()
        held = frame.russia_held.to_numpy(dtype=bool)
        member = frame.status.isin(MEMBER).to_numpy(dtype=bool) & ~held
        codes, atoms = frame.code.tolist(), frame.atoms.tolist()
        # Plain lists, not itertuples: this runs for every member on every frame.
        russia = [(c, a) for c, a, h in zip(codes, atoms, held, strict=True) if h]
        members = [(c, a) for c, a, m in zip(codes, atoms, member, strict=True) if m]
        official = official_borders(self.geodata) if self.organisation.official_borders else {}
        pairs = []
        for m_code, m_atoms in members:
            near = set().union(*(touching.get(a, frozenset()) for a in m_atoms))
            for r_code, r_atoms in russia:
                if near & r_atoms:
                    if self.organisation.official_borders:
                        known = official.get((m_code, r_code))
                        if known is None:
                            raise DataError(
                                self.geodata.path("official_borders.csv"),
                                None,
                                "a",
                                f"no official length for the {m_code}–{r_code} border, which "
                                f"the atlas shows on {day}; add a row with its source",
                            )
                        pairs.append(BorderPair(m_code, r_code, known.km, known.source))
                    else:
                        pairs.append(BorderPair(m_code, r_code, None, ""))
        return tuple(sorted(pairs, key=lambda p: (p.member, p.russia)))

    def _story(self, day: dt.date, members: tuple[str, ...]) -> Story:
        """The caption of ``day``: the event or the changes of the latest frame on or before
        it, and a sentence that says what the map shows."""
        shown = max(d for d in self.dates if d <= day)
        todays = [c for c in self.changes if c.date == shown]
        facts = [c for c in todays if c.kind != "event"]
        event = next((c for c in todays if c.kind == "event"), None)
        events = {e.date: e for e in self.geodata.events()} if self.organisation.events else {}
        description = events[shown].description if shown in events else ""
        title = event.text if event else "; ".join(c.text for c in facts)
        count = len(members)
        joined = [
            c.name
            for c in facts
            if c.org == self.key and c.kind == "member" and c.action == "joins"
        ]
        when = long_date(day)
        noun = "member" if count == 1 else "members"
        if joined and shown == day:
            verb = "joins" if len(joined) == 1 else "join"
            alt = f"{when}: {_join_names(joined)} {verb} {self.name}, which now has {count} {noun}."
        else:
            alt = f"{when}: {title}. {self.name} has {count} {noun}."
        sources = tuple(sorted({c.source for c in todays}))
        return Story(day, title, description, alt, sources, tuple(c.text for c in facts))


def _film_again(
    token: tuple[int, int],
    org: str,
    table: MembershipTable,
    view: View,
    border: bool | None,
    geodata: Geodata,
) -> Film:
    alive = Film._alive.get(token)
    if alive is not None:
        return alive
    return Film.of(org, memberships=table, view=view, border=border, geodata=geodata)


def _since(geodata: Geodata, code: str, day: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """Since when territory ``code`` has been held by its present holder, and claimed: the
    start of the unbroken run of its rows up to ``day`` with the same holder (or claim)."""
    rows = geodata.memo("dated_rows", lambda: _dated_rows(geodata)).get(code, [])
    current = next((t for t in rows if t.valid(day)), None)
    if current is None or current.held_by == current.sovereign and not current.claimed_by:
        return None, None

    def start(same: object) -> dt.date | None:
        first = None
        for t in reversed([t for t in rows if t.valid_from and t.valid_from <= day]):
            if not same(t):  # type: ignore[operator]
                break
            if first is not None and t.valid_to != first:
                break
            first = t.valid_from
        return first

    held = (
        start(lambda t: t.held_by == current.held_by)
        if current.held_by != current.sovereign
        else None
    )
    claimed = start(lambda t: bool(t.claimed_by)) if current.claimed_by else None
    return held, claimed


def _dated_rows(geodata: Geodata) -> dict[str, list[Territory]]:
    """Each code's rows that have a start, by start: ``_since`` runs for every territory on
    every frame."""
    out: dict[str, list[Territory]] = {}
    for t in geodata.territories():
        if t.valid_from:
            out.setdefault(t.code, []).append(t)
    return {c: sorted(r, key=lambda t: t.valid_from or dt.date.min) for c, r in out.items()}


def member_code(geodata: Geodata, code: str, sovereign: str, org: str) -> str:
    """Whose memberships territory ``code`` takes in ``org`` (see ``Film._member_codes``)."""
    areas = geodata.treaty_areas()
    if code in areas:
        return sovereign if org in areas[code] else code
    return sovereign


def _join_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def frame(
    date: dt.date | str,
    org: str = "nato",
    *,
    memberships: MembershipTable | None = None,
    view: View = "de-jure",
    geodata: Geodata | None = None,
) -> Frame:
    """The frame of ``date``: territories with statuses and categories (``.territories``,
    or ``.geo()`` with geometry), members, the story and the border with Russia.

    >>> natomap.frame("1990-10-02").geo()[["code", "name", "nato_status"]]  # doctest: +SKIP
    """
    return Film.of(org, memberships=memberships, view=view, geodata=geodata).frame(date)


def frames(
    org: str = "nato", *, memberships: MembershipTable | None = None, geodata: Geodata | None = None
) -> list[dt.date]:
    """The dates on which the map of ``org`` changes, from the day its first members joined."""
    return list(Film.of(org, memberships=memberships, geodata=geodata).dates)


def timeline(
    org: str = "nato", *, memberships: MembershipTable | None = None, geodata: Geodata | None = None
) -> pd.DataFrame:
    """One row per date on which something changes.

    Columns: ``date`` (datetime64), ``title`` (the event caption, if any), ``description``,
    ``changes`` (what the data says changed, one sentence each), ``drawn`` (whether the map
    of ``org`` changes), ``members`` (how many members ``org`` has that day) and ``sources``.
    """
    return Film.of(org, memberships=memberships, geodata=geodata).timeline.copy()


def story(
    date: dt.date | str,
    org: str = "nato",
    *,
    memberships: MembershipTable | None = None,
    geodata: Geodata | None = None,
) -> Story:
    """The caption and text equivalent of the map of ``org`` on ``date``.

    >>> story("1999-03-12").alt
    '12 March 1999: the Czech Republic, Hungary and Poland join NATO, which now has 19 members.'
    """
    return Film.of(org, memberships=memberships, geodata=geodata).frame(date).story

"""The animated map's data: every distinct territory shape once, every frame as references.

Territories repeat over the frames (France is the same shape in all of them), so a shape is
stored once and a frame lists which shapes show and in which style. Shapes are unions of the
atlas's atoms simplified together as one coverage, so neighbours keep exactly the same border
after simplification: no gaps or slivers between them, and a USSR outline made of simplified
republics matches the republics drawn after 1991.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely

from natomap.atlas import Atlas
from natomap.borders import border_line, geodesic_km
from natomap.film import Film, Frame, member_code
from natomap.memberships import MEMBER
from natomap.render.style import categories, notes
from natomap.words import Words, words

__all__ = ["SCALE", "encoded_polygons", "map_data", "status_lines"]

SCALE = 100
"""Coordinates are stored as integers in hundredths of a degree (about 1 km)."""
_TOLERANCE = 0.05  # degrees; coverage_simplify's area-like tolerance, ~5 km wiggles removed
_MIN_PART = 0.004  # square degrees; smaller islands are dropped unless a territory's largest
_CLIP = shapely.box(-180, -60, 180, 85)  # Web Mercator's useful band, Antarctica left out


def simplified_atoms(atlas: Atlas) -> tuple[list[str], np.ndarray]:
    """The atlas's atoms (a partition of the land), simplified together as one coverage so
    that neighbours keep sharing their borders."""
    return atlas.geodata.memo(("simplified", atlas.resolution), lambda: _simplify(atlas))


def _simplify(atlas: Atlas) -> tuple[list[str], np.ndarray]:
    names = sorted(atlas.atoms)
    geoms = shapely.intersection(np.array([atlas.atoms[n][1] for n in names], dtype=object), _CLIP)
    kept = ~shapely.is_empty(geoms)
    return [n for n, k in zip(names, kept, strict=True) if k], shapely.coverage_simplify(
        geoms[kept], _TOLERANCE
    )


def _encode_ring(ring: shapely.LinearRing | shapely.LineString) -> list[int]:
    """Delta-encoded integer coordinates, repeated points removed: [x0, y0, dx1, dy1, ...]."""
    xy = np.round(np.asarray(ring.coords)[:, :2] * SCALE).astype(np.int64)
    keep = np.ones(len(xy), dtype=bool)
    keep[1:] = np.any(xy[1:] != xy[:-1], axis=1)
    xy = xy[keep]
    delta = np.vstack([xy[:1], np.diff(xy, axis=0)])
    return [int(v) for v in delta.ravel()]


def _encode_polygons(geom: shapely.Geometry) -> list[list[list[int]]]:
    parts = [p for p in getattr(geom, "geoms", [geom]) if p.geom_type == "Polygon"]
    if not parts:
        return []
    largest = max(p.area for p in parts)
    out = []
    for part in sorted(parts, key=lambda p: -p.area):
        if part.area < _MIN_PART and part.area < largest:
            continue
        rings = [_encode_ring(part.exterior)] + [_encode_ring(r) for r in part.interiors]
        out.append([r for r in rings if len(r) >= 6])
    return [p for p in out if p]


def encoded_polygons(geom: shapely.Geometry) -> list[list[list[int]]]:
    """``geom``'s polygons as the animated map stores and draws them: delta-encoded rings
    (see ``SCALE``), islands too small to see dropped. A one-date map drawn from these
    shows exactly the shapes of the animation."""
    return _encode_polygons(geom)


def _encode_lines(geom: shapely.Geometry) -> list[list[int]]:
    lines = [g for g in shapely.get_parts(geom) if not g.is_empty]
    return [_encode_ring(line) for line in lines]


def status_lines(frame: Frame, row: Any, w: Words | None = None) -> list[str]:
    """Tooltip lines for one territory on one frame: who holds or claims it, and its status
    in the film's organisation (with the table's notes on a user's own table), in the
    language of ``w`` (English by default)."""
    w = w or words("en")
    film = frame.film
    day = frame.date
    names = frame.film.geodata

    def place(code: str) -> str:
        return w.place(code, names.name_of(code, day))

    lines = []
    if row.held_by != row.sovereign:
        holder = w.data(row.holder) if row.holder else place(row.held_by)
        de_jure = place(row.sovereign)
        if row.held_since and not row.approximate:
            lines.append(
                w(
                    "Held by {holder} since {date}; not recognised, de jure {country}",
                    holder=holder,
                    date=w.date(row.held_since),
                    country=de_jure,
                )
            )
        else:
            lines.append(
                w(
                    "Held by {holder}; not recognised, de jure {country}",
                    holder=holder,
                    country=de_jure,
                )
            )
        if row.approximate:
            lines.append(w("Approximate outline, drawn at dated snapshots (see Sources)"))
    claimed = [c for c in (row.claimed_by or "").split(";") if c and c != row.sovereign]
    if claimed:
        who = ", ".join(place(c) for c in claimed)
        if row.claimed_since:
            text = w("Claimed by {who} since {date}", who=who, date=w.date(row.claimed_since))
        else:
            text = w("Claimed by {who}", who=who)
        if row.held_by == row.sovereign:
            text = w("{claim}, held by {holder}", claim=text, holder=place(row.held_by))
        lines.append(text)
    org = w.data(film.name)
    waves = bool(film.organisation.waves)
    blocs = [b for b in film.organisation.blocs if b in film.table.orgs()]
    if row.status in MEMBER:
        since = w.date(row.joined)
        lines.append(
            w("{org} member since {date}", org=org, date=since)
            if waves
            else w("Member of {org} since {date}", org=org, date=since)
        )
    else:
        for bloc in blocs:
            if getattr(row, f"{bloc.replace('-', '_')}_status") in MEMBER:
                lines.append(w("{org} member", org=w.data(film.table.organisation(bloc).name)))
        if row.status == "former member":
            lines.append(
                w("Former member of {org} (joined {date})", org=org, date=w.date(row.joined))
            )
        elif row.status == "aspirant":
            lines.append(w("{org} aspirant", org=org) if waves else w("Aspirant to {org}", org=org))
        elif row.status == "partner":
            lines.append(w("{org} partner", org=org) if waves else w("Partner of {org}", org=org))
        if row.joined and row.joined > day:
            lines.append(w("Joins {org} on {date}", org=org, date=w.date(row.joined)))
        elif row.status == "none" and not any(
            getattr(row, f"{b.replace('-', '_')}_status") in MEMBER for b in blocs
        ):
            lines.append(w("Not in {org}", org=org))
    if not film.organisation.events:
        lines += film.table.notes(film.key, row.sovereign, day)
    if row.name != row.current_name:
        lines.append(w("Today: {name}", name=w.place(row.code, row.current_name)))
    return lines


def row_facts(frame: Frame, row: Any, w: Words | None = None) -> tuple[str, str, str, str]:
    """What a territory's row in the frame's data table says besides its name: its status
    in the organisation the map colours it by ("member (NATO)", "frozen member (CSTO)"),
    who holds it (when not its sovereign), since when it has had what the map shows, and the
    source of that (the territory row for held or claimed land, else the membership row)."""
    w = w or words("en")
    film, day = frame.film, frame.date
    geodata = film.geodata
    table = film.table
    blocs = [b for b in film.organisation.blocs if b in table.orgs()]
    # The organisation whose status the map shows: the bloc a bloc colour stands for, the
    # film's own organisation otherwise (Russia's colour: the first bloc it belongs to).
    orgs = [row.category] if row.category in blocs else [film.key, *blocs]
    status, since, source = "", "", ""
    for org in orgs:
        column = "status" if org == film.key else f"{org.replace('-', '_')}_status"
        word = getattr(row, column)
        if word == "none":
            continue
        status = w("{status} ({org})", status=w(word), org=w.data(table.organisation(org).name))
        deciding = table.deciding(org, member_code(geodata, row.code, row.sovereign, org), day)
        if deciding is not None:
            former = not deciding.active(day)
            since = _iso(deciding.left if former and deciding.left else deciding.joined)
            source = deciding.source
        break
    holder = ""
    if row.held_by != row.sovereign:
        holder = (
            w.data(row.holder)
            if row.holder
            else w.place(row.held_by, geodata.name_of(row.held_by, day))
        )
        since, source = _iso(row.held_since), _territory_source(geodata, row.code, day)
    elif row.category == "claimed":
        since, source = _iso(row.claimed_since), _territory_source(geodata, row.code, day)
    return status, holder, since, source


def _iso(day: Any) -> str:
    return day.isoformat() if day else ""


def _territory_source(geodata: Any, code: str, day: Any) -> str:
    rows = geodata.memo("territories by code", lambda: _by_code(geodata))
    return next((t.source for t in rows.get(code, ()) if t.valid(day)), "")


def _by_code(geodata: Any) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for t in geodata.territories():
        out.setdefault(t.code, []).append(t)
    return out


class _Registry:
    """Assigns a stable index to each distinct value, in order of first appearance."""

    def __init__(self) -> None:
        self.index: dict[Any, int] = {}
        self.values: list[Any] = []

    def add(self, key: Any, make: Any) -> int:
        if key not in self.index:
            self.index[key] = len(self.values)
            self.values.append(make())
        return self.index[key]


def _force_lines(d: Any, film: Film, w: Words) -> list[str]:
    """Tooltip lines for one deployment: what, who leads it, since when, troops, source."""
    from natomap.deployments import KINDS

    kind = w(KINDS[d.kind])
    lines = [w("{kind}, led by {lead}", kind=kind, lead=w.data(d.lead)) if d.lead else kind]
    place, start = w.data(d.place), w.date(d.start)
    lines.append(
        w("{place}: since {start}, until {end}", place=place, start=start, end=w.date(d.end))
        if d.end
        else w("{place}: since {start}", place=place, start=start)
    )
    if d.troops:
        lines.append(
            w(
                "About {troops} troops (figure of {date})",
                troops=w.number(d.troops),
                date=w.date(d.troops_date),
            )
        )
    lines.append(w("Source: {title}", title=film.geodata.source_title(d.source)))
    return lines


def map_data(film: Film, lang: str = "en") -> dict[str, Any]:
    """Everything the player draws, as plain JSON-ready values.

    Keys: ``scale`` (coordinate divisor), ``view``, ``categories`` (the legend), ``notes``
    (lines under the legend), ``border_label`` (the border line's legend entry and caption,
    or None when the map has none), ``shapes`` (distinct territories: code, name, polygons of
    delta-encoded rings), ``lines`` (distinct border lines with Russia), ``styles``
    ([category index, tooltip status, 1 if Russia holds it, so outlined, status in the
    organisation, holder if not the sovereign, since, source index or -1]: the last four make
    the frame's data table), ``sources`` (every source URL once) and ``frames`` (date,
    caption, alt text, source indices, border length, the shapes shown with their style,
    the lines). Names, dates and the interface's words are
    in ``lang``; captions stay in English (see :mod:`natomap.words`).
    """
    return film.geodata.memo(
        ("map_data", film.table, film.key, film.view, film.border, lang),
        lambda: _map_data(film, words(lang)),
    )


def _map_data(film: Film, w: Words) -> dict[str, Any]:
    atlas = Atlas.of(film.geodata, "50m")
    legend = categories(film)
    category_index = {c.key: i for i, c in enumerate(legend)}
    names, simple = simplified_atoms(atlas)
    position = {n: i for i, n in enumerate(names)}
    shapes, lines, styles, forces = _Registry(), _Registry(), _Registry(), _Registry()
    # Captions come from the events table, in the page's language where it has one.
    events = {e.date: e for e in film.geodata.events()} if film.organisation.events else {}
    urls = _Registry()  # every source once; styles and frames refer to them by index
    unions: dict[tuple[int, ...], shapely.Geometry] = {}
    out_frames = []
    for frame in film.frames:
        shown = []
        for row in frame.territories.itertuples():
            ids = tuple(sorted(position[a] for a in row.atoms if a in position))
            if not ids:
                continue
            if ids not in unions:  # most territories keep their shape over many frames
                unions[ids] = shapely.union_all(simple[list(ids)])
            shape_id = shapes.add(
                (row.code, row.name, ids),
                lambda row=row, ids=ids: {
                    "code": row.code,
                    "name": w.place(row.code, row.name),
                    "polygons": _encode_polygons(unions[ids]),
                },
            )
            text = "\n".join(status_lines(frame, row, w))
            status, holder, since, source = row_facts(frame, row, w)
            style = (
                category_index[row.category],
                text,
                int(bool(row.russia_held)),
                status,
                holder,
                since,
                urls.add(source, lambda source=source: source) if source else -1,
            )
            shown.append([shape_id, styles.add(style, lambda style=style: list(style))])
        line_ids: list[int] = []
        km, km_note = 0.0, ""
        if film.border:
            by_code = dict(zip(frame.territories.code, frame.territories.atoms, strict=True))
            measured = 0.0
            for pair in frame.border:
                line = border_line(atlas, by_code[pair.member], by_code[pair.russia])
                measured += geodesic_km(line)
                line_ids.append(lines.add(line.wkb, lambda line=line: _encode_lines(line)))
            line_ids.sort()
            official = frame.border_official_km
            if official is not None:
                km, km_note = official, w("official lengths, CIA World Factbook")
            else:
                km, km_note = measured, w("measured at 1:50m")
        told = frame.story
        title, description, caption_lang = told.title, told.description, "en"
        event = events.get(frame.date)
        if event is not None and event.title == told.title:
            title, description, caption_lang = event.caption(w.lang)
        force_ids = sorted(
            forces.add(
                d.id,
                lambda d=d: {
                    "name": w.data(d.name),
                    "side": d.side,
                    "kind": d.kind,
                    "lat": round(d.lat, 4),
                    "lon": round(d.lon, 4),
                    "tip": _force_lines(d, film, w),
                },
            )
            for d in frame.forces
        )
        out_frames.append(
            {
                "date": frame.date.isoformat(),
                "label": w.date(frame.date),
                "title": title,
                "description": description,
                "caption_lang": caption_lang,
                "alt": told.alt,
                "sources": [urls.add(u, lambda u=u: u) for u in told.sources],
                "km": round(km),
                # As the stills write it (Babel): the page needs no Intl, whose first use
                # costs a phone tens of milliseconds before the map shows.
                "km_text": w.number(km),
                "km_note": km_note,
                "shown": sorted(shown),
                "border": line_ids,
                "forces": force_ids,
            }
        )
    return {
        "scale": SCALE,
        "view": film.view,
        "notes": [w(n) for n in notes(film)],
        "border_label": (
            w("{org}–Russia land border", org=w.data(film.name)) if film.border else None
        ),
        "categories": [
            {
                "key": c.key,
                "label": c.text(w),
                "fill": c.fill,
                "hatch": c.hatch,
                "outline": c.outline,
            }
            for c in legend
        ],
        "shapes": shapes.values,
        "lines": lines.values,
        "styles": styles.values,
        "sources": urls.values,
        "frames": out_frames,
        "forces": forces.values,
        "force_kinds": _force_kinds(forces.values, w),
    }


def _force_kinds(shown: list[dict[str, Any]], w: Words) -> list[dict[str, str]]:
    """The legend of the forces layer: the kinds the film shows, with their symbol."""
    from natomap.deployments import KINDS
    from natomap.render.style import FORCE_COLOURS, FORCE_SYMBOLS

    present = {(f["kind"], f["side"]) for f in shown}
    return [
        {
            "key": kind,
            "label": w(label),
            "path": FORCE_SYMBOLS[kind][0],
            "fill": FORCE_COLOURS[side],
        }
        for kind, label in KINDS.items()
        for side in ("nato", "russia")
        if (kind, side) in present
    ]

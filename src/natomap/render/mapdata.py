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
from natomap.dates import long_date
from natomap.film import Film, Frame
from natomap.memberships import MEMBER
from natomap.render.style import categories, notes

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


def status_lines(frame: Frame, row: Any) -> list[str]:
    """Tooltip lines for one territory on one frame: who holds or claims it, and its status
    in the film's organisation (with the table's notes on a user's own table)."""
    film = frame.film
    day = frame.date
    names = frame.film.geodata
    lines = []
    if row.held_by != row.sovereign:
        holder = row.holder or names.name_of(row.held_by, day)
        de_jure = names.name_of(row.sovereign, day)
        since = ""
        if row.held_since and not row.approximate:
            since = f" since {long_date(row.held_since)}"
        lines.append(f"Held by {holder}{since}; not recognised, de jure {de_jure}")
        if row.approximate:
            lines.append("Approximate outline, drawn at dated snapshots (see Sources)")
    claimed = [c for c in (row.claimed_by or "").split(";") if c and c != row.sovereign]
    if claimed:
        who = ", ".join(names.name_of(c, day) for c in claimed)
        since = f" since {long_date(row.claimed_since)}" if row.claimed_since else ""
        held = (
            "" if row.held_by != row.sovereign else f", held by {names.name_of(row.held_by, day)}"
        )
        lines.append(f"Claimed by {who}{since}{held}")
    org = film.name
    blocs = [b for b in film.organisation.blocs if b in film.table.orgs()]
    if row.status in MEMBER:
        since = long_date(row.joined)
        waves = bool(film.organisation.waves)
        lines.append(f"{org} member since {since}" if waves else f"Member of {org} since {since}")
    else:
        for bloc in blocs:
            if getattr(row, f"{bloc.replace('-', '_')}_status") in MEMBER:
                lines.append(f"{film.table.organisation(bloc).name} member")
        if row.status == "former member":
            lines.append(f"Former member of {org} (joined {long_date(row.joined)})")
        elif row.status in ("aspirant", "partner"):
            lines.append(
                f"{org} {row.status}"
                if film.organisation.waves
                else f"{row.status.capitalize()} of {org}"
            )
        if row.joined and row.joined > day:
            lines.append(f"Joins {org} on {long_date(row.joined)}")
        elif row.status == "none" and not any(
            getattr(row, f"{b.replace('-', '_')}_status") in MEMBER for b in blocs
        ):
            lines.append(f"Not in {org}")
    if not film.organisation.events:
        lines += film.table.notes(film.key, row.sovereign, day)
    if row.name != row.current_name:
        lines.append(f"Today: {row.current_name}")
    return lines


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


def _force_lines(d: Any, film: Film) -> list[str]:
    """Tooltip lines for one deployment: what, who leads it, since when, troops, source."""
    from natomap.deployments import KINDS

    lines = [KINDS[d.kind] + (f", led by {d.lead}" if d.lead else "")]
    lines.append(
        f"{d.place}: since {long_date(d.start)}" + (f", until {long_date(d.end)}" if d.end else "")
    )
    if d.troops:
        lines.append(f"About {d.troops:,} troops (figure of {long_date(d.troops_date)})")
    lines.append(f"Source: {film.geodata.source_title(d.source)}")
    return lines


def map_data(film: Film) -> dict[str, Any]:
    """Everything the player draws, as plain JSON-ready values.

    Keys: ``scale`` (coordinate divisor), ``view``, ``categories`` (the legend), ``notes``
    (lines under the legend), ``border_label`` (the border line's legend entry and caption,
    or None when the map has none), ``shapes`` (distinct territories: code, name, polygons of
    delta-encoded rings), ``lines`` (distinct border lines with Russia), ``styles``
    ([category index, tooltip status, 1 if Russia holds it, so outlined]) and ``frames``
    (date, caption, alt text, border length, the shapes shown with their style, the lines).
    """
    return film.geodata.memo(
        ("map_data", film.table, film.key, film.view, film.border), lambda: _map_data(film)
    )


def _map_data(film: Film) -> dict[str, Any]:
    atlas = Atlas.of(film.geodata, "50m")
    legend = categories(film)
    category_index = {c.key: i for i, c in enumerate(legend)}
    names, simple = simplified_atoms(atlas)
    position = {n: i for i, n in enumerate(names)}
    shapes, lines, styles, forces = _Registry(), _Registry(), _Registry(), _Registry()
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
                    "name": row.name,
                    "polygons": _encode_polygons(unions[ids]),
                },
            )
            text = "\n".join(status_lines(frame, row))
            style = (category_index[row.category], text, int(bool(row.russia_held)))
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
                km, km_note = official, "official lengths, CIA World Factbook"
            else:
                km, km_note = measured, "measured at 1:50m"
        told = frame.story
        force_ids = sorted(
            forces.add(
                d.id,
                lambda d=d: {
                    "name": d.name,
                    "side": d.side,
                    "kind": d.kind,
                    "lat": round(d.lat, 4),
                    "lon": round(d.lon, 4),
                    "tip": _force_lines(d, film),
                },
            )
            for d in frame.forces
        )
        out_frames.append(
            {
                "date": frame.date.isoformat(),
                "label": long_date(frame.date),
                "title": told.title,
                "description": told.description,
                "alt": told.alt,
                "km": round(km),
                "km_note": km_note,
                "shown": sorted(shown),
                "border": line_ids,
                "forces": force_ids,
            }
        )
    return {
        "scale": SCALE,
        "view": film.view,
        "notes": notes(film),
        "border_label": f"{film.name}–Russia land border" if film.border else None,
        "categories": [
            {"key": c.key, "label": c.label, "fill": c.fill, "hatch": c.hatch, "outline": c.outline}
            for c in legend
        ],
        "shapes": shapes.values,
        "lines": lines.values,
        "styles": styles.values,
        "frames": out_frames,
        "forces": forces.values,
        "force_kinds": _force_kinds(forces.values),
    }


def _force_kinds(shown: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The legend of the forces layer: the kinds the film shows, with their symbol."""
    from natomap.deployments import KINDS
    from natomap.render.style import FORCE_COLOURS, FORCE_SYMBOLS

    present = {(f["kind"], f["side"]) for f in shown}
    return [
        {"key": kind, "label": label, "path": FORCE_SYMBOLS[kind][0], "fill": FORCE_COLOURS[side]}
        for kind, label in KINDS.items()
        for side in ("nato", "russia")
        if (kind, side) in present
    ]

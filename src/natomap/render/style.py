"""The palette: every colour and legend entry natomap draws, for every renderer.

The HTML map, the stills, the panels, the GIF and the charts must tell the same story in the
same colours, so the categories and every colour of the map (sea, outlines, hatching, the
border line) live here once. The palette is Okabe-Ito based, readable with the common forms
of colour blindness; territory held without recognition is hatched as well as coloured, and
claimed territory outlined, so neither relies on colour alone.

NATO's map is coloured by accession wave, against the Warsaw Pact and the USSR/Russia. Any
other organisation (a user's table, or the bundled Warsaw Pact) is coloured by membership
only: members, former members, aspirants and partners (when the table has them) and other
countries; Russia gets no colour of its own there, since it may be a member (the CSTO).
"""

from __future__ import annotations

from dataclasses import dataclass

from natomap.film import Film
from natomap.words import Words

__all__ = [
    "BORDER",
    "BORDER_CASING",
    "CLAIMED_LINE",
    "EDGE",
    "HATCH",
    "INK",
    "RUSSIA_OUTLINE",
    "SEA",
    "YEAR_NOTE",
    "Category",
    "categories",
    "notes",
]


@dataclass(frozen=True)
class Category:
    """A legend entry: what the map means by a fill. ``template`` and ``org`` say how the
    label was made ("Members of {org}"), so another language can make it again."""

    key: str
    label: str
    fill: str
    hatch: bool = False
    outline: bool = False
    template: str = ""
    org: str = ""

    def text(self, w: Words) -> str:
        """The label in the language of ``w``."""
        if self.template:
            return w(self.template, org=w.data(self.org))
        return w(self.label)


SEA = "#D4E4F1"
"""The sea, behind every map."""
EDGE = "#FFFFFF"
"""The thin outline between territories."""
HATCH = "#B34700"
"""The hatch lines over territory held without recognition: a darker Russia orange."""
RUSSIA_OUTLINE = "#3B0F00"
"""The outline of the USSR / Russia, drawn over its neighbours' edges."""
BORDER = "#111111"
"""The land border between the organisation's members and Russia."""
BORDER_CASING = "#FFFFFF"
"""The casing under the border line, so it stands out on every fill."""
CLAIMED_LINE = "#8A1C00"
"""The dashed outline of territory Russia claims but does not hold."""
INK = "#222222"
"""Text."""
MUTED = "#555555"
"""Credits and notes."""

YEAR_NOTE = "Dates given as a year are shown from 1 January"

FORCE_COLOURS = {"nato": "#0B2545", "russia": "#7A1F00"}
"""Deployments: NATO's in a dark navy, Russia's in a dark red-brown, both outlined in white."""
FORCE_SYMBOLS = {
    # kind: (SVG path in a 16 x 16 box, matplotlib marker): a shape per kind, so the symbols
    # read without colour.
    "nfiu": ("M3 3H13V13H3Z", "s"),
    "efp": ("M8 1.5L14.5 14H1.5Z", "^"),
    "missile-defence": ("M8 1L15 8L8 15L1 8Z", "D"),
    "us-deployment": ("M8 1L9.8 6H15L10.8 9.2L12.4 14.5L8 11.3L3.6 14.5L5.2 9.2L1 6H6.2Z", "*"),
    "russian-base": ("M8 2A6 6 0 1 1 7.99 2Z", "o"),
    "russian-forces": (
        "M2.5 5L5 2.5L8 5.5L11 2.5L13.5 5L10.5 8L13.5 11L11 13.5L8 10.5L5 13.5L2.5 11L5.5 8Z",
        "X",
    ),
}
FORCES_NOTE = "Forces: town points, not exact bases; dates and sources in each symbol's tooltip"

_WAVE_FILLS = ["#1B4F8A", "#3F88C5", "#56B4E9", "#009E73", "#7FC6B0", "#9DB9D6"]
_BLOC_FILLS = {"warsaw-pact": "#E69F00", "csto": "#F2C57C"}
_BLOC_FALLBACK = "#E6B35C"
_RUSSIA = Category("russia", "USSR / Russia", "#D55E00")
_HELD = Category("held", "Held by Russia or its proxies, not recognised", "#F4B183", hatch=True)
_CLAIMED = Category("claimed", "Claimed by Russia, held by Ukraine", "#E8E2D6", outline=True)
_OTHER = Category("other", "Other countries", "#D9D9D9")
# Members in the darkest blue of the NATO palette, former members in its palest, so a user's
# map reads like natomap's own.
_GENERIC = {
    "member": ("Members of {org}", "#1B4F8A"),
    "former": ("Former members of {org}", "#9DB9D6"),
    "aspirant": ("Aspirants to {org}", "#F0E442"),
    "partner": ("Partners of {org}", "#CC79A7"),
}


def categories(film: Film) -> list[Category]:
    """The legend of ``film``'s map, in the order the legend lists it."""
    return film.geodata.memo(("categories", film.table, film.key), lambda: _categories(film))


def _categories(film: Film) -> list[Category]:
    o = film.organisation
    out: list[Category] = []
    if o.waves:
        out += [
            Category(w.key, w.label, _WAVE_FILLS[i % len(_WAVE_FILLS)])
            for i, w in enumerate(o.waves)
        ]
    else:
        rows = film.table.rows_of(o.key)
        wanted = {"member"} | {m.status for m in rows}
        if _anyone_left(rows):
            wanted.add("former")
        out += [
            Category(key, label.format(org=o.name), fill, template=label, org=o.name)
            for key, (label, fill) in _GENERIC.items()
            if key in wanted
        ]
    names = {org.key: org for org in film.table.organisations}
    for bloc in o.blocs:
        if bloc in names:
            out.append(
                Category(bloc, names[bloc].bloc_label, _BLOC_FILLS.get(bloc, _BLOC_FALLBACK))
            )
    if o.blocs:
        out.append(_RUSSIA)
    out += [_HELD, _CLAIMED]
    if o.waves:
        out.append(
            Category(
                "aspirant", f"{o.name} aspirants", "#F0E442", template="{org} aspirants", org=o.name
            )
        )
    out.append(_OTHER)
    return out


def _anyone_left(rows: tuple) -> bool:
    """Whether some country left for good (not to rejoin the same day)."""
    members = [m for m in rows if m.status == "member"]
    rejoined = {(m.code, m.joined) for m in members}
    return any(m.left and (m.code, m.left) not in rejoined for m in members)


APPROXIMATE_NOTE = (
    "Lines held since 2014 in the Donbas and since 2022 are approximate: drawn at dated "
    "snapshots, within about 10–30 km (see Sources)"
)
APPROXIMATE_SHORT = "Lines held since 2014 are approximate (within 10–30 km)"


def notes(film: Film, short: bool = False) -> list[str]:
    """Lines a legend adds under its entries: how bare-year dates are drawn, and that some
    lines of control are approximate (when the film shows any); ``short`` for a still too
    narrow for the long forms."""
    out = [YEAR_NOTE] if film.table.year_only else []
    first = film.dates[0]
    if any(
        t.approximate and (t.valid_to is None or t.valid_to > first)
        for t in film.geodata.territories()
    ):
        out.append(APPROXIMATE_SHORT if short else APPROXIMATE_NOTE)
    return out


def fills(film: Film) -> dict[str, str]:
    """Category key -> fill colour."""
    return {c.key: c.fill for c in categories(film)}

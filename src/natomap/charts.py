"""The measurements over time as a chart, and the files ``natomap build`` writes for them.

Two panels share the time axis: the NATO–Russia land border (official length, with the
1:10m measurement dashed beside it) and the distance from Moscow and Saint Petersburg to the
nearest NATO territory. Each accession is a vertical line in the colour its wave has on the
maps, so the chart and the maps read the same way.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure

from natomap._io import write_atomic
from natomap.film import Film
from natomap.measure import RESOLUTION, places
from natomap.outputs import Outputs
from natomap.render import style
from natomap.render.style import fills

__all__ = ["chart_png", "stats_csv", "write_stats"]

_INK = style.INK


def stats_csv(table: pd.DataFrame) -> str:
    """The table as CSV text (ISO dates, ``\\n`` line ends), the same bytes on every run."""
    return table.to_csv(index=False, lineterminator="\n")


def _accessions(table: pd.DataFrame, film: Film) -> list[tuple[pd.Timestamp, str]]:
    """(date, fill colour) for each date on which the organisation gains members: the
    colour its new members have on the maps."""
    colours = fills(film)
    out = []
    members = table[f"{film.key}_members"]
    grew = members.diff().fillna(0) > 0
    for day in table.date[grew]:
        frame = film.frame(day.date())
        t = frame.territories
        joined = t[t.joined == day.date()]
        key = joined.category.iloc[0] if len(joined) else "other"
        out.append((pd.Timestamp(day), colours.get(key, _INK)))
    return out


def chart_png(table: pd.DataFrame, film: Film) -> bytes:
    """A PNG of border length and distance to Moscow over time; deterministic bytes."""
    dates = pd.to_datetime(table.date)
    # A bare Figure, not pyplot: no global state, no GUI backend, safe in a build worker.
    fig = Figure(figsize=(10, 7.5), dpi=100)
    top, bottom = fig.subplots(2, 1, sharex=True)
    top.step(dates, table.border_official_km, where="post", color=_INK, lw=2.2)
    top.step(dates, table.border_measured_10m_km, where="post", color=_INK, lw=1.2, ls=(0, (4, 3)))
    top.set_ylabel("km of land border")
    top.set_title(
        "NATO–Russia land border (the USSR's, until it dissolved)",
        loc="left",
        fontsize=12,
        color=_INK,
    )
    top.legend(
        ["official length (CIA World Factbook)", f"measured on Natural Earth 1:{RESOLUTION}"],
        loc="upper left",
        bbox_to_anchor=(0.17, 0.9),
        facecolor="white",
        edgecolor="none",
        framealpha=1,
    )
    styles = ["-", (0, (1, 2)), "--", "-."]
    for i, place in enumerate(places(film.geodata)):
        bottom.step(
            dates,
            table[f"{place.key}_to_{film.key}_km"],
            where="post",
            color=_INK,
            lw=2.2 if i == 0 else 1.4,
            ls=styles[i % len(styles)],
            label=place.name,
        )
    bottom.set_ylabel("km to nearest NATO territory")
    bottom.set_title(
        "Great-circle distance to the nearest NATO member's territory",
        loc="left",
        fontsize=12,
        color=_INK,
    )
    bottom.legend(loc="lower left", facecolor="white", edgecolor="none", framealpha=1)
    top.set_ylim(0, table.border_official_km.max() * 1.2)
    accessions = _accessions(table, film)
    for axis in (top, bottom):
        axis.set_ylim(bottom=0)
        axis.grid(axis="y", color="#dddddd", lw=0.8)
        axis.spines[["top", "right"]].set_visible(False)
        for day, fill in accessions:
            axis.axvline(day, color=fill, lw=2, alpha=0.9, zorder=0)
    previous = None
    for day, _ in accessions:
        # Accessions a few months apart (2023, 2024) get their labels on either side.
        close = previous is not None and (day - previous).days < 730
        top.annotate(
            str(day.year),
            (day, 1),
            xycoords=("data", "axes fraction"),
            rotation=90,
            fontsize=8,
            ha="left" if close else "right",
            va="top",
            color=_INK,
        )
        previous = day
    bottom.xaxis.set_major_locator(mdates.YearLocator(10))
    bottom.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    fig.text(
        0.01,
        0.01,
        "Vertical lines: accessions, coloured by wave as on the maps. Sources: natomap geodata "
        "(CIA World Factbook; Natural Earth 4.1.0).",
        fontsize=8,
        color="#555555",
    )
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    buffer = io.BytesIO()
    # No Software/date chunks, so the same table gives the same bytes.
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def write_stats(outputs: Outputs, table: pd.DataFrame, film: Film) -> list[Path]:
    """Write ``stats.csv`` and ``stats.png``; returns their paths.

    The chart tells NATO's approach to Russia in official border lengths; an organisation
    without official lengths (a user's own table) gets its CSV only.
    """
    written = [write_atomic(outputs.stats_csv, stats_csv(table))]
    if film.organisation.official_borders:
        written.append(write_atomic(outputs.stats_png, chart_png(table, film)))
    return written

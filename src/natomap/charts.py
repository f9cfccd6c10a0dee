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
from natomap.atlas import atlas
from natomap.render.style import categories, classify
from natomap.stats import RESOLUTION, places

__all__ = ["chart_png", "stats_csv", "write_stats"]

_INK = "#222222"


def stats_csv(table: pd.DataFrame) -> str:
    """The table as CSV text (ISO dates, ``\\n`` line ends), the same bytes on every run."""
    return table.to_csv(index=False, lineterminator="\n")


def _accessions(table: pd.DataFrame) -> list[tuple[pd.Timestamp, str]]:
    """(date, fill colour) for each date on which NATO gains members."""
    fills = {c.key: c.fill for c in categories()}
    out = []
    grew = table.nato_members.diff().fillna(0) > 0
    for day in table.date[grew]:
        frame = atlas(day, RESOLUTION)
        joined = frame.nato_joined == day
        keys = classify(frame[joined]) if joined.any() else pd.Series(["other"])
        out.append((pd.Timestamp(day), fills.get(keys.iloc[0], _INK)))
    return out


def chart_png(table: pd.DataFrame) -> bytes:
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
    for i, place in enumerate(places()):
        bottom.step(
            dates,
            table[f"{place.key}_to_nato_km"],
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
    for axis in (top, bottom):
        axis.set_ylim(bottom=0)
        axis.grid(axis="y", color="#dddddd", lw=0.8)
        axis.spines[["top", "right"]].set_visible(False)
        for day, fill in _accessions(table):
            axis.axvline(day, color=fill, lw=2, alpha=0.9, zorder=0)
    previous = None
    for day, _ in _accessions(table):
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


def write_stats(out: Path, table: pd.DataFrame) -> list[Path]:
    """Write ``stats.csv`` and ``stats.png`` into ``out``; returns their paths.

    The chart tells NATO's approach to Russia in official border lengths; another
    organisation's table (``stats(org=...)``) has no official lengths, so only its CSV is
    written.
    """
    if "border_official_km" not in table.columns:
        return [write_atomic(out / "stats.csv", stats_csv(table))]
    return [
        write_atomic(out / "stats.csv", stats_csv(table)),
        write_atomic(out / "stats.png", chart_png(table)),
    ]

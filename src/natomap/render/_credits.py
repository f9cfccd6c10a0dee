"""The credits under a still: what the legend needs said, and where the facts come from.

A still travels without its page, so it carries its sources. A map of natomap's own tables
credits the sites its rows cite most; a map of a user's table credits the sites that table
cites for its memberships (natomap's geodata only for the territories), so an EU map never
says its facts come from NATO. Each credit has a long form and a short one, for a still too
narrow to give the long one room.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from urllib.parse import urlparse

from natomap.film import Film
from natomap.memberships import bundled_table
from natomap.render._layout import NBSP
from natomap.render.style import notes
from natomap.words import Words, words

__all__ = ["credits"]


def credits(film: Film, short: bool = False, lang: str = "en") -> list[str]:
    """The credit lines of ``film``'s stills, unwrapped: the legend's notes (bare-year
    dates, approximate lines), then the sources, the borders and natomap, in ``lang``."""
    return film.geodata.memo(
        ("credits", film.table, film.key, short, lang), lambda: _credits(film, short, words(lang))
    )


def _credits(film: Film, short: bool, w: Words) -> list[str]:
    shown = 1 if short else 4
    if film.table == bundled_table(film.geodata):
        facts = w("Facts: {sites}", sites=_cited((c.source for c in film.changes), shown, w))
        if not short:
            facts += " " + w("(each row of natomap's geodata names its source)")
        parts = [facts]
    else:
        own = (c.source for c in film.changes if c.org)
        parts = [w("Memberships: {sites}", sites=_cited(own, shown, w))]
        if not short:
            parts.append(w("Territories: natomap's geodata"))
    parts += (
        [w("Borders: Natural Earth")] if short else [w("Borders: Natural Earth (public domain)")]
    )
    parts.append("natomap" if short else w("Made with natomap"))
    # A part breaks across lines only where it must, never right after its label.
    kept = [part.replace(" ", NBSP) if len(part) < 40 else part for part in parts]
    return [*(w(n) for n in notes(film, short=short)), " · ".join(kept)]


def _cited(urls: Iterable[str], shown: int, w: Words) -> str:
    """The ``shown`` sites cited most (ties in name order), and how many more there are."""
    sites = Counter(urlparse(url).netloc.removeprefix("www.") for url in urls)
    ranked = sorted(sites, key=lambda site: (-sites[site], site))
    top, more = ranked[:shown], len(ranked) - shown
    if more <= 0:
        return ", ".join(top)
    more_sites = w.count(more, "{count} more site", "{count} more sites")
    return w("{sites} and {more}", sites=", ".join(top), more=more_sites)

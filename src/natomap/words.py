"""The words of a map in its reader's language: the interface, dates, numbers and places.

natomap writes its maps in English, French, German, Spanish, Polish, Ukrainian, Russian and
Japanese (``--lang``). Its own words (the legend, tooltips, buttons, titles) come from the
catalogue ``locales/messages.csv``, one row per English text with its translations; dates and
numbers from Unicode CLDR through Babel; country names from CLDR's short names (what readers
call a country: "Russland", not pycountry's ISO "Russische Föderation"), with pycountry
mapping natomap's ISO alpha-3 codes to CLDR's alpha-2 ones, and natomap's own places
(Crimea, Transnistria, the USSR) from the catalogue.

Captions (what happened on each date) and sources stay in English: they are facts quoted
from the data, which is English. A page in another language says so.

A text the catalogue lacks stays English and is recorded in :data:`MISSING`, so the tests
can require that every word of the bundled maps has its translation.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from functools import cache
from importlib import resources
from typing import Any

from natomap.dates import long_date
from natomap.errors import OptionError

__all__ = ["LANGUAGES", "MISSING", "Words", "words"]

LANGUAGES = {
    "en": "English",
    "fr": "Français",
    "de": "Deutsch",
    "es": "Español",
    "pl": "Polski",
    "uk": "Українська",
    "ru": "Русский",
    "ja": "日本語",
}
"""The languages natomap writes, by BCP 47 code, with their own names."""

MISSING: set[tuple[str, str]] = set()
"""(language, English text) pairs asked for and not in the catalogue."""

# natomap's codes that are not ISO 3166-1 alpha-3, or whose CLDR code differs.
_CLDR_CODES = {"XKX": "XK"}


@cache
def _catalogue() -> dict[str, dict[str, str]]:
    text = resources.files("natomap").joinpath("locales/messages.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    return {row["en"]: {k: v for k, v in row.items() if k != "en" and v} for row in rows}


class Words:
    """The texts of one language. ``words("de")("Legend")`` is "Legende"; placeholders in
    braces are filled after translation: ``w("Joins {org} on {date}", org=..., date=...)``.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __repr__(self) -> str:
        return f"<Words {self.lang}>"

    def __call__(self, text: str, **values: Any) -> str:
        """``text`` (natomap's own English words) in this language."""
        found = self._translate(text, record=True)
        return found.format(**values) if values else found

    def data(self, text: str) -> str:
        """A text from the data (an organisation's or a holder's name): translated when the
        catalogue knows it, else as the data has it."""
        return self._translate(text, record=False)

    def _translate(self, text: str, record: bool) -> str:
        if self.lang == "en" or not text:
            return text
        found = _catalogue().get(text, {}).get(self.lang)
        if found is None:
            if record:
                MISSING.add((self.lang, text))
            return text
        return found

    def count(self, count: int, one: str, other: str) -> str:
        """``count`` with its noun in the right plural form: ``one`` and ``other`` are the
        English forms ("{count} member", "{count} members"); other languages take the form
        of CLDR's plural category of ``count`` (Polish and Russian have three) from the
        catalogue, as "{count} members [few]"."""
        number = self.number(count)
        if self.lang == "en":
            return (one if count == 1 else other).format(count=number)
        from babel import Locale

        category = Locale.parse(self.lang).plural_form(count)
        table = _catalogue()
        text = table.get(f"{other} [{category}]", {}).get(self.lang)
        if text is None:
            text = table.get(f"{other} [other]", {}).get(self.lang)
        if text is None:
            MISSING.add((self.lang, f"{other} [{category}]"))
            text = one if count == 1 else other
        return text.format(count=number)

    def date(self, day: dt.date) -> str:
        """A day as this language writes it in full: "24 August 1949", "24. August 1949",
        "1949年8月24日"."""
        if self.lang == "en":
            return long_date(day)
        from babel.dates import format_date

        return format_date(day, format="long", locale=self.lang)

    def number(self, value: float) -> str:
        """A whole number with this language's grouping: "2,166", "2.166", "2 166"."""
        if self.lang == "en":
            return f"{round(value):,}"
        from babel.numbers import format_decimal

        return format_decimal(round(value), locale=self.lang)

    def place(self, code: str, english: str) -> str:
        """The name of territory ``code`` (``english`` as natomap's data writes it on the
        day): the catalogue's for natomap's own places and names of their time ("West
        Germany", "Crimea"), else CLDR's name of the country."""
        if self.lang == "en":
            return english
        own = _catalogue().get(english, {}).get(self.lang)
        if own is not None:
            return own
        name = _cldr_name(self.lang, code)
        return name if name is not None else self(english)


@cache
def _cldr_name(lang: str, code: str) -> str | None:
    import pycountry
    from babel import Locale

    alpha2 = _CLDR_CODES.get(code)
    if alpha2 is None:
        country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
        if country is None:
            return None
        alpha2 = country.alpha_2
    return Locale.parse(lang).territories.get(alpha2)


@cache
def words(lang: str = "en") -> Words:
    """The words of ``lang`` (one of :data:`LANGUAGES`); OptionError for another."""
    if lang not in LANGUAGES:
        raise OptionError(
            f"--lang: natomap does not write '{lang[:20]}'; choose one of "
            + ", ".join(f"{code} ({name})" for code, name in LANGUAGES.items())
        )
    return Words(lang)

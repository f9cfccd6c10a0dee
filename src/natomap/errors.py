"""What can go wrong, sorted by whose fault it is.

A user who mistypes a date, an option or a row of a table needs one line that says where and
what (exit status 2); a machine that cannot write a file needs the path and what to do (exit
status 1); anything else is a bug in natomap and keeps its traceback, so that it gets reported
rather than mistaken for the user's mistake.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "DataError",
    "DateError",
    "GeodataError",
    "NatomapError",
    "OptionError",
    "OutputError",
    "UserError",
]


class NatomapError(Exception):
    """A failure natomap can explain in one line; ``exit_code`` is what the command returns."""

    exit_code = 1


class UserError(NatomapError, ValueError):
    """The user's input is wrong: a table, an option, a date. Exit status 2.

    A ``ValueError`` too, so code written against earlier versions (``except ValueError``)
    keeps working.
    """

    exit_code = 2


class OptionError(UserError):
    """An option or argument natomap cannot use: an unknown organisation, region, format..."""


class DateError(UserError):
    """A day that is not a date, or outside the span natomap maps."""


class DataError(UserError):
    """A fact table is malformed; says where (file, line, field) and what was expected."""

    def __init__(self, path: Path | str, line: int | None, field: str | None, message: str):
        # Text from a table is shown as text: no escape sequences reach the terminal, and the
        # message stays one line.
        message = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in message)
        field = None if field is None else "".join(c if c.isprintable() else "?" for c in field)
        self.path, self.line, self.field, self.message = Path(path), line, field, message
        where = (
            str(path) + (f", line {line}" if line else "") + (f", field '{field}'" if field else "")
        )
        super().__init__(f"{where}: {message}")


class GeodataError(NatomapError):
    """natomap's own facts folder (``geodata/`` or ``$NATOMAP_GEODATA``) is missing, broken or
    does not match its manifest: not the user's table's fault."""


class OutputError(NatomapError, OSError):
    """An output cannot be written (a missing or read-only folder, a full disk)."""

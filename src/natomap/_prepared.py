"""The atlas's prepared geometry, kept on disk so that a process does not prepare it again.

Reading world-atlas's TopoJSON and repairing it (the antimeridian, Crimea, the two Germanys,
the regions of Russia's side) takes seconds at 1:10m, and every process paid it: a notebook's
first ``stats()``, each ``natomap`` command, a worker that is not forked. The result depends
only on a few files of the geodata folder and on the code that prepares it, so it is written
once to a cache file named by the hash of both and read back by every later process.

The cache is a convenience, never a source of truth:

- its key is the sha256 of the input files (checked against the manifest as every read is),
  natomap's version, the source of the modules that prepare the geometry and the GEOS,
  shapely and antimeridian versions, so a changed geodata folder or a new natomap misses;
- a file carries the sha256 of its own content and its key, and is rebuilt when either does
  not match (a truncated or damaged file is never used);
- it holds no pickle: names and numbers as JSON, geometry as WKB, so reading it runs no code;
- it is written to a temporary file and renamed into place, so readers never see half a
  file; a cache folder that cannot be written (read-only, full) only means no cache.

``$NATOMAP_CACHE`` names the folder (default: the user's cache folder, ``~/.cache/natomap``
on Linux); ``NATOMAP_CACHE=off`` turns the cache off.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import numpy as np
import shapely

__all__ = ["ENV", "Prepared", "cache_dir", "cached"]

ENV = "NATOMAP_CACHE"
FORMAT = 1
_MAGIC = b"natomap-prepared\n"
_OFF = ("off", "0", "no", "false", "none")
_KEEP = 6  # cache files kept per resolution (other geodata copies, earlier versions)
# The modules whose code decides what the prepared geometry is.
_CODE = ("atlas.py", "_prepared.py", "_topology.py")


@dataclass(frozen=True)
class Prepared:
    """What the atlas derives from its geodata before any date is asked for.

    ``features``: (code, name, sovereign) of each non-empty feature, in file order;
    ``atoms``: (atom id, piece, regions) and geometry; ``touching``: atom id to the atoms
    whose outline meets its own; ``topological``: the atoms made of world-atlas's own arcs
    (not cut by an authored line); ``lines``: the land border of each pair of touching atoms
    (sorted ids) that have one: the arcs both use where both are topological, else where
    their outlines coincide.
    """

    features: tuple[tuple[str, str, str], ...]
    atoms: tuple[tuple[str, str, tuple[str, ...], shapely.Geometry], ...]
    touching: dict[str, tuple[str, ...]]
    topological: frozenset[str]
    lines: dict[tuple[str, str], shapely.Geometry]


def cache_dir() -> Path | None:
    """The folder of cache files: ``$NATOMAP_CACHE``, else the user's cache folder; None when
    the cache is off."""
    value = os.environ.get(ENV)
    if value is not None:
        if value.strip().lower() in _OFF or not value.strip():
            return None
        return Path(value).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("natomap", appauthor=False))


def _versions() -> str:
    try:
        natomap = metadata.version("natomap")
    except metadata.PackageNotFoundError:
        natomap = "unknown"
    try:
        fixer = metadata.version("antimeridian")
    except metadata.PackageNotFoundError:
        fixer = "unknown"
    code = hashlib.sha256()
    for name in _CODE:  # read as resources: an installed wheel may be zipped
        code.update(name.encode() + b"\0" + resources.files("natomap").joinpath(name).read_bytes())
    return (
        f"format {FORMAT}; natomap {natomap}; code {code.hexdigest()}; "
        f"shapely {shapely.__version__}; geos {shapely.geos_version_string}; "
        f"antimeridian {fixer}; numpy {np.__version__}"
    )


def cache_key(inputs: dict[str, str], resolution: str) -> str:
    """The sha256 that names a cache file: the inputs' hashes (file name to sha256), the
    resolution and everything in the code that shapes the result."""
    text = json.dumps(
        {"inputs": inputs, "resolution": resolution, "versions": _versions()}, sort_keys=True
    )
    return hashlib.sha256(text.encode()).hexdigest()


def cached(inputs: dict[str, str], resolution: str, prepare: Callable[[], Prepared]) -> Prepared:
    """The prepared geometry of these inputs: read from the cache if a sound file is there,
    else ``prepare()``d and written for the next process."""
    folder = cache_dir()
    if folder is None:
        return prepare()
    key = cache_key(inputs, resolution)
    path = folder / f"atlas-{resolution}-{key[:24]}.bin"
    found = _read(path, key)
    if found is not None:
        return found
    prepared = prepare()
    _write(path, key, prepared)
    return prepared


# --- the file ------------------------------------------------------------------------------
# _MAGIC, sha256 of the rest (32 bytes), header length (8 bytes, little-endian), the header
# (JSON: key, names, offsets), then every geometry's WKB one after the other.


def _encode(key: str, prepared: Prepared) -> bytes:
    blobs: list[bytes] = []

    def put(geom: shapely.Geometry) -> int:
        blobs.append(shapely.to_wkb(geom, output_dimension=2, byte_order=1))
        return len(blobs) - 1

    header: dict[str, Any] = {
        "key": key,
        "features": [list(f) for f in prepared.features],
        "atoms": [[i, p, list(r), put(g)] for i, p, r, g in prepared.atoms],
        "touching": {k: list(v) for k, v in prepared.touching.items()},
        "topological": sorted(prepared.topological),
        "lines": [[a, b, put(g)] for (a, b), g in prepared.lines.items()],
        "sizes": [],
    }
    header["sizes"] = [len(b) for b in blobs]
    head = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode()
    body = struct.pack("<Q", len(head)) + head + b"".join(blobs)
    return _MAGIC + hashlib.sha256(body).digest() + body


def _decode(data: bytes, key: str) -> Prepared | None:
    if not data.startswith(_MAGIC):
        return None
    start = len(_MAGIC)
    digest, body = data[start : start + 32], data[start + 32 :]
    if len(body) < 8 or hashlib.sha256(body).digest() != digest:
        return None
    (length,) = struct.unpack("<Q", body[:8])
    header: dict[str, Any] = json.loads(body[8 : 8 + length])
    if header.get("key") != key:
        return None
    blob = memoryview(body)[8 + length :]
    ends = np.cumsum(header["sizes"])
    if ends.size and ends[-1] != len(blob):
        return None
    starts = ends - np.asarray(header["sizes"])
    wkb = np.array([bytes(blob[s:e]) for s, e in zip(starts, ends, strict=True)], dtype=object)
    geoms = shapely.from_wkb(wkb) if len(wkb) else np.array([], dtype=object)
    return Prepared(
        features=tuple((c, n, s) for c, n, s in header["features"]),
        atoms=tuple((i, p, tuple(r), geoms[g]) for i, p, r, g in header["atoms"]),
        touching={k: tuple(v) for k, v in header["touching"].items()},
        topological=frozenset(header["topological"]),
        lines={(a, b): geoms[g] for a, b, g in header["lines"]},
    )


def _read(path: Path, key: str) -> Prepared | None:
    """The cache file's content if it is whole and was made for ``key``, else None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        found = _decode(data, key)
    except (ValueError, LookupError, TypeError, struct.error, shapely.errors.GEOSException):
        return None
    if found is not None:
        try:
            os.utime(path)  # most recently used, kept longest
        except OSError:
            pass
    return found


def _write(path: Path, key: str, prepared: Prepared) -> None:
    """Write the cache file atomically; a folder that cannot be written is no error."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "wb") as out:
            out.write(_encode(key, prepared))
        os.replace(tmp, path)
        tmp = None
        _prune(path)
    except OSError:
        pass
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def _prune(kept: Path) -> None:
    """Remove the least recently used cache files of this resolution beyond ``_KEEP``."""
    prefix = kept.name.rsplit("-", 1)[0]
    files = sorted(
        kept.parent.glob(f"{prefix}-*.bin"), key=lambda p: p.stat().st_mtime, reverse=True
    )
    for old in files[_KEEP:]:
        if old != kept:
            old.unlink(missing_ok=True)

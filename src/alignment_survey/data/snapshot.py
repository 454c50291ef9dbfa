"""The validated dataset saved as Parquet and keyed by the data's content, so a build validates once.

A cold load parses and validates every file, builds the frames, and saves them in the data
folder's hidden ``.snapshot/`` with a manifest: every file's path, size, modification time, inode
and content hash, and the key, one hash over all the content hashes and the loading code
(this subpackage's source and the versions of the libraries that parse and store).

A warm load stats every file. A file whose size, time and inode are those of the manifest keeps
its recorded hash; any other is read and hashed again, so a copy or a fresh checkout of the same
bytes still matches. When the key is the manifest's, the frames are read back: the same bytes were
validated by the same code, so nothing is parsed or validated again. A file changed within a
second before the manifest was written is always hashed again (the file system's clock may not
have moved between two writes). Parquet stores data only: a planted snapshot cannot run code.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from alignment_survey.files import layout
from alignment_survey.files.atomic import write_text_atomic

FORMAT = 1
MANIFEST = "manifest.json"
RACY_NS = 1_000_000_000  # a file this close to the manifest's time may have changed unseen
LIBRARIES = ("pandas", "pyarrow", "pydantic", "PyYAML")
LISTS = b"survey-list-columns"  # Parquet metadata: columns that hold Python lists
Entry = list  # [size, modification time (ns), inode, content hash]


@dataclass(frozen=True)
class Scan:
    """The data folder as it is now, and what the last snapshot recorded of it."""

    folder: Path
    files: dict[str, Entry]
    key: str
    started: int  # ns: when the files were statted
    recorded_key: str | None
    rehashed: bool  # some file's recorded hash could not be trusted and was checked again


def scan(folder: Path) -> Scan:
    """Stat the data folder and hash whatever the manifest cannot vouch for."""
    started = time.time_ns()
    manifest = _manifest(folder)
    known: dict[str, Entry] = manifest.get("files", {})
    trusted_before = manifest.get("scanned", 0) - RACY_NS
    files: dict[str, Entry] = {}
    rehashed = False
    for name, path, stat in _walk(folder, ""):
        signature = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
        recorded = known.get(name)
        if recorded and recorded[:3] == signature and stat.st_mtime_ns < trusted_before:
            files[name] = recorded
            continue
        rehashed = rehashed or recorded is not None
        files[name] = [*signature, _content_hash(path, stat)]
    return Scan(folder, files, _key(files), started, manifest.get("key"), rehashed)


def read(current: Scan, names: tuple[str, ...]) -> dict[str, pd.DataFrame] | None:
    """The frames saved for this content, or ``None`` (no snapshot, another key, unreadable)."""
    if current.recorded_key != current.key:
        return None
    stored = layout.snapshot_dir(current.folder) / current.key
    try:
        frames = {name: _read_frame(stored / f"{name}.parquet") for name in names}
    except (OSError, pa.ArrowException, ValueError):
        return None
    if current.rehashed:  # same content, new times (a copy, a checkout): stat alone next time
        _write_manifest(current)
    return frames


def write(current: Scan, frames: dict[str, pd.DataFrame]) -> None:
    """Save the frames of a validated dataset under its key; best effort (a read-only folder)."""
    folder = layout.snapshot_dir(current.folder)
    target = folder / current.key
    try:
        folder.mkdir(exist_ok=True)
        if not target.is_dir():
            work = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder))
            try:
                for name, frame in frames.items():
                    _write_frame(frame, work / f"{name}.parquet")
                work.rename(target)
            finally:
                shutil.rmtree(work, ignore_errors=True)
        _write_manifest(current)
        for old in folder.iterdir():
            if old.is_dir() and not old.name.startswith(".") and old.name != current.key:
                shutil.rmtree(old, ignore_errors=True)
    except OSError:
        return


def code_version() -> str:
    """What the frames depend on besides the data: this subpackage's code and the libraries."""
    digest = hashlib.sha256(f"{FORMAT} {sys.version_info[:2]}".encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for library in LIBRARIES:
        digest.update(f"{library} {version(library)}".encode())
    return digest.hexdigest()


def _key(files: dict[str, Entry]) -> str:
    digest = hashlib.sha256(code_version().encode())
    for name in sorted(files):
        digest.update(f"\0{name}\0{files[name][3]}".encode())
    return digest.hexdigest()


def _walk(folder: Path, prefix: str) -> Iterator[tuple[str, str, os.stat_result]]:
    """Every entry below ``folder`` except hidden ones, as (relative name, path, stat).

    Links and folders are entries too: validation refuses both among the records, so one that
    appears must change the key.
    """
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        name = prefix + entry.name
        yield name, entry.path, entry.stat(follow_symlinks=False)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path), name + "/")


def _content_hash(path: str, stat: os.stat_result) -> str:
    if os.path.islink(path):
        return "link " + os.readlink(path)
    if not os.path.isfile(path):
        return "folder"
    chunks = []
    fd = os.open(path, os.O_RDONLY)
    try:
        while chunk := os.read(fd, max(stat.st_size, 1 << 16)):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return hashlib.blake2b(b"".join(chunks), digest_size=16).hexdigest()


def _manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((layout.snapshot_dir(folder) / MANIFEST).read_bytes())
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) and manifest.get("format") == FORMAT else {}


def _write_manifest(current: Scan) -> None:
    manifest = {
        "format": FORMAT,
        "key": current.key,
        "scanned": current.started,
        "files": current.files,
    }
    try:
        text = json.dumps(manifest, separators=(",", ":"))
        write_text_atomic(layout.snapshot_dir(current.folder) / MANIFEST, text)
    except OSError:
        return


def _write_frame(frame: pd.DataFrame, path: Path) -> None:
    """Parquet, noting which object columns hold lists (Parquet returns them as arrays)."""
    lists = [
        column
        for column in frame.columns
        if frame[column].dtype == object
        and isinstance(next(iter(frame[column].dropna()), None), list)
    ]
    table = pa.Table.from_pandas(frame, preserve_index=False)
    metadata = {**(table.schema.metadata or {}), LISTS: json.dumps(lists).encode()}
    pq.write_table(table.replace_schema_metadata(metadata), path)


def _read_frame(path: Path) -> pd.DataFrame:
    table = pq.read_table(path)
    lists = json.loads(table.schema.metadata[LISTS])
    frame = table.drop_columns(lists).to_pandas()
    for column in lists:
        frame[column] = pd.Series(table.column(column).to_pylist(), dtype=object)
    return frame[table.column_names]

"""Generations of an embedded index on disk, so searches never see a half-written one.

    vectors/
      people.current        {"generation": 7, "dir": "people-7", ...}  (replaced atomically)
      people.lock           held (flock) by the one writer
      people-6/             the previous generation, kept for readers still on it
      people-7/             the live generation
        .readers            readers hold a shared flock on it while they have it open

Qdrant Edge opens a shard for one process only when its write-ahead log is on, and even a
load rewrites a few files. So a writer never touches a published generation: it copies the
live one (or starts empty), changes the copy, flushes it, and switches the pointer with
``os.replace``. Shards are created without a WAL (changes are durable at ``flush``), which
lets any number of readers load a published generation at once. A killed writer leaves an
unpublished directory that the next writer removes.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from talent.errors import IndexError_

READERS_FILE = ".readers"
META_FILE = "talent-index.json"
_POINTER_KEYS = {"generation", "dir", "fingerprint", "dim"}
# Every load rewrites edge_config.json through a temp file that a copy may catch mid-rename.
_TRANSIENT = ".atomicwrite*"


class Layout:
    """Paths and pointer of one collection's generations under ``root``."""

    def __init__(self, root: Path, collection: str) -> None:
        self.root = Path(root)
        self.collection = collection
        self.pointer = self.root / f"{collection}.current"
        self.lock_file = self.root / f"{collection}.lock"
        self._dir_name = re.compile(rf"^{re.escape(collection)}-(\d+)$")

    def generation_dir(self, generation: int) -> Path:
        return self.root / f"{self.collection}-{generation}"

    def generations(self) -> list[int]:
        """Every generation directory present, published or not, ascending."""
        if not self.root.is_dir():
            return []
        found = (self._dir_name.match(entry.name) for entry in self.root.iterdir())
        return sorted(int(match.group(1)) for match in found if match)

    def read_pointer(self) -> dict[str, Any] | None:
        """The published generation's record, or None when nothing was published yet."""
        try:
            record = json.loads(self.pointer.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise _unreadable(self.pointer, str(exc)) from None
        missing = _POINTER_KEYS - set(record) if isinstance(record, dict) else _POINTER_KEYS
        if missing:
            raise _unreadable(self.pointer, f"missing {', '.join(sorted(missing))}")
        return record

    def publish(self, record: dict[str, Any]) -> None:
        """Point readers at a new generation: write a temp file, fsync, ``os.replace``."""
        tmp = self.pointer.with_name(f".{self.pointer.name}.{os.getpid()}.tmp")
        _write_synced(tmp, json.dumps(record, indent=2))
        os.replace(tmp, self.pointer)
        _fsync_dir(self.root)

    def prune(self, keep: set[int]) -> list[int]:
        """Remove generations not in ``keep`` that no reader holds; returns those removed."""
        return [
            generation
            for generation in self.generations()
            if generation not in keep and _remove_unless_read(self.generation_dir(generation))
        ]


def _unreadable(pointer: Path, why: str) -> IndexError_:
    return IndexError_(
        f"the index pointer {pointer} is unreadable ({why})",
        "run `talent index --full` to rebuild the index",
    )


def write_meta(directory: Path, record: dict[str, Any]) -> None:
    _write_synced(directory / META_FILE, json.dumps(record, indent=2))


def copy_generation(source: Path, target: Path) -> None:
    shutil.copytree(
        source,
        target,
        ignore=shutil.ignore_patterns(READERS_FILE, _TRANSIENT),
        copy_function=copy_sparse,
    )


def copy_sparse(source: str, target: str) -> str:
    """Copy a file's data regions only: Edge preallocates 32 MiB files that are mostly holes,
    and a plain copy writes ~170 MiB of zeros for a small shard."""
    if not hasattr(os, "SEEK_DATA"):
        return shutil.copy2(source, target)
    try:
        fd_in = os.open(source, os.O_RDONLY)
    except FileNotFoundError:
        if Path(source).name.startswith("."):  # a reader's temp file, renamed away meanwhile
            return target
        raise
    try:
        fd_out = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            size = os.fstat(fd_in).st_size
            for start, end in _data_regions(fd_in, size):
                _copy_range(fd_in, fd_out, start, end)
            os.ftruncate(fd_out, size)
        finally:
            os.close(fd_out)
    finally:
        os.close(fd_in)
    shutil.copystat(source, target)
    return target


def _data_regions(fd: int, size: int) -> Iterator[tuple[int, int]]:
    offset = 0
    while offset < size:
        try:
            start = os.lseek(fd, offset, os.SEEK_DATA)
        except OSError:  # ENXIO: nothing but a hole from here to the end
            return
        end = os.lseek(fd, start, os.SEEK_HOLE)
        yield start, end
        offset = end


def _copy_range(fd_in: int, fd_out: int, start: int, end: int) -> None:
    position = start
    while position < end:
        chunk = os.pread(fd_in, min(end - position, 1 << 20), position)
        if not chunk:
            return
        os.pwrite(fd_out, chunk, position)
        position += len(chunk)


def remove_leftovers(layout: Layout) -> list[int]:
    """Remove what killed writers left (generations newer than the live one) and old ones no
    reader holds any more. Skipped while another writer holds the lock: its new generation
    is in use. Returns the generations removed."""
    if not layout.root.is_dir():
        return []
    with layout.lock_file.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return []
        try:
            pointer = layout.read_pointer()
        except IndexError_:
            return []  # which generation is live is unknown: keep them all for the rebuild
        keep = set()
        if pointer is not None:
            keep = {int(pointer["generation"])}
            if isinstance(pointer.get("previous"), int):
                keep.add(pointer["previous"])
        return layout.prune(keep)


@contextlib.contextmanager
def writer_lock(layout: Layout) -> Iterator[None]:
    """Hold the collection's writer lock; a second writer fails at once, not later."""
    layout.root.mkdir(parents=True, exist_ok=True)
    handle = layout.lock_file.open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexError_(
                f"another process is writing the index in {layout.root}",
                "wait for the running `talent index` to finish, then run it again",
            ) from None
        yield
    finally:
        handle.close()


def hold_for_reading(directory: Path) -> IO[str]:
    """A shared lock that keeps the writer from pruning ``directory``; close it to release."""
    handle = (directory / READERS_FILE).open("a+")
    fcntl.flock(handle, fcntl.LOCK_SH)
    return handle


def _remove_unless_read(directory: Path) -> bool:
    """Delete ``directory`` while holding its readers lock exclusively, if no reader has it."""
    try:
        handle = (directory / READERS_FILE).open("a+")
    except OSError:
        shutil.rmtree(directory, ignore_errors=True)
        return True
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        shutil.rmtree(directory, ignore_errors=True)
        return True


def _write_synced(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

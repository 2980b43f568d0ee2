"""Files written whole or not at all: exports, rejects files, the demonstration register.

A reader of the target path sees either the previous file or the complete new one: we write a
temporary file in the same directory (so the final rename stays on one file system and is atomic),
flush it to disk, then rename it over the target. Any failure removes the temporary file and is
raised as a StorageError naming the path and the operating system's reason."""
import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from core.errors import StorageError

REASONS = {errno.ENOSPC: "no space left on the device", errno.EDQUOT: "disk quota exceeded",
           errno.EFBIG: "file too large for this system's limits", errno.EACCES: "permission denied",
           errno.EPERM: "operation not permitted", errno.EROFS: "read-only file system",
           errno.ENOENT: "directory does not exist", errno.ENOTDIR: "a parent of the path is not a directory"}


def describe(exc: OSError, path: Path) -> StorageError:
    reason = REASONS.get(exc.errno, exc.strerror or str(exc))
    return StorageError(f"could not write {path}: {reason}; nothing was written", reason)


@contextmanager
def atomic_path(target: Path | str, suffix: str = "") -> Iterator[Path]:
    """Yields a temporary path next to `target` (not created: some writers, GDAL's, insist on
    creating their file); on success it replaces `target`."""
    target = Path(target)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=f".part{suffix}", dir=target.parent)
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        raise describe(exc, target) from exc
    temp = Path(name)
    try:
        yield temp
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except OSError as exc:
        raise describe(exc, target) from exc
    finally:
        _remove(temp)
        for extra in temp.parent.glob(temp.name + "-*"):  # SQLite journals left by a failed GeoPackage
            _remove(extra)


@contextmanager
def atomic_text(target: Path | str, encoding: str = "utf-8", newline: str | None = None):
    """Text file handle whose content replaces `target` only once complete."""
    with atomic_path(target) as temp:
        with open(temp, "w", encoding=encoding, newline=newline) as handle:
            yield handle


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass

"""The source folder: which release files it holds and which of them need indexing."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

UNREADABLE = "unreadable"  # the digest of a file that cannot be read: rejected once, until it can be


@dataclass(frozen=True)
class SourceFile:
    name: str  # path relative to the folder, posix: the file's identity in the store
    path: Path
    digest: str  # sha256 of the content: a file is re-indexed only when it changes
    error: str | None = None  # why it cannot be read (it is rejected without analysis)


def release_files(folder: Path, pattern: str = "*.txt") -> list[SourceFile]:
    """Every matching file under `folder`, sorted by name: the order names are resolved in."""
    if not folder.is_dir():
        raise OSError(f"source folder {folder} does not exist")
    found = sorted((store_name(p.relative_to(folder)), p) for p in folder.rglob(pattern) if p.is_file())
    files = (_source_file(name, path) for name, path in found)
    return [f for f in files if f is not None]


def store_name(relative: Path) -> str:
    """The name a file is known by in the store and in messages: its relative path, with bytes
    that are not UTF-8 (a name from a Windows archive, say) written as \\xNN."""
    return os.fsencode(relative.as_posix()).decode("utf-8", "backslashreplace")


def _source_file(name: str, path: Path) -> SourceFile | None:
    try:
        with open(path, "rb") as fh:
            digest = hashlib.file_digest(fh, "sha256").hexdigest()
    except FileNotFoundError:
        return None  # removed since the folder was listed: as if it had not been there
    except OSError as e:
        return SourceFile(name, path, UNREADABLE, f"cannot read ({e.strerror or e})")
    return SourceFile(name, path, digest)


def to_index(files: list[SourceFile], indexed: dict[str, str], rejected: dict[str, dict]) -> list[SourceFile]:
    """Files that are new or changed since they were indexed or rejected."""
    return [f for f in files if indexed.get(f.name) != f.digest and rejected.get(f.name, {}).get("hash") != f.digest]

"""The source folder: which release files it holds and which of them need indexing."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SourceFile:
    name: str  # path relative to the folder, posix: the file's identity in the store
    path: Path
    digest: str  # sha256 of the content: a file is re-indexed only when it changes


def release_files(folder: Path, pattern: str = "*.txt") -> list[SourceFile]:
    """Every matching file under `folder`, sorted by name: the order names are resolved in."""
    if not folder.is_dir():
        raise OSError(f"source folder {folder} does not exist")
    found = sorted((p.relative_to(folder).as_posix(), p) for p in folder.rglob(pattern) if p.is_file())
    return [SourceFile(name, path, hashlib.sha256(path.read_bytes()).hexdigest()) for name, path in found]


def to_index(files: list[SourceFile], indexed: dict[str, str], rejected: dict[str, dict]) -> list[SourceFile]:
    """Files that are new or changed since they were indexed or rejected."""
    return [f for f in files if indexed.get(f.name) != f.digest and rejected.get(f.name, {}).get("hash") != f.digest]

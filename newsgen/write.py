"""Writing output so that a reader never sees half of it.

A build writes into a staging folder beside the output folder; `Staging.commit`
then swaps each finished top-level entry into place. Files an editor owns
(the review database) are never inside a swapped entry.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath


def safe_join(base: Path, relative: str) -> Path:
    """`base/relative`, refusing any path that would leave `base`."""
    pure = PurePosixPath(relative)
    parts = pure.parts
    if not parts or any(p in ("..", "") or p.startswith("/") for p in parts) or \
            pure.is_absolute():
        raise ValueError(f"unsafe output path {relative!r}")
    return base.joinpath(*parts)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write a file through a temporary file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Staging:
    """A folder to build output in, swapped into `target` on commit."""

    def __init__(self, target: Path):
        self.target = Path(target)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.root = Path(tempfile.mkdtemp(dir=self.target.parent,
                                          prefix=f".{self.target.name}.staging-"))
        self.count = 0
        self._folders: set[Path] = set()

    def write(self, relative: str, data: str | bytes) -> Path:
        path = safe_join(self.root, relative)
        folder = path.parent
        if folder not in self._folders:   # one mkdir per folder, not per file
            folder.mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)
        with open(path, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        self.count += 1
        return path

    def commit(self) -> None:
        """Move each staged top-level entry over the old one."""
        self.target.mkdir(parents=True, exist_ok=True)
        for entry in sorted(self.root.iterdir()):
            dest = self.target / entry.name
            old = None
            if dest.exists():
                old = self.target / f".{entry.name}.old-{os.getpid()}"
                os.replace(dest, old)
            os.replace(entry, dest)
            if old is not None:
                shutil.rmtree(old) if old.is_dir() else old.unlink()
        shutil.rmtree(self.root, ignore_errors=True)

    def abandon(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

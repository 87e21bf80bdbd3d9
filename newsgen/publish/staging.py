"""Writing output so that a reader never sees half of it.

A build writes into a staging folder beside the output folder; `Staging.commit`
then swaps each finished top-level entry into place. Files an editor owns
(the review database) are never inside a swapped entry.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
from pathlib import Path, PurePosixPath

from newsgen.errors import NewsgenError
from newsgen.paths import JOURNAL


class UnsafePath(NewsgenError, ValueError):
    """A path made from data that would leave its folder: the sources check
    ids and names first, so this is the last guard, reported as bad input."""


def safe_join(base: Path, relative: str) -> Path:
    """`base/relative`, refusing any path that would leave `base`."""
    pure = PurePosixPath(relative)
    parts = pure.parts
    if not parts or any(p in ("..", "") or p.startswith("/") for p in parts) or \
            pure.is_absolute():
        raise UnsafePath(f"unsafe output path {relative!r}")
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




def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def recover(target: Path) -> list[str]:
    """Make `target` whole after a build that was killed; returns what was done.

    A commit that had started (its journal exists) is finished from its
    staging folder, which was complete before the journal was written. Then
    staging folders of builds killed before their commit, and old entries
    left over from a swap, are removed. The output folder's other files (the
    review database) are never touched.
    """
    target = Path(target)
    done: list[str] = []
    journal = target / JOURNAL
    if journal.exists():
        try:
            plan = json.loads(journal.read_text(encoding="utf-8"))
            root = target.parent / plan["staging"]
            entries = plan["entries"]
        except (ValueError, KeyError, OSError):
            plan, root, entries = None, None, []
        if root is not None and root.is_dir():
            for name in entries:
                _swap_in(root / name, target / name)
            done.append(f"finished an interrupted commit from {root.name}")
        journal.unlink(missing_ok=True)
    for stale in target.parent.glob(f".{target.name}.staging-*"):
        _remove(stale)
        done.append(f"removed {stale.name}")
    if target.is_dir():
        for old in target.glob(".*.old-*"):
            _remove(old)
        for tmp in target.glob(f"{JOURNAL}.*"):
            _remove(tmp)
    return done


def _swap_in(staged: Path, dest: Path) -> None:
    """Put `staged` at `dest`; the old `dest` is renamed aside, then removed.
    Safe to repeat: once `staged` has moved it does nothing."""
    if not staged.exists() and not staged.is_symlink():
        return
    old = None
    if dest.exists() or dest.is_symlink():
        old = dest.parent / f".{dest.name}.old-{os.getpid()}"
        _remove(old)
        os.replace(dest, old)
    os.replace(staged, dest)
    if old is not None:
        _remove(old)


def _link_if_same(old: str, path: str, data: bytes, mtime: float | None) -> bool:
    """Make `path` a hard link to `old` if that is a plain file holding
    exactly `data`, and modified at `mtime` if that is given (a symbolic
    link is never taken into the output); False if it is not, or cannot be
    linked (another file system, links refused)."""
    try:
        found = os.lstat(old)
        if not stat.S_ISREG(found.st_mode) or found.st_size != len(data) or \
                (mtime is not None and found.st_mtime != mtime):
            return False
        with open(old, "rb", buffering=0) as fh:
            if fh.read(len(data) + 1) != data:
                return False
        os.link(old, path)
        return True
    except OSError:
        return False


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


class BuildLocked(NewsgenError):
    pass


class Staging:
    """A folder to build output in, swapped into `target` on commit.

    Only one build may write to a target at a time (a lock file beside it).
    Creating a Staging first repairs what a killed build left (`recover`).
    """

    def __init__(self, target: Path):
        self.target = Path(target)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self._lock = _lock(self.target)
        try:
            recover(self.target)
            self.root = Path(tempfile.mkdtemp(dir=self.target.parent,
                                              prefix=f".{self.target.name}.staging-"))
        except BaseException:
            self._lock.close()
            raise
        self.count = 0
        # 'kit/' -> (its path, checked and made; the old output's folder, or None)
        self._folders: dict[str, tuple[str, str | None]] = {}
        self._linked: set[str] = set()   # staged files that are links to other files

    def tree(self, name: str) -> "Tree":
        """The folder `name` of the output, as staged (newsgen.paths: DRAFTS, PUBLIC)."""
        return Tree(self, name)

    def write(self, relative: str, data: str | bytes, mtime: float | None = None) -> str:
        """Write `data` (text as UTF-8) to `relative` in the staging folder;
        returns the file's path (a string: a Path per file costs more than
        the write).

        A file is written by one process and never read until the commit, so
        it is written in place, not through a temporary file. Forked
        processes may write different files into the same staging folder at
        once (a folder made by both is fine).

        Where the output has this file already with these very bytes (a
        rebuild where little changed), the staged file is a hard link to it
        instead: the old output is untouched until the commit swaps it out
        as before, and the bytes are not written again (on a disk, writing
        was most of a no-change rebuild)."""
        folder, slash, name = relative.rpartition("/")
        folder += slash   # "" for "x.txt", "/" for "/x.txt" (refused below)
        made, old = self._folders.get(folder) or (None, None)
        if made is None or not name or name in (".", ".."):
            path = safe_join(self.root, relative)   # checked once per folder
            made, name = str(path.parent), path.name
            os.makedirs(made, exist_ok=True)        # one mkdir per folder, not per file
            old = str(self.target / path.parent.relative_to(self.root))
            old = old if os.path.isdir(old) else None   # a first build: nothing to compare
            if relative == folder + name:
                self._folders[folder] = made, old
        path = f"{made}/{name}"
        if isinstance(data, str):
            data = data.encode("utf-8")
        if path in self._linked:   # written before, as a link: never write through it
            os.unlink(path)
            self._linked.discard(path)
        if old is not None and _link_if_same(f"{old}/{name}", path, data, mtime):
            self._linked.add(path)
            self.count += 1
            return path
        fd = os.open(path, _CREATE, 0o666)
        try:
            done = os.write(fd, data)
            if done < len(data):   # a short write (a signal, a full disk): go on
                view = memoryview(data)
                while done < len(data):
                    done += os.write(fd, view[done:])
            if mtime is not None:
                os.utime(fd, (mtime, mtime))
        finally:
            os.close(fd)
        self.count += 1
        return path

    def link(self, source: Path | str, relative: str, mtime: float | None = None) -> bool:
        """Stage the file `source` (the old output's, or one staged already) at
        `relative`, as a hard link where the file system allows (the bytes
        are the same; a link costs no copy), else as a copy. False if
        `source` is not there."""
        dest = safe_join(self.root, relative)
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, dest)
            self._linked.add(str(dest))
        except FileNotFoundError:
            return False
        except OSError:   # another file system, or links not allowed
            try:
                shutil.copy2(source, dest)
            except FileNotFoundError:
                return False
        if mtime is not None:
            os.utime(dest, (mtime, mtime))
        self.count += 1
        return True

    def commit(self) -> None:
        """Move each staged top-level entry over the old one.

        The swap is one rename per top-level entry, so a reader may briefly
        see one entry new and another old; a kill part-way is finished by the
        next build (`recover`), using the journal written before the first
        rename. Files not in the staging folder (review.db) stay as they are.
        """
        try:
            self.target.mkdir(parents=True, exist_ok=True)
            entries = sorted(p.name for p in self.root.iterdir())
            write_atomic(self.target / JOURNAL,
                         json.dumps({"staging": self.root.name, "entries": entries}))
            for name in entries:
                _swap_in(self.root / name, self.target / name)
            (self.target / JOURNAL).unlink(missing_ok=True)
            shutil.rmtree(self.root, ignore_errors=True)
        finally:
            self._lock.close()

    def abandon(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
        self._lock.close()


class Tree:
    """One top-level folder of a Staging (the drafts or the public tree):
    paths are relative to it."""

    def __init__(self, staging: Staging, name: str):
        self.staging, self.name, self.prefix = staging, name, name + "/"

    @property
    def root(self) -> Path:
        return self.staging.root / self.name

    def write(self, relative: str, data: str | bytes, mtime: float | None = None) -> str:
        return self.staging.write(self.prefix + relative, data, mtime)

    def link(self, source: Path | str, relative: str, mtime: float | None = None) -> bool:
        return self.staging.link(source, self.prefix + relative, mtime)


def _lock(target: Path):
    """An exclusive lock on `.NAME.lock` beside the output folder."""
    import fcntl

    fh = open(target.parent / f".{target.name}.lock", "a")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.close()
        raise BuildLocked(f"{target}: another newsgen build is writing to this folder; "
                          "wait for it to finish") from None
    return fh

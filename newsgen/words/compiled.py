"""Compiled templates, kept for the rest of the process and on disk for the
next one (``paths.cache_dir()/templates``): compiling the kits' templates was
a quarter of a small build, and they rarely change between builds.

A compiled template is found by its name and file and is used only if the
checksum of its source, stored beside the code, is that of the source read
now (Jinja's Bucket checks it): an edited template is compiled again, never
served stale. The code also depends on Jinja and Python, on the
environment's syntax settings and on how each filter and test is called
(Jinja decides at compile time whether to pass the context): each
combination has a folder of its own. A cache that cannot be read, is
corrupt or cannot be written costs a compile, never a wrong template.
"""

from __future__ import annotations

import os
import sys
import tempfile
import weakref
from hashlib import sha256
from pathlib import Path

import jinja2

from newsgen.paths import TEMPLATE_CACHE, cache_dir

# The Environment settings the compiled code depends on.
_SETTINGS = ("block_start_string", "block_end_string", "variable_start_string",
             "variable_end_string", "comment_start_string", "comment_end_string",
             "line_statement_prefix", "line_comment_prefix", "trim_blocks", "lstrip_blocks",
             "newline_sequence", "keep_trailing_newline", "optimized", "is_async")


def signature(env: jinja2.Environment) -> str:
    """A digest of everything besides a template's source that its compiled
    code depends on."""
    def calls(functions: dict) -> list:
        return sorted((name, repr(getattr(f, "jinja_pass_arg", None)))
                      for name, f in functions.items())

    autoescape = env.autoescape if isinstance(env.autoescape, bool) else \
        getattr(env.autoescape, "__qualname__", repr(env.autoescape))
    parts = [jinja2.__version__, sys.implementation.cache_tag, type(env).__qualname__,
             env.code_generator_class.__qualname__, autoescape,
             repr(getattr(env.finalize, "jinja_pass_arg", env.finalize is not None)),
             sorted(env.extensions), calls(env.filters), calls(env.tests),
             *(getattr(env, name) for name in _SETTINGS)]
    return sha256(repr(parts).encode()).hexdigest()[:20]


_KINDS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _kind(env: jinja2.Environment) -> str:
    """signature(env), worked out again only when what it depends on may
    have changed (a digest costs 0.1 ms; looking at the filters and settings
    costs a few microseconds, and the snapshot holds them, so an identity
    is never mistaken for another's)."""
    now = (tuple(env.filters.items()), tuple(env.tests.items()), env.finalize, env.autoescape,
           tuple(env.extensions), *(getattr(env, name) for name in _SETTINGS))
    known = _KINDS.get(env)
    if known is None or known[0] != now:
        known = _KINDS[env] = (now, signature(env))
    return known[1]


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's bytecode cache: in memory for every renderer of the process,
    and as one file per template under `root` (None: memory only), in a
    folder for each kind of environment. The kind is worked out when a
    template is loaded, not when the cache is set, so a filter changed in
    between (a kit's own "slightly") is taken into account."""

    def __init__(self, root: Path | None):
        self.root = root
        self._code: dict[tuple[str, str, str], object] = {}
        self._unwritable: set[Path] = set()

    def _where(self, bucket) -> tuple[tuple[str, str, str], Path | None]:
        kind = _kind(bucket.environment)
        folder = None if self.root is None else self.root / f"jinja-{kind}"
        return (kind, bucket.key, bucket.checksum), \
            None if folder in self._unwritable else folder

    def load_bytecode(self, bucket) -> None:
        key, folder = self._where(bucket)
        code = self._code.get(key)
        if code is None and folder is not None:
            code = _read(folder / bucket.key, bucket)
        if code is not None:
            bucket.code = code
            self._code[key] = code

    def dump_bytecode(self, bucket) -> None:
        key, folder = self._where(bucket)
        self._code[key] = bucket.code
        if folder is not None and not _write(folder, bucket.key, bucket.bytecode_to_string()):
            self._unwritable.add(folder)   # keep to memory for the rest of the process


def _read(path: Path, bucket):
    """The code in `path` if it was compiled from the bucket's source, else None."""
    try:
        data = path.read_bytes()
    except OSError:   # not there yet, or not readable: compile
        return None
    try:
        bucket.bytecode_from_string(data)   # None unless the checksum matches
    except Exception:   # a corrupt file (pickle and marshal raise many kinds): compile
        bucket.reset()
    return bucket.code


def _write(folder: Path, name: str, data: bytes) -> bool:
    """Write a file whole or not at all (a temporary file renamed over it:
    processes building at once each write a complete file)."""
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, folder / name)
        return True
    except OSError:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        return False


_CACHES: dict[str | None, CompiledTemplates] = {}


def compiled_templates() -> CompiledTemplates:
    """The cache of compiled templates under this process's cache_dir(),
    shared by every renderer: each story has an environment of its own, and
    compiling the same shared templates again for each story was most of a
    small build's rendering."""
    root = cache_dir()
    key = None if root is None else str(root)
    if key not in _CACHES:
        _CACHES[key] = CompiledTemplates(None if root is None else root / TEMPLATE_CACHE)
    return _CACHES[key]

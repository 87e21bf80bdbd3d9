"""Indented JSON, as ``json.dumps(obj, indent=2, ensure_ascii=False)`` writes
it, from orjson (a compiled encoder; the standard library's indented encoder
is pure Python, and articles' JSON, every fact with its sources, made it a
third of the time spent writing).

The text is the standard library's, byte for byte, with one deliberate
difference: a float that is not finite is written ``null``, not ``NaN`` or
``Infinity`` (which are not JSON: browsers and most parsers refuse them).
orjson writes a float between 1e-9 and 1e-4 unlike Python (``0.00001`` and
``1e-7`` where Python writes ``1e-05`` and ``1e-07``); those are rewritten as
Python writes them. What orjson cannot encode the same way (keys that are not
strings, integers beyond 64 bits, float subclasses, named tuples,
dataclasses, datetimes, lone surrogates) is handed to ``json.dumps`` itself,
so the output and the errors are the standard library's. (orjson does accept
two types the standard library refuses: a UUID becomes its string, an Enum
its value.)
"""

from __future__ import annotations

import json
import math
import re

import orjson

_OPTIONS = (orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
            | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME)
_SHORT_EXPONENT = re.compile(rb"e-[0-9](?![0-9])")   # after a digit: checked below
_DIGITS = frozenset(b"0123456789")
# A whole line of orjson's indented text that is a number, with or without
# its key (a string cannot hold a raw newline, so a line is whole tokens).
_NUMBER_LINE = re.compile(rb' *(?:"(?:[^"\\]|\\.)*": )?(-?[0-9][0-9.eE+-]*),?')


def _as_python_writes(out: bytes) -> bytes:
    """orjson's text with each float that orjson writes unlike Python (see
    above) written as Python does. Candidates are found by plain searches
    (a regular expression over the whole text is slow); each one's line is
    then read as JSON, so text inside a string is never changed."""
    lines = set()
    at = out.find(b"0.0000")
    while at >= 0:
        lines.add(out.rfind(b"\n", 0, at) + 1)
        at = out.find(b"0.0000", at + 6)
    if b"e-" in out:
        lines.update(out.rfind(b"\n", 0, m.start()) + 1 for m in _SHORT_EXPONENT.finditer(out)
                     if out[m.start() - 1] in _DIGITS)
    if not lines:
        return out
    parts, done = [], 0
    for start in sorted(lines):
        end = out.find(b"\n", start)
        m = _NUMBER_LINE.fullmatch(out, start, len(out) if end < 0 else end)
        if m is None:
            continue   # inside a string
        number = m.group(1)
        parts += [out[done:m.start(1)], repr(float(number)).encode("ascii")]
        done = m.end(1)
    return b"".join(parts) + out[done:] if parts else out


def _finite(o):
    """`o` with every float that is not finite replaced by None."""
    if isinstance(o, float):
        return o if math.isfinite(o) else None
    if isinstance(o, dict):
        return {k: _finite(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [_finite(v) for v in o]
    return o


def _standard(obj) -> str:
    return json.dumps(_finite(obj), indent=2, ensure_ascii=False)


def _fast(obj, option: int = _OPTIONS, default=None) -> bytes | None:
    """orjson's text with a final newline, or None where it is not Python's."""
    try:
        out = orjson.dumps(obj, default=default, option=option)
    except TypeError:   # orjson.JSONEncodeError is a TypeError
        return None
    return _as_python_writes(out)


def dumps_bytes(obj, plain=None, default=None) -> bytes:
    """``dumps_indented(obj)`` and a newline, as UTF-8: what a .json file holds.

    With `plain`, `obj` may hold dataclasses, written as dicts of their
    fields, and values that `default` turns into plain data (as orjson's
    own ``default``: it raises TypeError for anything else); ``plain()``
    gives the same value as plain data, for the standard library when
    orjson's text would not be its."""
    if plain is None:
        out = _fast(obj)
    else:
        out = _fast(obj, _OPTIONS & ~orjson.OPT_PASSTHROUGH_DATACLASS, default)
    if out is None:
        return (_standard(obj if plain is None else plain()) + "\n").encode("utf-8")
    return out


def dumps_indented(obj) -> str:
    """The text of ``json.dumps(obj, indent=2, ensure_ascii=False)`` (but
    ``null`` for a float that is not finite)."""
    out = _fast(obj)
    return _standard(obj) if out is None else out[:-1].decode("utf-8")

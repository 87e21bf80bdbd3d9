"""A published CSV table read column by column, for a loader's fast path:
pandas' C parser reads it a chunk at a time and each column becomes a number
per row standing for one of its distinct texts, so a loader reads each
distinct force name, date or count once, and a table of millions of rows
costs a few bytes a row rather than a Python list of strings per row.

A fast path gives the Dataset its row reader gives, or None (`fast_path`)
when anything in the file is not as expected (a bad cell, a duplicate, a
blank line, a quoted line break, a row of the wrong width): the row reader
(newsgen.sources.table) then reads it and says what is wrong and where.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from newsgen.errors import DataError
from newsgen.sources.dataset import Dataset


class Unexpected(Exception):
    """Something the row reader should look at."""


def fast_path(load, *args) -> Dataset | None:
    """load(*args), or None if it found anything unexpected (a DataError
    included: the row reader reports it, in its place among the others)."""
    try:
        return load(*args)
    except (Unexpected, DataError, UnicodeDecodeError, ValueError, OSError, csv.Error):
        return None   # pandas' ParserError is a ValueError


def _lines(path: Path) -> int:
    """Lines in the file (a last line without a newline counts)."""
    count, last = 0, b"\n"
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 24):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


def _header(path: Path) -> list[str]:
    with open(path, "rb") as fh:
        first = fh.readline().decode("utf-8-sig")
    return [h.strip() for h in next(csv.reader(io.StringIO(first, newline="")))]


CHUNK = 1 << 18   # rows parsed at a time: only a chunk's strings are held at once


def read_columns(path: Path, expected: tuple[str, ...],
                 numbers: tuple[str, ...] = ()) -> dict[str, tuple[np.ndarray, list[str]]]:
    """Each column as (a number per row, the distinct texts they stand for),
    each row's line its place + 2; Unexpected unless the header has exactly
    the `expected` columns and every line after it is one row.

    The parser makes a Python string of each distinct text only, except in
    the columns of `numbers` (counts, which it would read as numbers and
    so lose how they were written: ' 121 ', '-00'), made a string per cell."""
    header = _header(path)
    if sorted(header) != sorted(expected):
        raise Unexpected("header")
    texts = {name: {} for name in header}       # column -> text -> its number
    parts = {name: [] for name in header}
    kinds = {name: object if name in numbers else "category" for name in header}
    for chunk in pd.read_csv(path, dtype=kinds, encoding="utf-8-sig", na_filter=False, engine="c",
                             header=0, names=header, chunksize=CHUNK):
        for name in header:
            if kinds[name] == "category":
                codes = chunk[name].cat.codes.to_numpy()
                uniques = chunk[name].cat.categories
                if not all(isinstance(t, str) for t in uniques.tolist()):
                    raise Unexpected("read as numbers")   # its text is lost
            else:
                codes, uniques = pd.factorize(chunk[name].to_numpy(), sort=False)
            if len(codes) and codes.min() < 0:   # no cell: a short row
                raise Unexpected("width")
            known = texts[name]
            remap = np.array([known.setdefault(t, len(known)) for t in uniques.tolist()],
                             dtype=np.int32)
            parts[name].append(remap[codes])
    # every line a row: no blank line, no line break inside a quoted cell
    rows = sum(len(part) for part in parts[header[0]])
    if rows == 0 or rows != _lines(path) - 1:
        raise Unexpected("shape")
    return {name: (np.concatenate(parts.pop(name)), list(texts[name])) for name in header}


def present(codes: np.ndarray, count: int) -> list[int]:
    """The codes (each below `count`) that occur, in order."""
    return np.flatnonzero(np.bincount(codes, minlength=count)).tolist()

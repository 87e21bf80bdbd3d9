"""The ONS long table read column by column: pandas' C parser reads each text
column as categories (each distinct text held once, a small integer per
row), and each distinct text is read once: a force's name, a date, a count.
A table of millions of rows then costs a few bytes a row, not a Python list
of strings per row, and loads many times faster.

It gives the Dataset the row reader (newsgen.sources.ons) gives, or None when
anything in the file is not as expected (a bad cell, a duplicate, a blank
line, a quoted line break, a row of the wrong width): the row reader then
reads it and says what is wrong and where, as it always has.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from newsgen.errors import DataError
from newsgen.sources.dataset import Dataset, Source
from newsgen.sources.files import display_path
from newsgen.sources.sheets import marker
from newsgen.sources.table import NOT_FORCES, Resolver, parse_signed_count


class _Unexpected(Exception):
    """Something the row reader should look at."""


def load_long_columns(path: Path, forces, territorial_only: bool, markers, columns: tuple,
                      parse_date) -> Dataset | None:
    """The long table (`columns`: date, force, region, offence, value) as the
    row reader reads a well-formed one; None if it is not well-formed."""
    try:
        return _load(path, forces, territorial_only, markers, columns, parse_date)
    except (_Unexpected, DataError, UnicodeDecodeError, ValueError, OSError, csv.Error):
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


def _read_columns(path: Path, header: list[str]) -> dict[str, tuple[np.ndarray, list[str]]]:
    """Each column as (a number per row, the distinct texts they stand for)."""
    texts = {name: {} for name in header}       # column -> text -> its number
    parts = {name: [] for name in header}
    for chunk in pd.read_csv(path, dtype=object, encoding="utf-8-sig", na_filter=False, engine="c",
                             header=0, names=header, chunksize=CHUNK):
        for name in header:
            codes, uniques = pd.factorize(chunk[name].to_numpy(), sort=False)
            if len(codes) and codes.min() < 0:   # no cell: a short row
                raise _Unexpected("width")
            known = texts[name]
            remap = np.array([known.setdefault(t, len(known)) for t in uniques.tolist()],
                             dtype=np.int64)
            parts[name].append(remap[codes])
    if not parts[header[0]]:
        raise _Unexpected("no rows")
    return {name: (np.concatenate(parts[name]), list(texts[name])) for name in header}


def _present(codes: np.ndarray, count: int) -> list[int]:
    """The codes (each below `count`) that occur, in order."""
    return np.flatnonzero(np.bincount(codes, minlength=count)).tolist()


def _load(path, forces, territorial_only, markers, columns, parse_date) -> Dataset | None:
    date_col, force_col, region_col, offence_col, value_col = columns
    header = _header(path)
    if sorted(header) != sorted(columns):
        raise _Unexpected("header")
    table = _read_columns(path, header)
    rows = len(table[header[0]][0])
    # every line a row: no blank line, no line break inside a quoted cell
    # (so a row's line is its place + 2, as the row reader counts lines)
    if rows == 0 or rows != _lines(path) - 1:
        raise _Unexpected("shape")
    shown = display_path(path)

    def column(name):
        return table[name]

    # Forces: which rows are kept, and each kept row's area.
    f_codes, f_texts = column(force_col)
    r_codes, r_texts = column(region_col)
    resolve = Resolver(forces)
    ids: dict[str, int] = {}   # slug -> its number
    slug_id = np.full(len(f_texts), -1, dtype=np.int64)
    skip_always = np.zeros(len(f_texts), dtype=bool)
    unknown = np.zeros(len(f_texts), dtype=bool)
    for i, text in enumerate(f_texts):
        name = text.strip()
        if not name:
            raise _Unexpected("blank force")
        force = resolve(name)
        if force is None:
            skip_always[i] = name.lower() in NOT_FORCES
            unknown[i] = not skip_always[i]
        elif territorial_only and not force.territorial:
            skip_always[i] = True
        else:
            slug_id[i] = ids.setdefault(force.slug, len(ids))
    fraud = np.array([t.strip().lower().startswith("fraud") for t in r_texts], dtype=bool)
    if (unknown[f_codes] & ~fraud[r_codes]).any():
        raise _Unexpected("unknown force")
    slugs = list(ids)
    keep = np.flatnonzero(slug_id[f_codes] >= 0)
    if not len(keep):
        raise _Unexpected("no rows")
    area = slug_id[f_codes[keep]]

    def used(codes, texts, read):
        """Each text the kept rows hold, read once: (id per kept row, values)."""
        mine = codes[keep]
        numbers: dict = {}
        ids = np.full(len(texts), -1, dtype=np.int64)
        for code in _present(mine, len(texts)):
            ids[code] = numbers.setdefault(read(texts[code]), len(numbers))
        return ids[mine], list(numbers)

    d_codes, d_texts = column(date_col)
    period, periods = used(d_codes, d_texts, lambda text: parse_date(shown, 0, text))
    o_codes, o_texts = column(offence_col)

    def offence(text):
        if not text.strip():
            raise _Unexpected("blank category")
        return text.strip()

    category, categories = used(o_codes, o_texts, offence)
    # a force, period and category given twice is the row reader's to report
    key = (area * len(periods) + period) * len(categories) + category
    key.sort()
    if (key[1:] == key[:-1]).any():
        raise _Unexpected("duplicate")
    del key

    v_codes, v_texts = column(value_col)
    mine = v_codes[keep]
    number = np.zeros(len(v_texts), dtype=np.int64)
    missing: dict[int, object] = {}
    for code in _present(mine, len(v_texts)):
        cell = v_texts[code]
        if cell.isdigit() and cell.isascii() and len(cell) < 9:
            number[code] = int(cell)
            continue
        gap = marker(cell, markers)
        if gap is not None:
            missing[code] = gap
        else:
            number[code] = parse_signed_count(shown, 0, value_col, cell)
    unavailable: dict[tuple, tuple] = {}
    given = np.ones(len(keep), dtype=bool)
    if missing:
        marked = np.isin(mine, list(missing))
        given = ~marked
        for at in np.flatnonzero(marked).tolist():
            unavailable[(slugs[area[at]], periods[period[at]], categories[category[at]].lower())] = (
                missing[int(mine[at])], Source(shown, int(keep[at]) + 2, value_col))
    frame = pd.DataFrame({
        "area": np.array(slugs, dtype=object)[area[given]],
        "period": np.array(periods, dtype=object)[period[given]],
        "category": np.array(categories, dtype=object)[category[given]],
        "value": number[mine[given]],
        "line": keep[given] + 2,
    })
    if frame.empty:
        raise _Unexpected("no figures")
    return Dataset(file=shown, frame=frame, periods=sorted(set(periods)),
                   value_column=value_col, area_column=force_col,
                   national_name="England and Wales", national_from_areas=True,
                   unavailable=unavailable)

"""Spreadsheets as their publishers put them out (.xlsx, .ods): every sheet's
cells, read through pandas with the calamine engine (python-calamine: one
Rust reader for both formats, about ten times faster than openpyxl or odfpy),
and cells named as a spreadsheet names them (``Table P1!C17``).

Also the one place that decides what a cell means: a whole number (``5392``,
``5392.0``, ``"18,522"``), or a marker a publisher puts where there is no
number (``[x]``, ``[c]``, ``[z]``, ``..``), which is read as "not available",
never as zero.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from newsgen.errors import DataError

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".ods")

# The Government Statistical Service's shorthand, and the older ONS symbols.
# A cell holding only one of these has no number: it is never read as zero.
MARKERS = {
    "[x]": "not available",
    "[c]": "confidential: suppressed by the publisher",
    "[z]": "not applicable",
    "[u]": "suppressed by the publisher: too few to be reliable",
    "[low]": "suppressed by the publisher: a low figure",
    "[w]": "no or too few events",
    "..": "not available",
    ":": "not available",
    "n/a": "not applicable",
}
# Shorthand that qualifies a number beside it ("5,392 [r]"): the number stands.
QUALIFIERS = ("[r]", "[p]", "[e]", "[b]", "[f]", "[note")
_BRACKETED = re.compile(r"^\[[a-z]+\d*\]$")          # any other [shorthand] of a publisher
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+$")
_QUALIFIED = re.compile(r"^(.*?)\s*(\[(?:r|p|e|b|f)\]|\[note \d+\])+$", re.I)


class Missing(NamedTuple):
    """A cell with no number: the publisher's marker and what it means."""
    marker: str
    meaning: str


def is_spreadsheet(path: Path) -> bool:
    return Path(path).suffix.lower() in SPREADSHEET_SUFFIXES


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_ref(sheet: str, row: int, index: int) -> str:
    """'Table P1!C17': the sheet, then the column letter and row number."""
    return f"{sheet}!{column_letter(index)}{row}"


def marker(text: str, extra: dict[str, str] | None = None) -> Missing | None:
    """The marker a cell's text is, if it is one (`extra`: markers a kit says
    its publisher uses, such as '-'), else None."""
    key = text.strip().lower()
    if extra and text.strip() in extra:
        return Missing(text.strip(), extra[text.strip()])
    if key in MARKERS:
        return Missing(text.strip(), MARKERS[key])
    if _BRACKETED.match(key) and not key.startswith(QUALIFIERS):
        return Missing(text.strip(), "suppressed or not available (the publisher's shorthand)")
    return None


def cell_text(value) -> str:
    """A spreadsheet cell as the text a CSV would hold: 5392.0 -> '5392'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    return str(value)


def whole_number(text: str) -> int | None:
    """A whole number as published: '301', ' 121 ', '-00', '18,522', '5,392 [r]';
    None if the text is not one."""
    text = text.strip()
    m = _QUALIFIED.match(text)
    if m and m.group(1):
        text = m.group(1).strip()
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    digits = text[1:] if text.startswith("-") else text
    if not digits.isdigit() or not digits.isascii():
        return None
    return int(text)


@dataclass
class Sheet:
    name: str                # as the workbook spells it, outer spaces removed
    rows: list[list]         # every row from row 1, cells as Python values ('' if empty)


def read_workbook(path: Path, shown: str) -> list[Sheet]:
    """Every sheet of the workbook, in order; a one-line DataError if it
    cannot be read as a spreadsheet."""
    import pandas as pd

    try:
        book = pd.ExcelFile(path, engine="calamine")
    except FileNotFoundError:
        raise DataError(shown, None, None, "no such file") from None
    except Exception as exc:   # the engine's own errors: a damaged or mislabelled file
        raise DataError(shown, None, None, f"cannot be read as a spreadsheet "
                                           f"({type(exc).__name__}: {str(exc)[:120]})") from None
    sheets = []
    with book:
        for name in book.sheet_names:
            try:
                frame = pd.read_excel(book, sheet_name=name, header=None, dtype=object,
                                      na_filter=False)
            except Exception as exc:
                raise DataError(shown, None, None, f"sheet {name!r} cannot be read "
                                                   f"({type(exc).__name__}: {str(exc)[:120]})") from None
            sheets.append(Sheet(name.strip(), [list(row) for row in frame.itertuples(index=False)]))
    return sheets


def clean_label(text) -> str:
    """A header or area name without the publisher's note references or
    footnote digits: 'Stalking and harassment4' -> 'Stalking and harassment',
    'ENGLAND AND WALES [note 3]' -> 'ENGLAND AND WALES', 'Total recorded crime
    (excluding fraud3)' -> 'Total recorded crime (excluding fraud)'."""
    text = " ".join(str(text).split())
    text = re.sub(r"\s*\[note\s*\d+\]", "", text, flags=re.I)
    text = re.sub(r"(?<=[A-Za-z)])\d+(,\d+)*(?=\)?$)", "", text)
    return text.strip()


def find_header(rows: list[list], wanted: tuple[str, ...], within: int = 40) -> int | None:
    """The index of the first row (of the first `within`) whose cleaned cells
    include every name in `wanted` (case-insensitive), or None."""
    want = {w.lower() for w in wanted}
    for i, row in enumerate(rows[:within]):
        names = {clean_label(c).lower() for c in row if isinstance(c, str) and c.strip()}
        if want <= names:
            return i
    return None

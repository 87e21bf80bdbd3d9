"""Naming and reading data files: how a file is shown in citations and
errors, and its text, UTF-8 or a one-line error saying where it is not.
Imports nothing heavy, so the review commands can use it."""

from __future__ import annotations

import csv
from pathlib import Path

from newsgen.errors import DataError
from newsgen.paths import ROOT


def display_path(path: Path) -> str:
    """The path as a user should read it: a shipped file as data/NAME or
    kits/NAME (the same from any folder, so citations do not depend on where
    newsgen ran), anything else relative to the cwd where it can be."""
    resolved = Path(path).resolve()
    for base in (ROOT, Path.cwd()):
        try:
            return str(resolved.relative_to(base))
        except ValueError:
            pass
    return str(path)


def cited_path(shown: str) -> Path:
    """The file a citation names (the reverse of `display_path`)."""
    path = Path(shown)
    if path.is_absolute():
        return path
    shipped = ROOT / path
    return shipped if shipped.exists() else path.resolve()


def read_text(path: Path) -> str:
    """The file's text; UTF-8 with or without a BOM, nothing else."""
    shown = display_path(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise DataError(shown, None, None, "no such file") from None
    except IsADirectoryError:
        raise DataError(shown, None, None, "is a folder, expected a CSV file") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = exc.start - line_start + 1
        raise DataError(shown, line, _csv_column_at(raw, line_start, exc.start),
                        f"byte 0x{raw[exc.start]:02x} at character {col} is not UTF-8 "
                        "(Latin-1 or Windows-1252?); save the file as UTF-8") from None


def _csv_column_at(raw: bytes, line_start: int, pos: int) -> str | None:
    """The header name of the CSV field that byte `pos` falls in, if known."""
    try:
        header = next(csv.reader([raw.split(b"\n", 1)[0].decode("utf-8-sig", "replace")]))
        before = raw[line_start:pos].decode("utf-8", "replace")
        index = len(next(csv.reader([before + "x"]))) - 1
        return header[index].strip() if 0 <= index < len(header) else f"#{index + 1}"
    except (csv.Error, StopIteration):
        return None

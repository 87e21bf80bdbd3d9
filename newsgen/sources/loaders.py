"""The registry of data loaders a kit can name in ``[data] loader``.

Each entry reads a kit's data files into one `Dataset` (``load``: the files
in order, a later file's figure standing over an earlier one's for the same
area, period and category) or lists every problem in one file without
stopping (``check``). Every loader reads a CSV or a spreadsheet (.xlsx, .ods).

Loader settings from ``[data]``: ``sheet`` (the ONS workbook's table of
counts, default "Table P1") and ``not_available``: markers beyond the
standard ones (newsgen.sources.sheets.MARKERS) that this publisher puts where
there is no number, e.g. ``not_available = ["-"]`` or ``{ "-" = "fewer than
50 offences" }``.

Each loader's module (and pandas behind it) is imported when a kit's data is
read, not with the registry: listing and checking kits need only the names.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from newsgen.errors import DataError
from newsgen.sources.forces import ForceTable
from newsgen.sources.table import Problems

if TYPE_CHECKING:
    from newsgen.sources.dataset import Dataset


@dataclass(frozen=True)
class Loader:
    load: Callable[[tuple[Path, ...], ForceTable, dict], Dataset]
    check: Callable[[Path, ForceTable, dict], list[DataError]]
    describe: str


def markers(options: dict) -> dict[str, str] | None:
    """The kit's own not-available markers: marker -> what it means."""
    given = options.get("not_available")
    if not given:
        return None
    if isinstance(given, dict):
        return {str(k): str(v) for k, v in given.items()}
    return {str(m): f"not available (marked {m!r} by the publisher)" for m in given}


def _each(load_one):
    """load(files, ...): every file, merged in order."""
    def load(files, forces, options):
        from newsgen.sources.dataset import merge_datasets
        return merge_datasets([load_one(f, forces, options, Problems()) for f in files])
    return load


def _checking(load_one):
    """check(file, ...): every problem load_one finds, not just the first."""
    def check(file, forces, options):
        problems = Problems(stop=False)
        try:
            load_one(file, forces, options, problems)
        except DataError as exc:   # a problem that stops reading (header, encoding)
            problems.found.append(exc)
        return problems.sorted()
    return check


def _tidy(file, forces, options, problem):
    from newsgen.sources.dataset import check_tidy, load_tidy
    if problem.stop:
        return load_tidy(file, forces, value_column=options.get("value_column", "offences"),
                         markers=markers(options))
    problem.found += check_tidy(file, forces, value_column=options.get("value_column", "offences"),
                                markers=markers(options))


def _ons(file, forces, options, problem):
    from newsgen.sources.ons import SHEET, load_ons
    return load_ons(file, forces, sheet=options.get("sheet", SHEET), markers=markers(options),
                    problem=problem)


def _home_office(file, forces, options, problem):
    from newsgen.sources.home_office import load_home_office
    codes = options.get("codes")
    return load_home_office(file, forces, codes=set(codes) if codes else None,
                            markers=markers(options), problem=problem)


LOADERS: dict[str, Loader] = {
    "tidy": Loader(_each(_tidy), _checking(_tidy),
                   "tidy table: force, period, category, offences, source"),
    "ons": Loader(_each(_ons), _checking(_ons),
                  "ONS recorded crime by police force area: rolling 12-month totals "
                  "(the long CSV, or the quarterly workbook's Table P1)"),
    "home_office": Loader(_each(_home_office), _checking(_home_office),
                          "Home Office police recorded crime open data: quarters by offence code"),
}

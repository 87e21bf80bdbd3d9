"""The registry of data loaders a kit can name in ``[data] loader``.

Each entry reads a kit's data files into a `Dataset` (``load``) or lists
every problem in one file without stopping (``check``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from newsgen.errors import DataError
from newsgen.sources.forces import ForceTable
from newsgen.sources.dataset import Dataset, check_tidy, load_tidy


@dataclass(frozen=True)
class Loader:
    load: Callable[[tuple[Path, ...], ForceTable, dict], Dataset]
    check: Callable[[Path, ForceTable, dict], list[DataError]]
    describe: str


def _tidy_load(files, forces, options):
    return load_tidy(files[0], forces, value_column=options.get("value_column", "offences"))


def _tidy_check(file, forces, options):
    return check_tidy(file, forces, value_column=options.get("value_column", "offences"))


def _ons_load(files, forces, options):
    from newsgen.sources.ons import load_ons
    return load_ons(files[0], forces)


def _home_office_load(files, forces, options):
    from newsgen.sources.home_office import load_home_office
    codes = options.get("codes")
    return load_home_office(files[0], forces, codes=set(codes) if codes else None)


def _check_by_loading(load):
    def check(file, forces, options):
        try:
            load((file,), forces, options)
        except DataError as exc:
            return [exc]
        return []
    return check


LOADERS: dict[str, Loader] = {
    "tidy": Loader(_tidy_load, _tidy_check,
                   "tidy CSV: force, period, category, offences, source"),
    "ons": Loader(_ons_load, _check_by_loading(_ons_load),
                  "ONS recorded crime by police force area: rolling 12-month totals"),
    "home_office": Loader(_home_office_load, _check_by_loading(_home_office_load),
                          "Home Office police recorded crime open data: quarters by offence code"),
}

"""The loaders' fast path (a well-formed CSV read column by column,
newsgen.sources.columns) gives the Dataset the row reader gives, frame and
all; a file it does not expect goes to the row reader, which reports it."""

from __future__ import annotations

import pandas as pd
import pytest

from benchmarks.synthetic import ONS_DATES, write_areas, write_home_office, write_ons
from newsgen.errors import DataError
from newsgen.paths import SHIPPED
from newsgen.sources import home_office, ons
from newsgen.sources.forces import load_forces

DATA = SHIPPED / "data"
FIELDS = ("file", "periods", "value_column", "area_column", "national_name",
          "national_from_areas", "value_how", "sources")


def both_ways(module, monkeypatch, load, by_columns=True):
    """(the Dataset as loaded, the Dataset the row reader alone gives);
    `by_columns`: whether the fast path must have read it."""
    real, read = module.fast_path, []
    with monkeypatch.context() as patch:
        patch.setattr(module, "fast_path", lambda *args: read.append(real(*args)) or read[-1])
        fast = load()
    assert (read[-1] is not None) == by_columns
    with monkeypatch.context() as patch:
        patch.setattr(module, "fast_path", lambda *args: None)
        slow = load()
    return fast, slow


def assert_same(fast, slow):
    pd.testing.assert_frame_equal(fast.frame, slow.frame)
    for name in FIELDS:
        assert getattr(fast, name) == getattr(slow, name), name
    assert list(fast.categories.items()) == list(slow.categories.items())
    assert list(fast.unavailable.items()) == list(slow.unavailable.items())


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("columns")
    areas = write_areas(folder / "areas.csv", 120)
    return (load_forces(areas), write_ons(folder / "ons.csv", 120, dates=ONS_DATES[-12:]),
            write_home_office(folder / "ho.csv", 120))


def test_the_ons_table_read_by_columns_is_the_table_read_by_rows(monkeypatch, synthetic):
    forces, data, _ = synthetic
    for table, path in ((load_forces(), DATA / "ons-recorded-crime-pfa-2003-2018.csv"),
                        (forces, data)):
        fast, slow = both_ways(ons, monkeypatch, lambda: ons.load_ons(path, table))
        assert len(fast.frame) > 1000
        assert_same(fast, slow)


@pytest.mark.parametrize("codes", [None, {"86"}])
def test_the_home_office_table_read_by_columns_is_the_table_read_by_rows(monkeypatch, synthetic,
                                                                         codes):
    forces, _, data = synthetic
    for table, path in ((load_forces(), DATA / "home-office-prc-pfa-2017-18.csv"), (forces, data)):
        fast, slow = both_ways(home_office, monkeypatch,
                               lambda: home_office.load_home_office(path, table, codes=codes))
        assert "lines" in fast.frame.columns
        assert_same(fast, slow)


def test_markers_and_a_blank_line(monkeypatch, synthetic, tmp_path):
    """Cells marked not available, by the fast path; a blank line in the
    middle (which moves every later row's line) sends the file to the row
    reader, which cites the same lines."""
    forces, data, _ = synthetic
    lines = data.read_text().splitlines(keepends=True)
    marked = [line.rsplit(",", 1)[0] + ",..\n" if i in (5, 9) else line
              for i, line in enumerate(lines)]
    for name, text in (("marked.csv", "".join(marked)),
                       ("blank.csv", "".join(marked[:50] + ["\n"] + marked[50:]))):
        path = tmp_path / name
        path.write_text(text)
        fast, slow = both_ways(ons, monkeypatch, lambda: ons.load_ons(path, forces),
                               by_columns=name == "marked.csv")
        assert len(fast.unavailable) == 2
        assert_same(fast, slow)


def test_a_duplicate_row_is_reported_as_the_row_reader_reports_it(synthetic, tmp_path):
    forces, data, _ = synthetic
    lines = data.read_text().splitlines(keepends=True)
    path = tmp_path / "twice.csv"
    path.write_text("".join(lines[:30] + [lines[3]] + lines[30:]))
    with pytest.raises(DataError) as caught:
        ons.load_ons(path, forces)
    assert caught.value.line == 31 and "first given at line 4" in str(caught.value)

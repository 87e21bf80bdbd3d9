"""The lead scan on small synthetic series whose right answer is known:
records within a comparable segment and not across a break, changes judged
against the series' own past (a large change in a volatile series is normal,
a small one in a very stable series is not), counting noise, minimum counts,
one-off events, runs, ranks, trends and shares."""

from datetime import date
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from newsgen.leads import breaks as series_breaks
from newsgen.facts import judgements
from newsgen.kit import SeriesBreak
from newsgen.leads.breaks import ACROSS, Event, segments
from newsgen.leads.findings import find
from newsgen.leads.grid import table_of
from newsgen.leads.scan import scan
from newsgen.leads.settings import Category, LeadSettings
from newsgen.sources.dataset import Dataset

CATEGORY = "Things"


def yearly(n: int, start: int = 2000) -> list[str]:
    """Rolling years ending in March: 2000-03-31, 2001-03-31, ..."""
    return [f"{start + i}-03-31" for i in range(n)]


def quarterly(n: int, start: int = 2014) -> list[str]:
    ends = ("03-31", "06-30", "09-30", "12-31")
    return [f"{start + i // 4}-{ends[i % 4]}" for i in range(n)]


def run(series: dict[str, list], periods=None, *, breaks=(), settings=LeadSettings(),
        minimum=None, pops=None, regions=None, at=-1):
    """Scan one category of these areas' series; (scan, {area: [kinds]})."""
    n = len(next(iter(series.values())))
    periods = periods or yearly(n)
    rows, line = [], 1
    for area, values in series.items():
        for period, value in zip(periods, values):
            if value is not None:
                line += 1
                rows.append((area, period, CATEGORY, value, line))
    frame = pd.DataFrame(rows, columns=["area", "period", "category", "value", "line"])
    data = Dataset(file="synthetic.csv", frame=frame, periods=list(periods),
                   value_column="n", area_column="area", national_name="England and Wales",
                   national_from_areas=True)
    table = table_of(data, list(series))
    kit = SimpleNamespace(breaks=tuple(breaks))   # the breaks a kit declares
    t = at if at >= 0 else len(periods) + at
    s = scan(table, Category(CATEGORY, "things", 1.0, minimum), kit, settings, t,
             pops or {}, regions or {a: "North" for a in series}, per=1000)
    found = find(s)
    return s, {series_list[a]: [f.kind for f in fs] for a, fs in found.items()
               for series_list in [list(series)]}


def kinds(series, **kw) -> list[str]:
    _s, found = run(series, **kw)
    return found.get(next(iter(series)), [])


def a_break(when: date) -> SeriesBreak:
    return SeriesBreak(date=when, change="counting has changed", source="a test")


# -- segments -------------------------------------------------------------------

def test_segments_put_a_period_that_straddles_a_break_on_its_own():
    periods = yearly(4, 2016)   # years ending March 2016 .. March 2019
    seg = segments(periods, [date(2017, 4, 1), date(2018, 7, 1)])
    # ending 2016-03, 2017-03: before both; 2018-03: after the first;
    # 2019-03 (April 2018 to March 2019) straddles July 2018
    assert seg.tolist() == [0, 0, 1, ACROSS]


@pytest.mark.parametrize("dates", [[], [date(2006, 4, 1)], [date(2004, 7, 1), date(2009, 4, 1)],
                                   [date(2011, 10, 1)], [date(2012, 4, 1)]])
def test_segments_agree_with_the_articles_rule_of_what_compares(dates):
    """One decision, two places: the scan's segments give the periods
    facts.judgements.comparable gives the articles."""
    periods = quarterly(40, 2003)
    seg = segments(periods, dates)
    for t, current in enumerate(periods):
        theirs, _limit = judgements.comparable(periods[: t + 1], current, dates)
        mine = [p for p, k in zip(periods[: t + 1], seg[: t + 1])
                if (k == seg[t] and k != ACROSS) or p == current]
        assert mine == theirs, current


# -- records ------------------------------------------------------------------

RISING_AFTER_A_BREAK = [500, 520, 510, 530, 525, 515, 505, 100, 110, 120, 125, 130, 140, 150, 160]
BREAK = date(2007, 4, 1)   # the 8th period (ending March 2007) is the first counted the new way


def test_a_record_inside_a_comparable_segment_is_found():
    s, found = run({"here": RISING_AFTER_A_BREAK}, breaks=[a_break(BREAK)])
    assert found["here"][0] == "record-high"
    assert s.grid.periods[s.first[0]] == "2008-03-31"   # the first period begun after the break
    assert s.grid.values[0, s.high_at[0]] == 150        # beaten: the segment's own high


def test_without_the_break_the_same_figure_is_no_record():
    assert "record-high" not in kinds({"here": RISING_AFTER_A_BREAK})


def test_a_record_across_a_break_is_not_claimed():
    # the highest figure ever, but the comparable segment is only three years long
    series = {"here": [100, 104, 108, 112, 116, 120, 124, 128, 200, 210, 220, 230]}
    assert "record-high" in kinds(series)                     # (no break: a record)
    found = kinds(series, breaks=[a_break(date(2008, 4, 1))])
    assert "record-high" not in found and "rises-in-a-row" not in found


def test_a_figure_that_straddles_a_break_is_compared_with_nothing():
    series = {"here": [100, 104, 108, 112, 116, 120, 124, 128, 132, 136, 140, 300]}
    found = kinds(series, breaks=[a_break(date(2010, 7, 1))])   # inside the last year
    assert found == []
    s, _ = run(series, breaks=[a_break(date(2010, 7, 1))])
    assert not s.change_ok[0] and np.isnan(s.z[0])


def test_a_record_low_and_the_years_it_needs():
    falling = [300, 290, 280, 270, 260, 250, 240]
    assert "record-low" in kinds({"here": falling})
    short = LeadSettings(record_years=10)
    assert "record-low" not in kinds({"here": falling}, settings=short)


# -- unusual changes ------------------------------------------------------------

def test_a_large_change_that_is_normal_for_a_volatile_series_is_not_flagged():
    volatile = [1000, 1300] * 7 + [1000, 1350]    # +30%, -23% ... then +35%
    s, found = run({"here": volatile})
    assert abs(s.z[0]) < 3
    assert not {"unusual-rise", "unusual-fall"} & set(found.get("here", []))


def test_a_small_change_in_a_very_stable_series_is_flagged():
    stable = [10000, 10020, 10010, 10030, 10015, 10025, 10010, 10030, 10020, 10010, 10800]
    s, found = run({"here": stable})
    assert s.z[0] > 5
    assert "unusual-rise" in found["here"]
    assert (s.cur[0] / s.prev[0] - 1) < 0.1      # an 8% rise: small by any fixed yardstick


def test_counting_noise_floors_the_spread_of_a_small_count():
    flat = [60] * 12 + [75]        # no past change at all, then +25%
    s, found = run({"here": flat}, minimum=10)
    assert 0 < s.z[0] < 3          # a zero spread would make any change infinitely unusual
    assert "unusual-rise" not in found.get("here", [])


def test_a_change_is_only_unusual_in_its_own_direction():
    # falling 10% a year, then flat: unusual against the trend, but not a rise
    falling = [round(2000 * 0.9 ** i) for i in range(12)] + [round(2000 * 0.9 ** 11)]
    found = kinds({"here": falling})
    assert "unusual-rise" not in found and "unusual-fall" not in found


# -- small counts -----------------------------------------------------------------

def test_a_count_below_the_minimum_is_never_a_lead():
    series = {"here": [5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 40]}   # a record and a sevenfold rise
    assert kinds(series) == []                           # 40 is below the default 50
    assert "record-high" in kinds(series, minimum=30)    # the category's own minimum


def test_no_area_below_the_minimum_gets_a_rank_either():
    series = {f"a{i}": [100 * i] * 8 + [100 * i] for i in range(1, 6)}
    series["small"] = [20] * 9
    pops = {a: 1_000_000 for a in series}
    _s, found = run(series, pops=pops)
    assert "small" not in found
    assert "highest-rate" in found["a5"]


# -- one-off events -----------------------------------------------------------------

def test_a_one_off_event_is_left_out_of_the_comparison(monkeypatch):
    # year ending March 2010 holds an event that tripled the count
    series = {"here": [100, 102, 98, 101, 99, 103, 100, 102, 99, 101, 300, 104, 103, 150]}
    monkeypatch.setattr(series_breaks, "EVENTS", (Event(date(2009, 6, 1), CATEGORY, "here",
                                                        "an incident", "a test"),))
    s, found = run(series)
    assert found["here"][0] == "record-high"             # 150 > every figure but the event's
    assert s.grid.values[0, s.high_at[0]] == 104
    current = kinds(series, at=10)                        # scanned at the event's own year
    assert current == []


# -- runs, ranks, trends, shares -------------------------------------------------------

def test_a_run_of_rises_is_counted_like_for_like():
    series = {"here": [500, 480, 470, 480, 490, 500, 520, 540]}   # five rises in a row
    s, found = run(series)
    assert s.run[0] == 5 and "rises-in-a-row" in found["here"]
    # a break inside the run: from the year ending March 2004, three rises
    s, found = run(series, breaks=[a_break(date(2003, 4, 1))])
    assert s.run[0] == 3
    s, found = run(series, settings=LeadSettings(run_years=6))
    assert "rises-in-a-row" not in found.get("here", [])


def test_rates_at_the_ends_of_the_ranking_and_of_the_region():
    counts = {f"a{i}": [1000 + 100 * i] * 2 for i in range(1, 9)}
    pops = {a: 1_000_000 for a in counts}
    regions = {a: ("North" if i < 5 else "South") for i, a in enumerate(counts)}
    s, found = run(counts, pops=pops, regions=regions)
    assert s.rank.tolist() == [8, 7, 6, 5, 4, 3, 2, 1]
    assert "highest-rate" in found["a8"] and "lowest-rate" in found["a1"]
    assert "highest-rate-in-region" in found["a5"]        # highest in the North, 4th of all
    # a6: the lowest of the South's three, though the third highest of all
    assert "lowest-rate-in-region" in found["a6"] and "highest-rate" in found["a6"]
    assert "lowest-rate-in-region" not in found["a1"]     # the lowest of all says it already
    pops["a8"] = 50_000                                    # too few residents for a rate lead
    _s, found = run(counts, pops=pops, regions=regions)
    assert "highest-rate" not in found.get("a8", [])


def test_a_move_against_the_national_trend():
    series = {f"a{i}": [1000, 1300] for i in range(1, 6)}
    series["odd"] = [1000, 800]                            # -20% while the rest rise 30%
    _s, found = run(series)
    assert "against-trend" in found["odd"]
    assert "against-trend" not in found.get("a1", [])
    series["odd"] = [100, 90]                               # -10% on a small count: noise
    _s, found = run(series, minimum=10)
    assert "against-trend" not in found.get("odd", [])


def test_a_large_share_of_the_national_total():
    series = {"big": [5000, 5000], **{f"a{i}": [1000, 1000] for i in range(5)}}
    pops = {"big": 2_000_000, **{f"a{i}": 1_000_000 for i in range(5)}}
    _s, found = run(series, pops=pops)
    assert "large-share" in found["big"]            # half the offences, 2/7 of the people
    pops["big"] = 4_000_000
    _s, found = run(series, pops=pops)
    assert "large-share" not in found.get("big", [])   # half of each: no disproportion


def test_a_change_one_quarter_brought_is_marked():
    periods = quarterly(12)
    lumpy = {"here": [400] * 8 + [400, 560, 580, 600]}    # the year's +200: most in one quarter
    s, _ = run(lumpy, periods)
    assert s.lumpy_at[0] >= 0 and s.grid.periods[s.lumpy_at[0]] == "2016-06-30"
    even = {"here": [400] * 8 + [450, 500, 550, 600]}
    s, _ = run(even, periods)
    assert s.lumpy_at[0] == -1
    small = {"here": [400] * 8 + [400, 415, 418, 420]}    # +20: within counting noise
    s, _ = run(small, periods)
    assert s.lumpy_at[0] == -1


def test_the_first_period_scans_without_a_past():
    s, found = run({"here": [100, 110, 120]}, at=0)
    assert found == {} and s.first_change[0] == -1 and np.isnan(s.z[0])


@pytest.mark.parametrize("z", [2.0, 3.0, 5.0])
def test_the_unusual_threshold_is_the_kits(z):
    stable = [1000, 1010, 1000, 1010, 1000, 1010, 1000, 1010, 1000, 1010, 1100]
    s, found = run({"here": stable}, settings=LeadSettings(unusual_z=z))
    assert ("unusual-rise" in found.get("here", [])) == (s.z[0] >= z)

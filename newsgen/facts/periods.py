"""Period labels: what a period is called in the data, how periods sort, how
long they are and how an article names them.

Two kinds of label are understood:

* a financial year, ``2017-18`` (April 2017 to March 2018);
* the end date of a rolling 12-month period, ``2018-12-31`` (the ONS's
  "12 months ending"; loaders write it as an ISO date).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

_FY = re.compile(r"^(\d{4})-(\d{2})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def financial_year(label: str) -> int | None:
    """The start year of a financial year label ('2017-18' -> 2017), else None."""
    m = _FY.match(label or "")
    if not m:
        return None
    start = int(m.group(1))
    return start if (start + 1) % 100 == int(m.group(2)) else None


def year_ending(label: str) -> date | None:
    """The end date of a rolling-year label ('2018-12-31'), else None."""
    m = _ISO.match(label or "")
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def is_period(label: str) -> bool:
    return financial_year(label) is not None or year_ending(label) is not None


def sort_key(label: str) -> date:
    """The date a period ends, so that periods of both kinds sort in time."""
    start = financial_year(label)
    if start is not None:
        return date(start + 1, 3, 31)
    end = year_ending(label)
    if end is None:
        raise ValueError(f"not a period label: {label!r}")
    return end


def _year_before(end: date) -> date:
    try:
        return end.replace(year=end.year - 1)
    except ValueError:  # 29 February
        return end.replace(year=end.year - 1, day=28)


def days(label: str) -> int:
    """Days in the period: '2017-18' -> 365, '2016-12-31' -> 366."""
    start = financial_year(label)
    if start is not None:
        return (date(start + 1, 4, 1) - date(start, 4, 1)).days
    end = year_ending(label)
    if end is None:
        raise ValueError(f"not a period label: {label!r}")
    return (end - _year_before(end)).days


def span(label: str | None) -> dict:
    """How templates name a period.

    '2017-18' -> label '2017-18', start 'April 2017', end 'March 2018';
    '2018-12-31' -> label 'the year ending December 2018', start 'January
    2018', end 'December 2018'. ``year`` is the calendar year it ends in.
    """
    start = financial_year(label) if label else None
    if start is not None:
        return {"label": label, "start": f"April {start}", "end": f"March {start + 1}",
                "end_date": date(start + 1, 3, 31).isoformat(), "year": start + 1}
    end = year_ending(label) if label else None
    if end is None:
        return {"label": label, "start": None, "end": None}
    first_month = end.month % 12 + 1
    first_year = end.year - (1 if end.month != 12 else 0)
    return {"label": f"the year ending {calendar.month_name[end.month]} {end.year}",
            "start": f"{calendar.month_name[first_month]} {first_year}",
            "end": f"{calendar.month_name[end.month]} {end.year}",
            "end_date": end.isoformat(), "year": end.year}


def label(period: str) -> str:
    """How an article names a period: '2003-03-31' -> 'the year ending March 2003'."""
    return span(period)["label"]


def month_year(day: "str | date") -> str:
    """A date (or an ISO date) as an article names its month: '2018-04-01'
    -> 'April 2018'."""
    when = day if isinstance(day, date) else date.fromisoformat(day)
    return f"{calendar.month_name[when.month]} {when.year}"


def year_before(label: str) -> str:
    """The period a year earlier, to compare with: '2017-18' -> '2016-17';
    '2019-03-31' -> '2018-03-31' (the same 12 months a year before)."""
    start = financial_year(label)
    if start is not None:
        return f"{start - 1}-{start % 100:02d}"
    end = year_ending(label)
    if end is None:
        raise ValueError(f"not a period label: {label!r}")
    before = _year_before(end)
    if end.month == 2 and end.day >= 28:   # a year ending in February ends on its last day
        before = date(before.year, 3, 1).fromordinal(date(before.year, 3, 1).toordinal() - 1)
    return before.isoformat()


def latest(labels) -> str | None:
    """The newest of these periods, or None."""
    labels = [p for p in labels if is_period(p)]
    return max(labels, key=sort_key) if labels else None

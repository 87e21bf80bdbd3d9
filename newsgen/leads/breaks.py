"""What makes two figures of a series not comparable, for the lead scan:
series breaks (the publisher changed how a category is counted or defined),
which kits declare in kit.toml (``[[breaks]]`` and ``[[stories.breaks]]``,
newsgen.kit_parts.SeriesBreak; the generic ONS category kit declares the
table's), and two things kit.toml has no place for yet, kept here with their
sources: one-off events (many offences recorded at once, such as the victims
of one disaster) and caveats (a figure the publisher estimated).

A period is comparable with the current one when both began on or after the
latest break the current period reaches (a 12-month figure that straddles a
break mixes the old and new counting, and is comparable with nothing); see
`segments`, which follows facts.judgements' rule for articles. A period
whose 12 months include an event is left out of every comparison for that
area and category.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from newsgen.facts import judgements



@dataclass(frozen=True)
class Event:
    """Many offences of one category recorded at once in one area: a figure
    whose 12 months include `date` is compared with nothing."""

    date: date
    category: str
    area: str
    what: str      # as an article says it: no figures (they are not the data's)
    source: str    # where it is documented, with its dates


@dataclass(frozen=True)
class Caveat:
    """A published figure that carries a warning (an estimate, a system
    change): a lead on it says so, and its news value is lowered."""

    period: str
    area: str
    note: str
    source: str
    categories: tuple[str, ...] = ()


# Incidents with many victims recorded as homicides at once, each visible in
# the table as a step up that falls away 12 months later. `date` is a day in
# the quarter the table first includes them (the recording, not always the
# day of the incident).
EVENTS = (
    Event(date(2002, 7, 19), "Homicide", "greater-manchester",
          "the victims of Harold Shipman, recorded after the first report of the Shipman Inquiry",
          "Office for National Statistics, Homicide in England and Wales; the Shipman Inquiry "
          "reported in July 2002"),
    Event(date(2004, 2, 5), "Homicide", "lancashire",
          "the cockle pickers who drowned in Morecambe Bay",
          "Office for National Statistics, Homicide in England and Wales; the drownings were "
          "on 5 February 2004"),
    Event(date(2010, 7, 1), "Homicide", "cumbria",
          "the people shot dead in west Cumbria by Derrick Bird",
          "Office for National Statistics, Homicide in England and Wales; the shootings were "
          "on 2 June 2010 and the table includes them from the quarter to September 2010"),
    Event(date(2016, 4, 26), "Homicide", "south-yorkshire",
          "the victims of the Hillsborough disaster, recorded as homicides after the inquests",
          "Office for National Statistics, Homicide in England and Wales: year ending March "
          "2017; the inquest verdicts were on 26 April 2016"),
    Event(date(2017, 5, 22), "Homicide", "greater-manchester",
          "the victims of the Manchester Arena bombing",
          "Office for National Statistics, Homicide in England and Wales: year ending March "
          "2018; the bombing was on 22 May 2017"),
)

CAVEATS = (
    Caveat("2018-12-31", "lancashire",
           "Lancashire Police could not provide figures for November and December 2018; "
           "the ONS estimated them",
           "Office for National Statistics, police force area tables, year ending December "
           "2018, Table P1, note 8"),
)


def breaks_for(kit, area: str) -> list:
    """The breaks a kit declares that apply to one area's series, oldest
    first (a story's own and the kit's; newsgen.kit_parts.SeriesBreak)."""
    return sorted((b for b in getattr(kit, "breaks", ()) or () if b.applies_to(area)),
                  key=lambda b: b.date)


ACROSS = -1   # the segment of a period that straddles a break


def segments(periods: list[str], dates: list[date]) -> np.ndarray:
    """A segment number per period: periods with the same number (not ACROSS)
    were counted the same way; a period whose 12 months straddle a break is
    ACROSS, comparable with no other (facts.judgements.side_of decides)."""
    out = np.empty(len(periods), dtype=np.int16)
    for i, period in enumerate(periods):
        sides = [judgements.side_of(period, d) for d in dates]
        out[i] = ACROSS if "across" in sides else sides.count("after")
    return out


def events_for(category: str, area: str) -> list[Event]:
    return [e for e in EVENTS if e.category.lower() == category.lower() and e.area == area]


def masked(periods: list[str], events: list[Event]) -> np.ndarray:
    """True for each period whose 12 months include one of `events`."""
    out = np.zeros(len(periods), dtype=bool)
    for i, period in enumerate(periods):
        start, end = judgements.bounds(period)
        out[i] = any(start <= e.date <= end for e in events)
    return out


def caveats_for(category: str, area: str, period: str) -> list[Caveat]:
    return [c for c in CAVEATS if c.area == area and c.period == period
            and (not c.categories or category.lower() in {x.lower() for x in c.categories})]

"""What makes two figures of a series not comparable, for the lead scan: series
breaks (the publisher changed how a category is counted or defined), one-off
events (many offences recorded at once, such as the victims of one disaster),
and caveats (a figure the publisher estimated).

This table is the leads scan's own until kits can declare breaks
(``[[breaks]]`` in kit.toml, issue 13): `breaks_for` prefers a kit's own
declarations (``kit.breaks``) when it has any, so switching is one line. The
stalking and harassment, sexual offences and Avon and Somerset breaks are the
ones the ONS kit declares on that branch, with the same sources; the burglary
and fraud breaks and the Lancashire caveat are the ONS's own notes to Table
P1 of the police force area tables, year ending December 2018; the two driving breaks
are new offences the category takes in, from the Acts that created them.

A period is comparable with the current one when both began on or after the
latest break the current period reaches (a 12-month figure that straddles a
break mixes the old and new counting, and is comparable with nothing); see
`segments`. A period whose 12 months include an event is left out of every
comparison for that area and category.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from newsgen.facts.periods import days, sort_key

ONS_TABLES = "https://www.ons.gov.uk/peoplepopulationandcommunity/crimeandjustice/datasets/policeforceareadatatables"
VAWG = "https://vawg.gss-data.org.uk/dashboards/stalking-and-harassment/police-recorded-crime-of-harassment"


@dataclass(frozen=True)
class Break:
    """From `date` figures were counted or defined differently."""

    date: date
    change: str                       # what changed, in words that follow "in April 2018, "
    source: str                       # who says so, and where
    url: str = ""
    categories: tuple[str, ...] = ()  # () every category
    areas: tuple[str, ...] = ()       # area slugs; () every area

    def applies(self, category: str, area: str) -> bool:
        return ((not self.categories or category.lower() in {c.lower() for c in self.categories})
                and (not self.areas or area in self.areas))


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


BREAKS = (
    Break(date(2004, 5, 1), "the Sexual Offences Act 2003 came into force, changing the "
          "definition and coverage of sexual offences",
          "Office for National Statistics, police recorded crime (year ending March 2022), "
          "Table A4, note 3", "", ("Sexual offences",)),
    Break(date(2008, 4, 1), "forces began to send separate figures for harassment; earlier "
          "figures are estimates", "Home Office, police recorded crime appendix tables (year "
          "ending March 2022), Table A4, note 4", VAWG, ("Stalking and harassment",)),
    Break(date(2015, 4, 1), "two more harassment offences were added to the counting rules "
          "(malicious communications and disclosing private sexual images)",
          "Home Office, police recorded crime appendix tables (year ending March 2022), "
          "Table A4, note 6", VAWG, ("Stalking and harassment",)),
    Break(date(2018, 4, 1), "the Home Office counting rules changed so that stalking or "
          "harassment is recorded in addition to the most serious other offence against the "
          "same victim", "Home Office, police recorded crime appendix tables (year ending "
          "March 2022), Table A4, notes", VAWG, ("Stalking and harassment",)),
    Break(date(2017, 4, 1), "burglary was reclassified as residential and non-residential; "
          "the ONS says meaningful comparisons over time are not possible in these categories",
          "Office for National Statistics, police force area tables, year ending December "
          "2018, Table P1, note 5", ONS_TABLES,
          ("Residential burglary", "Non-residential burglary", "Domestic burglary",
           "Non-domestic burglary")),
    Break(date(2012, 12, 3), "causing serious injury by dangerous driving became an offence",
          "Legal Aid, Sentencing and Punishment of Offenders Act 2012, section 143, in force "
          "3 December 2012", "https://www.legislation.gov.uk/ukpga/2012/10/section/143",
          ("Death or serious injury caused by illegal driving",)),
    Break(date(2015, 4, 13), "causing death or serious injury by driving while disqualified "
          "became offences", "Criminal Justice and Courts Act 2015, section 29, in force "
          "13 April 2015", "https://www.legislation.gov.uk/ukpga/2015/2/section/29",
          ("Death or serious injury caused by illegal driving",)),
    Break(date(2011, 4, 1), "Action Fraud began to take over the recording of fraud from "
          "police forces, force by force", "Office for National Statistics, police force area "
          "tables, year ending December 2018, Table P1, note 3", ONS_TABLES, ("Fraud offences",)),
    Break(date(2013, 4, 1), "Action Fraud had taken over the recording of fraud from every "
          "police force, and the ONS no longer gives fraud figures by force",
          "Office for National Statistics, police force area tables, year ending December "
          "2018, Table P1, note 3", ONS_TABLES, ("Fraud offences",)),
    Break(date(2015, 4, 1), "the force's figures began to include crimes it had earlier "
          "left out through an administrative error",
          "Office for National Statistics, police force area tables, year ending December "
          "2018, Table P1, note 9", ONS_TABLES, (), ("avon-and-somerset",)),
)

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


def breaks_for(kit, category: str, area: str) -> list[Break]:
    """The breaks that apply to one area's series of one category: the kit's
    own declarations (``kit.breaks``, once kits can declare them), else this
    module's table."""
    declared = tuple(getattr(kit, "breaks", ()) or ())
    return sorted((b for b in (declared or BREAKS) if _applies(b, category, area)),
                  key=lambda b: b.date)


def _applies(b, category: str, area: str) -> bool:
    # a kit's own break (kit.SeriesBreak) is already its story's category's
    return b.applies_to(area) if hasattr(b, "applies_to") else b.applies(category, area)


def bounds(period: str) -> tuple[date, date]:
    """The first and last day a period covers."""
    end = sort_key(period)
    return end - timedelta(days=days(period) - 1), end


ACROSS = -1   # the segment of a period that straddles a break


def segments(periods: list[str], dates: list[date]) -> np.ndarray:
    """A segment number per period: periods with the same number (not ACROSS)
    were counted the same way; a period whose 12 months straddle a break is
    ACROSS, comparable with no other."""
    out = np.empty(len(periods), dtype=np.int16)
    for i, period in enumerate(periods):
        start, end = bounds(period)
        if any(start < d <= end for d in dates):
            out[i] = ACROSS
        else:
            out[i] = sum(1 for d in dates if d <= start)
    return out


def events_for(category: str, area: str) -> list[Event]:
    return [e for e in EVENTS if e.category.lower() == category.lower() and e.area == area]


def masked(periods: list[str], events: list[Event]) -> np.ndarray:
    """True for each period whose 12 months include one of `events`."""
    out = np.zeros(len(periods), dtype=bool)
    for i, period in enumerate(periods):
        start, end = bounds(period)
        out[i] = any(start <= e.date <= end for e in events)
    return out


def caveats_for(category: str, area: str, period: str) -> list[Caveat]:
    return [c for c in CAVEATS if c.area == area and c.period == period
            and (not c.categories or category.lower() in {x.lower() for x in c.categories})]

"""Matching a claim to the article's facts: the value it states and the fact,
if any, it is a true, close statement of.

The matching rules, each the same test the phrasing functions make:

* a plain count ("301", "Thirty-seven") equals a fact exactly; a decimal
  ("28.6") equals a fact rounded to the places shown;
* "more than N" / "over N": the fact is above N and N is the fact rounded
  down to a round unit at least as coarse as phrasing's (301 -> 300; 1,320 ->
  1,300 or 1,000); "nearly N" / "almost N": `judgements.Hedge` holds; "fewer
  than N": below N, N the fact rounded up; "at least N": not below N;
* per-day phrases ("nearly one offence a day") against per-day facts;
* "23%" against percentage facts (and shares x 100) rounded as shown;
  "more than 15%": above 15 and less than five points above;
* fractions ("almost a quarter") against percentage changes and shares, with
  phrasing's closeness; multiples ("almost doubled") against changes;
* "one in 75" against shares (75 = round(1 / share));
* "the third lowest" against rank facts (rank among `ranked`);
* years and labels ("2017-18", "March 2018") against the article's periods;
  "12 months" against the length of a financial-year period.
"""

from __future__ import annotations

import math
import re
from functools import cached_property

from newsgen.factcheck.claims import Claim
from newsgen.factcheck.numbers import (_FRACTION_NAMES, _MULTIPLE_WORDS, _ordinal_value,
                                       count_holds, fraction_holds, multiple_holds,
                                       parse_number, pct_holds, rate_holds)


_ISO_DATE = re.compile(r"((?:19|20)\d{2})-(\d{2})-(\d{2})")
_PERIOD_LABEL = re.compile(r"((?:19|20)\d{2})(?:[-/–](\d{2}|\d{4}))?")
_RANK_NAME = re.compile(r"(?:rate_)?rank$")


def _add_period(out: dict[str, str], name: str, value: str) -> None:
    """The years and label of one value that is a period, each -> the
    fact's name: financial years ('2017-18': 2017 and 2018), years, or the
    end dates of rolling 12-month periods ('2018-09-30': October 2017 to
    September 2018, so 2017 and 2018)."""
    iso = _ISO_DATE.fullmatch(value)
    if iso:
        year = int(iso.group(1))
        out.setdefault(str(year), name)
        out.setdefault(str(year - 1 if iso.group(2) != "12" else year), name)
        return
    m = _PERIOD_LABEL.fullmatch(value)
    if not m:
        return
    out[value] = name
    start = int(m.group(1))
    out.setdefault(str(start), name)
    if m.group(2):
        end = int(m.group(2)) if len(m.group(2)) == 4 else start // 100 * 100 + int(m.group(2))
        out.setdefault(str(end), name)


class Facts:
    """An article's facts as the matching rules read them, worked out in one
    pass over its values: the numbers (name, value) in order, the period
    years, and for each kind of claim the numbers it may match, in the same
    order (so the first fact that bears a claim out is the same)."""

    def __init__(self, values: dict):
        self.values = values
        numeric: list[tuple[str, float]] = []
        periods: dict[str, str] = {}
        for name, value in values.items():
            kind = type(value)
            if kind is float:
                if value == value:     # not NaN
                    numeric.append((name, value))
            elif kind is int:
                numeric.append((name, float(value)))
            elif kind is str:
                if value[:2] in ("19", "20"):   # every period label begins so
                    _add_period(periods, name, value)
            elif kind is bool or value is None:
                continue
            elif isinstance(value, (int, float)):   # subclasses (not bool)
                if not (isinstance(value, float) and math.isnan(value)):
                    numeric.append((name, float(value)))
            elif isinstance(value, str):
                _add_period(periods, name, value)
            elif name == "breakdown" and isinstance(value, list):
                for i, item in enumerate(value):
                    v = item.get("value") if isinstance(item, dict) else None
                    if isinstance(v, (int, float)):
                        numeric.append((f"breakdown[{i}].value", float(v)))
        self.numeric, self.periods = numeric, periods
        self.exact = _exact_counts(numeric)

    @cached_property
    def kinds(self) -> _Kinds:
        """The numbers each kind of claim may match, worked out when one
        is first met (most claims are whole counts and years)."""
        return _Kinds(self.numeric)


class _Kinds:
    """The numbers each kind of claim (other than counts and years) may
    match, by how their names end, in the values' order."""

    def __init__(self, numeric: list[tuple[str, float]]):
        self.shares: list[tuple[str, float]] = []
        self.percents: list[tuple[str, float, float]] = []    # (name, value, as a percentage)
        self.fractions: list[tuple[str, float, float]] = []   # (name, value, as a fraction)
        self.changes: list[tuple[str, float]] = []
        self.per_day: list[tuple[str, float]] = []
        self.ranks: list[tuple[str, float]] = []
        for n, v in numeric:
            end = n[-3:]
            if end == "pct":
                self.percents.append((n, v, v))
                self.fractions.append((n, v, v / 100))
                if n.endswith("change_pct"):
                    self.changes.append((n, v))
            elif end == "are" and n.endswith("share"):
                self.shares.append((n, v))
                self.percents.append((n, v, v * 100))
                self.fractions.append((n, v, v))
            elif end == "ent" and n.endswith("percent"):
                self.percents.append((n, v, v))
            elif end == "day" and n.endswith("per_day"):
                self.per_day.append((n, v))
            elif end == "ank" and n.endswith("rank"):
                self.ranks.append((n, v))


def _rank_totals(name: str, values: dict) -> list[float]:
    """How many a rank fact is out of: rate_rank -> rate_ranked, and
    region_rate_rank -> region_rate_ranked or else region_ranked."""
    out = []
    for total in (name + "ed", _RANK_NAME.sub("ranked", name)):
        value = values.get(total)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value not in out:
            out.append(value)
    return out


def _exact_counts(numeric: list[tuple[str, float]]) -> dict[float, tuple[str, float]]:
    """Each whole number a plain count can state -> the first fact it states
    (`count_holds('exactly', n, 0, value)`: the value itself if whole, else
    rounded to one place), so that most counts are matched by one look-up."""
    out: dict[float, tuple[str, float]] = {}
    for name, value in numeric:
        out.setdefault(value if float(value).is_integer() else round(value, 1), (name, value))
    return out


def match(claim: Claim, values: dict) -> None:
    """Fill in `claim.value` and, if a fact bears it out, `claim.fact`."""
    _match(claim, Facts(values))


def _match(claim: Claim, facts: Facts) -> None:
    """`match`, with the article's facts worked out (`Facts`)."""
    hedge, num, groups = claim.parts
    kind = claim.kind
    # the commonest claims first: a plain whole count, a year of the periods
    if kind == "count" and hedge == "exactly":
        parsed = parse_number(num)
        if parsed is not None and parsed[1] == 0:
            claim.value = parsed[0]
            hit = facts.exact.get(parsed[0])
            if hit is not None:
                claim.fact, claim.fact_value = hit
            return
    periods = facts.periods
    if kind == "year" and num in periods:
        claim.value = num
        claim.fact, claim.fact_value = periods[num], num
        return
    values, numeric = facts.values, facts.numeric

    def found(name, value):
        claim.fact, claim.fact_value = name, value
        return True

    if kind == "period":
        claim.value = num
        label = num.replace("/", "-").replace("–", "-")
        if label in periods:
            found(periods[label], label)
        return
    if kind == "year":
        claim.value = num
        for name, value in numeric:    # a year that is itself a fact: series_first_year
            if value == float(num):
                found(name, value)
                return
        return
    if kind == "rank":
        k = _ordinal_value(num)
        claim.value = k
        top = (groups.get("dir") or "highest").lower() in ("highest", "largest", "biggest", "most")
        if k is None:
            return
        for name, rank in facts.kinds.ranks:
            for of in _rank_totals(name, values):
                if (rank == k) if top else (of - rank + 1 == k):
                    return found(name, rank)
        return
    if kind == "fraction":
        fraction = _FRACTION_NAMES[num.lower()]
        claim.value = fraction
        for name, value, as_fraction in facts.kinds.fractions:
            if fraction_holds(hedge, fraction, as_fraction):
                return found(name, value)
        return
    if kind == "multiple":
        parsed = parse_number(num)
        k = _MULTIPLE_WORDS.get(num.lower()) or (int(parsed[0]) if parsed else None)
        claim.value = k
        if not k:
            return
        for name, value in facts.kinds.changes:
            if multiple_holds(hedge, k, 1 + value / 100):
                return found(name, value)
        return

    parsed = parse_number(num)
    if parsed is None:
        claim.value = num
        return
    stated, places = parsed
    claim.value = stated
    if kind == "one_in":
        for name, value in facts.kinds.shares:
            if value > 0 and round(1 / value) == stated:
                return found(name, value)
        return
    if kind == "percent":
        for name, value, as_pct in facts.kinds.percents:
            if pct_holds(hedge, stated, places, as_pct):
                return found(name, value)     # a share: "accounted for 12% of them"
        return
    if kind == "rate":
        unit = " ".join(groups["unit"].lower().split())
        scale = 2 if unit == "every other day" else 7 if unit.endswith("week") else 1
        for name, value in facts.kinds.per_day:
            if rate_holds(hedge, stated, value * scale):
                return found(name, value)
        return
    if kind == "duration":
        unit = groups["unit"].lower().rstrip("s")
        days = values.get("days")
        lengths = {"month": 12, "week": 52, "year": 1} if days in (365, 366) else {}
        if hedge == "exactly" and lengths.get(unit) == stated:
            return found("days", days)
        # otherwise fall through: "15 years" may still be a count fact
    if hedge == "exactly" and places == 0:
        hit = facts.exact.get(stated)
        if hit is not None:
            found(*hit)
        return
    for name, value in numeric:
        if count_holds(hedge, stated, places, value):
            return found(name, value)

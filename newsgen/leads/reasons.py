"""A finding in words: a short title and the reason in one sentence, in house
style (newsgen.words.phrasing), every number one of the lead's facts, and
checked by the same fact check as articles (`check`).
"""

from __future__ import annotations

from dataclasses import dataclass

from newsgen.factcheck.check import check_article
from newsgen.facts.periods import label, span
from newsgen.words.phrasing import (capitalise, force_subject, num, pct, place, rank_phrase,
                                    rate, region_name, share_phrase, words)


@dataclass
class Nouns:
    """How a category is named: 'robbery' / 'robberies', and 'robbery' in
    'the highest rate of robbery'."""

    singular: str
    plural: str
    rate_noun: str
    headline: str = ""   # a short plural for titles, where the plural is long

    @property
    def short(self) -> str:
        return self.headline or self.plural


@dataclass
class LeadText:
    """A lead's words in the shape the fact check reads an article."""

    headline: str
    standfirst: str
    facts: object
    area: str
    area_label: str
    region: str
    kit_title: str
    paragraphs: tuple = ()
    notes: tuple = ()


def across(national: str) -> str:
    """How a sentence names the nation: 'England and Wales', 'the United Kingdom'."""
    return f"the {national}" if national.lower().startswith("united") else national


def _year(period: str) -> str:
    return str(span(period)["year"])


def _signed(value: float) -> str:
    """A change as words: 'a rise of 5%', 'a fall of 3%', 'no change'."""
    if round(abs(value), 1) == 0:
        return "no change"
    return f"{'a rise' if value > 0 else 'a fall'} of {pct(value)}"


def _moved(v: dict) -> str:
    return "rose" if v["direction"] == "rise" else "fell"


def _since(v: dict) -> str:
    """'since the figures began in the year ending March 2003', or, where a
    break or event limits them, 'since the year ending June 2016, the
    earliest figures counted the same way'."""
    start = v["lead_comparable_from"]
    if v.get("lead_break_date") is None and start == v.get("lead_series_first"):
        return f"since the figures began in {label(start)}"
    return f"since {label(start)}, the earliest comparable figures"


def title(kind: str, v: dict, force, nouns: Nouns, national: str) -> str:
    where = place(force)
    plural = capitalise(nouns.short)
    if kind == "record-high":
        return f"{plural} in {where} at highest level since {_year(v['lead_comparable_from'])}"
    if kind == "record-low":
        return f"{plural} in {where} at lowest level since {_year(v['lead_comparable_from'])}"
    if kind == "unusual-rise":
        return f"Unusual rise in {nouns.short} in {where}"
    if kind == "unusual-fall":
        return f"Unusual fall in {nouns.short} in {where}"
    if kind == "against-trend":
        which = "regional" if v["lead_against"] == "regional" else "national"
        return f"{plural} {v['direction']} in {where} against the {which} trend"
    if kind in ("rises-in-a-row", "falls-in-a-row"):
        way = "up" if kind == "rises-in-a-row" else "down"
        return f"{plural} in {where} {way} on the year {words(v['lead_run'])} times in a row"
    if kind in ("highest-rate", "lowest-rate"):
        return (f"{capitalise(where)} has {rank_phrase(v['rate_rank'], v['rate_ranked'])} "
                f"rate of {nouns.headline or nouns.rate_noun} in {across(national)}")
    if kind in ("highest-rate-in-region", "lowest-rate-in-region"):
        end = "highest" if kind.startswith("highest") else "lowest"
        return f"{capitalise(where)} has {end} rate of {nouns.headline or nouns.rate_noun} in {region_name(v['region'])}"
    if kind == "large-share":
        return (f"{capitalise(where)} records {share_phrase(v['share'])} of {nouns.short} in "
                f"{across(national)}")
    raise ValueError(kind)


def sentence(kind: str, v: dict, force, nouns: Nouns, national: str) -> str:
    where, period = place(force), label(v["current_period"])
    plural = nouns.plural
    n = v["current"]
    if kind in ("record-high", "record-low"):
        most, high = ("most", "high") if kind == "record-high" else ("fewest", "low")
        return (f"Police in {where} recorded {num(n)} {plural} in {period}, the {most} in any "
                f"12 months {_since(v)}; the previous {high} was {num(v['lead_record_before'])}, "
                f"in {label(v['lead_record_before_period'])}.")
    if kind in ("unusual-rise", "unusual-fall"):
        return (f"{capitalise(plural)} recorded by police in {where} {_moved(v)} by "
                f"{pct(v['change_pct'])} to {num(n)} in {period}, from {num(v['previous'])}: "
                f"unusual for the area, where changes on the year since "
                f"{label(v['lead_changes_from'])} have typically been between "
                f"{_signed(v['lead_typical_low_pct'])} and {_signed(v['lead_typical_high_pct'])}.")
    if kind == "against-trend":
        scope = v["lead_against"]
        other = ("fell" if v["direction"] == "rise" else "rose")
        parts = []
        if scope in ("national", "both"):
            parts.append(f"by {pct(v['national_change_pct'])} across {across(national)}")
        if scope in ("regional", "both"):
            parts.append(f"by {pct(v['region_change_pct'])} across {region_name(v['region'])}")
        elsewhere = " and ".join(parts)
        return (f"{capitalise(plural)} recorded by police in {where} {_moved(v)} by "
                f"{pct(v['change_pct'])} to {num(n)} in {period}, while they {other} {elsewhere}.")
    if kind in ("rises-in-a-row", "falls-in-a-row"):
        way = "risen" if kind == "rises-in-a-row" else "fallen"
        return (f"{capitalise(plural)} recorded by police in {where} have {way} on the year "
                f"{words(v['lead_run'])} times in a row, from {num(v['lead_run_from'])} in "
                f"{label(v['lead_run_from_period'])} to {num(n)} in {period}.")
    if kind in ("highest-rate", "lowest-rate"):
        return (f"{capitalise(where)} had {rank_phrase(v['rate_rank'], v['rate_ranked'])} rate of "
                f"{nouns.rate_noun} of the {num(v['rate_ranked'])} forces in {across(national)} in "
                f"{period}: {rate(v['rate'])} for every {num(v['per'])} people, against "
                f"{rate(v['national_rate'])} across {across(national)}.")
    if kind in ("highest-rate-in-region", "lowest-rate-in-region"):
        end = "highest" if kind.startswith("highest") else "lowest"
        region = region_name(v["region"])
        return (f"{capitalise(where)} had the {end} rate of {nouns.rate_noun} of the "
                f"{num(v['region_ranked'])} forces in {region} in {period}: {rate(v['rate'])} "
                f"for every {num(v['per'])} people, against {rate(v['region_rate'])} across "
                f"{region}.")
    if kind == "large-share":
        return (f"{force_subject(force)} recorded {share_phrase(v['share'])} of all {plural} in "
                f"{across(national)} in {period} ({num(n)} of {num(v['national_current'])}), with "
                f"{pct(v['lead_population_share'] * 100)} of the population.")
    raise ValueError(kind)


def check(words_of: list[tuple[str, str]], facts, force, category: str) -> list[str]:
    """The fact check of a lead's titles and sentences: its problems, one a line."""
    problems = []
    for headline, standfirst in words_of:
        text = LeadText(headline, standfirst, facts, force.name, force.label, force.region, category)
        report = check_article(text)
        problems += [str(p) for p in report.problems]
    return problems

"""The fact check as it was before it was made cheaper (newsgen 44a381b:
newsgen/factcheck/check.py `check_article` and match.py), kept only here, as
the reference tests/test_factcheck_reference.py compares the shipped check with:
the same claims, facts and problems for every text."""

from __future__ import annotations

import math
import re

from newsgen.factcheck import wording
from newsgen.factcheck.check import Problem, Report, _fields, _nearest
from newsgen.factcheck.claims import Claim, _extract, _longest_first, _phrases_in, _sentence_at
from newsgen.factcheck.numbers import (_FRACTION_NAMES, _MULTIPLE_WORDS, _ordinal_value,
                                       count_holds, fraction_holds, multiple_holds,
                                       parse_number, pct_holds, rate_holds)
from newsgen.facts import judgements


def _numeric_facts(values: dict) -> list[tuple[str, float]]:
    out = []
    for name, value in values.items():
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, (int, float)) and not (isinstance(value, float) and math.isnan(value)):
            out.append((name, float(value)))
        elif name == "breakdown" and isinstance(value, list):
            for i, item in enumerate(value):
                v = item.get("value") if isinstance(item, dict) else None
                if isinstance(v, (int, float)):
                    out.append((f"breakdown[{i}].value", float(v)))
    return out


_ISO_DATE = re.compile(r"((?:19|20)\d{2})-(\d{2})-(\d{2})")
_PERIOD_LABEL = re.compile(r"((?:19|20)\d{2})(?:[-/–](\d{2}|\d{4}))?")
_RANK_NAME = re.compile(r"(?:rate_)?rank$")


def _period_years(values: dict) -> dict[str, str]:
    """Each year and label the article's periods cover -> the fact name.

    Periods are financial years ('2017-18': 2017 and 2018), years, or the
    end dates of rolling 12-month periods ('2018-09-30': October 2017 to
    September 2018, so 2017 and 2018).
    """
    out: dict[str, str] = {}
    for name, value in values.items():
        if not isinstance(value, str):
            continue
        iso = _ISO_DATE.fullmatch(value)
        if iso:
            year = int(iso.group(1))
            out.setdefault(str(year), name)
            out.setdefault(str(year - 1 if iso.group(2) != "12" else year), name)
            continue
        m = _PERIOD_LABEL.fullmatch(value)
        if not m:
            continue
        out[value] = name
        start = int(m.group(1))
        out.setdefault(str(start), name)
        if m.group(2):
            end = int(m.group(2)) if len(m.group(2)) == 4 else start // 100 * 100 + int(m.group(2))
            out.setdefault(str(end), name)
    return out


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


def _match(claim: Claim, values: dict, numeric: list | None = None,
           periods: dict | None = None, exact: dict | None = None) -> None:
    """`match`; `exact` is `_exact_counts(numeric)` if already worked out."""
    hedge, num, groups = claim.parts
    kind = claim.kind
    # the commonest claims first: a plain whole count, a year of the periods
    if kind == "count" and hedge == "exactly" and exact is not None:
        parsed = parse_number(num)
        if parsed is not None and parsed[1] == 0:
            claim.value = parsed[0]
            hit = exact.get(parsed[0])
            if hit is not None:
                claim.fact, claim.fact_value = hit
            return
    if kind == "year" and periods is not None and num in periods:
        claim.value = num
        claim.fact, claim.fact_value = periods[num], num
        return
    numeric = _numeric_facts(values) if numeric is None else numeric
    periods = _period_years(values) if periods is None else periods

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
        if num in periods:
            found(periods[num], num)
            return
        for name, value in numeric:    # a year that is itself a fact: series_first_year
            if value == float(num):
                found(name, value)
                return
        return
    if kind == "rank":
        k = _ordinal_value(num)
        claim.value = k
        top = (groups.get("dir") or "highest").lower() in ("highest", "largest", "biggest", "most")
        for name, rank in numeric:
            if not name.endswith("rank") or k is None:
                continue
            for of in _rank_totals(name, values):
                if (rank == k) if top else (of - rank + 1 == k):
                    return found(name, rank)
        return
    if kind == "fraction":
        fraction = _FRACTION_NAMES[num.lower()]
        claim.value = fraction
        for name, value in numeric:
            if name.endswith("pct") and fraction_holds(hedge, fraction, value / 100):
                return found(name, value)
            if name.endswith("share") and fraction_holds(hedge, fraction, value):
                return found(name, value)
        return
    if kind == "multiple":
        parsed = parse_number(num)
        k = _MULTIPLE_WORDS.get(num.lower()) or (int(parsed[0]) if parsed else None)
        claim.value = k
        for name, value in numeric:
            if name.endswith("change_pct") and k and multiple_holds(hedge, k, 1 + value / 100):
                return found(name, value)
        return

    parsed = parse_number(num)
    if parsed is None:
        claim.value = num
        return
    stated, places = parsed
    claim.value = stated
    if kind == "one_in":
        for name, value in numeric:
            if name.endswith("share") and value > 0 and round(1 / value) == stated:
                return found(name, value)
        return
    if kind == "percent":
        for name, value in numeric:
            if (name.endswith("pct") or name.endswith("percent")) and \
                    pct_holds(hedge, stated, places, value):
                return found(name, value)
            if name.endswith("share") and pct_holds(hedge, stated, places, value * 100):
                return found(name, value)     # "accounted for 12% of them"
        return
    if kind == "rate":
        unit = " ".join(groups["unit"].lower().split())
        scale = 2 if unit == "every other day" else 7 if unit.endswith("week") else 1
        for name, value in numeric:
            if name.endswith("per_day") and rate_holds(hedge, stated, value * scale):
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
        hit = (_exact_counts(numeric) if exact is None else exact).get(stated)
        if hit is not None:
            found(*hit)
        return
    for name, value in numeric:
        if count_holds(hedge, stated, places, value):
            return found(name, value)

def check_article(article, verbatim: tuple[str, ...] = (),
                  settings: judgements.Settings = judgements.DEFAULT) -> Report:
    """Every number in the article matched to a fact; problems for the rest,
    and for words the facts do not allow ("slightly" for a 5% change, a
    record across a series break: newsgen.factcheck.wording).

    `verbatim` is text the kit author wrote (see `verbatim_of`); it is not
    checked, nor are data labels (the area's and categories' names).
    `settings` are the kit's judgements (what a handful of offences is).
    """
    values = article.facts.values
    labels = [article.area, article.area_label, article.region, article.kit_title]
    labels += [item["category"] for item in values.get("breakdown") or []
               if isinstance(item, dict) and item.get("category")]
    skip = tuple(verbatim) + tuple(s for s in labels if s)
    report = Report()
    numeric, periods = _numeric_facts(values), _period_years(values)
    exact = _exact_counts(numeric)
    phrases = _longest_first(skip)
    for where, text in _fields(article):
        if not text or not text.strip():
            report.problems.append(Problem(where, text or "", "empty paragraph"))
            continue
        in_text = _phrases_in(text, phrases)
        found, leaks = _extract(text, in_text)
        for start, message in leaks:
            report.problems.append(Problem(where, _sentence_at(text, start), message))
        for start, message in wording.problems(text, values, in_text, settings):
            report.problems.append(Problem(where, _sentence_at(text, start), message))
        for kind, claim_text, sentence, start, parts in found:
            claim = Claim(claim_text, kind, 0, where, sentence, start, parts=parts)
            _match(claim, values, numeric, periods, exact)
            report.claims.append(claim)
            if not claim.matched:
                report.problems.append(Problem(
                    where, claim.sentence,
                    f"the {claim.kind} {claim.text!r} matches none of the article's facts"
                    + _nearest(claim, numeric)))
    return report

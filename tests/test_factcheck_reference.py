"""The cheaper fact check gives the verdicts the one before it gave.

tests/factcheck_reference.py keeps the check as it was (one field at a time,
every verbatim phrase looked for in each, each claim matched by a loop over
all the facts); `newsgen.factcheck.check.check_article` now looks for the
phrases once per article, indexes the facts once, and skips the wording
rules where no field can need them. Both must find the same claims, match
them to the same facts and report the same problems: on every shipped
article, and on shipped articles with words and figures changed at random.
"""

from dataclasses import replace
from types import SimpleNamespace

import pytest
from factcheck_reference import check_article as reference_check
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgen import kit as kits_module
from newsgen.build import build_articles
from newsgen.factcheck.check import check_article, verbatim_of


def summary(report):
    return ([(c.text, c.kind, c.value, c.where, c.start, c.sentence, c.fact, c.fact_value)
             for c in report.claims],
            [(p.where, p.sentence, p.message) for p in report.problems])


@pytest.fixture(scope="module")
def shipped():
    articles, _skipped, writers = build_articles(kits_module.select_kits(()))
    kits = {name: w.kit for name, w in writers.items()}
    return [(a, verbatim_of(kits[a.kit]), kits[a.kit].judgements) for a in articles]


def outcome(check, *args):
    """The check's summary, or the error it stops with (nonsense figures
    may stop both: they must stop both alike)."""
    try:
        return summary(check(*args))
    except Exception as e:   # noqa: BLE001 - compared, not hidden
        return type(e).__name__


def same_verdict(article, verbatim, rules):
    new = outcome(check_article, article, verbatim, rules)
    assert new == outcome(reference_check, article, verbatim, rules)
    return new


def test_every_shipped_article_gets_the_same_claims_and_verdict(shipped):
    assert len(shipped) > 200
    kinds = set()
    for article, verbatim, rules in shipped:
        claims, _problems = same_verdict(article, verbatim, rules)
        kinds.update(claim[1] for claim in claims)
    # the shipped articles hold most kinds of claim (the random texts below the rest)
    assert {"count", "percent", "rate", "year", "period", "rank", "fraction"} <= kinds


_INSERTS = ("more than 300", "nearly 1,000", "fewer than 12", "about 40", "at least 7", "301",
            "28.6", "12%", "more than 15 per cent", "nearly one offence a day",
            "more than two offences a week", "one offence every other day", "about one in 75",
            "almost a quarter", "more than two-thirds", "half", "doubled", "almost tripled",
            "tenfold", "the third lowest", "the 12th highest", "second highest", "2017-18",
            "2016/17", "March 2018", "12 months", "52 weeks", "15 years", "since 2003",
            "the highest since the figures began", "the lowest on record", "slightly",
            "down slightly from 4,103", "little changed", "largely unchanged", "none",
            "up from none", "Thirty-seven", "a dozen", "half a dozen", "“quoted 99”", '"77"',
            "https://example.org/2019/5", "nan", "{{ f.current }}", "None", "Undefined",
            ". ", ", ", " ", "")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_changed_words_get_the_same_claims_and_verdict(shipped, data):
    article, verbatim, rules = data.draw(st.sampled_from(shipped))
    fields = ["headline", "standfirst", "paragraphs", "notes"]
    changes = {}
    for _ in range(data.draw(st.integers(1, 3))):
        name = data.draw(st.sampled_from(fields))
        value = changes.get(name, getattr(article, name))
        texts = list(value) if isinstance(value, list) else [value]
        if not texts:
            continue
        i = data.draw(st.integers(0, len(texts) - 1))
        text = texts[i]
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 12))
        texts[i] = text[:at] + data.draw(st.sampled_from(_INSERTS)) + text[at + cut:]
        changes[name] = texts if isinstance(value, list) else texts[0]
    same_verdict(replace(article, **changes), verbatim, rules)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_changed_figures_get_the_same_claims_and_verdict(shipped, data):
    article, verbatim, rules = data.draw(st.sampled_from(shipped))
    values = dict(article.facts.values)
    names = sorted(values)
    for _ in range(data.draw(st.integers(1, 4))):
        name = data.draw(st.sampled_from(names))
        values[name] = data.draw(st.one_of(
            st.integers(-5, 5000), st.floats(allow_nan=True, allow_infinity=False, width=32),
            st.sampled_from(["2017-18", "2016", "2018-09-30", "2019/20", "x", "", None, True,
                             False]),
            st.just(values[name])))
    for name, value in data.draw(st.lists(st.tuples(
            st.sampled_from(["series_comparable", "series_break", "series_first",
                             "series_from_break", "rate_rank", "rate_ranked", "region_share",
                             "national_share", "change_pct", "region_change_pct", "rate_pct",
                             "per_day", "days", "previous", "current"]),
            st.one_of(st.integers(0, 400), st.booleans(), st.sampled_from(["2013-14", "2011"]),
                      st.sampled_from([0.24, 0.26, 0.33, 0.5, 0.667, 0.74, 0.013, 24.0, 49.6,
                                       100.0, 103.0, 198.0, 12.4]))),
            max_size=4)):
        values[name] = value
    # and a claim that may now match them
    paragraphs = list(article.paragraphs)
    if paragraphs:
        i = data.draw(st.integers(0, len(paragraphs) - 1))
        paragraphs[i] += " It was " + data.draw(st.sampled_from(_INSERTS)) + "."
    facts = SimpleNamespace(values=values)
    same_verdict(replace(article, facts=facts, paragraphs=paragraphs), verbatim, rules)


@pytest.mark.parametrize("name, value, sentence", [
    ("region_share", 0.24, "It was almost a quarter of them."),
    ("national_share", 0.667, "It was two-thirds of them."),
    ("region_share", 0.0133, "It was about one in 75 of them."),
    ("region_share", 0.124, "It was 12.4% of them."),
    ("detection_percent", 12.4, "It was 12.4%."),
    ("rate_pct", 24.0, "It was almost a quarter."),
    ("change_pct", 98.0, "The number almost doubled."),
    ("change_pct", 12.0, "It rose by 12 per cent."),
    ("current_per_day", 0.9, "That is nearly one offence a day."),
    ("current_per_day", 0.3, "That is more than two offences a week."),
    ("rate_rank", 3, "It was the third highest."),
    ("rate_rank", 41, "It was the third lowest."),
    ("current", 301, "Police recorded more than 300."),
    ("series_first_year", 2003, "Figures began in 2003."),
])
def test_each_kind_of_claim_is_matched_to_the_same_fact(shipped, name, value, sentence):
    for article, verbatim, rules in shipped[::40]:
        values = {name: value, "rate_ranked": 43, "days": 365, "other_share": 0.9,
                  "other_pct": 300.0, "other_rank": 7}
        changed = replace(article, facts=SimpleNamespace(values=values), paragraphs=[sentence],
                          notes=[], headline="A headline", standfirst="A standfirst.")
        claims, problems = same_verdict(changed, verbatim, rules)
        assert [c[6] for c in claims] == [name] and problems == []

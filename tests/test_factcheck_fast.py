"""The fact check's fast path finds exactly what a plain `finditer` scan finds.

`newsgen.factcheck.check` tries each pattern only near the tokens its matches must
contain (see `_Tokens.begins`) and skips a pattern whose words are absent.
These tests compare it with the straightforward scan it replaces: every
pattern `finditer`'d over the whole masked text, in order, each claim
blanked before the next pattern. A pattern skipped wrongly, or a match start
missed (a hedge two words before its number, "half a dozen", a number at the
very start or end of a text), shows up as a difference.
"""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgen.factcheck import claims as extraction
from newsgen.factcheck import numbers, patterns
from newsgen.factcheck.claims import extract

_SENTENCE = re.compile(r"(?:[^.!?]|\.(?=\d)|[.!?](?=[^\s]))+[.!?]*")


def reference_sentence(text, pos):
    for m in _SENTENCE.finditer(text):
        if pos < m.end():
            return m.group(0).strip()
    return text.strip()


def reference_extract(text, verbatim=()):
    """The plain scan: (kind, text, start, hedge, num, sentence) of each claim."""
    def blank(s, a, b):
        return s[:a] + " " * (b - a) + s[b:]

    masked = text
    for rx in (extraction._URL, extraction._QUOTED, extraction._STRAIGHT_QUOTED):
        for m in rx.finditer(masked):
            masked = blank(masked, m.start(), m.end())
    for phrase in sorted({v for v in verbatim if v}, key=len, reverse=True):
        start = masked.find(phrase)
        while start >= 0:
            masked = blank(masked, start, start + len(phrase))
            start = masked.find(phrase, start + len(phrase))
    masked = masked.translate(extraction._ASCII_LOWER)
    claims = []
    for kind, rx in patterns._PATTERNS:
        for m in rx.finditer(masked):
            groups = m.groupdict()
            num = groups.get("num") or groups.get("num2")
            if not num:
                continue
            if kind == "count" and num == "none" and not extraction._is_none_count(masked, m):
                continue
            if kind == "rank" and numbers._ordinal_value(num) is None:
                continue
            hedge = numbers._norm_hedge(groups.get("hedge") or groups.get("hedge2"))
            claims.append((kind, text[m.start():m.end()].strip(), m.start(), hedge, num,
                           reference_sentence(text, m.start())))
            masked = blank(masked, m.start(), m.end())
    return sorted(claims, key=lambda c: c[2])


def fast_extract(text, verbatim=()):
    extraction._extract.cache_clear()
    return [(c.kind, c.text, c.start, c.parts[0], c.parts[1], c.sentence)
            for c in extract(text, "", verbatim)]


@pytest.mark.parametrize("text, expected", [
    ("Crime rose by 12 per cent in a year.", ("percent", "12 per cent")),
    ("Crime rose by more than 12 per cent.", ("percent", "more than 12 per cent")),
    ("That is more than one offence every other day.",
     ("rate", "more than one offence every other day")),
    ("That is nearly two offences a week.", ("rate", "nearly two offences a week")),
    ("Police recorded half a dozen.", ("count", "half a dozen")),
    ("Police recorded more than half a dozen offences.", ("count", "more than half a dozen")),
    ("Police recorded at least 300 offences.", ("count", "at least 300")),
    ("Police recorded fewer than two hundred and one offences.",
     ("count", "fewer than two hundred and one")),
    ("301 offences were recorded.", ("count", "301")),
    ("Offences recorded: 301", ("count", "301")),
    ("Thirty-seven", ("count", "Thirty-seven")),
    ("The number has more than doubled.", ("multiple", "more than doubled")),
    ("The number rose tenfold.", ("multiple", "tenfold")),
    ("The number rose almost 3-fold.", ("multiple", "almost 3-fold")),
    ("It rose by more than three-quarters.", ("fraction", "more than three-quarters")),
    ("Derbyshire accounted for about one in 75 of them.", ("one_in", "about one in 75")),
    ("It was the 12th lowest rate of the 43 forces.", ("rank", "12th lowest")),
    ("It was the 1,234th highest.", ("rank", "1,234th highest")),
    ("It ranked 13th of 15.", ("rank", "13th")),
    ("In the 12 months to March 2018.", ("duration", "12 months")),
    ("Figures for 2016-17 and 2017/18 were given.", ("period", "2017/18")),
    ("It was up from none in 2019.", ("count", "none")),
    ("Police recorded more than “so-called” 300 offences.",
     ("count", "more than “so-called” 300")),
])
def test_each_kind_of_claim_is_found_as_the_plain_scan_finds_it(text, expected):
    found = fast_extract(text)
    assert found == reference_extract(text)
    assert expected in [(kind, claim_text) for kind, claim_text, *_ in found]


@pytest.mark.parametrize("text", [
    "",
    "No numbers here at all, none were.",
    "See https://example.org/2019/report-123 for 45 more.",
    "He said: “There were 9,999 of them”, and 12 more.",
    "A rise of 25%. A rise of 25 per cent. 1,0000 offences a day.",
    "The 12th “x” lowest; the third-highest; 2018th; 2018a; 19٣٤ and 20\u0661\u0662.",
    "more than ten-fold, a dozenfold, nearly twentyfold, 4fold",
    "Nearly. 2,000,000! Up from 1,858,848 in 2016-17? Yes.. 6.",
])
def test_awkward_texts_give_what_the_plain_scan_gives(text):
    assert fast_extract(text) == reference_extract(text)


def test_verbatim_phrases_are_blanked_as_before():
    text = "Area 51 recorded 301 offences; Area 51 Police said 12 were new."
    verbatim = ("Area 51", "Area 51 Police", "", "no such phrase")
    assert fast_extract(text, verbatim) == reference_extract(text, verbatim)
    assert [c[1] for c in fast_extract(text, verbatim)] == ["301", "12"]


_WORDS = ("more than", "over", "nearly", "almost", "fewer than", "at least", "about", "under",
          "one", "two", "twenty", "thirty-seven", "hundred", "and", "a", "half", "dozen", "none",
          "from", "in", "day", "a day", "every other day", "each week", "per cent", "%", "months",
          "year", "third", "quarter", "two-thirds", "doubled", "fold", "tenfold", "highest",
          "lowest", "th", "rd", "offences", "the", "“", "”", '"', "301", "1,957", "28.6",
          "2017", "2017-18", "2018/19", "12", "1", "0", "Police", "NEARLY", "One")
_GAPS = (" ", " ", " ", "  ", "-", ", ", ". ", ": ", "\n", "")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GAPS)), max_size=14))
def test_random_texts_give_what_the_plain_scan_gives(pieces):
    text = "".join(word + gap for word, gap in pieces)
    assert fast_extract(text) == reference_extract(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab .!?1\n\u00a0“”", max_size=14))
def test_sentences_are_split_as_the_pattern_splits_them(text):
    sentences = extraction._Sentences(text)
    for pos in range(len(text) + 1):
        assert sentences.at(pos) == reference_sentence(text, pos)

"""House-style words for numbers and comparisons.

Every function here is pure: a number in, a phrase out. Each phrase it returns
is *true* of its input ("more than 300" only for values above 300) and close
to it; the rules follow ../shared/PHRASING.md. Templates reach these through
the filters registered in ``newsgen.words.templates``.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import inflect
from num2words import num2words

# What is true and close enough to say is decided in newsgen.facts.judgements,
# which the fact check reads too; phrasing only says it.
from newsgen.facts import judgements
from newsgen.facts.judgements import Hedge, hedge_parts
from newsgen.facts.periods import label

_inflect = inflect.engine()


# -- words or numerals -------------------------------------------------------
# The phrasing functions are pure, and the same figures recur from area to
# area, so the busiest remember their answers (typed: 1 and 1.0 apart).

@lru_cache(maxsize=4096)
def words(n: int) -> str:
    """A whole number in words: 37 -> 'thirty-seven'."""
    return num2words(int(n))


@lru_cache(maxsize=8192, typed=True)
def num(n: float | int) -> str:
    """One to nine in words, 10 and above in numerals with thousands commas.

    Fractions keep one decimal place: 28.58 -> '28.6'.
    """
    if isinstance(n, float) and not n.is_integer():
        text = f"{n:,.1f}"
        if not text.endswith(".0"):
            return text
        n = round(n)
    n = int(n)
    if 0 <= n <= 9:
        return words(n)
    return f"{n:,}"


def sentence_num(n: int) -> str:
    """A count that opens a sentence: never a numeral ('Thirty-seven')."""
    return capitalise(words(n))


def capitalise(text: str) -> str:
    """Upper-case the first letter only ('more than 300' -> 'More than 300')."""
    return text[:1].upper() + text[1:] if text else text


# -- rounded hedges ----------------------------------------------------------

def _count_words(n: int) -> str:
    if n == 12:
        return "a dozen"
    if n == 6:
        return "half a dozen"
    return num(n)


@lru_cache(maxsize=8192, typed=True)
def hedge(n: int) -> str:
    """A true, close round figure: 301 -> 'more than 300',
    22,724 -> 'nearly 23,000', 13 -> 'more than a dozen', 7 -> 'seven'."""
    h = hedge_parts(n)
    if h.kind == "exactly":
        return num(h.target)
    return f"{h.kind} {_count_words(h.target)}"


# -- per-day framing ---------------------------------------------------------

def _rate_phrase(h: Hedge, singular: str, plural: str, unit: str) -> str:
    noun = singular if h.target == 1 else plural
    prefix = "" if h.kind == "exactly" else h.kind + " "
    return f"{prefix}{num(h.target)} {noun} {unit}"


@lru_cache(maxsize=1024)
def _plural_noun(singular: str) -> str:
    return _inflect.plural_noun(singular)


@lru_cache(maxsize=8192, typed=True)
def per_day(count: float, days: int, singular: str = "offence",
            plural: str | None = None) -> str:
    """An annual total as a daily (or weekly) rate that is true and close
    (judgements.rate_hedge): 772 in 365 days -> 'more than two offences a
    day'; 674 -> 'nearly two offences a day'; 301 (0.82 a day) -> 'more than
    five offences a week', never 'nearly one a day'; 100 -> 'nearly two
    offences a week'."""
    plural = plural or _plural_noun(singular)
    if days <= 0:
        raise ValueError("a period has at least one day")
    rate = count / days
    if count <= 0:
        return f"no {plural}"
    for unit, scale in (("a day", 1), ("a week", 7)):
        h = judgements.rate_hedge(rate * scale)
        if h is not None:
            return _rate_phrase(h, singular, plural, unit)
    return f"fewer than one {singular} a week"


# -- change on the previous period ------------------------------------------

@lru_cache(maxsize=8192, typed=True)
def change_phrase(current: float, previous: float | None,
                  same: str = "the same as the year before",
                  handful: int = judgements.HANDFUL) -> str | None:
    """'down slightly from 302', 'up from 666', 'up from none', or `same`.
    None where there is no previous figure: say nothing about change.
    "slightly" only for a change judgements.is_slight allows (under 2%, or
    `handful` offences or fewer)."""
    if previous is None:
        return None
    if current == previous:
        return same
    way = "up" if current > previous else "down"
    if previous == 0:
        return "up from none"
    slight = judgements.is_slight(current, previous, judgements.Settings(handful=handful))
    return f"{way}{' slightly' if slight else ''} from {num(previous)}"


@lru_cache(maxsize=8192, typed=True)
def pct(value: float, style: str = "symbol") -> str:
    """A percentage as judgements.shown_pct rounds it: whole numbers, one
    decimal place below 5 where the whole number would mislead ('1.7%');
    'symbol' gives '%', 'words' ' per cent'."""
    shown = judgements.shown_pct(value)
    text = f"{shown:.1f}" if judgements.pct_places(value) else f"{int(shown):,}"
    return text + ("%" if style == "symbol" else " per cent")


@lru_cache(maxsize=8192, typed=True)
def pct_hedge(value: float, style: str = "symbol") -> str:
    """A hedged percentage floored to a multiple of five: 15.9 -> 'more than
    15%'. Below 5 the figure is given to one decimal place."""
    value = abs(value)
    suffix = "%" if style == "symbol" else " per cent"
    if value < 5:
        return pct(value, style)
    floor = int(value // 5 * 5)
    if floor == value:
        return f"{floor}{suffix}"
    return f"more than {floor}{suffix}"


_FRACTION_HEDGES = {"exactly": "", "nearly": "almost ", "more than": "more than "}


@lru_cache(maxsize=8192, typed=True)
def fraction_phrase(change_pct: float) -> str | None:
    """A change as a fraction where one is close and agrees with the printed
    percentage (judgements.fraction_holds): 22.7 -> 'almost a quarter', 36 ->
    'more than a third', 19.7 -> 'a fifth', 8 -> None (not 'almost a tenth')."""
    parts = judgements.fraction_parts(change_pct)
    if parts is None:
        return None
    hedge, _fraction, name = parts
    return _FRACTION_HEDGES[hedge] + name


_MULTIPLES = {2: "doubled", 3: "tripled", 4: "quadrupled"}
_MULTIPLE_HEDGES = {"exactly": "", "nearly": "almost ", "more than": "more than "}


@lru_cache(maxsize=8192, typed=True)
def multiple_phrase(current: float, previous: float | None) -> str | None:
    """A rise as a multiple where one fits: x1.99 -> 'almost doubled',
    x3.5 -> 'more than tripled', x2 -> 'doubled'. None below x1.9."""
    parts = judgements.multiple_parts(current, previous)
    if parts is None:
        return None
    hedge, k = parts
    hedge_word = _MULTIPLE_HEDGES[hedge]
    if k in _MULTIPLES:
        return f"{hedge_word}{_MULTIPLES[k]}"
    return f"risen {hedge_word}{words(k) + 'fold' if k <= 9 else f'{k:,}-fold'}"


# -- ratios, ranks, agreement ------------------------------------------------

@lru_cache(maxsize=8192, typed=True)
def one_in(share: float) -> str:
    """A share as 'one in N': 0.02 -> 'one in 50'; 10/650 -> 'about one in
    65'. 'about' is added unless 1/N is the share exactly."""
    if share <= 0:
        raise ValueError("a share must be positive")
    n = round(1 / share)
    about = "" if math.isclose(n * share, 1, rel_tol=1e-9) else "about "
    return f"{about}one in {num(n)}"


@lru_cache(maxsize=4096)
def ordinal(n: int) -> str:
    """Like counts: 'first' to 'ninth' in words, then numerals with commas and
    a suffix ('10th', '21st', '4,618th'), never 'four thousand, six hundred
    and eighteenth'."""
    n = int(n)
    if 1 <= n <= 9:
        return _inflect.number_to_words(_inflect.ordinal(n))
    suffix = _inflect.ordinal(n)[len(str(n)):]
    return f"{n:,}{suffix}"


@lru_cache(maxsize=8192, typed=True)
def rank_phrase(rank: int, of: int, what: str = "highest",
                opposite: str = "lowest") -> str:
    """A rank among `of`, counted from whichever end is nearer:
    1 of 15 -> 'the highest'; 3 -> 'the third highest'; 14 of 15 ->
    'the second lowest'."""
    if not 1 <= rank <= of:
        raise ValueError(f"rank {rank} is not between 1 and {of}")
    if rank > (of + 1) / 2:
        rank, what = of - rank + 1, opposite
    return f"the {what}" if rank == 1 else f"the {ordinal(rank)} {what}"


def plural(noun: str, count: float = 2) -> str:
    """A noun agreeing with a count: ('offence', 1) -> 'offence'."""
    return noun if count == 1 else _plural_noun(noun)


@lru_cache(maxsize=4096)
def _article(spoken: str) -> str:
    return _inflect.a(spoken).split(" ", 1)[0]


def a_an(phrase: str) -> str:
    """The phrase with 'a' or 'an' before it, numerals read aloud:
    '11% rise' -> 'an 11% rise', '25% rise' -> 'a 25% rise'."""
    first = phrase.split(" ", 1)[0]
    digits = "".join(ch for ch in first.split(".")[0] if ch.isdigit())
    spoken = words(int(digits)) if digits and first[0].isdigit() else phrase
    article = _article(spoken)
    return f"{article} {phrase}"


# -- places and periods ------------------------------------------------------

def series_start(values: dict, prefix: str = "") -> str:
    """Where a long-run comparison starts: 'since the figures began in the
    year ending March 2003', or, where a series break the kit declares
    limits it, 'since comparable figures began in the year ending March
    2016' (facts: series_first, series_from_break; `prefix` 'national_' for
    the national series)."""
    first = label(values[prefix + "series_first"])
    if values.get(prefix + "series_from_break"):
        return f"since comparable figures began in {first}"
    return f"since the figures began in {first}"



_REGIONS_WITH_THE = {"north east", "north west", "east midlands", "west midlands",
                     "south east", "south west"}


def region_name(region: str) -> str:
    """An ONS region as a sentence names it: 'South East' -> 'the South
    East', 'East' -> 'the East of England', 'Yorkshire and The Humber' ->
    'Yorkshire and the Humber'; 'London' and 'Wales' as they are."""
    key = region.strip().lower()
    if key == "east":
        return "the East of England"
    if key in _REGIONS_WITH_THE:
        return f"the {region.strip()}"
    return region.strip().replace(" The ", " the ")


def compared(value: float, other: float) -> str:
    """'higher than', 'lower than' or 'the same as', to one decimal place as printed."""
    if round(value, 1) == round(other, 1):
        return "the same as"
    return "higher than" if value > other else "lower than"


def agree(count: float, singular: str, plural: str) -> str:
    """The kit's own singular or plural noun for a count (compound nouns such
    as 'possession of weapons offence' defeat automatic plurals)."""
    return singular if count == 1 else plural


# Forces whose short name is not the place they police. The Met polices
# Greater London except the City, so "London" would be wrong for it.
_PLACES = {"metropolitan": "the Metropolitan Police area", "city-of-london": "the City of London",
           "west-midlands": "the West Midlands"}


def place(force) -> str:
    """Where a force polices, as 'in ...' needs it: Kent -> 'Kent',
    Metropolitan Police -> 'the Metropolitan Police area' (never 'London'),
    City of London -> 'the City of London', West Midlands -> 'the West
    Midlands' (as a reader says it)."""
    return _PLACES.get(force.slug, force.name)


def possessive(name: str) -> str:
    """'Kent' -> "Kent's", 'the West Midlands' -> "the West Midlands'"."""
    return name + ("'" if name.endswith("s") else "'s")


def region_of(force) -> str:
    """A force's region as a sentence names it (region_name), called 'the
    West Midlands region' where it shares the force area's name, so that
    "among the forces in the West Midlands, the West Midlands had..." cannot
    be written."""
    name = region_name(force.region)
    if name.lower().removeprefix("the ") == place(force).lower().removeprefix("the "):
        return f"{name} region"
    return name


def house(force) -> str:
    """A force's one house name in body copy: 'Dyfed-Powys Police', 'Avon
    and Somerset Constabulary', 'the Metropolitan Police' (sources.forces)."""
    return force.house


def force_subject(force) -> str:
    """A force's house name opening a sentence: 'Kent Police', 'The
    Metropolitan Police'."""
    return capitalise(force.house)


_SENTENCE_END = re.compile(r"[.!?:]\s*$")


def refer_back(paragraphs: list[str], name: str) -> list[str]:
    """Body copy naming the force once, then "the force": each later whole
    mention of `name` (its house name; "'s" kept) becomes "the force" ("The
    force" opening a sentence), except where that sentence or the one before
    speaks of other forces, so "the force" could mean any of them. Words in
    quotation marks are the speaker's own and stay."""
    rx, rest_of_name = _mention(name), name[1:]
    out, named = [], False
    for text in paragraphs:
        if rest_of_name not in text:   # no mention: most paragraphs
            out.append(text)
            continue
        pieces, pos = [], 0
        for m in rx.finditer(text):
            if _in_quote(text, m.start()):
                continue
            if not named:
                named = True
                continue
            sentence_start = _sentence_start(text, m.start())
            context = text[_sentence_start(text, max(sentence_start - 2, 0)):m.start()]
            rest = text[m.end():text.find(".", m.end()) + 1 or len(text)]
            if re.search(r"\bforces\b", context + rest):
                continue
            opening = m.start() == sentence_start
            pieces += [text[pos:m.start()], "The force" if opening else "the force"]
            pos = m.end()
        out.append("".join(pieces) + text[pos:])
    return out


@lru_cache(maxsize=256)
def _mention(name: str) -> re.Pattern:
    """A whole mention of `name`, its first letter in either case."""
    return re.compile(rf"(?<![\w-])[{re.escape(name[0].upper())}{re.escape(name[0].lower())}]"
                      rf"{re.escape(name[1:])}(?![\w-])")


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding `pos` begins."""
    starts = [m.end() for m in re.finditer(r"[.!?]\s+", text[:pos])]
    return starts[-1] if starts else 0


def _in_quote(text: str, pos: int) -> bool:
    return text.count("“", 0, pos) > text.count("”", 0, pos)


def share_phrase(share: float, style: str = "symbol") -> str:
    """A share of a total: 'about one in 44' for small shares, a percentage
    ('41%') from a tenth up, where 'one in two' would round 40% to half."""
    if share >= 0.1:
        return pct(share * 100, style)
    return one_in(share)


def rate(value: float) -> str:
    """A rate per head to one decimal place, without a '.0' ('36', not
    '36.0'): 2.4, 1,023.5, 36."""
    text = f"{value:,.1f}"
    return text[:-2] if text.endswith(".0") else text


def rate_of(value: float, singular: str, plural: str) -> str:
    """A rate with its noun, agreeing as it is printed: 2.4 robberies, one
    robbery (0.98 is printed as 1), 36 offences."""
    text = rate(value)
    if text == "1":
        return f"one {singular}"
    if "." not in text and "," not in text and int(text) <= 9:
        text = num(int(text))
    return f"{text} {plural}"


def plain_period(label: str | None) -> str | None:
    """A period as a reader says it: a calendar year as '2018', a financial
    year as '2017-18', any other 12 months as 'the year to September 2018'."""
    if not label:
        return None
    from newsgen.facts.periods import financial_year, year_ending
    if financial_year(label) is not None:
        return label
    end = year_ending(label)
    if end is None:
        return label
    if end.month == 12 and end.day == 31:
        return str(end.year)
    return f"the year to {end.strftime('%B')} {end.year}"

"""The fact check: every number an article states must come from its facts.

`check_article` finds each number in an article's words (numerals, number
words, hedges such as "more than 300", per-day rates, percentages, fractions,
multiples, "one in N", ordinal ranks, years and period labels) and matches it
to one of the article's facts, or to a true, close hedge of one. It returns a
`Claim` per number, naming the fact it matched; an unmatched number is a
`Problem` and the build withholds the article (see `check_articles`).

Not checked, by design: words inside quotation marks “…” (quotes are the
speakers' verbatim words), text a kit author wrote verbatim (kit notes, the
source credit, quote introductions), data labels (force and category names),
URLs, bare superlatives ("the highest", no number) and ordinals that are not
ranks ("the first time").

The numbers are found by `claims.extract` (with the patterns in `patterns`,
and number words and the hedge rules in `numbers`) and matched to facts by
`match.match`, whose module lists the matching rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsgen.factcheck.claims import (
    Claim,
    _extract,
    _longest_first,
    _phrases_by_text,
    _sentence_at,
)
from newsgen.factcheck.match import Facts, _match
from newsgen.factcheck.verdicts import verdict_key
from newsgen.factcheck.wording import may_need_wording
from newsgen.factcheck.wording import problems as wording_problems
from newsgen.facts import judgements

# -- results -------------------------------------------------------------------

@dataclass
class Problem:
    where: str
    sentence: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}: “{self.sentence}”"


@dataclass
class Report:
    claims: list[Claim] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# -- whole articles --------------------------------------------------------------

def _fields(article) -> list[tuple[str, str]]:
    out = [("headline", article.headline), ("standfirst", article.standfirst)]
    out += [(f"paragraphs[{i}]", p) for i, p in enumerate(article.paragraphs)]
    out += [(f"notes[{i}]", p) for i, p in enumerate(article.notes)]
    return out


def verbatim_of(kit) -> tuple[str, ...]:
    """The text a kit author wrote that reaches articles word for word."""
    if kit is None:
        return ()
    out = [*kit.notes, kit.source.get("credit", ""), kit.source.get("name", ""),
           *(n.text for n in getattr(kit, "area_notes", ())),
           *(part for b in getattr(kit, "breaks", ()) for part in (b.change, b.source, b.url))]
    for q in kit.quotes:
        out += [q.intro, *q.paragraphs]
    # context and help lines are the kit's sources' own words (kit.toml
    # [[context]] and [support]), attributed in the text
    lines = [*getattr(kit, "context", ())]
    if getattr(kit, "support", None) is not None:
        lines.append(kit.support)
    out += [part for line in lines for part in (line.text, line.source)]
    return tuple(s for s in out if s)


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
    facts = Facts(values)
    fields = _fields(article)
    texts = [text or "" for _, text in fields]
    # Looked for once in all the article's text, not field by field: the
    # verbatim phrases, and whether it makes any wording claim at all.
    in_texts = _phrases_by_text(texts, _longest_first(skip))
    wording = may_need_wording("\0".join(texts).lower(), values)
    claims, problems = report.claims, report.problems
    for (where, text), in_text in zip(fields, in_texts):
        if not text or not text.strip():
            problems.append(Problem(where, text or "", "empty paragraph"))
            continue
        found, leaks = _extract(text, in_text)
        for start, message in leaks:
            problems.append(Problem(where, _sentence_at(text, start), message))
        if wording:
            for start, message in wording_problems(text, values, in_text, settings):
                problems.append(Problem(where, _sentence_at(text, start), message))
        for kind, claim_text, sentence, start, parts in found:
            claim = Claim(claim_text, kind, 0, where, sentence, start, None, None, parts)
            _match(claim, facts)
            claims.append(claim)
            if claim.fact is None:
                problems.append(Problem(
                    where, sentence,
                    f"the {kind} {claim_text!r} matches none of the article's facts"
                    + _nearest(claim, facts.numeric)))
    return report


def _nearest(claim: Claim, numeric: list[tuple[str, float]]) -> str:
    """' (nearest: current = 301)' for a count, to show what was meant."""
    if claim.kind != "count" or not isinstance(claim.value, float) or not numeric:
        return ""
    name, value = min(numeric, key=lambda nv: abs(nv[1] - claim.value))
    shown = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return f" (nearest: {name} = {shown})"


@dataclass
class Withheld:
    kit: str
    slug: str
    area: str
    problems: list[Problem]

    def __str__(self) -> str:
        first = self.problems[0]
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        return f"withheld {self.kit}/{self.slug} ({self.area}): {first}{more}"


def check_articles(articles: list, kits: dict, verdicts=None) -> tuple[list, list[Withheld]]:
    """The articles whose numbers all check out, and a `Withheld` for each of
    the others (nothing of them may be written). `kits` by name give the text
    their authors wrote verbatim and their judgements (what a handful is).

    `verdicts` (a `verdicts.Verdicts`): an article whose key it holds is not
    checked again but given that verdict (the key covers all a verdict
    depends on); every verdict given is put in it."""
    verbatim = {name: verbatim_of(kit) for name, kit in kits.items()}
    settings = {name: kit.judgements for name, kit in kits.items()}
    kept, withheld = [], []
    for article in articles:
        words, rules = verbatim.get(article.kit, ()), settings.get(article.kit, judgements.DEFAULT)
        if verdicts is None:
            problems = check_article(article, words, rules).problems
        else:
            key = verdict_key(article, words, rules)
            found = verdicts.get(article.slug, key)
            if found is None:
                problems = check_article(article, words, rules).problems
                verdicts.put(article.slug, key, [[p.where, p.sentence, p.message] for p in problems])
            else:
                problems = [Problem(*p) for p in found]
        if not problems:
            kept.append(article)
        else:
            withheld.append(Withheld(article.kit, article.slug, article.area, problems))
    return kept, withheld

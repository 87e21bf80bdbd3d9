"""`newsgen lint`: an output folder read as a regional desk would read it.

Every figure newsgen prints is checked before it is written (newsgen.factcheck);
this module measures what the fact check cannot: whether neighbouring papers
get the same story, whether headlines all have one shape, whether the copy
repeats itself, and whether its judgements (hedges, ranks, rates, the intro
under the headline) are ones a sub-editor would pass. It reads only the
written articles (``<story>/<slug>.json``), so it can be run on any build.

The measures, per story:

* **masked same-region similarity**: each pair of articles about forces in
  the same region, with names and numbers masked, compared word by word
  (difflib's ratio, as a percentage); the median and the highest pair.
* **headline shapes**: headlines with names and numbers masked; the share
  of the story's articles that use its commonest shape.

and, per article, findings of these kinds (see `KINDS`).
"""

from __future__ import annotations

import statistics
from collections import Counter
from itertools import combinations
from pathlib import Path

from newsgen.lint.findings import article_findings
from newsgen.lint.reading import Masker, body, read_articles, similarity
from newsgen.lint.report import KINDS, Finding, Limits, LintReport, StoryMeasures


# -- the whole folder -------------------------------------------------------------------

def shape(headline: str, masker: Masker) -> str:
    return " ".join(masker(headline).lower().split())


def story_measures(story: str, docs: list[dict], masker: Masker) -> StoryMeasures:
    by_region: dict[str, list[dict]] = {}
    for doc in docs:
        by_region.setdefault(doc.get("region") or "", []).append(doc)
    scores, best = [], (None, None)
    masked = {id(doc): masker.words(body(doc)) for doc in docs}
    for members in by_region.values():
        for a, b in combinations(sorted(members, key=lambda d: d.get("slug", "")), 2):
            score = similarity(masked[id(a)], masked[id(b)])
            scores.append(score)
            if best[0] is None or score > best[0]:
                best = (score, (a.get("slug"), b.get("slug")))
    shapes = Counter(shape(doc.get("headline", ""), masker) for doc in docs)
    top, n = shapes.most_common(1)[0]
    return StoryMeasures(
        story=story, articles=len(docs), pairs=len(scores),
        similarity_median=statistics.median(scores) if scores else None,
        similarity_max=best[0], most_similar=best[1],
        shapes=len(shapes), top_shape=top, top_shape_share=n / len(docs) * 100)


def lint(folder: Path, limits: Limits | None = None) -> LintReport:
    """Measure every story in an output folder (see the module's docstring)."""
    limits = limits or Limits()
    stories = read_articles(folder)
    masker = Masker([doc for docs in stories.values() for doc in docs])
    report = LintReport(str(folder), limits=limits)
    for story, docs in sorted(stories.items()):
        docs.sort(key=lambda d: d.get("slug", ""))
        report.stories.append(story_measures(story, docs, masker))
        for doc in docs:
            report.findings += article_findings(story, doc, limits, masker)
    return report


def format_report(report: LintReport, show: int = 5) -> str:
    """The report as text: a table of the stories, then up to `show`
    findings of each kind, then what broke the limits."""
    lines = [f"{'story':36} {'articles':>8} {'similarity median / max':>24}  headline shapes"]
    for s in report.stories:
        sim = ("-" if s.similarity_median is None
               else f"{s.similarity_median:.0f}% / {s.similarity_max:.0f}%")
        lines.append(f"{s.story:36} {s.articles:>8} {sim:>24}  {s.shapes} shapes; commonest "
                     f"{s.top_shape_share:.0f}%: “{s.top_shape}”")
    by_kind: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_kind.setdefault(f.kind, []).append(f)
    for kind in KINDS:
        found = by_kind.get(kind, [])
        lines.append(f"{kind}: {len(found)} ({KINDS[kind]})")
        lines += [f"  {f}" for f in found[:show]]
        if show and len(found) > show:
            lines.append(f"  ... and {len(found) - show} more")
    broken = report.broken()
    lines.append("limits broken: " + "; ".join(broken) if broken else "within every limit")
    return "\n".join(lines)


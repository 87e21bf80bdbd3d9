"""What `newsgen lint` finds and measures, and the limits it holds a build to."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field


HEADLINE_MAX = 80   # characters: PHRASING.md, "keep it under about 80"

KINDS = {
    "long-headline": f"a headline longer than {HEADLINE_MAX} characters",
    "same-opener": "two paragraphs in a row open with the same word",
    "repeated-figure": "paragraph two repeats a figure of the intro",
    "repeated-word": "a word used more times in one article than the limit",
    "calendar-dates": "a period written as 'between January 2018 and December 2018'",
    "point-zero": "a figure written with '.0' ('1.0 robberies')",
    "hedge-far": "'nearly N a day/week' for a rate under 90% of N",
    "fraction-far": "a fraction more than a tenth from its value, or fighting its percentage",
    "little-change": "'slightly' or 'little change' for a change of 2% or more",
    "rank-rules": "a rank among all forces outside the top or bottom three, in a "
                  "region away from its ends, or against an incomplete set",
    "rate-on-few": "a rate angle on fewer offences than the kit's minimum",
    "intro-claim": "the intro does not state the figure of the headline's claim",
}


SHAPE_MIN_ARTICLES = 5   # the headline-shape limit applies to stories of this many articles


@dataclass
class Limits:
    """What `lint` holds an output folder to (percentages)."""

    similarity: float = 70.0   # median masked same-region similarity, per story
    shape: float = 40.0        # share of a story's articles with its commonest headline shape
    word: int = 4              # times one word (not a name, number or common word) per article


@dataclass
class Finding:
    story: str
    slug: str
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.story}/{self.slug}: {self.kind}: {self.detail}"


@dataclass
class StoryMeasures:
    story: str
    articles: int
    pairs: int                         # same-region pairs compared
    similarity_median: float | None    # percentages
    similarity_max: float | None
    most_similar: tuple[str, str] | None
    shapes: int                        # distinct headline shapes
    top_shape: str
    top_shape_share: float             # percentage of articles


@dataclass
class LintReport:
    folder: str
    stories: list[StoryMeasures] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    limits: Limits = field(default_factory=Limits)

    def broken(self) -> list[str]:
        """Each limit the folder breaks, as a line; empty when it passes."""
        out = []
        for s in self.stories:
            if s.similarity_median is not None and s.similarity_median > self.limits.similarity:
                out.append(f"{s.story}: median same-region similarity {s.similarity_median:.0f}% "
                           f"(limit {self.limits.similarity:.0f}%)")
            # one shape is all a story of a handful of articles can have
            if s.top_shape_share > self.limits.shape and s.articles >= SHAPE_MIN_ARTICLES:
                out.append(f"{s.story}: {s.top_shape_share:.0f}% of headlines have one shape, "
                           f"“{s.top_shape}” (limit {self.limits.shape:.0f}%)")
        counts = Counter(f.kind for f in self.findings)
        out += [f"{n} {kind} finding{'s' if n != 1 else ''}" for kind, n in sorted(counts.items())]
        return out

    @property
    def ok(self) -> bool:
        return not self.broken()

    def as_dict(self) -> dict:
        return {"folder": self.folder, "limits": asdict(self.limits),
                "stories": [asdict(s) for s in self.stories],
                "findings": [asdict(f) for f in self.findings], "broken": self.broken()}


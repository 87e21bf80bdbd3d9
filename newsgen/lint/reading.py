"""Reading a build's articles, and masking names and numbers so that two
neighbours' articles can be compared for their words alone."""

from __future__ import annotations

import json
import re
from difflib import SequenceMatcher
from pathlib import Path

from newsgen.errors import NewsgenError
from newsgen.paths import DRAFTS, SHARED_FACTS_FILE


# -- reading an output folder ------------------------------------------------------



def read_articles(folder: Path) -> dict[str, list[dict]]:
    """{story: [article JSON]} for every story folder in an output folder:
    its drafts tree (every article the build wrote, as the desk reads them)
    if it has one, else the folder itself (a drafts or public tree)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise NewsgenError(f"{folder}: no such output folder")
    if (folder / DRAFTS).is_dir():
        folder = folder / DRAFTS
    stories: dict[str, list[dict]] = {}
    for path in sorted(folder.glob("*/*.json")):
        if path.name == SHARED_FACTS_FILE or path.parent.name in ("ninjs", "feeds"):
            continue
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise NewsgenError(f"{path}: not an article's JSON ({exc})") from None
        if not isinstance(doc, dict) or "headline" not in doc or "paragraphs" not in doc:
            continue
        stories.setdefault(doc.get("kit") or path.parent.name, []).append(doc)
    if not stories:
        raise NewsgenError(f"{folder}: no articles (expected STORY/FORCE.json files from newsgen build)")
    return stories


def values(doc: dict) -> dict:
    """An article's facts as {name: value}."""
    return {name: (f.get("value") if isinstance(f, dict) else f)
            for name, f in (doc.get("facts") or {}).items()}


# -- masking names and numbers ---------------------------------------------------------

_NUMBERWORDS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    "eighty|ninety|hundred|thousand|million|dozen|first|second|third|fourth|fifth|sixth|"
    "seventh|eighth|ninth|tenth|half|quarter|quarters|thirds|fifths|tenths|once|twice")
_NUMBER = re.compile(rf"\b(?:\d[\d,]*(?:\.\d+)?(?:st|nd|rd|th)?(?:%|\b)|"
                     rf"(?:{_NUMBERWORDS})(?:-(?:{_NUMBERWORDS}))*\b)", re.I)
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\S")
_COMMON_NAMEWORDS = {"and", "the", "of", "police", "constabulary", "service", "city", "&"}


class Masker:
    """Replaces area and region names with X and numbers with N."""

    def __init__(self, docs):
        words = {"London", "Wales", "England", "Humber", "Yorkshire"}
        for doc in docs:
            for name in (doc.get("force"), doc.get("force_label"), doc.get("region"),
                         doc.get("house_name")):
                words |= {w for w in re.findall(r"[A-Za-z]+", name or "")
                          if w.lower() not in _COMMON_NAMEWORDS and w[:1].isupper()}
        self.name_words = {w.lower() for w in words} | _COMMON_NAMEWORDS
        name = "(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + ")"
        # a run of name words, joined by spaces, hyphens, "and" or "&", and the
        # force's own words after it: "Avon and Somerset Constabulary" is one X
        self.names = re.compile(rf"\b{name}(?:(?:\s*[&-]\s*|\s+and\s+|\s+){name})*\b"
                                r"(?:\s+(?:Police|Constabulary|Police Service)\b)?")

    def __call__(self, text: str) -> str:
        return _NUMBER.sub("N", self.names.sub("X", text))

    def words(self, text: str) -> list[str]:
        return [w.lower() for w in WORD.findall(self(text))]


def similarity(a: list[str], b: list[str]) -> float:
    """How alike two word lists are, 0 to 100 (difflib's ratio)."""
    if not a and not b:
        return 100.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio() * 100


def body(doc: dict) -> str:
    """The words a reader reads: headline, intro and body (not the notes to editors)."""
    return "\n".join([doc.get("headline", ""), doc.get("standfirst", ""), *doc.get("paragraphs", [])])


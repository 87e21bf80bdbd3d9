"""One story and period across all its areas, for the story view
(newsgen.review.story_page): each draft's headline, lead figure, flags and
status in one read-only query, and which drafts stand out from the rest.

"Outlying" is decided here, once: a draft whose lead figure (the story's
count, the `current` fact) lies two or more standard deviations from the
story's mean for the period, or whose angle few areas were given (at most
one in twenty of them, and never the most common angle). The angle is not
in the store: it is read from the draft's JSON the build wrote, kept in
memory until the story's folder changes.
"""

from __future__ import annotations

import json
import os
import statistics
import threading
from collections import Counter
from pathlib import Path

Z_OUTLIER = 2.0        # |z| of the lead figure at or beyond which a draft stands out
RARE_ANGLE = 0.05      # an angle given to at most this share of the areas is rare

# Only the first line of the current text is read: the texts and facts
# themselves never leave SQLite. The lead figure is read from the facts once
# per set of figures (the fingerprint), by LeadFigures.
_ROWS = """
SELECT id, key, slug, force, force_label, period, status, flags, stale, version,
       published_version, updated, updated_by, fingerprint, edited_text IS NOT NULL AS edited,
       substr(coalesce(edited_text, machine_text), 1,
              instr(coalesce(edited_text, machine_text) || char(10), char(10)) - 1) AS headline
FROM drafts WHERE kit = ? AND period = ?
"""


def periods(store, kit: str) -> list[str]:
    """The periods the store has drafts of this story for, latest first."""
    return [r[0] for r in store.db.execute(
        "SELECT DISTINCT period FROM drafts WHERE kit = ? ORDER BY period DESC", (kit,))]


class StoryRows:
    """Every draft of a story and period, for the story view; what costs
    (each draft's lead figure from its facts, its angle from its JSON) is
    kept from one view to the next until the figures or the files change."""

    def __init__(self):
        self.leads = LeadFigures()
        self.angles = AngleCache()

    def drafts(self, store, folder: Path, kit: str, period: str) -> list[dict]:
        """Every draft of `kit` for `period` in the desk's order (`judge`). `folder`: the story's drafts (OUTPUT/drafts/<kit>)."""
        rows = [dict(r) for r in store.db.execute(_ROWS, (kit, period))]
        leads = self.leads.of(store, rows)
        angles = self.angles.angles(folder)
        for r in rows:
            r["lead"], r["angle"] = leads.get(r["id"]), angles.get(r["slug"], "")
        return judge(rows)


def judge(rows: list[dict]) -> list[dict]:
    """Each row's flags read, why it stands out (if it does), and the rows
    in the desk's order: outlying, then flagged, then the rest, each by area."""
    figures = [r["lead"] for r in rows if isinstance(r["lead"], (int, float))]
    mean = statistics.fmean(figures) if len(figures) > 2 else None
    spread = statistics.pstdev(figures) if mean is not None else 0
    used = Counter(r["angle"] for r in rows if r["angle"])
    common = used.most_common(1)[0][0] if used else None
    for r in rows:
        r["flags"] = json.loads(r["flags"])
        r["stale"], r["edited"] = bool(r["stale"]), bool(r["edited"])
        lead = r["lead"]
        r["z"] = (lead - mean) / spread if spread and isinstance(lead, (int, float)) else None
        why = []
        if r["z"] is not None and abs(r["z"]) >= Z_OUTLIER:
            why.append(f"lead figure {r['z']:+.1f} standard deviations from the mean")
        if r["angle"] and r["angle"] != common and used[r["angle"]] <= RARE_ANGLE * len(rows):
            n = used[r["angle"]]
            why.append(f"angle “{r['angle']}” given to {n} area{'s' if n > 1 else ''} of {len(rows)}")
        r["outlying"] = why
    # outlying first: flags like "missing-breakdown" can mark most of a story
    rows.sort(key=lambda r: (not r["outlying"], not r["flags"], r["force"]))
    return rows


class LeadFigures:
    """Each draft's lead figure (its `current` fact's value), read from its
    facts in SQLite only when its figures (the fingerprint) are new."""

    def __init__(self):
        self._known: dict[int, tuple[str, object]] = {}   # id -> (fingerprint, value)
        self._lock = threading.Lock()

    def of(self, store, rows: list[dict]) -> dict[int, object]:
        with self._lock:
            known = dict(self._known)
        wanted = [r["id"] for r in rows if known.get(r["id"], ("",))[0] != r["fingerprint"]]
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            for draft_id, fingerprint, value in store.db.execute(
                    "SELECT id, fingerprint, json_extract(facts, '$.current.value') FROM drafts "
                    f"WHERE id IN ({','.join('?' * len(chunk))})", chunk):
                known[draft_id] = (fingerprint, value)
        if wanted:
            with self._lock:
                self._known.update({i: known[i] for i in wanted if i in known})
        return {r["id"]: known[r["id"]][1] for r in rows if r["id"] in known}


class AngleCache:
    """Each area's angle for a story, from the drafts' JSON files under
    `folder` (OUTPUT/drafts/<kit>/<slug>.json). The build writes every file
    through a rename in that folder, and swaps whole trees, so the folder's
    own time and inode change whenever a file does: until they do, the
    angles are those read last time."""

    def __init__(self):
        self._folders: dict[str, tuple[tuple, dict[str, str]]] = {}
        self._lock = threading.Lock()

    def angles(self, folder: Path) -> dict[str, str]:
        try:
            stat = os.stat(folder)
        except OSError:
            return {}
        key = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        with self._lock:
            known = self._folders.get(str(folder))
        if known is not None and known[0] == key:
            return known[1]
        out = {}
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".json") and not entry.name.startswith("_"):
                    angle = _angle_of(Path(entry.path))
                    if angle:
                        out[entry.name[:-5]] = angle
        with self._lock:
            self._folders[str(folder)] = (key, out)
        return out


def _angle_of(path: Path) -> str:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    angle = doc.get("angle") if isinstance(doc, dict) else None
    name = angle.get("name") if isinstance(angle, dict) else None
    return name if isinstance(name, str) else ""

"""One story and period across all its areas, for the story view
(newsgen.review.story_page): each draft's headline, lead figure, flags and
status in one read-only query, and which drafts stand out from the rest.

"Outlying" is decided here, once: a draft whose lead figure (the story's
count, the `current` fact) lies two or more standard deviations from the
story's mean for the period, or whose angle few areas were given (at most
one in twenty of them, and never the most common angle). The angle is not
in the store: it is read from the draft's JSON the build wrote, kept in
memory until that file changes.
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

# Only the first line of the current text and one value of the facts are
# read: the texts and facts themselves never leave SQLite.
_ROWS = """
SELECT id, key, slug, force, force_label, period, status, flags, stale, version,
       published_version, updated, updated_by, edited_text IS NOT NULL AS edited,
       substr(coalesce(edited_text, machine_text), 1,
              instr(coalesce(edited_text, machine_text) || char(10), char(10)) - 1) AS headline,
       json_extract(facts, '$.current.value') AS lead
FROM drafts WHERE kit = ? AND period = ?
"""


def periods(store, kit: str) -> list[str]:
    """The periods the store has drafts of this story for, latest first."""
    return [r[0] for r in store.db.execute(
        "SELECT DISTINCT period FROM drafts WHERE kit = ? ORDER BY period DESC", (kit,))]


def story_drafts(store, kit: str, period: str, angles: dict[str, str] | None = None) -> list[dict]:
    """Every draft of `kit` for `period`: flagged and outlying ones first,
    then by area. `angles` (slug -> angle name) comes from `AngleCache`."""
    angles = angles or {}
    rows = [dict(r) for r in store.db.execute(_ROWS, (kit, period))]
    figures = [r["lead"] for r in rows if isinstance(r["lead"], (int, float))]
    mean = statistics.fmean(figures) if len(figures) > 2 else None
    spread = statistics.pstdev(figures) if mean is not None else 0
    used = Counter(angles.get(r["slug"]) for r in rows if angles.get(r["slug"]))
    common = used.most_common(1)[0][0] if used else None
    for r in rows:
        r["flags"] = json.loads(r["flags"])
        r["stale"], r["edited"] = bool(r["stale"]), bool(r["edited"])
        r["angle"] = angles.get(r["slug"], "")
        lead = r["lead"]
        r["z"] = (lead - mean) / spread if spread and isinstance(lead, (int, float)) else None
        why = []
        if r["z"] is not None and abs(r["z"]) >= Z_OUTLIER:
            why.append(f"lead figure {r['z']:+.1f} standard deviations from the mean")
        if r["angle"] and r["angle"] != common and used[r["angle"]] <= RARE_ANGLE * len(rows):
            n = used[r["angle"]]
            why.append(f"angle “{r['angle']}” given to {n} area{'s' if n > 1 else ''} of {len(rows)}")
        r["outlying"] = why
    rows.sort(key=lambda r: (not (r["flags"] or r["outlying"]), r["force"]))
    return rows


class AngleCache:
    """Each area's angle for a story, from the drafts' JSON files under
    `folder` (OUTPUT/drafts/<kit>/<slug>.json): a file is read again only
    when its size or time changes, so a story of thousands of areas costs a
    directory scan per view."""

    def __init__(self):
        self._files: dict[str, tuple[int, int, str]] = {}   # path -> (mtime, size, angle)
        self._lock = threading.Lock()

    def angles(self, folder: Path) -> dict[str, str]:
        out = {}
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return out
        for entry in entries:
            if not entry.name.endswith(".json") or entry.name.startswith("_"):
                continue
            try:
                stat = entry.stat()
            except OSError:
                continue
            with self._lock:
                known = self._files.get(entry.path)
            if known is None or known[:2] != (stat.st_mtime_ns, stat.st_size):
                known = (stat.st_mtime_ns, stat.st_size, _angle_of(Path(entry.path)))
                with self._lock:
                    self._files[entry.path] = known
            if known[2]:
                out[entry.name[:-5]] = known[2]
        return out


def _angle_of(path: Path) -> str:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    angle = doc.get("angle") if isinstance(doc, dict) else None
    name = angle.get("name") if isinstance(angle, dict) else None
    return name if isinstance(name, str) else ""

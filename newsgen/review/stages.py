"""What the build calls: where its review store lives, and the build stages
that sync the articles into it and mark those that went out as published.
"""

from __future__ import annotations

import json
from pathlib import Path

from newsgen.review.drafts import ReviewError
from newsgen.review.releases import record
from newsgen.review.store import ReviewStore, default_db, now_iso
from newsgen.sources.files import cited_path


def review_db_path(options) -> Path:
    """The build's review store: --db, or OUTPUT/review.db; never in a folder
    a build replaces."""
    output = Path(options.output).resolve()
    path = Path(options.review_db or default_db(options.output))
    try:
        inside = path.resolve().relative_to(output).parts
    except ValueError:
        inside = ()
    if len(inside) > 1:
        raise ReviewError(f"--db {path}: inside {inside[0]}/, a folder each build replaces; "
                          f"keep the review database directly in {options.output} or elsewhere")
    return path


def review_stage(ctx) -> None:
    """Build stage: sync the batch's articles into the review store (see
    ReviewStore.sync); counts and the approved drafts going out are added to
    the batch's results."""
    # A fact cited in full once per story (newsgen.facts.shared) is read once,
    # by the first batch, not once per article.
    files = {s.file for article in ctx.articles
             for name, fact in article.facts.facts.items() if name not in article.facts.shared
             for s in fact.sources}
    shared = []
    if ctx.index == 0:
        from newsgen.facts.shared import entry
        for story, writer in ctx.writers.items():
            for key, item in getattr(writer, "shared_facts", {}).items():
                files.update(s.file for s in item["fact"].sources)
                shared.append((story, writer.kit.current, key,
                               json.dumps(entry(key, item), default=str)))
    sources = {name: str(cited_path(name)) for name in sorted(files)}
    from newsgen.parallel import turn
    # Batches add their drafts in order, so draft ids are the same with any --jobs.
    with turn(ctx.index), ReviewStore(review_db_path(ctx.options)) as store:
        # A rebuild that changes nothing writes nothing (drafts: ReviewStore.sync)
        shared = _not_stored(store, "SELECT kit, period, key, fact FROM shared_facts", shared)
        if shared:
            store.put_shared_facts(shared)
        texts = unchecked_texts(ctx)
        if _texts_change(store, texts, replace=ctx.index == 0):
            store.put_story_texts(texts, replace=ctx.index == 0)
        sources = dict(_not_stored(store, "SELECT name, path FROM source_files",
                                   list(sources.items())))
        counts = store.sync(ctx.articles, sources, ctx.out.review_plan)
    for name, n in counts.items():
        ctx.out.review[name] = ctx.out.review.get(name, 0) + n


def _not_stored(store, query: str, rows: list[tuple]) -> list[tuple]:
    """Of `rows`, those the store does not hold as they are (`query` reads
    the table's rows in the same shape)."""
    if not rows:
        return rows
    held = set(map(tuple, store.db.execute(query)))
    return [row for row in rows if tuple(row) not in held]


def _texts_change(store, texts: dict[str, set[str]], replace: bool) -> bool:
    """Whether `ReviewStore.put_story_texts(texts, replace)` would change the store."""
    held: dict[str, set[str]] = {kit: set() for kit in texts}
    for kit, text in store.db.execute("SELECT kit, text FROM story_texts"):
        if kit in held:
            held[kit].add(text)
    for kit, ts in texts.items():
        wanted = {t for t in ts if t}
        if (wanted != held[kit]) if replace else not wanted <= held[kit]:
            return True
    return False


def unchecked_texts(ctx) -> dict[str, set[str]]:
    """Each story's text the build's fact check passes over (the kit's words,
    data labels), for checking editors' texts the same way (review.checks)."""
    from newsgen.factcheck.check import verbatim_of
    texts = {story: set(verbatim_of(kit)) for story, kit in ctx.kits.items()}
    for article in ctx.articles:
        texts.setdefault(article.kit, set()).update((article.region, article.kit_title))
    return texts


def record_releases_stage(ctx) -> None:
    """Build stage, the last: record the versions that went out (each
    release, correction and withdrawal, who approved it and what it says),
    and mark the approved drafts among them published. If an earlier stage
    failed, this never runs and nothing is recorded that did not go out."""
    released = ctx.totals.released
    if not released:
        return
    with ReviewStore(review_db_path(ctx.options)) as store:
        counts, published = record(store, released, now_iso())
    ctx.totals.review.update({name: n for name, n in counts.items() if n})
    for article in ctx.totals.kept:
        if article.key in published:
            article.status = "published"

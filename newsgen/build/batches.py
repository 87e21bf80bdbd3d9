"""The article stages, a batch of areas at a time.

A build cuts its chosen areas into batches of about ``parallel.CHUNK``
articles. Each batch is rendered and goes through ``stages.STAGES`` (fact
check, review, charts, drafts, the public entries, ninjs and the areas' own
feeds), in this
process or, with ``--jobs N``, in N forked workers, and hands back only a
`BatchOut`: counts, withheld articles, review counts, versions, and its
public articles (without their facts) for the feeds that gather many areas.
So a build holds the data, the facts and a batch per process at a time,
however many areas there are; the gathering feeds keep only their newest
items (``publish.FEED_LIMIT``).

Batches follow the areas in order and each area's articles stay in one
batch, so an area's own feed is written with its batch; results are merged
in batch order, so the output is the same, byte for byte, with any --jobs.
"""

from __future__ import annotations

from newsgen import parallel
from newsgen.build import stages
from newsgen.build.context import BatchOut, BuildContext
from newsgen.build.plan import render
from newsgen.build.progress import Timings
from newsgen.publish.outputs import Gatherer, outside_areas
from newsgen.review.stages import review_db_path
from newsgen.review.store import ReviewStore
from newsgen.sources.forces import load_forces
from newsgen.sources.outlets import load_outlets


def batch_bounds(per_force: list[int], jobs: int) -> list[tuple[int, int]]:
    """(start, stop) ranges of areas, each with about CHUNK articles (fewer
    with several jobs, so every worker has work); an area is never split."""
    total = sum(per_force)
    size = parallel.CHUNK if jobs <= 1 else parallel.chunk_size(total, jobs)
    bounds, start, n = [], 0, 0
    for i, count in enumerate(per_force):
        n += count
        if n >= size:
            bounds.append((start, i + 1))
            start, n = i + 1, 0
    if start < len(per_force):
        bounds.append((start, len(per_force)))
    return bounds


_batch_job = None   # (plan, staging, options, state), for the forked workers


def run_batch(task: tuple[int, int, int]) -> BatchOut:
    """Render the articles of areas[start:stop] and run every article stage."""
    index = task[0]
    try:
        return _run_batch(*task)
    finally:
        parallel.finish_turn(index)


def _run_batch(index: int, start: int, stop: int) -> BatchOut:
    plan, staging, options, state = _batch_job
    out = BatchOut()
    timings = Timings()
    before = staging.count
    with timings.step("render"):
        articles = render(plan.todo(start, stop))
    ctx = BuildContext(articles, plan.writers, staging, options, state,
                             plan.forces[start:stop], out, index=index)
    for stage in stages.STAGES:   # read now, so a test may patch it
        with timings.step(stage.__name__):
            stage(ctx)
    out.count = len(ctx.articles)
    out.review_plan = {}   # the batch's publish stage has used it
    if parallel.in_worker:   # the parent's Staging never saw these
        out.files = staging.count - before
    out.wall, out.cpu = timings.wall, timings.cpu
    if options.keep_articles:
        out.kept = list(ctx.articles)
    else:
        for article in out.public:
            article.facts = None   # the feeds need the words, not the figures
    return out


def run_batches(plan, staging, options, state, timings: Timings) -> BatchOut:
    """Every batch through the article stages; their results merged, in order."""
    global _batch_job
    per_force = plan.per_force()
    bounds = batch_bounds(per_force, options.jobs)
    processes = options.jobs if parallel.usable(options.jobs, sum(per_force)) else 1
    totals = BatchOut()
    outside = outside_areas(plan.forces, plan.table, state)
    totals.gathered = Gatherer(plan.forces + outside, load_outlets(forces=load_forces()))
    _batch_job = (plan, staging, options, state)
    # The review store, made ready once before any worker opens it; held open
    # meanwhile, so a batch closing its own connection does not also copy the
    # store's write-ahead log into it (SQLite does that at the last close).
    try:
        with ReviewStore(review_db_path(options)), \
                options.progress.bar("articles", sum(per_force)) as bar:
            tasks = [(i, start, stop) for i, (start, stop) in enumerate(bounds)]
            for (start, stop), out in zip(bounds, parallel.map_ordered(run_batch, tasks, processes)):
                totals.merge(out, timings)
                totals.gathered.add(out.public, totals.versions)
                bar.advance(sum(per_force[start:stop]))
    finally:
        _batch_job = None
    if outside:   # what areas outside this build have out stays, in their feeds too
        ctx = BuildContext([], plan.writers, staging, options, state, outside,
                           index=len(bounds))
        for stage in stages.OUTSIDE_STAGES:
            with timings.step(stage.__name__):
                stage(ctx)
        totals.merge(ctx.out, Timings())
        totals.gathered.add(ctx.out.public, totals.versions)
    return totals

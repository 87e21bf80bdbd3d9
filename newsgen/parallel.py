"""Process parallelism for ``newsgen build --jobs N``.

Work is cut into chunks of consecutive areas; forked worker processes each
take a chunk, and results come back in chunk order, so the output is the
same, byte for byte, as with one process. Workers are forked after the data
is loaded, the facts computed and the templates compiled, so they inherit
all of it instead of redoing it; only the rendered words travel back.
"""

from __future__ import annotations

import multiprocessing
import pickle

from .errors import NewsgenError

CHUNK = 250          # areas per chunk
MIN_PARALLEL = 500   # fewer areas than this: one process is faster

_job = None          # what the forked workers work on (set before forking)
last_processes = 0   # how many processes the last map_chunks used (for tests)


def usable(jobs: int, count: int) -> bool:
    return jobs > 1 and count >= MIN_PARALLEL and "fork" in multiprocessing.get_all_start_methods()


def _chunks(count: int, jobs: int) -> list[tuple[int, int]]:
    size = max(1, min(CHUNK, -(-count // (jobs * 4))))
    return [(i, min(i + size, count)) for i in range(0, count, size)]


def _portable(exc: BaseException) -> BaseException:
    """An exception that survives pickling back to the parent."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        if isinstance(exc, NewsgenError):
            return NewsgenError(str(exc))
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def _run(bounds):
    func, items = _job
    start, stop = bounds
    try:
        return True, func(items, start, stop)
    except BaseException as exc:  # re-raised in the parent
        return False, _portable(exc)


def map_chunks(func, items: list, jobs: int, bar) -> list:
    """[func(items, start, stop) for each chunk], in order, over `jobs`
    forked processes; `bar.advance` is told how many items each chunk had."""
    global _job, last_processes
    bounds = _chunks(len(items), jobs)
    last_processes = 1
    if not usable(jobs, len(items)):
        out = []
        for start, stop in bounds:
            out.append(func(items, start, stop))
            bar.advance(stop - start)
        return out
    _job = (func, items)
    try:
        context = multiprocessing.get_context("fork")
        last_processes = min(jobs, len(bounds))
        with context.Pool(last_processes) as pool:
            out = []
            for (start, stop), (ok, value) in zip(bounds, pool.imap(_run, bounds)):
                if not ok:
                    raise value
                out.append(value)
                bar.advance(stop - start)
            return out
    finally:
        _job = None

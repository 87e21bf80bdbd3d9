"""Process parallelism: every worker process newsgen starts is started here.

Work is cut into batches of consecutive areas; forked worker processes each
take a batch, and results come back in batch order, so the output is the
same, byte for byte, as with one process. Workers are forked after the data
is loaded, the facts computed and the templates compiled, so they inherit
all of it instead of redoing it; only small results travel back.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
from contextlib import contextmanager

from newsgen.errors import NewsgenError

CHUNK = 250          # areas per chunk
MIN_PARALLEL = 500   # fewer areas than this: one process is faster

_job = None          # what the forked workers work on (set before forking)
in_worker = False    # True in a forked worker: work there is never forked again
_turn = None         # (task index whose turn it is, condition), shared by the workers


def usable(jobs: int, count: int) -> bool:
    return (jobs > 1 and count >= MIN_PARALLEL and not in_worker
            and "fork" in multiprocessing.get_all_start_methods())


def chunk_size(count: int, jobs: int) -> int:
    """Items per chunk: at most CHUNK, and small enough that each of `jobs`
    processes gets about four chunks, so none waits long for the others."""
    return max(1, min(CHUNK, -(-count // (jobs * 4))))


def _chunks(count: int, jobs: int) -> list[tuple[int, int]]:
    size = chunk_size(count, jobs)
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


def _run(task):
    func = _job
    try:
        return True, func(task)
    except BaseException as exc:  # re-raised in the parent
        return False, _portable(exc)


def die_with_parent(parent: int) -> None:
    """In a worker process started by `parent` (a pid): end when the build
    ends, even by a kill, rather than linger holding its pipes (Linux;
    elsewhere a no-op)."""
    import signal
    try:
        import ctypes
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:   # the parent was gone before the prctl
        os._exit(1)


def _enter_worker(parent: int) -> None:
    global in_worker
    in_worker = True
    die_with_parent(parent)


def map_ordered(func, tasks: list, processes: int):
    """Yield func(task) for each task, in order: in this process, or in
    `processes` forked workers (each takes the next task as it finishes one;
    results still come back in task order). A worker's exception is raised
    here, and the other workers are stopped."""
    global _job
    processes = min(processes, len(tasks))
    if processes <= 1 or in_worker or "fork" not in multiprocessing.get_all_start_methods():
        for task in tasks:
            yield func(task)
        return
    global _turn
    _job = func
    # What is in memory now (data, facts, templates) is only read in the
    # workers: out of the collector's sight, its pages stay shared with this
    # process instead of being copied into each worker when a collection
    # touches them.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        _turn = (context.Value("q", 0, lock=False), context.Condition())
        with context.Pool(processes, initializer=_enter_worker, initargs=(os.getpid(),)) as pool:
            for ok, value in pool.imap(_run, tasks):
                if not ok:
                    raise value
                yield value
    finally:
        _job = _turn = None
        gc.unfreeze()


@contextmanager
def turn(index: int):
    """Run the block of task `index` after the blocks of every earlier task,
    however the workers are scheduled (e.g. records added to a database in
    task order, so they are numbered as with one process). In one process
    the tasks already run in order."""
    if _turn is None or not in_worker:
        yield
        return
    current, changed = _turn
    with changed:
        changed.wait_for(lambda: current.value >= index)
    try:
        yield
    finally:
        finish_turn(index)


def finish_turn(index: int) -> None:
    """Task `index` is done with its turn (or never needed it): let the next go."""
    if _turn is None or not in_worker:
        return
    current, changed = _turn
    with changed:
        changed.wait_for(lambda: current.value >= index)
        if current.value == index:
            current.value = index + 1
            changed.notify_all()


def map_chunks(func, items: list, jobs: int, bar) -> list:
    """[func(items, start, stop) for each chunk], in order, over `jobs`
    forked processes; `bar.advance` is told how many items each chunk had."""
    bounds = _chunks(len(items), jobs)
    processes = jobs if usable(jobs, len(items)) else 1
    out = []
    for (start, stop), value in zip(bounds, map_ordered(lambda b: func(items, *b), bounds, processes)):
        out.append(value)
        bar.advance(stop - start)
    return out

"""The build, start to finish: plan (load data, compute facts), run every batch
of areas through the article stages, then the final stages, then swap the new
output in whole. The old output stays until all of it is ready."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

from newsgen.build import stages
from newsgen.build.batches import run_batches
from newsgen.build.context import BuildContext, BuildOptions, BuildResult, BuildState
from newsgen.build.plan import plan_build
from newsgen.build.progress import Timings
from newsgen.build.scope import SCOPE_FILE, build_scope, check_scope
from newsgen.kit import Kit
from newsgen.paths import DRAFTS, PUBLIC
from newsgen.publish.staging import Staging
from newsgen.review.stages import review_db_path


def build(kits: list[Kit], options: BuildOptions) -> BuildResult:
    """Build and write every article; the old output stays until all is ready."""
    started = time.perf_counter()
    if options.release is not None:   # a new release of the figures: its own time, no kit edit
        kits = [replace(kit, release=options.release,
                        embargo=options.release if kit.embargo is not None else None)
                for kit in kits]
    scope = build_scope(kits, options)
    return _build(kits, options, scope, started)


class FreshFiles:
    """The output folder and review store, if this build is the one making
    them: a first build that fails leaves neither behind. (A review store
    that was there before keeps the drafts of the batches that were done, as
    a build failing after its review stage always has: nothing is marked
    published that did not go out.)"""

    def __init__(self, options: BuildOptions):
        self.output = Path(options.output)
        self.db = review_db_path(options)
        self.new_output, self.new_db = not self.output.exists(), not self.db.exists()

    def remove(self) -> None:
        if self.new_db:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.db}{suffix}").unlink(missing_ok=True)
        if self.new_output and self.output.is_dir() and not any(self.output.iterdir()):
            self.output.rmdir()


def _build(kits: list[Kit], options: BuildOptions, scope: dict, started: float) -> BuildResult:
    timings = Timings()
    plan = plan_build(kits, options.force_names, options.data_override, options.user_templates,
                      options.areas_file, timings)
    check_scope(scope, options)   # after loading: bad input is reported first
    fresh = FreshFiles(options)
    staging = Staging(options.output)
    try:
        state = BuildState.start(options, plan)   # opens (or makes) the review store
    except BaseException:
        staging.abandon()
        fresh.remove()
        raise
    try:
        totals = run_batches(plan, staging, options, state, timings)
        ctx = BuildContext([], plan.writers, staging, options, state, plan.forces, totals, totals,
                           data=plan.loaded, skipped=plan.skipped)
        for stage in stages.FINAL_STAGES:
            with timings.step(stage.__name__):
                stage(ctx)
        staging.write(SCOPE_FILE, json.dumps(scope, indent=1) + "\n")
        with timings.step("commit"):
            staging.commit()
    except BaseException:
        staging.abandon()
        fresh.remove()
        raise
    remove_old_layout(Path(options.output), scope["stories"])
    for stage in stages.AFTER_COMMIT:
        with timings.step(stage.__name__):
            stage(ctx)
    return BuildResult(totals.kept, plan.skipped, staging.count + totals.files,
                       time.perf_counter() - started, timings, totals.withheld, totals.count,
                       totals.review, plan.periods, totals.revisions, totals.warnings)


def remove_old_layout(output: Path, stories: list[str]) -> None:
    """An output folder from before the drafts and public trees (newsgen.paths)
    held every draft where anyone serving the folder could read it: once
    both trees are in place, its feeds/, ninjs/ and the folders of this
    build's stories go. (The review store and anything else stay.)"""
    from newsgen.publish.staging import _remove
    if not (output / PUBLIC).is_dir() or not (output / "feeds").is_dir():
        return
    for name in ("feeds", "ninjs", *stories):
        if name not in (DRAFTS, PUBLIC):
            _remove(output / name)

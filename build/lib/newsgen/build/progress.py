"""A progress bar for long builds, and the timing of each build step.

The bar is drawn on stderr only when stderr is a terminal and CI is not set;
in pipes, logs and CI a build prints nothing extra. ``newsgen build --quiet``
turns it off too.
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager


def wanted(stream=None) -> bool:
    """Draw a bar on `stream` (stderr): a terminal, and not under CI."""
    stream = stream if stream is not None else sys.stderr
    if os.environ.get("CI"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class Bar:
    """One step's bar: `label  done/total  [#####.....]  rate/s  time left`."""

    WIDTH = 24

    def __init__(self, stream, label: str, total: int, every: float = 0.1):
        self.stream, self.label, self.total, self.every = stream, label, max(total, 0), every
        self.done = 0
        self.started = time.perf_counter()
        self._drawn = 0.0

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.perf_counter()
        if now - self._drawn >= self.every or self.done >= self.total:
            self._drawn = now
            self.draw(now)

    def line(self, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        share = self.done / self.total if self.total else 1.0
        filled = int(share * self.WIDTH)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        return (f"{self.label:<10} {self.done:>{len(str(self.total))}}/{self.total} [{bar}] "
                f"{rate:,.0f}/s, {_clock(left)} left")

    def draw(self, now: float) -> None:
        self.stream.write("\r" + self.line(now) + "\x1b[K")
        self.stream.flush()

    def close(self) -> None:
        self.draw(time.perf_counter())
        self.stream.write("\n")
        self.stream.flush()


class _NoBar:
    def advance(self, n: int = 1) -> None:
        pass


class Progress:
    """Bars for a build's long steps; silent unless `enabled`."""

    def __init__(self, enabled: bool | None = None, stream=None):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = wanted(self.stream) if enabled is None else enabled

    @contextmanager
    def bar(self, label: str, total: int):
        if not self.enabled or total <= 0:
            yield _NoBar()
            return
        bar = Bar(self.stream, label, total)
        try:
            yield bar
        finally:
            bar.close()


SILENT = Progress(enabled=False)


class Timings:
    """Wall and CPU seconds of each named step of a build, in order."""

    def __init__(self):
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    @contextmanager
    def step(self, name: str):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.wall[name] = self.wall.get(name, 0.0) + time.perf_counter() - wall
            self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - cpu

    def as_dict(self) -> dict:
        return {name: {"wall": round(self.wall[name], 4), "cpu": round(self.cpu[name], 4)}
                for name in self.wall}

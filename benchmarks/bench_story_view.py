"""Server time of the story view (/story/<kit>) at a story of N areas
(default 5,000): the shipped NSPCC story built for every force, its drafts
copied to N made-up areas (each with its own key, headline, lead figure
and angle, and a draft JSON for the angle), then the page asked for `runs`
times through the web app in this process (no HTTP): min, median and max,
and the first request apart (it reads every draft's JSON once); wall
time and this process's CPU time (the machine may be busy with others).

    .venv/bin/python benchmarks/bench_story_view.py [--n 5000] [--runs 20]
"""

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsgen.build import BuildOptions, build  # noqa: E402
from newsgen.kit import kit_folder, read_kit  # noqa: E402
from newsgen.review.store import ReviewStore  # noqa: E402
from newsgen.review.web import ReviewApp  # noqa: E402

KIT = "child-abuse-images"
ANGLES = ("steady", "sharp-rise", "fall", "against-trend", "total", "record-high")


def synthesise(out: Path, n: int) -> None:
    """N drafts of the story from the built ones, and a JSON each for the angle."""
    rng = random.Random(1)
    with ReviewStore(out / "review.db") as store:
        rows = [dict(r) for r in store.list(story=KIT)]
        folder = out / "drafts" / KIT
        doc = json.loads((folder / f"{rows[0]['slug']}.json").read_text(encoding="utf-8"))
        new = []
        for i in range(n - len(rows)):
            row = dict(rows[i % len(rows)])
            slug = f"area-{i:05d}"
            facts = json.loads(row["facts"])
            facts["current"]["value"] = max(0, int(rng.gauss(300, 80)))
            row.update(id=None, key=f"{KIT}/{slug}/{row['period']}", slug=slug,
                       force=f"Area {i:05d}", force_label=f"Area {i:05d} Police",
                       facts=json.dumps(facts),
                       machine_text=f"Synthetic headline {i}\n\n" + row["machine_text"])
            new.append(row)
            doc.update(slug=slug, fingerprint=row["fingerprint"],
                       angle={**doc["angle"], "name": rng.choice(ANGLES)})
            (folder / f"{slug}.json").write_text(json.dumps(doc), encoding="utf-8")
        columns = list(new[0])
        with store.transaction() as db:
            db.executemany(f"INSERT INTO drafts ({', '.join(columns)}) VALUES "
                           f"({', '.join('?' * len(columns))})", [list(r.values()) for r in new])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        build([read_kit(kit_folder(KIT))], BuildOptions(output=out, charts=False))
        synthesise(out, args.n)
        app = ReviewApp(out / "review.db")
        headers = {"Host": "127.0.0.1"}
        times, cpu, size = [], [], 0
        for _ in range(args.runs + 1):
            started, used = time.perf_counter(), time.process_time()
            response = app.handle("GET", f"/story/{KIT}", headers, b"")
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - used)
            assert response.status == 200, response.body[:500]
            size = len(response.body)
        first, rest = times[0], times[1:]
        print(f"/story/{KIT} at {args.n:,} areas ({size / 1e6:.1f} MB page): "
              f"first {first * 1000:.0f} ms; "
              f"then min {min(rest) * 1000:.0f} ms, median {statistics.median(rest) * 1000:.0f} ms, "
              f"max {max(rest) * 1000:.0f} ms over {len(rest)} runs; CPU (this process, "
              "SQLite included, less moved by other load) "
              f"median {statistics.median(cpu[1:]) * 1000:.0f} ms, "
              f"max {max(cpu[1:]) * 1000:.0f} ms")


if __name__ == "__main__":
    main()

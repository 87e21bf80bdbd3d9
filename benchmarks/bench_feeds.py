"""Time of the publishing stages (versions, ninjs, feeds) for many released
stories: the shipped NSPCC articles, approved, copied into N synthetic kits.

    .venv/bin/python benchmarks/bench_feeds.py [--kits 20]
"""

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsgen.build.context import BuildState  # noqa: E402
from newsgen.build.context import BuildContext
from newsgen.build import BuildOptions, build_articles  # noqa: E402
from newsgen.sources.forces import load_forces  # noqa: E402
from newsgen.kit import kit_folder, read_kit  # noqa: E402
from newsgen.sources.outlets import load_outlets  # noqa: E402
from newsgen.publish.outputs import Gatherer, publish_articles, publish_feeds  # noqa: E402
from newsgen.publish.staging import Staging  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kits", type=int, default=20)
    opts = parser.parse_args()
    base, _, writers = build_articles([read_kit(kit_folder("child-abuse-images"))])
    articles = [replace(a, kit=f"kit-{i:02}", status="approved")
                for i in range(opts.kits) for a in base]
    forces = load_forces().territorial()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "output"
        for run in ("first build", "rebuild"):
            staging = Staging(out)
            options = BuildOptions(output=out)
            started, cpu = time.perf_counter(), time.process_time()
            state = BuildState.start(options)
            ctx = BuildContext(articles, writers, staging, options, state, forces)
            publish_articles(ctx)
            totals = ctx.out
            totals.gathered = Gatherer(forces, load_outlets(forces=load_forces()))
            totals.gathered.add(totals.public, totals.versions)
            publish_feeds(BuildContext([], writers, staging, options, state, forces, totals, totals))
            staging.commit()
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            print(f"{run}: {len(articles)} stories, {staging.count} files in {seconds:.2f}s "
                  f"wall, {cpu:.2f}s CPU ({cpu / len(articles) * 1000:.2f} ms a story)")


if __name__ == "__main__":
    main()

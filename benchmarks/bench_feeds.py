"""Time of the publishing stage (versions, feeds, ninjs) for many stories: the
shipped NSPCC articles copied into N synthetic kits.

    .venv/bin/python benchmarks/bench_feeds.py [--kits 20]
"""

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsgen.build import BuildContext, BuildOptions, build_articles  # noqa: E402
from newsgen.kit import kit_folder, read_kit  # noqa: E402
from newsgen.publish import publish  # noqa: E402
from newsgen.write import Staging  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kits", type=int, default=20)
    opts = parser.parse_args()
    base, _, writers = build_articles([read_kit(kit_folder("child-abuse-images"))])
    articles = [replace(a, kit=f"kit-{i:02}") for i in range(opts.kits) for a in base]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "output"
        for run in ("first build", "rebuild"):
            staging = Staging(out)
            started = time.perf_counter()
            publish(BuildContext(articles, writers, staging, BuildOptions(output=out)))
            staging.commit()
            seconds = time.perf_counter() - started
            print(f"{run}: {len(articles)} stories, {staging.count} files in {seconds:.2f}s")


if __name__ == "__main__":
    main()

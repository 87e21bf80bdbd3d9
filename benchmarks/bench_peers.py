"""newsgen beside RosaeNLG, the best open-source template engine for this job,
on the NSPCC story's 15 forces in one run: milliseconds per article and per 100
words, cold (the first round in the process, templates compiled) and warm (the
mean of later rounds).

newsgen's figure is its whole steady-state work for an article: the area's
facts, the rendered article (headline, standfirst, body, notes) and the fact
check of every number in it (the facts are made for all 43 forces each round,
as a build does, and shared among the 15 articles), printed in all and part by
part. In the warm rounds the fact check has read each text before (it
remembers a text's claims: a story's quotes and notes recur in every
article); a last line times rounds with that memory emptied first, as a
build meets new text. RosaeNLG's is benchmarks/peers/nspcc.pug, written
for this benchmark to say what the kit's opening paragraphs say (standfirst,
exact figure, change, per day, rate), from the same facts; it checks nothing.

RosaeNLG is installed by npm into a temporary folder (or --rosaenlg DIR, a
folder where `npm install rosaenlg` was run); without node or npm the peer is
skipped with a message.

    .venv/bin/python benchmarks/bench_peers.py                 # 1,000 rounds
    .venv/bin/python benchmarks/bench_peers.py --rounds 100
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEERS = ROOT / "benchmarks" / "peers"
ROSAENLG = "rosaenlg@3.2.6"
sys.path.insert(0, str(ROOT))


PARTS = ("facts", "render", "check")


def newsgen_figures(rounds: int) -> tuple[dict, list[dict]]:
    """ms per article, cold and warm, in all and for each part (facts,
    render, check), and each area's facts for the peer."""
    from newsgen.factcheck import claims
    from newsgen.factcheck.check import check_article, verbatim_of
    from newsgen.facts.kit_facts import KitData
    from newsgen.facts.periods import span
    from newsgen.kit import kit_folder, read_kit
    from newsgen.sources.forces import load_forces
    from newsgen.words.writer import ArticleWriter

    kit = read_kit(kit_folder("child-abuse-images"))
    table = load_forces()
    loaded = KitData(table)
    loaded.dataset(kit)   # loading is not the article's work: done before timing
    verbatim = verbatim_of(kit)
    clock = time.perf_counter

    def one_round(writer, seconds: dict) -> list:
        started = clock()
        per_area = loaded.facts(kit)
        made = clock()
        articles = [writer.article(table.by_slug[slug], facts) for slug, facts in per_area.items()
                    if not loaded.unusable(kit, facts)]
        rendered = clock()
        for article in articles:
            if not check_article(article, verbatim).ok:
                raise SystemExit(f"{article.slug}: failed the fact check")
        checked = clock()
        for part, took in zip(PARTS, (made - started, rendered - made, checked - rendered)):
            seconds[part] = seconds.get(part, 0.0) + took
        return articles

    cold_s: dict = {}
    writer = ArticleWriter(kit)
    articles = one_round(writer, cold_s)
    warm_s: dict = {}
    for _ in range(rounds):
        one_round(writer, warm_s)
    # The fact check remembers the claims of each text it has read (a
    # story's quotes and notes recur in all its articles): in the rounds
    # above, every article's text is one it has seen. A build's articles
    # are new text; these rounds empty that memory first, as a build starts.
    new_text_s: dict = {}
    for _ in range(max(1, rounds // 10)):
        claims._extract.cache_clear()
        one_round(writer, new_text_s)
    n = len(articles)

    def per_article(seconds: dict, times: int) -> dict:
        out = {part: seconds[part] * 1000 / (times * n) for part in PARTS}
        out["total"] = sum(out.values())
        return out

    cold, warm = per_article(cold_s, 1), per_article(warm_s, rounds)
    new_text = per_article(new_text_s, max(1, rounds // 10))
    words = sum(len(a.text().split()) for a in articles) / n
    period = span(kit.current)
    data = [{"force": a.area, "label": a.area_label, "current": a.facts.values["current"],
             "previous": a.facts.values.get("previous"), "days": a.facts.values["days"],
             "rate": a.facts.values.get("rate"), "start": period["start"], "end": period["end"]}
            for a in articles]
    return {"cold_ms": cold["total"], "warm_ms": warm["total"], "cold": cold, "warm": warm,
            "new_text": new_text, "rounds": rounds, "areas": n, "words": words}, data


def rosaenlg_figures(data: list[dict], rounds: int, folder: Path | None) -> dict | None:
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or (folder is None and not npm):
        print("RosaeNLG skipped: node and npm are needed (apt-get install nodejs npm)")
        return None
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if folder is None:
            folder = tmp / "npm"
            folder.mkdir()
            print(f"installing {ROSAENLG} with npm (a minute or so) ...", flush=True)
            done = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--silent", ROSAENLG],
                                  cwd=folder, capture_output=True, text=True)
            if done.returncode:
                print(f"RosaeNLG skipped: npm install failed: {done.stderr.strip()[-300:]}")
                return None
        for name in ("nspcc.pug", "render.js"):
            shutil.copy(PEERS / name, tmp / name)
        (tmp / "areas.json").write_text(json.dumps(data))
        env = {"NODE_PATH": str(folder / "node_modules"), "PATH": "/usr/bin:/bin"}
        run = subprocess.run([node, str(tmp / "render.js"), str(tmp / "areas.json"), str(rounds)],
                             capture_output=True, text=True, env=env)
        if run.returncode:
            raise SystemExit(f"RosaeNLG failed: {run.stderr.strip()[-500:]}")
        return json.loads(run.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1000)
    parser.add_argument("--rosaenlg", type=Path, default=None,
                        help="a folder where `npm install rosaenlg` was run (else a temporary one)")
    args = parser.parse_args()
    ours, data = newsgen_figures(args.rounds)
    peer = rosaenlg_figures(data, args.rounds, args.rosaenlg)
    print(f"{'':28}{'cold ms/article':>16}{'warm ms/article':>16}{'warm ms/100 words':>19}{'words':>7}")
    for name, fig in (("newsgen (facts+render+check)", ours), ("RosaeNLG (render)", peer)):
        if fig:
            print(f"{name:28}{fig['cold_ms']:16.3f}{fig['warm_ms']:16.3f}"
                  f"{fig['warm_ms'] * 100 / fig['words']:19.3f}{fig['words']:7.0f}")
    print(f"\nnewsgen per article (ms){'':4}" + "".join(f"{p:>9}" for p in (*PARTS, "total")))
    for label, key in (("cold (first round)", "cold"), ("warm", "warm"),
                       ("warm, check on new text", "new_text")):
        print(f"{label:28}" + "".join(f"{ours[key][p]:9.3f}" for p in (*PARTS, "total")))
    if peer:
        verdict = "faster" if ours["warm_ms"] < peer["warm_ms"] else "slower"
        print(f"\nwarm, newsgen (facts+render+check) is {verdict} than RosaeNLG (render) per "
              f"article: {ours['warm_ms']:.3f} ms against {peer['warm_ms']:.3f} ms")
        print(f"RosaeNLG's first article:\n{peer['sample']}")


if __name__ == "__main__":
    main()

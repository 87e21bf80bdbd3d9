"""Feeds read by a real reader (feedparser): every feed parses, carries the
released stories of its area and nothing else, keeps its guids across a
correction and gives the same bytes for the same input."""

import csv
import html
import json
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from newsgen.cli import cli
from newsgen.sources.forces import load_forces

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "newsgen" / "shipped" / "data"

KIT = "child-abuse-images"
RELEASE = datetime(2018, 9, 17, 23, 1, tzinfo=timezone.utc)   # the kit's 00:01 BST
AFTER = "2018-10-01T09:00:00+01:00"


def run(*args):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


RELEASED_KITS: Path   # the shipped kit with auto_release = true (conftest.released_kits)


@pytest.fixture(autouse=True, scope="module")
def _stories_go_out_without_review(released_kits):
    global RELEASED_KITS
    RELEASED_KITS = released_kits


def build(out: Path, *args, now: str = AFTER):
    # The NSPCC story only: the other kits' stories are not auto-released and
    # their later release times would move the empty feeds' dates.
    kits = () if "--kits" in args else ("--kits", str(RELEASED_KITS))
    return run("build", "--all-forces", "--story", KIT, "-o", str(out), "--now", now,
               *kits, *args)


def articles(out: Path) -> dict[str, dict]:
    """The article JSON files the build wrote, by force slug."""
    return {p.stem: json.loads(p.read_text()) for p in (out / KIT).glob("*.json")}


def parse(path: Path):
    feed = feedparser.parse(path.read_bytes())
    assert feed.bozo == 0, f"{path}: {feed.get('bozo_exception')}"
    return feed


def feed_files(out: Path) -> list[Path]:
    return sorted(p for p in (out / "feeds").rglob("*") if p.suffix in (".xml", ".atom"))


def outlet_forces() -> dict[str, set[str]]:
    """Outlet slug -> force slugs, read from data/outlets.csv by the test."""
    table = load_forces()
    with open(DATA / "outlets.csv", newline="", encoding="utf-8") as fh:
        return {row["slug"]: {table.resolve(n).slug for n in row["forces"].split(";") if n.strip()}
                for row in csv.DictReader(fh)}


def expected_slugs(name: str, stories: dict[str, dict]) -> set[str]:
    """Which forces' stories a feed named `name` should carry."""
    table = load_forces()
    if name == "all":
        return set(stories)
    if name.startswith("regions/"):
        region = name.split("/", 1)[1]
        return {s for s, a in stories.items()
                if re.sub(r"[^a-z0-9]+", "-", a["region"].lower()) == region}
    if name.startswith("outlets/"):
        return outlet_forces()[name.split("/", 1)[1]] & set(stories)
    assert table.by_slug[name]  # a force feed
    return {name} & set(stories)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The public tree of a build of the auto-released kit."""
    out = tmp_path_factory.mktemp("feeds") / "output"
    build(out)
    return out / "public"


def test_every_feed_parses_and_carries_exactly_its_areas_released_stories(built):
    stories = articles(built)
    assert len(stories) == 15
    files = feed_files(built)
    # 43 forces, 10 regions, an outlet feed for each outlet, and all: RSS and Atom each.
    assert len(files) == 2 * (43 + 10 + len(outlet_forces()) + 1)
    for path in files:
        feed = parse(path)
        assert feed.version == ("rss20" if path.suffix == ".xml" else "atom10"), path
        name = path.relative_to(built / "feeds").with_suffix("").as_posix()
        want = expected_slugs(name, stories)
        assert len(feed.entries) == len(want), path
        assert {stories[s]["key"] for s in want} == \
            {re.sub(r"^urn:newsgen:([^:]+):([^:]+):(.+)$", r"\1/\2/\3", e.id) for e in feed.entries}
        for entry in feed.entries:
            slug = entry.id.split(":")[3]
            story = stories[slug]
            assert entry.title == story["headline"]
            assert entry.link == f"http://127.0.0.1:8000/{KIT}/{slug}.html"
            assert entry.published_parsed is not None
            assert dict.__contains__(entry, "updated_parsed"), f"{path}: no updated time"
            assert datetime.fromisoformat(story["release"]) == RELEASE
            assert entry.published_parsed[:6] == RELEASE.timetuple()[:6]
            content = entry.content[0].value
            # The whole article, as HTML.
            assert all(html.escape(p, quote=False) in content for p in story["paragraphs"]), path
            assert "checked" in content and "from official figures" in content
            assert "Figures obtained by the NSPCC" in content      # the source credit
            assert entry.summary == story["standfirst"]
            terms = {t.term for t in entry.tags}
            assert {story["topic"], story["force"], story["region"]} <= terms


def test_rss_and_atom_of_a_feed_list_the_same_entries_in_the_same_order(built):
    for rss in (built / "feeds").rglob("*.xml"):
        atom = rss.with_suffix(".atom")
        assert [e.id for e in parse(rss).entries] == [e.id for e in parse(atom).entries]


def test_an_outlet_covering_three_forces_gets_all_three_in_one_feed(built):
    feed = parse(built / "feeds" / "outlets" / "royston-crow.xml")
    assert sorted(e.id.split(":")[3] for e in feed.entries) == \
        ["bedfordshire", "cambridgeshire", "hertfordshire"]


def test_feed_times_come_from_the_data_not_the_clock(built):
    feed = parse(built / "feeds" / "all.xml")
    assert feed.feed.updated_parsed[:6] == RELEASE.timetuple()[:6]
    empty = parse(built / "feeds" / "avon-and-somerset.atom")   # no figures for this force
    assert empty.entries == [] and empty.feed.updated_parsed[:6] == RELEASE.timetuple()[:6]


def test_same_input_gives_byte_identical_feeds_and_ninjs(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    build(first, now=AFTER)
    build(second, now="2026-01-01T00:00:00Z")          # any time after release
    files = sorted(p.relative_to(first) for p in first.rglob("*")   # the review database
                   if p.is_file() and not p.name.startswith("review.db"))  # is not output
    assert any(p.parts[:2] == ("public", "feeds") for p in files)
    assert any(p.parts[:2] == ("public", "ninjs") for p in files)
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel
    before = {rel: (first / rel).read_bytes() for rel in files}
    build(first, now="2030-06-01T12:00:00+00:00")       # a rebuild over its own output
    for rel in files:
        assert (first / rel).read_bytes() == before[rel], rel


def test_a_corrected_figure_keeps_the_guid_and_moves_the_updated_time(tmp_path, nspcc_csv):
    out = tmp_path / "out"
    build(out, "--story", KIT, "--data", str(nspcc_csv))
    old_text = {p.stem: p.read_text() for p in (out / "public" / KIT).glob("*.txt")}
    old = {e.id: e for e in parse(out / "public" / "feeds" / "all.xml").entries}
    old_atom = {e.id: e for e in parse(out / "public" / "feeds" / "all.atom").entries}

    text = nspcc_csv.read_text()
    assert "Essex,2017-18,all,767," in text
    nspcc_csv.write_text(text.replace("Essex,2017-18,all,767,", "Essex,2017-18,all,770,"))
    corrected_at = "2018-10-02T10:30:00+01:00"
    build(out, "--story", KIT, "--data", str(nspcc_csv), now=corrected_at)
    new_text = {p.stem: p.read_text() for p in (out / "public" / KIT).glob("*.txt")}
    changed = {slug for slug in new_text if new_text[slug] != old_text[slug]}
    assert "essex" in changed

    new = {e.id: e for e in parse(out / "public" / "feeds" / "all.xml").entries}
    new_atom = {e.id: e for e in parse(out / "public" / "feeds" / "all.atom").entries}
    assert set(new) == set(old) and set(new_atom) == set(old_atom)
    moment = datetime.fromisoformat(corrected_at).astimezone(timezone.utc).timetuple()[:6]
    for guid in new:
        slug = guid.split(":")[3]
        for before, after in ((old[guid], new[guid]), (old_atom[guid], new_atom[guid])):
            assert after.published_parsed == before.published_parsed
            if slug in changed:
                assert after.updated_parsed[:6] == moment, slug
            else:
                assert after.updated_parsed == before.updated_parsed, slug
    assert "770" in new["urn:newsgen:child-abuse-images:essex:2017-18"].content[0].value
    ninjs = json.loads((out / "public" / "ninjs" / KIT / "essex.json").read_text())
    assert ninjs["version"] == "2" and ninjs["uri"] == "urn:newsgen:child-abuse-images:essex:2017-18"
    assert datetime.fromisoformat(ninjs["versioncreated"]) == datetime.fromisoformat(corrected_at)
    # The newest item leads the feed, and the feed is dated by it.
    assert parse(out / "public" / "feeds" / "all.xml").entries[0].id.split(":")[3] in changed
    assert parse(out / "public" / "feeds" / "all.xml").feed.updated_parsed[:6] == moment

    # Rebuilding the corrected input later changes nothing.
    snapshot = {p: p.read_bytes() for p in (out / "public" / "feeds").rglob("*") if p.is_file()}
    build(out, "--story", KIT, "--data", str(nspcc_csv), now="2019-01-01T00:00:00Z")
    assert {p: p.read_bytes() for p in (out / "public" / "feeds").rglob("*") if p.is_file()} == snapshot


def copy_kit(tmp_path: Path, **release: str) -> Path:
    """The shipped kit in a folder of the test's own, with [release] changed."""
    release.setdefault("auto_release", "true")
    kits = tmp_path / "kits"
    folder = kits / KIT
    shutil.copytree(ROOT / "newsgen" / "shipped" / "kits" / KIT, folder)
    toml = (folder / "kit.toml").read_text()
    toml = toml.replace('file = "../../data/', f'file = "{DATA.as_posix()}/')
    for key, value in release.items():
        toml, n = re.subn(rf"(?m)^{key} = .*$", f"{key} = {value}", toml)
        if not n:
            toml = toml.replace("[release]\n", f"[release]\n{key} = {value}\n")
    (folder / "kit.toml").write_text(toml)
    return kits


def item_counts(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): len(parse(p).entries) for p in feed_files(out)}


def test_an_embargoed_story_stays_out_of_every_feed_until_its_time(tmp_path):
    kits = copy_kit(tmp_path, embargo="2018-09-18T00:01:00+01:00",
                    time="2018-09-17T12:00:00+01:00")
    out = tmp_path / "out"
    build(out, "--kits", str(kits), now="2018-09-18T00:00:59+01:00")
    assert (out / "drafts" / KIT / "derbyshire.html").exists()
    assert not (out / "public" / KIT).exists() and not (out / "public" / "ninjs").exists()
    assert all(n == 0 for n in item_counts(out / "public").values())

    build(out, "--kits", str(kits), now="2018-09-18T00:01:00+01:00")
    counts = item_counts(out / "public")
    assert counts["feeds/all.xml"] == 15 and counts["feeds/derbyshire.atom"] == 1
    ninjs = json.loads((out / "public" / "ninjs" / KIT / "derbyshire.json").read_text())
    assert ninjs["embargoed"] == "2018-09-18T00:01:00+01:00"


def test_stories_not_released_stay_out_of_every_feed(tmp_path):
    kits = copy_kit(tmp_path, auto_release="false")
    out = tmp_path / "out"
    build(out, "--kits", str(kits))
    assert len(list((out / "drafts" / KIT).glob("*.html"))) == 15
    assert all(n == 0 for n in item_counts(out / "public").values())
    assert not (out / "public" / KIT).exists() and not (out / "public" / "ninjs").exists()


def test_base_url_sets_every_link(tmp_path):
    out = tmp_path / "out"
    run("build", "--force", "Kent", "-o", str(out), "--now", AFTER, "--kits", str(RELEASED_KITS),
        "--base-url", "https://news.example.org/wire/")
    feed = parse(out / "public" / "feeds" / "kent.xml")
    assert feed.entries[0].link == "https://news.example.org/wire/child-abuse-images/kent.html"
    assert feed.feed.link == "https://news.example.org/wire/"
    # A build of one force writes that force's feeds and its region's, not the others'.
    assert not (out / "public" / "feeds" / "derbyshire.xml").exists()
    assert [e.id for e in parse(out / "public" / "feeds" / "regions" / "south-east.xml").entries] == \
        [feed.entries[0].id]


def test_now_needs_an_offset():
    result = CliRunner().invoke(cli, ["build", "--all-forces", "--now", "2018-09-18T09:00:00"])
    assert result.exit_code == 2 and "UTC offset" in result.output


def test_charts_become_enclosures_figures_and_ninjs_associations(tmp_path, monkeypatch):
    """The charts stage (another engineer's) adds extras['charts']; the feeds use it."""
    from newsgen.build import stages as build_module
    from newsgen.build import BuildOptions, build as run_build
    from newsgen.kit import kit_folder, read_kit

    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 100

    def fake_charts(ctx):
        for article in ctx.articles:
            rel = f"{article.kit}/{article.slug}-chart.png"
            ctx.drafts.write(rel, png)
            article.extras["charts"] = [{"png": rel, "svg": rel[:-3] + "svg",
                                         "alt": f"Offences in {article.area}"}]

    stages = build_module.STAGES
    after = [s.__name__ for s in stages].index("write_articles") + 1
    monkeypatch.setattr(build_module, "STAGES", [*stages[:after], fake_charts, *stages[after:]])
    out = tmp_path / "out"
    run_build([read_kit(RELEASED_KITS / KIT)],
              BuildOptions(output=out, force_names=("Derbyshire",),
                           now=datetime(2019, 1, 1, tzinfo=timezone.utc)))
    entry = parse(out / "public" / "feeds" / "derbyshire.xml").entries[0]
    [enclosure] = entry.enclosures
    assert enclosure.href == "http://127.0.0.1:8000/child-abuse-images/derbyshire-chart.png"
    assert enclosure.type == "image/png" and enclosure.length == str(len(png))
    assert 'alt="Offences in Derbyshire"' in entry.content[0].value
    atom = parse(out / "public" / "feeds" / "derbyshire.atom").entries[0]
    assert [link.href for link in atom.links if link.rel == "enclosure"] == [enclosure.href]
    ninjs = json.loads((out / "public" / "ninjs" / KIT / "derbyshire.json").read_text())
    [chart] = ninjs["associations"]
    assert [r["contenttype"] for r in chart["renditions"]] == ["image/png", "image/svg+xml"]


def test_outlets_file_names_forces_the_force_table_knows():
    from newsgen.sources.outlets import load_outlets

    outlets = load_outlets()
    assert len(outlets) == len(outlet_forces())
    with open(DATA / "force-outlets-observed.csv", newline="", encoding="utf-8") as fh:
        observed = {(r["outlet"], load_forces().resolve(r["force_name"]).slug)
                    for r in csv.DictReader(fh)}
    assert {(o.name, f.slug) for o in outlets for f in o.forces} == observed


def test_a_bad_outlet_row_is_named_by_line_and_column(tmp_path):
    from newsgen.errors import DataError
    from newsgen.sources.outlets import load_outlets

    bad = tmp_path / "outlets.csv"
    bad.write_text("outlet,slug,domain,forces\nA,a,a.example,Kent\nB,b,b.example,Kent; Atlantis\n")
    with pytest.raises(DataError) as err:
        load_outlets(bad)
    assert ":3: column 'forces': 'Atlantis' names no police force" in str(err.value)

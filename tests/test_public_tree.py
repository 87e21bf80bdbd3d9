"""The gate between drafts and readers (issue 14): a build writes every
article as a draft (OUTPUT/drafts) and only what editors released into the
public tree (OUTPUT/public), which keeps exactly the version outlets have
until an editor releases or withdraws it again. Each test is a case from
the issue, as an editor and a subscriber would meet it."""

import hashlib
import json
import re
import shutil
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from newsgen.cli import cli
from newsgen.review.store import ReviewStore

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "newsgen" / "shipped" / "data"
KIT = "child-abuse-images"
FORCES = ("Derbyshire", "Cheshire", "Bedfordshire", "Kent")
KEY = KIT + "/{}/2017-18"
AFTER = "2018-10-01T09:00:00+00:00"
LATER = "2018-10-02T09:00:00+00:00"


def build(out: Path, *args, data: Path | None = None, now: str = AFTER, forces=FORCES):
    chosen = [a for f in forces for a in ("--force", f)]
    extra = ["--data", str(data)] if data else []
    result = CliRunner().invoke(cli, ["build", *chosen, "--story", KIT, "-o", str(out),
                                      "--now", now, *extra, *args])
    assert result.exit_code == 0, result.output
    return result


def review(out: Path, approve=(), reject=(), editor="Sam Jones", why="figures restated"):
    with ReviewStore(out / "review.db") as store:
        ids = [store.by_key(KEY.format(slug))["id"] for slug in approve]
        if ids:
            store.approve(ids, editor)
        for slug in reject:
            store.reject(store.by_key(KEY.format(slug))["id"], editor, why)


def draft(out: Path, slug: str):
    with ReviewStore(out / "review.db") as store:
        return store.by_key(KEY.format(slug))


def files(folder: Path) -> dict[str, str]:
    """Every file under `folder` by path, as a digest of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def feed(out: Path, name: str, ext: str = "xml"):
    parsed = feedparser.parse((out / "public" / "feeds" / f"{name}.{ext}").read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return {e.id.split(":")[3]: e for e in parsed.entries}


def ninjs(out: Path, slug: str) -> dict:
    return json.loads((out / "public" / "ninjs" / KIT / f"{slug}.json").read_text())


@pytest.fixture
def changed_data(tmp_path):
    """The shipped figures with Derbyshire's 301 made 351 (which also moves
    Cheshire's rank, and nothing else of Cheshire's)."""
    text = (DATA / "nspcc-child-abuse-image-offences-2018.csv").read_text(encoding="utf-8")
    path = tmp_path / "changed.csv"
    path.write_text(text.replace("Derbyshire,2017-18,all,301,", "Derbyshire,2017-18,all,351,"),
                    encoding="utf-8")
    return path


@pytest.fixture
def published(tmp_path):
    """Derbyshire and Cheshire approved and published; Bedfordshire rejected;
    Kent left a draft."""
    out = tmp_path / "out"
    build(out)
    review(out, approve=("derbyshire", "cheshire"), reject=("bedfordshire",))
    build(out)
    return out


def test_only_released_stories_are_in_the_public_tree(published):
    out = published
    drafts = files(out / "drafts")
    for slug in ("derbyshire", "cheshire", "bedfordshire", "kent"):
        assert f"{KIT}/{slug}.html" in drafts and f"{KIT}/{slug}.png" in drafts
    public = files(out / "public")
    for slug in ("bedfordshire", "kent"):   # rejected, and never approved
        assert not [p for p in public if slug in p and not p.startswith("feeds/")], slug
        assert feed(out, slug) == {}
    for slug in ("derbyshire", "cheshire"):
        for ext in ("html", "txt", "json", "svg", "png"):
            path = f"{KIT}/{slug}.{ext}"
            assert public[path] == drafts[path], path   # the draft's own bytes
        assert ninjs(out, slug)["pubstatus"] == "usable"
    assert set(feed(out, "all")) == {"derbyshire", "cheshire"}
    assert "review.db" not in " ".join(public) and not any("drafts" in p for p in public)
    # The rejected story's footer claimed an editor checked it: none of it is public.
    rejected = json.loads((out / "drafts" / KIT / "bedfordshire.json").read_text())
    for p in public:
        text = (out / "public" / p).read_text(errors="replace")
        assert rejected["headline"] not in text and rejected["standfirst"] not in text, p


def test_new_figures_leave_the_public_copy_and_feed_item_as_approved(published, changed_data):
    out = published
    before = files(out / "public")
    build(out, data=changed_data)
    assert files(out / "public") == before   # every byte: pages, charts, JSON, ninjs, feeds
    for slug in ("derbyshire", "cheshire"):   # both back in the queue, stale
        d = draft(out, slug)
        assert (d["status"], d["stale"], d["published_version"]) == ("draft", 1, 1), slug
    assert "351" in (out / "drafts" / KIT / "derbyshire.txt").read_text()
    assert "351" not in (out / "public" / KIT / "derbyshire.txt").read_text()
    assert set(feed(out, "cheshire")) == {"cheshire"}   # its rank moved: it is not pulled
    assert set(feed(out, "all")) == {"derbyshire", "cheshire"}


def test_reapproval_is_a_correction_under_the_same_guid(published, changed_data):
    out = published
    first = feed(out, "derbyshire")["derbyshire"]
    build(out, data=changed_data)
    review(out, approve=("derbyshire",), editor="Alex Editor")
    build(out, data=changed_data, now=LATER)
    for ext in ("xml", "atom"):
        item = feed(out, "derbyshire", ext)["derbyshire"]
        assert item.id == first.id
        assert item.updated_parsed > first.updated_parsed
        content = item.content[0].value
        assert "351" in content and "Version 2, 2 October 2018. Corrected:" in content
        assert "“301” now reads “351”" in content
        assert "corrected" in [t.term for t in item.tags]
    doc = ninjs(out, "derbyshire")
    assert (doc["version"], doc["pubstatus"]) == ("2", "usable")
    assert doc["ednote"].startswith("Version 2, 2 October 2018. Corrected:")
    assert doc["versioncreated"] == "2018-10-02T09:00:00+00:00"
    assert "351" in (out / "public" / KIT / "derbyshire.txt").read_text()
    public_json = json.loads((out / "public" / KIT / "derbyshire.json").read_text())
    assert public_json["facts"]["current"]["value"] == 351   # figures of the version out
    # Cheshire was not re-approved: outlets keep its version 1, unchanged
    assert ninjs(out, "cheshire")["version"] == "1"
    d = draft(out, "derbyshire")
    assert (d["status"], d["published_version"]) == ("published", 2)


def test_withdrawal_reaches_every_feed_that_carried_it(published):
    out = published
    carried = {"cheshire", "regions/north-west", "all", "outlets/asian-image"}
    for name in carried:
        assert "cheshire" in feed(out, name), name
    review(out, reject=("cheshire",), why="the force restated its figures")
    build(out, now=LATER)
    for name in carried:
        for ext in ("xml", "atom"):
            item = feed(out, name, ext)["cheshire"]
            assert item.id == "urn:newsgen:child-abuse-images:cheshire:2017-18"
            assert item.title.startswith("Withdrawn: ")
            text = item.content[0].value if "content" in item else item.summary
            assert "has been withdrawn" in text and "the force restated its figures" in text
            assert "348" not in text   # nothing of the story itself
            assert "withdrawn" in [t.term for t in item.tags]
    doc = ninjs(out, "cheshire")
    assert (doc["pubstatus"], doc["version"]) == ("canceled", "2")
    assert "348" not in json.dumps(doc)
    public = out / "public" / KIT
    assert "has been withdrawn" in (public / "cheshire.html").read_text()
    assert not any((public / f"cheshire.{ext}").exists() for ext in ("txt", "json", "png", "svg"))
    before = files(out / "public")
    build(out, now="2018-10-09T09:00:00+00:00")   # said once: a rebuild changes nothing
    assert files(out / "public") == before
    with ReviewStore(out / "review.db") as store:
        actions = [e["action"] for e in store.log(draft(out, "cheshire")["id"])]
    assert actions[-2:] == ["rejected", "withdraw"]


def test_embargoed_copy_is_not_public_before_its_time(tmp_path):
    kits = tmp_path / "kits"
    shutil.copytree(ROOT / "newsgen" / "shipped" / "kits" / KIT, kits / KIT)
    toml = (kits / KIT / "kit.toml").read_text()
    toml = toml.replace('file = "../../data/', f'file = "{DATA.as_posix()}/')
    toml = toml.replace("auto_release = false",
                        "auto_release = false\nembargo = 2018-09-20T00:01:00+01:00")
    (kits / KIT / "kit.toml").write_text(toml)
    out = tmp_path / "out"
    build(out, "--kits", str(kits), now="2018-09-19T09:00:00+01:00")
    review(out, approve=("derbyshire",))
    build(out, "--kits", str(kits), now="2018-09-19T09:00:00+01:00")
    assert not [p for p in files(out / "public") if "derbyshire" in p and "feeds/" not in p]
    assert feed(out, "derbyshire") == {}
    assert draft(out, "derbyshire")["status"] == "approved"   # waiting, not published
    build(out, "--kits", str(kits), now="2018-09-20T09:00:00+01:00")
    assert set(feed(out, "derbyshire")) == {"derbyshire"}
    assert ninjs(out, "derbyshire")["embargoed"] == "2018-09-20T00:01:00+01:00"
    assert draft(out, "derbyshire")["status"] == "published"


def test_a_narrower_build_keeps_what_other_areas_have_out(published):
    out = published
    cheshire = {p: h for p, h in files(out / "public").items() if "cheshire" in p}
    build(out, "--replace", forces=("Derbyshire",))
    public = files(out / "public")
    assert {p: h for p, h in public.items() if "cheshire" in p and "feeds/" not in p} == \
        {p: h for p, h in cheshire.items() if "feeds/" not in p}
    assert set(feed(out, "cheshire")) == {"cheshire"}
    assert set(feed(out, "all")) == {"derbyshire", "cheshire"}
    assert set(feed(out, "regions/north-west")) == {"cheshire"}


def test_the_record_names_who_approved_each_item_and_the_version_received(published,
                                                                          changed_data):
    out = published
    build(out, data=changed_data)
    review(out, approve=("derbyshire", "cheshire"), editor="Alex Editor")
    build(out, data=changed_data, now=LATER)
    with ReviewStore(out / "review.db") as store:
        for slug, item in feed(out, "all").items():
            version = int(ninjs(out, slug)["version"])
            row = store.db.execute("SELECT version, by FROM releases WHERE key = ? "
                                   "ORDER BY version DESC LIMIT 1", (KEY.format(slug),)).fetchone()
            assert (row["version"], row["by"]) == (version, "Alex Editor"), slug
            d = draft(out, slug)
            assert d["published_version"] == version
            log = store.log(d["id"])
            last = max(i for i, e in enumerate(log) if e["action"] == "publish")
            assert log[last]["detail"] == f"version {version}"
            assert [e for e in log[:last] if e["action"] == "approved"][-1]["who"] == "Alex Editor"
            assert re.search(r"Version 2\b", item.content[0].value)


def test_an_output_folder_of_the_old_layout_loses_its_public_drafts(tmp_path):
    out = tmp_path / "out"
    build(out)
    for old in (out / KIT, out / "feeds", out / "ninjs" / KIT):   # as the last newsgen left it
        old.mkdir(parents=True)
        (old / "derbyshire.html").write_text("an unreviewed draft")
    build(out)
    assert not (out / KIT).exists() and not (out / "feeds").exists()
    assert not (out / "ninjs").exists() and (out / "review.db").exists()


def test_approving_the_text_outlets_already_have_sends_nothing_new(published):
    out = published
    before = files(out / "public")
    with ReviewStore(out / "review.db") as store:
        d = store.by_key(KEY.format("derbyshire"))
        version = store.edit(d["id"], d["machine_text"].replace("301 offences", "301 crimes"),
                             "Sam", d["version"])
        version = store.edit(d["id"], d["machine_text"], "Sam", version)   # and back
        store.approve([d["id"]], "Sam")
    build(out, now=LATER)
    assert files(out / "public") == before
    d = draft(out, "derbyshire")
    assert (d["status"], d["published_version"]) == ("published", 1)
    with ReviewStore(out / "review.db") as store:
        assert store.db.execute("SELECT COUNT(*) FROM releases WHERE key = ?",
                                (KEY.format("derbyshire"),)).fetchone()[0] == 1
        assert store.log(d["id"])[-1]["note"] == "unchanged: outlets keep version 1"

"""Review and publishing together: the public tree's feeds and ninjs carry
only approved stories, and an approved correction goes out under the same
identifier as the next version."""

import json
from datetime import datetime, timezone

import feedparser

from newsgen.build import BuildOptions, build
from newsgen.kit import kit_folder, read_kit
from newsgen.review.store import ReviewStore

NOW = datetime(2019, 1, 1, tzinfo=timezone.utc)
KEY = "child-abuse-images/{}/2017-18"


def rebuild(out):
    kit = read_kit(kit_folder("child-abuse-images"))
    build([kit], BuildOptions(output=out, force_names=("Derbyshire", "Kent"), now=NOW))
    public = out / "public"
    feed = feedparser.parse((public / "feeds" / "derbyshire.xml").read_bytes())
    assert not feed.bozo
    everything = feedparser.parse((public / "feeds" / "all.xml").read_bytes())
    path = public / "ninjs" / "child-abuse-images" / "derbyshire.json"
    ninjs = json.loads(path.read_text()) if path.exists() else None
    return feed.entries, everything.entries, ninjs


def test_only_approved_stories_go_out_and_a_correction_is_the_next_version(tmp_path):
    out = tmp_path / "out"
    entries, everything, ninjs = rebuild(out)
    assert entries == [] and everything == []
    assert ninjs is None   # nothing unreleased is in the public tree, not even withheld

    with ReviewStore(out / "review.db") as store:
        store.approve([store.by_key(KEY.format("derbyshire"))["id"]], "Sam")
        store.reject(store.by_key(KEY.format("kent"))["id"], "Sam", "held for a follow-up")
    entries, everything, ninjs = rebuild(out)
    assert [e.title for e in everything] == [entries[0].title]   # Kent stays out
    assert "Derbyshire" in entries[0].title
    first_guid = entries[0].id
    assert (ninjs["pubstatus"], ninjs["version"]) == ("usable", "1")
    uri = ninjs["uri"]

    # unchanged data, rebuilt: still version 1
    entries, _, ninjs = rebuild(out)
    assert ninjs["version"] == "1" and entries[0].id == first_guid

    with ReviewStore(out / "review.db") as store:
        d = store.by_key(KEY.format("derbyshire"))
        store.edit(d["id"], d["machine_text"].replace("28.6 offences", "28.6 recorded offences"),
                   "Sam", d["version"], "correction")
        store.approve([d["id"]], "Alex")
    entries, _, ninjs = rebuild(out)
    assert entries[0].id == first_guid and ninjs["uri"] == uri
    assert ninjs["version"] == "2" and ninjs["pubstatus"] == "usable"
    assert "28.6 recorded offences" in entries[0].content[0].value
    with ReviewStore(out / "review.db") as store:
        d = store.by_key(KEY.format("derbyshire"))
        assert (d["status"], d["published_version"]) == ("published", 2)


def test_a_story_edited_before_its_first_release_goes_out_as_version_one(tmp_path):
    out = tmp_path / "out"
    rebuild(out)
    with ReviewStore(out / "review.db") as store:
        d = store.by_key(KEY.format("derbyshire"))
        store.edit(d["id"], d["machine_text"].replace("301 offences", "301 crimes"), "Sam",
                   d["version"])
    rebuild(out)   # the edited draft is built but withheld: not a version
    with ReviewStore(out / "review.db") as store:
        store.approve([store.by_key(KEY.format("derbyshire"))["id"]], "Sam")
    entries, _, ninjs = rebuild(out)
    assert (ninjs["pubstatus"], ninjs["version"]) == ("usable", "1")
    assert "301 crimes" in entries[0].content[0].value

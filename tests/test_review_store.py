"""The review store: drafts, statuses, rebuilds that keep editors' work,
concurrent saves, corrections, and the build's use of it."""

import json
import sqlite3
import threading

import pytest

from newsgen.build.stages import STAGES

from newsgen.build import BuildOptions, build
from newsgen.kit import kit_folder, read_kit
from newsgen.review.drafts import ConflictError, ReviewError, normalise_text, parse_text
from newsgen.review.flags import flags_for
from newsgen.review import store as review
from newsgen.review.store import ReviewStore

KEY = "child-abuse-images/derbyshire/2017-18"


@pytest.fixture
def kit():
    return read_kit(kit_folder("child-abuse-images"))


def run_build(kit, out, data=None, forces=("Derbyshire", "Kent")):
    return build([kit], BuildOptions(output=out, force_names=forces, data_override=data))


def derbyshire(store):
    return store.by_key(KEY)


def replace_in_text(text, old, new):
    assert old in text
    return text.replace(old, new)


def test_a_build_records_every_article_as_a_draft_in_wal_mode(kit, tmp_path):
    result = run_build(kit, tmp_path / "out")
    with ReviewStore(tmp_path / "out" / "review.db") as store:
        rows = store.list()
        assert sorted(r["key"] for r in rows) == sorted(a.key for a in result.articles)
        assert {r["status"] for r in rows} == {"draft"}
        assert store.schema_version == len(review.MIGRATIONS)
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        row = derbyshire(store)
        article = next(a for a in result.articles if a.slug == "derbyshire")
        assert row["machine_text"] == article.text()
        assert row["fingerprint"] == article.fingerprint
        assert json.loads(row["facts"])["current"]["value"] == 301
        assert [e["action"] for e in store.log(row["id"])] == ["create"]
    # nothing was released: the shipped kit waits for an editor
    assert not any(a.released for a in result.articles)


def test_status_is_a_closed_set_checked_in_code_and_in_the_database(tmp_path, kit):
    run_build(kit, tmp_path)
    with ReviewStore(tmp_path / "review.db") as store:
        with pytest.raises(ReviewError, match="expected one of"):
            store.list(status="aproved")
        with pytest.raises(ReviewError, match="expected one of"):
            store.set_status(derbyshire(store)["id"], "done", "Sam")
        with pytest.raises(sqlite3.IntegrityError):
            store.db.execute("UPDATE drafts SET status = 'done'")


def test_a_newer_schema_is_refused_and_an_old_one_migrated(tmp_path):
    path = tmp_path / "review.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    db.execute("INSERT INTO schema_version VALUES (99)")
    db.commit()
    db.close()
    with pytest.raises(ReviewError, match="newer newsgen"):
        ReviewStore(path)
    # a version-1 database gains the version-2 table

    old = tmp_path / "old.db"
    saved = review.MIGRATIONS[:]
    review.MIGRATIONS[:] = saved[:1]
    try:
        ReviewStore(old).close()
    finally:
        review.MIGRATIONS[:] = saved
    with ReviewStore(old) as store:
        assert store.schema_version == len(review.MIGRATIONS)
        store.db.execute("SELECT * FROM source_files").fetchall()
        store.db.execute("SELECT * FROM releases").fetchall()


def test_unchanged_data_keeps_approved_and_edited_drafts(kit, tmp_path):
    out = tmp_path / "out"
    run_build(kit, out)
    with ReviewStore(out / "review.db") as store:
        d = derbyshire(store)
        text = replace_in_text(d["machine_text"], "That was down slightly from 302",
                               "That was a whisker down on 302")
        store.edit(d["id"], text, "Sam", d["version"], "house style")
        store.approve([d["id"]], "Sam")
        kent = store.by_key("child-abuse-images/kent/2017-18")
        store.approve([kent["id"]], "Alex")
    result = run_build(kit, out)
    written = (out / "public" / "child-abuse-images" / "derbyshire.txt").read_text()
    assert "That was a whisker down on 302" in written
    assert "That was down slightly from 302" not in written
    html = (out / "public" / "child-abuse-images" / "derbyshire.html").read_text()
    assert "That was a whisker down on 302" in html
    by_slug = {a.slug: a for a in result.articles}
    assert by_slug["derbyshire"].status == "published" and by_slug["derbyshire"].released
    assert by_slug["kent"].status == "published"
    run_build(kit, out)   # and again: nothing changes
    with ReviewStore(out / "review.db") as store:
        d = derbyshire(store)
        assert d["status"] == "published" and not d["stale"]
        assert "whisker" in d["edited_text"]
        assert d["published_version"] == 1
        assert [e["action"] for e in store.log(d["id"])] == ["create", "edit", "approved", "publish"]


def test_changed_data_marks_approved_and_edited_drafts_stale(kit, tmp_path, nspcc_csv):
    out = tmp_path / "out"
    run_build(kit, out, nspcc_csv)
    with ReviewStore(out / "review.db") as store:
        d = derbyshire(store)
        store.edit(d["id"], d["machine_text"].replace("Police in Derbyshire", "Derbyshire police"),
                   "Sam", d["version"])
        store.approve([store.by_key("child-abuse-images/kent/2017-18")["id"]], "Alex")
    run_build(kit, out, nspcc_csv)
    csv = nspcc_csv.read_text().replace("Derbyshire,2016-17,all,302", "Derbyshire,2016-17,all,250")
    csv = csv.replace("Kent,2017-18,all,1042", "Kent,2017-18,all,1100")
    nspcc_csv.write_text(csv)
    result = run_build(kit, out, nspcc_csv)
    with ReviewStore(out / "review.db") as store:
        d = derbyshire(store)
        assert d["stale"] and d["status"] == "draft"
        assert "Derbyshire police" in d["edited_text"]          # the editor's work is kept
        assert json.loads(d["stale_facts"])["previous"]["value"] == 302
        assert json.loads(d["facts"])["previous"]["value"] == 250
        assert "302" in d["stale_machine_text"] and "250" in d["machine_text"]
        kent = store.by_key("child-abuse-images/kent/2017-18")
        assert kent["stale"] and kent["status"] == "draft"      # approved, now back in the queue
        assert "current: 1042 -> 1100" in store.log(kent["id"])[-1]["detail"]
        assert [r["key"] for r in store.list(status="stale")] == sorted([KEY, kent["key"]])
    # neither goes out until approved again
    assert not any(a.released for a in result.articles)
    from newsgen.cli.review import review
    from click.testing import CliRunner
    shown = CliRunner().invoke(review, ["diff", str(d["id"]), "--db", str(out / "review.db")])
    assert "previous: 302 -> 250" in shown.output
    assert "-That was down slightly from 302" in shown.output
    assert "+Derbyshire police" in shown.output


def test_a_correction_is_republished_with_the_same_key_and_a_new_version(kit, tmp_path):
    out = tmp_path / "out"
    run_build(kit, out)
    with ReviewStore(out / "review.db") as store:
        store.approve([derbyshire(store)["id"]], "Sam")
    first = {a.slug: a for a in run_build(kit, out).articles}["derbyshire"]
    assert (first.status, first.version, first.released) == ("published", 1, True)
    with ReviewStore(out / "review.db") as store:
        d = derbyshire(store)
        store.edit(d["id"], d["machine_text"].replace("28.6 offences", "28.6 recorded offences"),
                   "Sam", d["version"], "correction")
        assert derbyshire(store)["status"] == "draft"  # the correction needs approving
    between = {a.slug: a for a in run_build(kit, out).articles}["derbyshire"]
    assert not between.released
    with ReviewStore(out / "review.db") as store:
        store.approve([derbyshire(store)["id"]], "Alex")
    second = {a.slug: a for a in run_build(kit, out).articles}["derbyshire"]
    assert (second.key, second.version, second.status) == (first.key, 2, "published")
    assert "28.6 recorded offences" in second.text()
    doc = json.loads((out / "drafts" / "child-abuse-images" / "derbyshire.json").read_text())
    assert doc["review"]["version"] == 2 and doc["key"] == first.key


def test_two_editors_saving_at_once_one_wins_the_other_gets_a_conflict(kit, tmp_path):
    run_build(kit, tmp_path)
    path = tmp_path / "review.db"
    with ReviewStore(path) as store:
        d = derbyshire(store)
    opened = d["version"]
    texts = {"Sam": d["machine_text"].replace("301 offences", "301 crimes"),
             "Alex": d["machine_text"].replace("302 in", "302 offences in")}
    barrier = threading.Barrier(2)
    outcome = {}

    def save(editor):
        with ReviewStore(path) as mine:   # each editor has their own connection
            barrier.wait()
            try:
                outcome[editor] = mine.edit(d["id"], texts[editor], editor, opened)
            except ConflictError as exc:
                outcome[editor] = exc

    threads = [threading.Thread(target=save, args=(e,)) for e in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [e for e, o in outcome.items() if isinstance(o, int)]
    losers = [e for e, o in outcome.items() if isinstance(o, ConflictError)]
    assert len(winners) == 1 and len(losers) == 1, outcome
    message = str(outcome[losers[0]])
    assert f"changed by {winners[0]}" in message and "nothing was done" in message
    with ReviewStore(path) as store:
        row = store.get(d["id"])
        assert row["edited_text"] == normalise_text(texts[winners[0]])
        # nothing lost: the refused text is in the log
        conflict = [e for e in store.log(d["id"]) if e["action"] == "conflict"]
        assert conflict and conflict[0]["who"] == losers[0]
        assert conflict[0]["detail"] == normalise_text(texts[losers[0]])


def test_a_build_that_fails_mid_sync_leaves_the_store_as_it_was(kit, tmp_path, monkeypatch):
    run_build(kit, tmp_path)
    with ReviewStore(tmp_path / "review.db") as store:
        store.approve([derbyshire(store)["id"]], "Sam")
        before = [tuple(r) for r in store.db.execute("SELECT * FROM drafts ORDER BY id")]
    from newsgen.words.article import Article
    calls = {"n": 0}
    real = Article.text

    def dies_on_the_second(self):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt("killed")
        return real(self)

    monkeypatch.setattr(Article, "text", dies_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        run_build(kit, tmp_path)
    monkeypatch.undo()
    with ReviewStore(tmp_path / "review.db") as store:
        after = [tuple(r) for r in store.db.execute("SELECT * FROM drafts ORDER BY id")]
        assert after == before   # the first article's publish was rolled back too
    # the review DB sits beside the swapped entries and survives every swap
    assert (tmp_path / "review.db").exists()


def test_the_review_stage_runs_before_the_files_are_written():
    names = [s.__name__ for s in STAGES]
    assert names.index("review_stage") < names.index("write_articles")


def test_published_is_recorded_only_after_the_output_is_swapped_in():
    from newsgen.build.stages import AFTER_COMMIT
    assert "record_releases_stage" in [s.__name__ for s in AFTER_COMMIT]
    assert "record_releases_stage" not in [s.__name__ for s in STAGES]


def test_text_parsing_round_trips_the_article_text(kit, tmp_path):
    article = {a.slug: a for a in run_build(kit, tmp_path).articles}["derbyshire"]
    t = parse_text(article.text())
    assert (t.headline, t.standfirst, t.paragraphs, t.notes) == \
        (article.headline, article.standfirst, article.paragraphs, article.notes)
    with pytest.raises(ReviewError, match="headline"):
        parse_text("just one block")


def test_flags():
    base = {"current": 301, "previous": 302, "change_pct": -0.3, "breakdown": [{"value": 5}],
            "rank": 5, "ranked": 15, "rate_rank": 5, "rate_ranked": 15}
    assert flags_for(base) == []
    assert flags_for({**base, "change_pct": 54.0}) == ["big-change"]
    assert flags_for({**base, "breakdown": []}) == ["missing-breakdown"]
    assert flags_for({**base, "breakdown": [{"value": 0}]}) == ["zero"]
    assert flags_for({**base, "previous": None}) == ["first-year"]
    assert flags_for({**base, "rate_rank": 15}) == ["outlier-rank"]
    assert flags_for({**base, "rank": 1}) == ["outlier-rank"]


def test_auto_release_kits_go_out_unreviewed_unless_rejected(kit, tmp_path):
    kit.auto_release = True
    articles = {a.slug: a for a in run_build(kit, tmp_path).articles}
    assert articles["kent"].status == "draft" and articles["kent"].released
    with ReviewStore(tmp_path / "review.db") as store:
        store.reject(store.by_key("child-abuse-images/kent/2017-18")["id"], "Sam", "not ours")
    articles = {a.slug: a for a in run_build(kit, tmp_path).articles}
    assert articles["kent"].status == "rejected" and not articles["kent"].released
    assert articles["derbyshire"].released


def test_the_shipped_kit_waits_for_review(kit):
    assert kit.auto_release is False


def test_the_database_may_not_live_in_a_folder_the_build_replaces(kit, tmp_path):
    from newsgen.errors import NewsgenError
    inside = tmp_path / "child-abuse-images" / "review.db"
    with pytest.raises(NewsgenError, match="a folder each build replaces"):
        build([kit], BuildOptions(output=tmp_path, force_names=("Kent",), review_db=inside))
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere.db"
    build([kit], BuildOptions(output=tmp_path, force_names=("Kent",), review_db=elsewhere))
    with ReviewStore(elsewhere) as store:
        assert len(store.list()) == 1
    assert not (tmp_path / "review.db").exists()


def test_a_build_that_fails_after_the_sync_publishes_nothing(kit, tmp_path, monkeypatch):
    from newsgen.build import stages as build_module
    run_build(kit, tmp_path)
    with ReviewStore(tmp_path / "review.db") as store:
        store.approve([derbyshire(store)["id"]], "Sam")

    def disk_full(ctx):
        raise OSError("No space left on device")

    stages = build_module.STAGES
    last = len(stages)   # after every stage, before the swap and review_published_stage
    monkeypatch.setattr(build_module, "STAGES", [*stages[:last], disk_full, *stages[last:]])
    with pytest.raises(OSError):
        run_build(kit, tmp_path)
    with ReviewStore(tmp_path / "review.db") as store:
        d = derbyshire(store)
        assert (d["status"], d["published_version"], d["published_text"]) == ("approved", 0, None)
    import feedparser   # the first build's (empty) feed is still the one in place
    assert feedparser.parse((tmp_path / "public" / "feeds" / "derbyshire.xml").read_bytes()).entries == []
    monkeypatch.undo()
    article = {a.slug: a for a in run_build(kit, tmp_path).articles}["derbyshire"]
    assert (article.status, article.version) == ("published", 1)


def test_a_draft_changed_while_the_build_runs_keeps_the_editors_state(kit, tmp_path, monkeypatch):
    from newsgen.build import stages as build_module
    run_build(kit, tmp_path)
    with ReviewStore(tmp_path / "review.db") as store:
        store.approve([derbyshire(store)["id"]], "Sam")

    def editor_saves_meanwhile(ctx):
        with ReviewStore(tmp_path / "review.db") as store:
            d = derbyshire(store)
            store.edit(d["id"], d["machine_text"].replace("301 offences", "301 crimes"), "Alex",
                       d["version"])

    stages = build_module.STAGES
    last = len(stages)   # after every stage, before the swap and review_published_stage
    monkeypatch.setattr(build_module, "STAGES",
                        [*stages[:last], editor_saves_meanwhile, *stages[last:]])
    run_build(kit, tmp_path)
    monkeypatch.undo()
    with ReviewStore(tmp_path / "review.db") as store:
        d = derbyshire(store)
        assert d["status"] == "draft" and "301 crimes" in d["edited_text"]
        assert d["published_version"] == 1 and "301 offences" in d["published_text"]
        assert store.log(d["id"])[-1]["action"] == "published-but-changed"
        store.approve([d["id"]], "Sam")
    article = {a.slug: a for a in run_build(kit, tmp_path).articles}["derbyshire"]
    assert (article.status, article.version) == ("published", 2)

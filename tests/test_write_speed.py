"""The faster writing must not change a byte: each article's JSON from orjson
against the standard library's, the HTML page without Jinja against Jinja's,
the staging folder's plain writes (still refusing unsafe paths, still safe
from forked processes), and the review store synced in batches against one
sync. (Speed itself is measured in benchmarks/bench_write.py, never here.)"""

import hashlib
import json
import os
import sqlite3

import pytest
from hypothesis import given, settings, strategies as st

from newsgen.words import html as article_html
from newsgen.build import build_articles
from newsgen.kit import kit_folder, read_kit, select_kits
from newsgen.review.store import ReviewStore
from newsgen.publish.staging import Staging

KIT = "child-abuse-images"


@pytest.fixture(scope="module")
def shipped():
    """Every article of every shipped story, and the stories' writers."""
    articles, _skipped, writers = build_articles(select_kits(()))
    return articles, writers


def jinja_html(writer, article):
    return writer.renderer.render("article.html.j2", {"a": article}, article.slug, html=True)


# --- JSON ----------------------------------------------------------------------

def test_article_json_is_the_standard_librarys_text(shipped):
    articles, _ = shipped
    assert len(articles) > 100
    for article in articles:
        expected = json.dumps(article.as_json(), indent=2, ensure_ascii=False) + "\n"
        assert article.json_bytes() == expected.encode("utf-8")


def test_article_json_takes_the_sources_as_they_are(shipped, monkeypatch):
    """The encoder writes each fact's sources itself, with no dict made per
    source first: when Source stopped being a dataclass this fell back,
    silently, to copying every fact (as_json) for every article."""
    from newsgen.words.article import Article

    articles, _ = shipped
    expected = [article.json_bytes() for article in articles[:20]]

    def copied(self):
        raise AssertionError("as_json: the facts were copied before encoding")

    monkeypatch.setattr(Article, "as_json", copied)
    assert [article.json_bytes() for article in articles[:20]] == expected


def test_the_review_stores_facts_are_what_json_makes_of_them_without_a_copy(shipped, monkeypatch):
    """The review store's facts (review.sync.facts_json) parse to what the
    standard library makes of FactSet.as_dict(), and are written from the
    facts as they are: no dict made per fact first (that path had been dead
    since Source became a named tuple, and cost half the review stage)."""
    from newsgen.facts.factset import FactSet
    from newsgen.review.sync import facts_json

    articles, _ = shipped
    for article in articles:
        expected = json.loads(json.dumps(article.facts.as_dict(), sort_keys=True, default=str))
        assert json.loads(facts_json(article.facts)) == expected

    def copied(self):
        raise AssertionError("as_dict: the facts were copied before encoding")

    monkeypatch.setattr(FactSet, "as_dict", copied)
    facts_json(articles[0].facts)


def test_article_json_writes_small_floats_as_python_does(shipped):
    """orjson writes 0.00001 and 1e-7 where Python writes 1e-05 and 1e-07:
    a share of a national total is often that small."""
    articles, _ = shipped
    article = next(a for a in articles if "share" in a.facts.facts)
    saved = article.facts.facts["share"]
    try:
        for value in (3.694242245127649e-05, 1e-07, -2.5e-9, 0.0001, 1e-10, 1e16):
            article.facts.merge({"share": saved._replace(value=value)})
            expected = json.dumps(article.as_json(), indent=2, ensure_ascii=False) + "\n"
            assert article.json_bytes().decode("utf-8") == expected
    finally:
        article.facts.merge({"share": saved})


def test_the_fingerprint_follows_the_facts(shipped):
    articles, _ = shipped
    a, b = articles[0], articles[1]
    first = a.fingerprint
    saved = a.facts
    try:
        a.facts = b.facts
        assert a.fingerprint == b.fingerprint != first
    finally:
        a.facts = saved
    assert a.fingerprint == first
    import pickle
    copy = pickle.loads(pickle.dumps(a))   # as from a worker process
    assert copy.fingerprint == first
    copy.facts = None                      # dropped to save memory: still known
    assert copy.fingerprint == first


# --- HTML ----------------------------------------------------------------------

def test_the_html_page_is_jinjas_text_for_every_shipped_article(shipped):
    articles, writers = shipped
    for article in articles:
        writer = writers[article.kit]
        assert writer.html(article) == jinja_html(writer, article)
    assert any(fast for w in writers.values() for fast in w._fast_html.values())


awkward = st.text(alphabet="a<>&'\"\0 é·“”\n", max_size=12)


@settings(max_examples=150, deadline=None)
@given(headline=awkward, paragraphs=st.lists(awkward, max_size=3),
       notes=st.lists(awkward | st.just("See https://example.org/a?b=1&c=2."), max_size=2),
       charts=st.lists(st.fixed_dictionaries(
           {"svg": st.sampled_from(["k/a.svg", "b.svg", ""]), "alt": awkward},
           optional={"svg_name": awkward, "width": st.sampled_from([0, 640, 1.5]),
                     "height": st.sampled_from([480, "4<8"])}), max_size=2))
def test_the_html_page_is_jinjas_text_for_awkward_text(shipped, headline, paragraphs, notes, charts):
    articles, writers = shipped
    article = next(a for a in articles if a.kit == KIT)
    writer = writers[KIT]
    from dataclasses import replace
    odd = replace(article, headline=headline, paragraphs=paragraphs, notes=notes,
                  extras={"charts": charts})
    for chart in charts:
        if "width" in chart and "height" not in chart:
            chart["height"] = 480
    writer.html(article)
    render, urlized = next(fast for fast in writer._fast_html.values() if fast)
    assert render(odd, urlized) == jinja_html(writer, odd)   # not through html()'s fallback
    assert writer.html(odd) == jinja_html(writer, odd)


def test_the_shipped_page_template_is_the_one_the_fast_page_copies():
    """If this fails, templates/article.html.j2 changed: make
    newsgen/words/html.py write the same and update its TEMPLATE_SHA256."""
    digest = hashlib.sha256(article_html.TEMPLATE.read_bytes()).hexdigest()
    assert digest == article_html.TEMPLATE_SHA256


def test_a_page_template_of_ones_own_is_used(tmp_path):
    own = tmp_path / "tpl"
    own.mkdir()
    (own / "article.html.j2").write_text("<h1>{{ a.headline }}</h1>\n")
    kit = read_kit(kit_folder(KIT))
    articles, _, writers = build_articles([kit], ("Derbyshire",), user_templates=(own,))
    page = writers[KIT].html(articles[0])
    assert page == f"<h1>{articles[0].headline}</h1>"
    assert not any(writers[KIT]._fast_html.values())


# --- the staging folder --------------------------------------------------------

@pytest.mark.parametrize("bad", ["/etc/x", "../x", "kit/../../x", "kit/..", "", "kit/../x"])
def test_staging_refuses_unsafe_paths_even_after_their_folder_is_made(tmp_path, bad):
    staging = Staging(tmp_path / "out")
    try:
        staging.write("x.txt", "a")
        staging.write("kit/y.txt", "b")
        with pytest.raises(ValueError, match="unsafe output path"):
            staging.write(bad, "c")
        staging.write("kit//z.txt", b"d")
        assert (staging.root / "kit" / "z.txt").read_bytes() == b"d"
        assert (staging.root / "x.txt").read_text() == "a"
        assert staging.count == 3
    finally:
        staging.abandon()


def test_forked_processes_write_into_one_staging_folder(tmp_path):
    staging = Staging(tmp_path / "out")
    children = []
    for worker in range(2):
        pid = os.fork()
        if pid == 0:   # a worker: write its half, into folders the other makes too
            try:
                for i in range(worker, 200, 2):
                    staging.write(f"k{i % 3}/f{i}.txt", f"{i}\n" * 50)
            finally:
                os._exit(0)
        children.append(pid)
    for pid in children:
        assert os.waitpid(pid, 0)[1] == 0
    staging.commit()
    files = sorted((tmp_path / "out").rglob("*.txt"))
    assert len(files) == 200
    for f in files:
        assert f.read_text() == f"{f.stem[1:]}\n" * 50


# --- the review store ----------------------------------------------------------

def dump(path):
    """Drafts, audit rows and source files, without the times they were written."""
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    drafts = [{k: r[k] for k in r.keys() if k not in ("created", "updated")}
              for r in db.execute("SELECT * FROM drafts ORDER BY id")]
    audit = [{k: r[k] for k in r.keys() if k != "at"}
             for r in db.execute("SELECT * FROM audit ORDER BY id")]
    sources = db.execute("SELECT * FROM source_files ORDER BY name").fetchall()
    db.close()
    return drafts, audit, [tuple(s) for s in sources]


def test_syncing_in_batches_gives_the_store_one_sync_gives(shipped, tmp_path):
    articles, _ = shipped
    with ReviewStore(tmp_path / "one.db") as store:
        counts = store.sync(articles, {"f.csv": "/data/f.csv"})
        assert counts == {"new": len(articles), "unchanged": 0, "updated": 0, "stale": 0}
    with ReviewStore(tmp_path / "batches.db") as store:
        for i in range(0, len(articles), 7):
            store.sync(articles[i:i + 7], {"f.csv": "/data/f.csv"})
    assert dump(tmp_path / "one.db") == dump(tmp_path / "batches.db")
    drafts, audit, _ = dump(tmp_path / "one.db")
    assert [d["key"] for d in drafts] == [a.key for a in articles]
    assert [(a["draft_id"], a["action"]) for a in audit] == [(d["id"], "create") for d in drafts]
    for d, a in zip(drafts, articles):
        assert json.loads(d["facts"]) == json.loads(json.dumps(a.facts.as_dict(), default=str))
        assert d["machine_text"] == a.text() and d["fingerprint"] == a.fingerprint


def test_a_rebuild_in_batches_changes_nothing_and_a_changed_figure_is_found(shipped, tmp_path):
    articles, _ = shipped
    path = tmp_path / "review.db"
    with ReviewStore(path) as store:
        store.sync(articles)
        first = dump(path)
        for i in range(0, len(articles), 50):
            assert store.sync(articles[i:i + 50])["unchanged"] == len(articles[i:i + 50])
        assert dump(path) == first
        ids = {a.key: a.extras["review"]["id"] for a in articles}
        assert ids == {d["key"]: d["id"] for d in first[0]}
        store.set_status(ids[articles[3].key], "approved", "Sam")
        article = articles[3]
        saved = article.facts
        facts = type(saved)(dict(saved.facts))
        facts.merge({"current": facts.facts["current"]._replace(value=facts.values["current"] + 1)})
        try:
            article.facts = facts
            plan = {}
            counts = store.sync(articles[:10], None, plan)
            assert counts == {"new": 0, "unchanged": 9, "updated": 0, "stale": 1}
            row = store.by_key(article.key)
            assert row["stale"] == 1 and row["status"] == "draft"
            assert json.loads(row["stale_facts"])["current"]["value"] == saved.values["current"]
            assert article.status == "draft" and plan[article.key].status == "draft"
            assert not [k for k, desk in plan.items() if desk.status == "approved"]
        finally:
            article.facts = saved


def test_the_same_article_twice_in_one_sync(shipped, tmp_path):
    articles, _ = shipped
    with ReviewStore(tmp_path / "review.db") as store:
        counts = store.sync([articles[0], articles[1], articles[0]])
        assert counts == {"new": 2, "unchanged": 1, "updated": 0, "stale": 0}
        assert len(store.list()) == 2

"""The review queue at scale, without a browser: the search box's text made
into FTS5 queries that cannot fail, the FTS index and the queue's own table
following every write, an older store migrated and indexed, and the queue's
and the activity page's pagination, sorting and filters through
ReviewApp.handle (the browser tests are test_review_queue_browser.py)."""

import html
import re
import sqlite3
from urllib.parse import urlencode

import pytest

from benchmarks.synthetic import write_drafts
from newsgen.review import store as review
from newsgen.review.search import fts_query
from newsgen.review.store import ReviewStore
from newsgen.review.web import ReviewApp

HEADERS = {"Host": "127.0.0.1"}
NASTY = ['"', '""', "AND", "OR", "NOT", "NEAR(", "NEAR(a b", "a:b", "headline:kent", "^kent",
         "(", ")", "*", "-", "--", "-kent", "kent -", 'kent "', 'a "b c', "a OR OR b", "a AND",
         "'", "\\", "%", "kent*", "*kent", "+kent", "{a b}", "a NOT", "NOT a", "😀", "é", "\x00",
         "a" * 2000, " ".join(["burglary"] * 100)]


@pytest.fixture
def synthetic(tmp_path):
    """A store of 130 synthetic drafts (3 pages) with their review history."""
    db = tmp_path / "review.db"
    with ReviewStore(db) as store:
        write_drafts(store, 130, stories=2, periods=1)
    return db


def get(app, target):
    response = app.handle("GET", target, HEADERS, b"")
    return response.status, response.body


def row_ids(page):
    return [int(i) for i in re.findall(r'<tr id="draft-\d+" data-draft-id="(\d+)"', page)]


def ids(db, sql, *args):
    with ReviewStore(db) as store:
        return [r[0] for r in store.db.execute(sql, args)]


# --- the search box --------------------------------------------------------------------

def test_what_an_editor_types_becomes_a_query_fts5_accepts():
    assert fts_query("burglary kent").match == '"burglary" AND "kent"'
    assert fts_query('"kent police" burgl*').match == '"kent police" AND "burgl"*'
    assert fts_query("kent OR essex burglary").match == '("kent" OR "essex") AND "burglary"'
    assert fts_query("kent -burglary").match == '("kent") NOT "burglary"'
    # FTS5's own syntax is only text
    assert fts_query("AND").match == '"AND"'
    assert fts_query("NEAR(a b").match == '"NEAR(a" AND "b"'
    assert fts_query("headline:kent").match == '"headline:kent"'
    assert fts_query('say "hi').match == '"say" AND "hi"'
    # nothing to look for: no query, and the page says what was left out
    for typed in ('"', '""', "-", "*", "--"):
        search = fts_query(typed)
        assert search.match is None and search.ignored, typed
    assert fts_query("-kent").match is None


def test_no_search_text_makes_the_page_fail(synthetic):
    app = ReviewApp(synthetic)
    with ReviewStore(synthetic) as store:
        for typed in NASTY:
            search = fts_query(typed)
            if search.match:   # FTS5 accepts every expression made
                store.db.execute("SELECT count(*) FROM drafts_fts WHERE drafts_fts MATCH ?",
                                 (search.match,)).fetchone()
    for typed in NASTY:
        status, page = get(app, "/?" + urlencode({"q": typed}))
        assert status == 200, (typed, page[:300])
    # what was typed goes back into the page (the box, the links, the bulk form) escaped
    _, page = get(app, "/?" + urlencode({"q": '"><script>x</script>', "force": "<b>"}))
    assert "<script>" not in page and "<b>" not in page
    assert 'value="&#34;&gt;&lt;script&gt;x&lt;/script&gt;"' in page


# --- the index follows the drafts ------------------------------------------------------

def test_the_search_index_follows_edits_and_the_machines_text(synthetic):
    app = ReviewApp(synthetic)
    with ReviewStore(synthetic) as store:
        row = store.get(7)
        assert "according to synthetic figures" in row["machine_text"]
        assert row["edited_text"] is None
        text = row["machine_text"].replace("according to synthetic figures",
                                           "as the quangocrats counted")
        store.edit(7, text, "Sam", row["version"])
    assert row_ids(get(app, "/?q=quangocrats")[1]) == [7]
    before = ids(synthetic, "SELECT rowid FROM drafts_fts WHERE drafts_fts MATCH "
                            "'\"according to synthetic figures\"'")
    assert 7 not in before and len(before) > 100
    # the build writes new machine words: found; under an edit, the edit is what is searched
    other = ids(synthetic, "SELECT min(id) FROM drafts WHERE id > 7 AND edited_text IS NULL")[0]
    with ReviewStore(synthetic) as store:
        store.db.execute("UPDATE drafts SET machine_text = replace(machine_text, "
                         "'the year before', 'the twelvemonth before') WHERE id IN (7, ?)", (other,))
    assert row_ids(get(app, "/?q=quangocrats")[1]) == [7]
    assert row_ids(get(app, "/?q=twelvemonth")[1]) == [other]
    assert 7 in row_ids(get(app, "/?q=%22the+year+before%22+quangocrats")[1])
    # the FTS index agrees with its content, and the queue's table with the drafts
    with ReviewStore(synthetic) as store:
        store.db.execute("INSERT INTO drafts_fts (drafts_fts, rank) VALUES ('integrity-check', 1)")
        queue = store.db.execute("SELECT status, edited, updated FROM draft_queue WHERE id = 7"
                                 ).fetchone()
        draft = store.get(7)
        assert tuple(queue) == (draft["status"], 1, draft["updated"])


def test_the_queues_table_and_flags_follow_status_and_flag_changes(synthetic):
    with ReviewStore(synthetic) as store:
        store.db.execute("UPDATE drafts SET flags = '[\"zero\", \"revised\"]', status = 'rejected' "
                         "WHERE id = 3")
        assert [r[0] for r in store.db.execute(
            "SELECT flag FROM draft_flags WHERE draft_id = 3 ORDER BY flag")] == ["revised", "zero"]
        assert [r["id"] for r in store.list(flag="revised")] == [3]
        assert 3 in [r["id"] for r in store.list(status="rejected")]
        store.db.execute("UPDATE drafts SET flags = '[]' WHERE id = 3")
        assert store.list(flag="revised") == []


def test_an_older_store_is_migrated_and_its_drafts_indexed(tmp_path):
    old = tmp_path / "old.db"
    saved = review.MIGRATIONS[:]
    review.MIGRATIONS[:] = saved[:5]   # the schema before the search index
    try:
        with ReviewStore(old) as store:
            write_drafts(store, 60, stories=1, periods=1)
            store.db.execute("UPDATE drafts SET edited_text = replace(machine_text, "
                             "'synthetic figures', 'kumquat figures') WHERE id = 5")
            tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master")}
            assert "drafts_fts" not in tables and "draft_queue" not in tables
    finally:
        review.MIGRATIONS[:] = saved
    with ReviewStore(old) as store:
        assert store.schema_version == len(review.MIGRATIONS)
        assert store.db.execute("SELECT count(*) FROM draft_queue").fetchone()[0] == 60
        with_flags = [r["id"] for r in store.db.execute(
            "SELECT id FROM drafts WHERE flags LIKE '%\"zero\"%' ORDER BY id")]
        assert with_flags and [r["id"] for r in store.list(flag="zero")] == with_flags
    app = ReviewApp(old)
    assert row_ids(get(app, "/?q=kumquat")[1]) == [5]
    assert len(row_ids(get(app, "/?q=synthetic")[1])) == 50


# --- the queue's pages -----------------------------------------------------------------

def test_the_queue_pages_fifty_at_a_time_with_a_total(synthetic):
    app = ReviewApp(synthetic)
    status, first = get(app, "/")
    assert status == 200
    assert "<h1>Drafts (130)</h1>" in first and "Showing 1–50 of 130, page 1 of 3" in first
    third = get(app, "/?page=3")[1]
    assert len(row_ids(first)) == 50 and len(row_ids(third)) == 30
    everything = row_ids(first) + row_ids(get(app, "/?page=2")[1]) + row_ids(third)
    assert sorted(everything) == list(range(1, 131))
    assert row_ids(get(app, "/?page=99")[1]) == row_ids(third)   # past the end: the last page
    assert get(app, "/?page=x")[0] == 400 and get(app, "/?sort=rowid")[0] == 400


def test_sorting_and_filters_are_kept_in_the_page_links(synthetic):
    app = ReviewApp(synthetic)
    page = get(app, "/?status=draft&sort=updated&order=desc")[1]
    links = [html.unescape(h) for h in re.findall(r'<a href="(/\?[^"]*page=2[^"]*)"', page)]
    assert links and all("status=draft" in h and "sort=updated" in h and "order=desc" in h
                         for h in links)
    shown = row_ids(page) + row_ids(get(app, links[0])[1])
    expected = ids(synthetic, "SELECT id FROM drafts WHERE status = 'draft' "
                              "ORDER BY updated DESC, id DESC")
    assert shown == expected[:len(shown)] and len(shown) == min(100, len(expected))
    by_force = row_ids(get(app, "/?sort=force")[1])
    assert by_force == ids(synthetic, "SELECT id FROM drafts ORDER BY force, kit, period, id")[:50]
    by_flags = row_ids(get(app, "/?sort=flags")[1])
    counts = dict(ids_and_counts(synthetic))
    assert [counts[i] for i in by_flags] == sorted((counts[i] for i in by_flags), reverse=True)
    assert counts[by_flags[0]] == max(counts.values())


def ids_and_counts(db):
    with ReviewStore(db) as store:
        return [(r[0], r[1]) for r in store.db.execute(
            "SELECT id, json_array_length(flags) FROM drafts")]


def test_the_force_filter_is_a_type_ahead_of_distinct_names(synthetic):
    app = ReviewApp(synthetic)
    page = get(app, "/")[1]
    assert '<input name="force" id="force" list="force-names"' in page
    names = re.findall(r'<datalist id="force-names">(.*?)</datalist>', page, re.S)[0]
    assert names.count("<option") == 65 and "<select name=\"force\"" not in page
    kent = get(app, "/?force=synthetic+area+00003")[1]   # any case
    assert row_ids(kent) == ids(synthetic, "SELECT id FROM drafts WHERE force = "
                                           "'Synthetic Area 00003' ORDER BY kit, period, id")


def test_each_draft_shows_its_last_action_and_the_activity_page_every_decision(synthetic):
    with ReviewStore(synthetic) as store:
        row = store.get(12)
        store.db.execute("UPDATE drafts SET status = 'draft' WHERE id = 12")
        store.set_status(12, "approved", "Sam <script>x</script>", "fine", row["version"],
                         override="checked by hand")
    app = ReviewApp(synthetic)
    queue = get(app, "/?sort=updated")[1]
    cell = re.search(r'<tr id="draft-12".*?<td class="last">(.*?)</td>', queue, re.S).group(1)
    assert '<span class="action">approved</span>' in cell
    assert "Sam &lt;script&gt;x&lt;/script&gt;" in cell and "<script>" not in queue
    activity = get(app, "/activity")[1]
    first = re.search(r'<tr id="entry-\d+" data-draft-id="(\d+)">(.*?)</tr>', activity, re.S)
    assert first.group(1) == "12" and "approved" in first.group(2)
    assert "Sam &lt;script&gt;" in first.group(2) and "<td>fine</td>" in first.group(2)
    assert '<a class="draft-link" href="/draft/12">' in first.group(2)
    # by editor (any case) and by story, paged
    ada = get(app, "/activity?editor=synthetic+editor+ada")[1]
    whos = re.findall(r'<td class="who">([^<]*)</td>', ada)
    assert whos and set(whos) == {"Synthetic Editor Ada"}
    story = get(app, "/activity?story=synthetic-burglary-00")[1]
    assert "synthetic-robbery-01" not in re.sub(r"<select.*?</select>", "", story, flags=re.S)
    total = int(re.search(r"<h1>Activity \(([\d,]+)\)</h1>", activity).group(1).replace(",", ""))
    logged = ids(synthetic, "SELECT count(*) FROM audit WHERE action NOT IN ('create', 'rebuild')")
    assert total == logged[0] > 50 and 'rel="next"' in activity
    assert "create" not in re.findall(r'<td class="action">([^<]*)</td>', activity)


def test_bulk_approval_returns_to_the_same_page_of_the_queue(synthetic):
    app = ReviewApp(synthetic)
    first = app.handle("GET", "/?status=draft&sort=force&page=2", HEADERS, b"")
    cookie = first.headers["Set-Cookie"].split(";")[0]
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">',
                             re.search(r'<form method="post" action="/approve".*?</form>',
                                       first.body, re.S).group(0)))
    assert hidden["page"] == "2" and hidden["sort"] == "force" and hidden["status"] == "draft"
    assert "csrf" in hidden
    ticked = re.search(r'name="id" value="((\d+):\d+)"', first.body)
    body = urlencode({**hidden, "editor": "Sam", "id": ticked.group(1)}).encode()
    done = app.handle("POST", "/approve", {**HEADERS, "Cookie": cookie}, body)
    assert done.status == 303 and done.headers["Location"] == "/?status=draft&sort=force&page=2"
    with ReviewStore(synthetic) as store:
        assert store.get(int(ticked.group(2)))["status"] == "approved"


def test_a_store_without_drafts_shows_an_empty_queue(tmp_path):
    ReviewStore(tmp_path / "review.db").close()
    app = ReviewApp(tmp_path / "review.db")
    status, page = get(app, "/?q=kent&page=4")
    assert status == 200 and "No drafts match." in page
    assert get(app, "/activity")[0] == 200
    with pytest.raises(sqlite3.OperationalError):   # the index is a real FTS5 table
        with ReviewStore(tmp_path / "review.db") as store:
            store.db.execute("SELECT * FROM drafts_fts WHERE drafts_fts MATCH 'AND'").fetchall()


def test_the_queue_asks_for_a_name_only_when_none_is_kept(synthetic):
    """One name field: the queue asks for a name until one is kept in this
    browser (the draft page's name form), then says whose it acts as and the
    bulk approval is recorded under it."""
    app = ReviewApp(synthetic)
    first = app.handle("GET", "/?status=draft", HEADERS, b"")
    assert first.body.count('name="editor"') == 1 and "Your name" in first.body
    session = first.headers["Set-Cookie"].split(";")[0]
    cookie = f"{session}; newsgen_editor=Sam%20Jones"
    page = app.handle("GET", "/?status=draft", {**HEADERS, "Cookie": cookie}, b"")
    assert 'name="editor"' not in page.body and "Your name" not in page.body
    assert '<strong id="who">Sam Jones</strong>' in page.body
    form = re.search(r'<form method="post" action="/approve".*?</form>', page.body, re.S).group(0)
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form))
    ticked = re.search(r'name="id" value="((\d+):\d+)"', form)
    body = urlencode({**hidden, "id": ticked.group(1)}).encode()
    assert app.handle("POST", "/approve", {**HEADERS, "Cookie": cookie}, body).status == 303
    with ReviewStore(synthetic) as store:
        draft = store.get(int(ticked.group(2)))
        assert draft["status"] == "approved" and draft["updated_by"] == "Sam Jones"

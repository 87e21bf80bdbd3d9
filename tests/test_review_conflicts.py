"""No lost edits: of two editors saving one draft, the second sees the text
both started from, the first's saved text and their own side by side, and
nothing is saved until they choose (keep theirs, keep mine, or a merged
text), which the log records. Saving unchanged text is not an edit."""

import random
import re

import pytest

from newsgen.review.drafts import ConflictError, ReviewError, normalise_text, parse_text
from newsgen.review.merge import marked, merge3
from newsgen.review.store import ReviewStore
from review_helpers import Client, build_review_db, fresh_copy, draft_id, form_fields, message, served


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_review_db(tmp_path_factory.mktemp("built"), ("Derbyshire", "Kent"))


@pytest.fixture
def db(built, tmp_path):
    """A fresh copy of the built review database for each test."""
    return fresh_copy(built, tmp_path)


def paragraph(text, i):
    return parse_text(text).paragraphs[i]


def with_paragraph(text, i, new):
    t = parse_text(text)
    paragraphs = list(t.paragraphs)
    paragraphs[i] = new
    parts = [t.headline, t.standfirst, *paragraphs] + (["Notes to editors", *t.notes] if t.notes else [])
    return "\n\n".join(parts) + "\n"


# -- merging and marking --------------------------------------------------------------

def test_merge3_takes_each_sides_changes_and_names_clashes():
    base = "H\n\nS\n\nA\n\nB\n\nC\n"
    assert merge3(base, "H\n\nS\n\nA2\n\nB\n\nC\n", "H\n\nS\n\nA\n\nB\n\nC2\n") == \
        ("H\n\nS\n\nA2\n\nB\n\nC2\n", [])
    assert merge3(base, "H\n\nS\n\nA\n\nC\n", "H\n\nS\n\nA\n\nB\n\nC\n\nD\n") == \
        ("H\n\nS\n\nA\n\nC\n\nD\n", [])                   # one deletes, the other adds
    assert merge3(base, "H\n\nS\n\nA2\n\nB\n\nC\n", "H\n\nS\n\nA2\n\nB\n\nC\n") == \
        ("H\n\nS\n\nA2\n\nB\n\nC\n", [])                  # the same change on both sides
    assert merge3(base, "H\n\nS\n\nA2\n\nB\n\nC\n", "H\n\nS\n\nA3\n\nB\n\nC\n") == \
        ("H\n\nS\n\nA2\n\nB\n\nC\n", [3])                 # both changed A: mine, and a clash


def test_marked_shows_words_added_and_taken_out_paragraph_by_paragraph():
    assert marked("one two three\n\nfour five\n", "one 2 three\n\nfour five six\n") == [
        [("", "one "), ("del", "two"), ("ins", "2"), ("", " three")],
        [("", "four five"), ("ins", " six")]]


# -- the store ------------------------------------------------------------------------

def test_saving_unchanged_text_is_not_an_edit(db):
    n = draft_id(db, "derbyshire")
    with ReviewStore(db) as store:
        row = store.get(n)
        assert store.edit(n, row["machine_text"] + "\n\n", "Sam", row["version"]) == row["version"]
        assert [e["action"] for e in store.log(n)] == ["create"]
        assert store.get(n)["edited_text"] is None
        # Sam saves a change; Alex, whose page is older, saves the text he opened unchanged:
        # nothing happens, and Sam's change stands (before, this was a conflict at best)
        sam = with_paragraph(row["machine_text"], 1, "That was one fewer than the year before.")
        v = store.edit(n, sam, "Sam", row["version"])
        assert store.edit(n, row["machine_text"], "Alex", row["version"],
                          base=row["machine_text"]) == v
        assert store.get(n)["edited_text"] == normalise_text(sam)
        assert [e["action"] for e in store.log(n)] == ["create", "edit"]


def test_a_conflict_is_settled_only_by_an_explicit_choice_and_logged(db):
    n = draft_id(db, "derbyshire")
    with ReviewStore(db) as store:
        row = store.get(n)
        base, opened = row["machine_text"], row["version"]
        sam = with_paragraph(base, 1, paragraph(base, 1) + " Sam was here.")
        alex = with_paragraph(base, 3, paragraph(base, 3) + " Alex was here.")
        v = store.edit(n, sam, "Sam", opened)
        with pytest.raises(ConflictError):
            store.edit(n, alex, "Alex", opened, base=base)
        for choice in ("", "keep", "both"):
            with pytest.raises(ReviewError, match="choose how to settle"):
                store.resolve(n, choice, "Alex", v, mine=alex, merged=alex)
        assert store.get(n)["edited_text"] == normalise_text(sam)
        with pytest.raises(ConflictError):   # a form older than the saved text: a conflict again
            store.resolve(n, "mine", "Alex", opened, mine=alex)
        merged, clashes = merge3(base, alex, sam)
        assert clashes == [] and "Sam was here." in merged and "Alex was here." in merged
        v2 = store.resolve(n, "merged", "Alex", v, mine=alex, merged=merged)
        assert v2 == v + 1 and store.get(n)["edited_text"] == normalise_text(merged)
        entry = store.log(n)[-1]
        assert (entry["action"], entry["who"]) == ("resolve", "Alex")
        assert entry["note"] == f"conflict settled: merged my text with Sam's version {v}"
        # keeping theirs changes nothing but the log
        assert store.resolve(n, "theirs", "Sam", v2) == v2
        assert store.log(n)[-1]["note"] == f"conflict settled: kept Alex's version {v2}"
        assert store.get(n)["edited_text"] == normalise_text(merged)


# -- the page ---------------------------------------------------------------------------

def test_the_issues_case_a_second_click_on_the_conflict_page_does_not_undo_the_first_save(db):
    """Editors A and B open the draft; A saves; B saves and gets the conflict
    page; B clicks Save again. Before, A's change was gone; now nothing is
    saved until B chooses, and B's choice of a merge keeps both."""
    n = draft_id(db, "derbyshire")
    with served(db) as base_url:
        a, b = Client(base_url), Client(base_url)
        form_a = form_fields(a.get(f"/draft/{n}")[1], "edit-form")
        form_b = form_fields(b.get(f"/draft/{n}")[1], "edit-form")
        text = form_a["text"]
        a_text = with_paragraph(text, 0, paragraph(text, 0).replace("down slightly", "a whisker down"))
        b_text = with_paragraph(text, 2, paragraph(text, 2) + " Bea added this.")
        status, page = a.post(f"/draft/{n}/edit", {**form_a, "text": a_text, "editor": "Ann"})
        assert status == 200 and message(page) == "saved"
        status, page = b.post(f"/draft/{n}/edit", {**form_b, "text": b_text, "editor": "Bea"})
        assert status == 409
        columns = {key: re.search(rf'<div class="side" id="conflict-{key}">(.*?)</div>', page, re.S)
                   .group(1) for key in ("base", "theirs", "mine")}
        assert "<ins>a whisker </ins>down<del> slightly</del> from 302" in columns["theirs"]
        assert "<ins> Bea added this.</ins>" in columns["mine"]
        assert "<ins>" not in columns["base"] and "down slightly" in columns["base"]
        assert 'id="edit-form"' not in page          # no plain Save on the conflict page
        resolve = form_fields(page, "resolve-form")
        assert "a whisker down" in resolve["text"] and "Bea added this." in resolve["text"]
        # B clicks Save again without choosing: refused, A's text stays
        status, again = b.post(f"/draft/{n}/resolve", {**resolve, "editor": "Bea"})
        assert status == 400 and "choose how to settle the conflict" in again
        # B's browser resubmits the first form (Back, then Save): a conflict again, not a save
        status, again = b.post(f"/draft/{n}/edit", {**form_b, "text": b_text, "editor": "Bea"})
        assert status == 409
        with ReviewStore(db) as store:
            assert "a whisker down" in store.get(n)["edited_text"]
            assert "Bea added this." not in store.get(n)["edited_text"]
        status, page = b.post(f"/draft/{n}/resolve", {**resolve, "choice": "merged", "editor": "Bea"})
        assert status == 200 and message(page) == "saved the merged text"
        with ReviewStore(db) as store:
            saved = store.get(n)["edited_text"]
            assert "a whisker down" in saved and "Bea added this." in saved
            assert store.log(n)[-1]["note"].startswith("conflict settled: merged my text with Ann's")
        assert "the text that was not saved" in page    # B's refused text is in the log, shown


def test_keeping_mine_is_a_choice_the_log_names(db):
    n = draft_id(db, "kent")
    with served(db) as base_url:
        a, b = Client(base_url), Client(base_url)
        form_a = form_fields(a.get(f"/draft/{n}")[1], "edit-form")
        form_b = form_fields(b.get(f"/draft/{n}")[1], "edit-form")
        text = form_a["text"]
        a.post(f"/draft/{n}/edit", {**form_a, "text": text.replace("Police in Kent", "Kent Police"),
                                    "editor": "Ann"})
        _, page = b.post(f"/draft/{n}/edit", {**form_b, "text": text.replace("Police in Kent",
                                                                           "Officers in Kent"),
                                              "editor": "Bea"})
        resolve = form_fields(page, "resolve-form")
        assert "You both changed paragraph" in page or "You both changed" in page
        status, page = b.post(f"/draft/{n}/resolve", {**resolve, "choice": "mine", "editor": "Bea"})
        assert status == 200 and message(page) == "saved your text"
    with ReviewStore(db) as store:
        assert "Officers in Kent" in store.get(n)["edited_text"]
        entry = store.log(n)[-1]
        assert entry["action"] == "resolve" and entry["note"].startswith(
            "conflict settled: kept my text over Ann's version")


def marks(text):
    return set(re.findall(r"\b[AB]mark[a-z]+\b", text or ""))


@pytest.mark.parametrize("seed", range(8))
def test_no_sequence_of_clicks_loses_a_saved_edit(db, seed):
    """Two editors click at random: open the page, save an edit, click Save
    twice, resubmit an old form, click Save on the conflict page without
    choosing, keep theirs, save the merge. Each edit adds a word in the
    editor's own paragraph. Whatever the order, a word once saved is never
    gone, and every word an editor typed is in the text or in the log."""
    rng = random.Random(seed)
    n = draft_id(db, "derbyshire")
    saved, typed = set(), set()
    with served(db) as base_url:
        editors = {}
        for name, para in (("A", 1), ("B", 3)):
            c = Client(base_url)
            page = c.get(f"/draft/{n}")[1]
            editors[name] = {"client": c, "para": para, "page": page, "last": None, "count": 0}
        for _step in range(14):
            name = rng.choice("AB")
            e = editors[name]
            c, page = e["client"], e["page"]
            action = rng.choice(["open", "save", "save", "save", "again", "settle", "theirs", "merge",
                                 "merge"])
            if action == "open":
                e["page"] = c.get(f"/draft/{n}")[1]
                continue
            if action == "again" and e["last"]:
                path, fields = e["last"]
            elif 'id="resolve-form"' in page and action in ("settle", "theirs", "merge", "save"):
                fields = form_fields(page, "resolve-form")
                path = f"/draft/{n}/resolve"
                if action == "theirs":
                    fields["choice"] = "theirs"
                elif action == "merge":
                    fields["choice"] = "merged"
            elif 'id="edit-form"' in page and action == "save":
                fields = form_fields(page, "edit-form")
                e["count"] += 1
                word = f"{name}mark{'abcdefghijklmnopqrstuvwxyz'[e['count']]}"
                typed.add(word)
                text = fields["text"]
                fields["text"] = with_paragraph(text, e["para"],
                                                paragraph(text, e["para"]) + f" {word}.")
                path = f"/draft/{n}/edit"
            else:
                continue
            fields["editor"] = name
            status, e["page"] = c.post(path, fields)
            assert status in (200, 400, 409), e["page"]
            e["last"] = (path, fields)
            with ReviewStore(db) as store:
                now = marks(store.get(n)["edited_text"])
                logged = " ".join(x["detail"] for x in store.log(n))
            assert saved <= now, f"seed {seed}: lost {saved - now}"
            saved |= now
            for word in typed:   # nothing typed is lost: in the text, or in the log
                assert word in now or word in logged, word

"""Versions and the one decision of what the public tree holds: a story's
first version is dated by its release; each later one (a correction, a
withdrawal) is the next number, dated now and never before the last; the
copy outlets have stays until an editor releases or withdraws it."""

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from newsgen.build import build_articles
from newsgen.kit import kit_folder, read_kit
from newsgen.publish.entries import KEEP, NEW, NONE, WITHDRAW, decide
from newsgen.publish.versions import content_digest, next_version, withdrawal
from newsgen.words.article import Article

NOW = datetime(2019, 3, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def stories():
    articles, _, _ = build_articles([read_kit(kit_folder("child-abuse-images"))],
                                    ("Kent", "Essex"))
    return articles


def test_first_versions_are_dated_by_release_whatever_the_clock(stories):
    for article in stories:
        v = next_version(article, None, NOW)
        assert (v.number, v.created, v.updated, v.kind) == (1, article.release, article.release,
                                                            "release")


def test_a_correction_is_the_next_number_dated_now_and_never_before_the_last(stories):
    essex = stories[1]
    first = next_version(essex, None, NOW)
    corrected = replace(essex, paragraphs=[*essex.paragraphs[:-1], "A corrected paragraph."])
    second = next_version(corrected, first, NOW, "Corrected: paragraph 9.")
    assert (second.number, second.created, second.updated, second.kind) == (
        2, essex.release, NOW, "correction")
    assert second.digest != first.digest
    # a clock behind the last version still moves the time forward
    third = next_version(essex, second, NOW - timedelta(days=400))
    assert third.number == 3 and third.updated == NOW + timedelta(seconds=1)
    gone = withdrawal(third, NOW + timedelta(days=1), "figures restated")
    assert (gone.number, gone.withdrawn, gone.note, gone.created) == (4, True, "figures restated",
                                                                      essex.release)
    again = next_version(essex, gone, NOW + timedelta(days=2))
    assert (again.number, again.kind) == (5, "release")


def test_a_frame_gives_back_what_outlets_received(stories):
    kent = stories[0]
    kent.status = "approved"
    kent.extras["charts"] = [{"png": "child-abuse-images/kent.png", "alt": "A chart",
                              "data": {"values": [1, 2]}}]
    back = Article.from_frame(kent.frame())
    for name in ("key", "headline", "standfirst", "paragraphs", "notes", "release", "embargo",
                 "source", "fingerprint", "area", "region", "area_label", "kit_title", "topic"):
        assert getattr(back, name) == getattr(kent, name), name
    assert back.status == "published" and back.released and back.facts is None
    assert back.extras["charts"] == [{"png": "child-abuse-images/kent.png", "alt": "A chart"}]
    assert content_digest(back) == content_digest(kent)


def test_what_the_public_tree_holds_is_decided_in_one_place(stories):
    live = next_version(stories[0], None, NOW)
    gone = withdrawal(live, NOW, "why")
    later = NOW + timedelta(days=1)
    # never released, or not yet
    assert decide("draft", None, NOW) == NONE
    assert decide("approved", None, NOW, embargo=later) == NONE
    assert decide("approved", None, NOW, built=False) == NONE   # withheld by the fact check
    # released by an editor: a first version, or the next (a correction)
    assert decide("approved", None, NOW) == NEW
    assert decide("approved", live, NOW) == NEW
    # out, and the draft has moved on (new figures, an edit) without approval: it stays
    assert decide("draft", live, NOW) == KEEP
    assert decide("published", live, NOW) == KEEP
    assert decide("approved", live, NOW, built=False) == KEEP
    # an editor's "no" withdraws what is out, once
    assert decide("rejected", live, NOW) == WITHDRAW
    assert decide("rejected", live, NOW, built=False) == WITHDRAW
    assert decide("rejected", gone, NOW) == KEEP
    assert decide("rejected", None, NOW, auto_release=True) == NONE
    # auto_release: out when past the embargo, again when what outlets get changes
    assert decide("draft", None, NOW, auto_release=True) == NEW
    assert decide("draft", live, NOW, auto_release=True, changed=lambda: False) == KEEP
    assert decide("draft", live, NOW, auto_release=True, changed=lambda: True) == NEW
    assert decide("draft", None, NOW, auto_release=True, embargo=later) == NONE

"""The version manifest: a story's first version is dated by its release, an
unchanged story keeps its times, a changed one gets the next number and now."""

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from newsgen.build import build_articles
from newsgen.errors import DataError
from newsgen.kit import kit_folder, read_kit
from newsgen.publish.versions import MANIFEST, manifest_json, read_manifest, track_versions

NOW = datetime(2019, 3, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def stories():
    articles, _, _ = build_articles([read_kit(kit_folder("child-abuse-images"))],
                                    ("Kent", "Essex"))
    return articles


def test_first_versions_are_dated_by_release_whatever_the_clock(stories):
    versions = track_versions(stories, {}, NOW)
    for article in stories:
        v = versions[article.key]
        assert (v.number, v.created, v.updated) == (1, article.release, article.release)


def test_unchanged_stories_keep_their_versions_and_changed_ones_move_on(stories):
    kent, essex = stories
    first = track_versions(stories, {}, NOW)
    assert track_versions(stories, first, NOW + timedelta(days=9)) == first
    corrected = replace(essex, paragraphs=[*essex.paragraphs[:-1], "A corrected paragraph."])
    second = track_versions([kent, corrected], first, NOW)
    assert second[kent.key] == first[kent.key]
    v = second[essex.key]
    assert (v.number, v.created, v.updated) == (2, essex.release, NOW)
    # A clock behind the last version still moves the time forward.
    third = track_versions([kent, essex], second, NOW - timedelta(days=400))
    assert third[essex.key].number == 3
    assert third[essex.key].updated == NOW + timedelta(seconds=1)


def test_stories_missing_from_a_build_keep_their_entries(stories):
    kent, essex = stories
    first = track_versions(stories, {}, NOW)
    assert set(track_versions([kent], first, NOW)) == {kent.key, essex.key}


def test_the_manifest_round_trips_and_a_broken_one_is_reported(stories, tmp_path):
    versions = track_versions(stories, {}, NOW)
    path = tmp_path / MANIFEST
    path.parent.mkdir(parents=True)
    path.write_text(manifest_json(versions))
    assert read_manifest(tmp_path) == versions
    assert read_manifest(tmp_path / "nowhere") == {}
    path.write_text('{"stories": {"x": {"digest": "1"}}}')
    with pytest.raises(DataError, match="version manifest"):
        read_manifest(tmp_path)

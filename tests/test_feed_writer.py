"""newsgen writes RSS and Atom itself (newsgen/publish/feeds.py), not through feedgen:
its bytes must be exactly those feedgen wrote (tests/feedgen_reference.py,
the code newsgen used before), for the shipped stories and for any text, and a
reader (feedparser) must find every field of every item."""

import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import feedparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import feedgen_reference as reference
from newsgen.publish import ninjs as ninjs_module
from newsgen.build import build_articles, select_forces
from newsgen.publish.feeds import (Feed, content_html, force_feed, gathering_feeds, remembered_content,
                           render_feed, rfc822)
from newsgen.sources.forces import load_forces
from newsgen.kit import kit_folder, read_kit, select_kits
from newsgen.publish.ninjs import ninjs_item, ninjs_json
from newsgen.sources.outlets import load_outlets
from newsgen.publish.versions import Version, next_version

BASE_URLS = ("http://127.0.0.1:8000", "https://news.example.org/wire/",
             'http://x.example/a&b?c="d"<e>')
FALLBACK = datetime(2019, 1, 1, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def shipped():
    """Every shipped kit's stories for every force, all approved; some with a
    chart (PNG and SVG, or SVG only), one embargoed, one corrected."""
    articles, _, _ = build_articles(select_kits(()))
    for i, article in enumerate(articles):
        article.status = "approved"
        if i % 3 == 0:
            article.extras["charts"] = [{"png": f"{article.kit}/{article.slug}.png",
                                         "svg": f"{article.kit}/{article.slug}.svg",
                                         "alt": f'Offences in {article.area} & "elsewhere" <1>'}]
        elif i % 5 == 0:
            article.extras["charts"] = [{"svg": f"{article.kit}/{article.slug}.svg"}]
    articles[1].embargo = articles[1].release + timedelta(hours=1)
    versions = {a.key: next_version(a, None, FALLBACK) for a in articles}
    first = versions[articles[2].key]
    versions[articles[2].key] = Version("changed", 2, first.created,
                                        first.updated + timedelta(days=3, minutes=7))
    sizes = {c["png"]: 1000 + i for i, a in enumerate(articles)
             for c in a.extras.get("charts", []) if "png" in c}
    return articles, versions, sizes


@pytest.fixture(scope="module")
def one_story():
    [article], _, _ = build_articles([read_kit(kit_folder("child-abuse-images"))], ("Kent",))
    article.status = "approved"
    return article


def test_every_shipped_feed_is_byte_for_byte_what_feedgen_wrote(shipped):
    articles, versions, sizes = shipped
    forces = select_forces(load_forces(), ())
    plans = [force_feed(force, articles) for force in forces]
    for feed, slugs in gathering_feeds(forces, load_outlets()):
        feed.articles = [a for a in articles if slugs is None or a.slug in slugs]
        plans.append(feed)
    assert len(plans) > 90 and sum(len(f.articles) for f in plans) > 3 * len(articles)
    for base_url in BASE_URLS[:2]:
        with remembered_content():   # as publish calls it: items made once, reused
            for feed in plans:
                ours = render_feed(feed, versions, base_url, FALLBACK, sizes)
                theirs = reference.render_feed(feed, versions, base_url, FALLBACK, sizes)
                assert ours == theirs, feed.name
    # And outside the block, with no sizes at all.
    feed = plans[0]
    assert render_feed(feed, versions, BASE_URLS[2], FALLBACK) == \
        reference.render_feed(feed, versions, BASE_URLS[2], FALLBACK)


# Text as an editor might type it, or worse: markup, entities, quotes, CR/LF,
# tabs, non-Latin and astral characters; now and then one field also gets a
# control character XML cannot carry, which both writers must refuse.
NOT_XML = "".join(chr(i) for i in range(32) if chr(i) not in "\t\n\r") + "\ufffe\uffff"
TEXT = st.text(st.one_of(st.characters(blacklist_categories=("Cs",),
                                       blacklist_characters=NOT_XML),
                         st.sampled_from("&<>\"'\r\n\t]")), max_size=40)
POISON = st.one_of(st.none(), st.tuples(
    st.sampled_from(["headline", "standfirst", "paragraphs", "area", "credit", "alt", "title"]),
    st.sampled_from(NOT_XML)))
TIMES = st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 1, 1),
                     timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=1)),
                                                timezone(timedelta(hours=-9, minutes=-30)),
                                                timezone(timedelta(hours=5, minutes=45))]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(headline=TEXT, standfirst=TEXT, paragraphs=st.lists(TEXT, max_size=3),
       notes=st.lists(TEXT, max_size=2), area=TEXT, region=TEXT, topic=TEXT, credit=TEXT,
       url=TEXT, alt=TEXT, title=TEXT, release=TIMES, later=st.timedeltas(timedelta(0),
                                                                          timedelta(days=400)),
       size=st.integers(0, 10**9), chart=st.sampled_from(["png", "svg", "both", None]),
       base_url=st.sampled_from(BASE_URLS), status=st.sampled_from(["approved", "draft"]),
       poison=POISON)
def test_any_text_gives_feedgens_bytes_or_the_same_refusal(
        one_story, headline, standfirst, paragraphs, notes, area, region, topic, credit, url,
        alt, title, release, later, size, chart, base_url, status, poison):
    if poison:
        field, char = poison
        if field == "paragraphs":
            paragraphs = [*paragraphs, f"a{char}b"]
        else:
            headline, standfirst, area, credit, alt, title = (
                value + char if name == field else value
                for name, value in (("headline", headline), ("standfirst", standfirst),
                                    ("area", area), ("credit", credit), ("alt", alt),
                                    ("title", title)))
    charts = {"png": [{"png": "k/a.png", "alt": alt}], "svg": [{"svg": "k/a.svg", "alt": alt}],
              "both": [{"png": "k/a.png", "svg": "k/a.svg", "alt": alt}], None: []}[chart]
    article = replace(one_story, headline=headline, standfirst=standfirst, paragraphs=paragraphs,
                      notes=notes, area=area, region=region, topic=topic, release=release,
                      source={**one_story.source, "credit": credit, "url": url},
                      status=status, auto_release=status == "draft",
                      extras={"charts": charts})
    version = Version("x", 2, release, release + later)
    feed = Feed("outlets/a-b", title or "t", title + " description" if title else "d", [article])
    versions, sizes = {article.key: version}, {"k/a.png": size}

    def outcome(render):
        try:
            return render(feed, versions, base_url, FALLBACK, sizes)
        except ValueError as exc:   # lxml's refusal, or ours (no title, a control character)
            return type(exc)

    ours = outcome(render_feed)
    assert ours == outcome(reference.render_feed)
    try:
        old = reference.content_html_reference(article, base_url)
    except ValueError:
        return
    assert content_html(article, base_url) == old
    # ninjs: orjson writes exactly what json.dumps(indent=2) writes.
    text = ninjs_json(article, version, base_url)
    assert text == json.dumps(ninjs_item(article, version, base_url), indent=2,
                              ensure_ascii=False) + "\n"


@settings(max_examples=300, deadline=None)
@given(moment=TIMES)
def test_rss_dates_are_strftime_in_the_c_locale(moment):
    assert rfc822(moment) == moment.strftime("%a, %d %b %Y %H:%M:%S %z")


def test_a_reader_finds_every_field_of_an_item(one_story):
    """Independently of feedgen: each field the article gives an item, read
    back by feedparser from RSS and Atom."""
    article = replace(one_story, extras={"charts": [
        {"png": "child-abuse-images/kent.png", "svg": "child-abuse-images/kent.svg",
         "alt": "Offences in Kent"}]})
    version = Version("x", 2, article.release, article.release + timedelta(days=2))
    updated = (article.release + timedelta(days=2)).astimezone(timezone.utc).timetuple()[:6]
    released = article.release.astimezone(timezone.utc).timetuple()[:6]
    feed = Feed("kent", "newsgen: Kent Police", "Data stories about Kent.", [article])
    out = render_feed(feed, {article.key: version}, "https://w.example/news", FALLBACK,
                      {"child-abuse-images/kent.png": 4321})
    link = "https://w.example/news/child-abuse-images/kent.html"
    png = "https://w.example/news/child-abuse-images/kent.png"
    guid = "urn:newsgen:child-abuse-images:kent:2017-18"
    for ext in ("xml", "atom"):
        parsed = feedparser.parse(out[ext])
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        assert parsed.version == {"xml": "rss20", "atom": "atom10"}[ext]
        meta = parsed.feed
        assert meta.title == "newsgen: Kent Police"
        assert meta.subtitle == "Data stories about Kent."
        assert meta.link == "https://w.example/news/"
        assert meta.language == "en-GB" and meta.generator == "newsgen"
        assert meta.updated_parsed[:6] == updated
        self_link = {x.rel: x.href for x in meta.links}["self"]
        assert self_link == f"https://w.example/news/feeds/kent.{ext}"
        [entry] = parsed.entries
        assert entry.id == guid
        if ext == "xml":   # isPermaLink="false": the guid is not the address
            assert entry.guidislink is False
        assert entry.title == article.headline
        assert entry.link == link
        assert entry.summary == article.standfirst
        content = entry.content[0].value
        assert article.paragraphs[0].replace("'", "&#x27;") in content \
            or article.paragraphs[0] in content
        assert 'alt="Offences in Kent"' in content and "Notes to editors" in content
        assert entry.published_parsed[:6] == released
        assert entry.author == "newsgen"
        assert entry.dc_source.startswith("Source: ") and article.source["credit"] in \
            entry.dc_source
        assert {(t.term, t.scheme) for t in entry.tags} == {
            (article.topic, "urn:newsgen:topic"), ("Kent", "urn:newsgen:force"),
            ("South East", "urn:newsgen:region")}
        enclosures = [x for x in entry.links if x.rel == "enclosure"]
        assert [(x.href, x.type, x.length) for x in enclosures] == [(png, "image/png", "4321")]
        assert entry.updated_parsed[:6] == updated   # RSS: dcterms:modified
        if ext == "atom":
            assert {t.term: t.label for t in entry.tags}["Kent"] == "Kent"


def test_a_story_in_many_feeds_is_written_once_per_version(one_story):
    """Within remembered_content an item is reused across feeds, but a new
    version of the story (or another size of its chart) is written anew."""
    feed = Feed("kent", "t", "d", [one_story])
    v1 = Version("a", 1, one_story.release, one_story.release)
    v2 = Version("b", 2, one_story.release, one_story.release + timedelta(days=1))
    with remembered_content():
        first = render_feed(feed, {one_story.key: v1}, BASE_URLS[0], FALLBACK)
        again = render_feed(Feed("all", "t", "d", [one_story]), {one_story.key: v1},
                            BASE_URLS[0], FALLBACK)
        second = render_feed(feed, {one_story.key: v2}, BASE_URLS[0], FALLBACK)
    assert first["xml"].split(b"<item>")[1] == again["xml"].split(b"<item>")[1]
    assert first != second
    assert second == render_feed(feed, {one_story.key: v2}, BASE_URLS[0], FALLBACK)
    assert b"<updated>" + (one_story.release + timedelta(days=1)).isoformat().encode() \
        in second["atom"]


def test_ninjs_is_the_standard_librarys_json_text(shipped):
    import json
    articles, versions, _ = shipped
    for a in articles[:40]:
        item = ninjs_module.ninjs_item(a, versions[a.key], BASE_URLS[1])
        assert ninjs_json(a, versions[a.key], BASE_URLS[1]) == \
            json.dumps(item, indent=2, ensure_ascii=False) + "\n"

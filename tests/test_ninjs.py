"""Every ninjs item validates against the IPTC ninjs 2.2 schema, with format
checks on (date-time through rfc3339-validator; uri checked here)."""

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator, FormatChecker

from newsgen.cli import cli

SCHEMA = json.loads((Path(__file__).parent / "data" / "ninjs-schema_2.2.json").read_text())
KIT = "child-abuse-images"

checker = FormatChecker()


@checker.checks("uri")
def is_uri(value) -> bool:
    """jsonschema checks "uri" only with rfc3987 installed, which it is not:
    an absolute URI has a scheme and no spaces."""
    parts = urlsplit(value)
    return bool(parts.scheme) and parts.scheme.isascii() and not any(c.isspace() for c in value)


VALIDATOR = Draft202012Validator(SCHEMA, format_checker=checker)


@pytest.fixture(scope="module")
def items(tmp_path_factory, released_kits):
    out = tmp_path_factory.mktemp("ninjs")
    result = CliRunner().invoke(cli, ["build", "--all-forces", "--story", KIT, "-o", str(out),
                                      "--now", "2018-10-01T00:00:00Z",
                                      "--kits", str(released_kits)])
    assert result.exit_code == 0, result.output
    public = out / "public"
    return {p.stem: json.loads(p.read_text()) for p in (public / "ninjs" / KIT).glob("*.json")}, \
        public


def test_every_ninjs_item_validates_against_the_iptc_schema(items):
    docs, out = items
    assert len(docs) == len(list((out / KIT).glob("*.json"))) == 15
    for slug, doc in docs.items():
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in VALIDATOR.iter_errors(doc)]
        assert errors == [], slug


def test_the_validator_really_checks_formats_and_fields(items):
    docs, _ = items
    good = docs["derbyshire"]
    assert VALIDATOR.is_valid(good)
    for broken in ({**good, "versioncreated": "18 September 2018"},
                   {**good, "embargoed": "2018-09-18T00:01:00"},        # no offset
                   {**good, "uri": "not a uri"},
                   {**good, "pubstatus": "released"},
                   {**good, "headline": "a field ninjs does not have"}):
        assert not VALIDATOR.is_valid(broken), broken


def test_ninjs_item_carries_the_story(items):
    docs, out = items
    doc = docs["derbyshire"]
    article = json.loads((out / KIT / "derbyshire.json").read_text())
    assert doc["uri"] == "urn:newsgen:child-abuse-images:derbyshire:2017-18"
    assert doc["headlines"][0]["value"] == article["headline"]
    assert doc["descriptions"][0]["value"] == article["standfirst"]
    assert doc["version"] == "1" and doc["pubstatus"] == "usable"
    assert doc["versioncreated"] == doc["firstcreated"] == article["release"]
    assert "embargoed" not in doc                       # the kit sets no embargo
    types = {b["contenttype"]: b["value"] for b in doc["bodies"]}
    assert set(types) == {"text/html", "text/plain"}
    for paragraph in article["paragraphs"]:
        assert paragraph in types["text/plain"]
    assert {p["name"] for p in doc["places"]} == {"Derbyshire", "East Midlands"}
    assert "Derbyshire Constabulary" in {s["name"] for s in doc["subjects"]}
    assert article["notes"][0] in doc["ednote"]


def test_an_item_with_charts_and_an_embargo_still_validates():
    from datetime import datetime, timezone

    from newsgen.build import build_articles
    from newsgen.kit import kit_folder, read_kit
    from newsgen.publish.ninjs import ninjs_item
    from newsgen.publish.versions import next_version

    [article], _, _ = build_articles([read_kit(kit_folder(KIT))], ("Kent",))
    article.embargo = datetime(2018, 9, 18, 0, 1, tzinfo=timezone.utc)
    article.extras["charts"] = [{"png": "child-abuse-images/kent.png",
                                 "svg": "child-abuse-images/kent.svg", "alt": "A chart"},
                                {"svg": "child-abuse-images/kent-2.svg"}]
    version = next_version(article, None, article.release)
    doc = ninjs_item(article, version, "http://127.0.0.1:8000")
    assert [e.message for e in VALIDATOR.iter_errors(doc)] == []
    assert doc["embargoed"] == "2018-09-18T00:01:00+00:00"
    assert [a["renditions"][0]["href"] for a in doc["associations"]] == [
        "http://127.0.0.1:8000/child-abuse-images/kent.png",
        "http://127.0.0.1:8000/child-abuse-images/kent-2.svg"]

"""The whole path of issue 14 in a real headless Chromium (Playwright): build;
approve three drafts on the review page and publish from it; a subscriber
reads the feed over `newsgen serve`; a figure changes and the build runs
again: what outlets have does not move and the draft is stale; re-approved
and published: the same guid, a later date; withdrawn and published: a
withdrawal item. Throughout, no draft, rejected or embargoed story can be
fetched from `newsgen serve` by any path.

Screenshots go to tests/artifacts/.
"""

import http.client
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import feedparser
import pytest

from review_helpers import give_name

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "newsgen" / "shipped" / "data"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
KIT, HELD = "child-abuse-images", "held-images"
FORCES = ("Derbyshire", "Cheshire", "Kent", "Bedfordshire")
SLUGS = ("derbyshire", "cheshire", "kent", "bedfordshire")
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
ENV.pop("NEWSGEN_REVIEW_PASSWORD", None)

if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
    pytest.skip("no /usr/bin/chromium (under CI=true this fails instead)", allow_module_level=True)


def newsgen(*args):
    done = subprocess.run([sys.executable, "-m", "newsgen", *map(str, args)], env=ENV, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


def start(*args) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "newsgen", *map(str, args), "--port", "0"],
                            env=ENV, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    line = proc.stdout.readline()
    url = next(w for w in line.split() if w.startswith("http://")).rstrip("/")
    return proc, url


def fetch(url: str, path: str) -> tuple[int, bytes]:
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def feed(url: str, name: str = "all") -> dict:
    parsed = feedparser.parse(f"{url}/feeds/{name}.xml")
    assert parsed.status == 200 and parsed.bozo == 0, parsed.get("bozo_exception")
    return {e.id.split(":")[3]: e for e in parsed.entries}


def unreachable(url: str, kit: str, slug: str, keep_notice: bool = False) -> None:
    """Nothing of the story can be fetched, by its address or any other."""
    paths = [f"/{kit}/{slug}.{ext}" for ext in ("txt", "json", "svg", "png")]
    if not keep_notice:   # a withdrawn story's page and ninjs item are its notice
        paths += [f"/{kit}/{slug}.html", f"/ninjs/{kit}/{slug}.json"]
    paths += [f"/drafts/{kit}/{slug}.html",
              f"/../drafts/{kit}/{slug}.txt", f"/%2e%2e/drafts/{kit}/{slug}.txt",
              f"/public/../drafts/{kit}/{slug}.json", f"/{kit}/%2e%2e/%2e%2e/drafts/{kit}/{slug}.txt",
              f"//drafts/{kit}/{slug}.txt", f"/{kit}/", f"/{kit}", "/", "/drafts/", "/review.db",
              "/../review.db", "/%2e%2e/review.db"]
    for path in paths:
        status, body = fetch(url, path)
        assert status == 404, path
        assert b"<li>" not in body and b"offences" not in body, path


@pytest.fixture
def newsroom(tmp_path):
    """Two stories read one data file of the test's: the NSPCC story, and a
    copy of it under an embargo that has not passed."""
    data = tmp_path / "figures.csv"
    shutil.copy(DATA / "nspcc-child-abuse-image-offences-2018.csv", data)
    kits = tmp_path / "kits"
    for name in (KIT, HELD):
        shutil.copytree(ROOT / "newsgen" / "shipped" / "kits" / KIT, kits / name)
        toml = (kits / name / "kit.toml").read_text()
        toml = toml.replace('file = "../../data/nspcc-child-abuse-image-offences-2018.csv"',
                            f'file = "{data.as_posix()}"')
        if name == HELD:
            toml = toml.replace(f'name = "{KIT}"', f'name = "{HELD}"', 1)
            toml = toml.replace("auto_release = false",
                                "auto_release = false\nembargo = 2099-01-01T00:00:00Z")
        (kits / name / "kit.toml").write_text(toml)
    out = tmp_path / "out"
    args = ["build", *(a for f in FORCES for a in ("--force", f)), "--story", KIT,
            "--story", HELD, "--kits", kits, "-o", out]
    newsgen(*args)
    review, review_url = start("review", "serve", "--db", out / "review.db")
    server, public_url = start("serve", "-o", out)
    try:
        yield out, data, args, review_url, public_url
    finally:
        for proc in (review, server):
            proc.terminate()
            proc.wait(timeout=10)


def publish(page, base: str, expect_rows: int) -> None:
    from playwright.sync_api import expect
    page.goto(base + "/")
    page.locator("#publish-link").click()
    expect(page.locator("h1")).to_have_text("Publish")
    expect(page.locator("#changes tbody tr")).to_have_count(expect_rows)
    page.locator("#publish-form button[type=submit]").click()
    expect(page.locator("#result")).to_have_text("Published", timeout=120_000)


def test_the_whole_path_from_draft_to_subscriber_and_back(newsroom):
    from playwright.sync_api import expect, sync_playwright

    out, data, build_args, base, public = newsroom
    ARTIFACTS.mkdir(exist_ok=True)
    assert feed(public) == {}
    for kit in (KIT, HELD):
        for slug in SLUGS:
            unreachable(public, kit, slug)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(base + "/?story=" + KIT)
            expect(page.locator("h1")).to_have_text("Drafts (4)")
            rows = {slug: page.locator("tr", has=page.get_by_role("link", name=force, exact=True))
                    for slug, force in zip(SLUGS, FORCES)}
            for slug in ("derbyshire", "cheshire", "kent"):
                rows[slug].locator("input[type=checkbox]").check()
            page.locator("input[name=editor]").fill("Sam Jones")
            page.get_by_role("button", name="Approve chosen drafts").click()
            # Bedfordshire is rejected; the embargoed story's Derbyshire approved
            page.goto(base + "/?story=" + KIT)
            rows["bedfordshire"].get_by_role("link").click()
            give_name(page, "Sam Jones")
            page.locator("#reject-form input[name=note]").fill("the footer overstates the check")
            page.locator("#reject-form button[type=submit]").click()
            expect(page.locator("#status")).to_have_text("rejected")
            page.goto(base + "/?story=" + HELD)
            page.get_by_role("link", name="Derbyshire", exact=True).click()
            give_name(page, "Sam Jones")
            page.locator("#approve-form button[type=submit]").click()
            expect(page.locator("#status")).to_have_text("approved")

            page.goto(base + "/")
            page.locator("#publish-link").click()
            expect(page.locator("#held")).to_contain_text("embargoed until 2099-01-01")
            page.screenshot(path=str(ARTIFACTS / "publish-confirm.png"), full_page=True)
            publish(page, base, 3)
            page.screenshot(path=str(ARTIFACTS / "publish-done.png"), full_page=True)

            first = feed(public)
            assert set(first) == {"derbyshire", "cheshire", "kent"}
            assert set(feed(public, "derbyshire")) == {"derbyshire"}
            published = {slug: fetch(public, f"/{KIT}/{slug}.html")[1] for slug in first}
            assert b"301" in published["derbyshire"]
            unreachable(public, KIT, "bedfordshire")
            for slug in SLUGS:
                unreachable(public, HELD, slug)

            # New figures: a rebuild changes nothing outlets have; the draft is stale.
            text = data.read_text().replace("Derbyshire,2017-18,all,301,",
                                            "Derbyshire,2017-18,all,351,")
            data.write_text(text)
            newsgen(*build_args)
            again = feed(public)
            assert {s: (e.updated, e.content[0].value) for s, e in again.items()} == \
                {s: (e.updated, e.content[0].value) for s, e in first.items()}
            assert {s: fetch(public, f"/{KIT}/{s}.html")[1] for s in first} == published
            page.goto(base + "/?story=" + KIT)
            rows["derbyshire"].get_by_role("link").click()
            expect(page.locator("#stale")).to_be_visible()
            expect(page.locator("#out")).to_contain_text("outlets have version 1")

            # Re-approved and published: a correction under the same guid.
            time.sleep(1.1)   # a later second than the first release
            give_name(page, "Alex Editor")
            page.locator("#approve-form button[type=submit]").click()
            expect(page.locator("#status")).to_have_text("approved")
            publish(page, base, 1)
            corrected = feed(public)
            assert corrected["derbyshire"].id == first["derbyshire"].id
            assert corrected["derbyshire"].updated_parsed > first["derbyshire"].updated_parsed
            assert "351" in corrected["derbyshire"].content[0].value
            assert "Corrected:" in corrected["derbyshire"].content[0].value
            assert corrected["cheshire"].updated == first["cheshire"].updated  # not re-approved

            # Withdrawn and published: a withdrawal item in every feed that carried it.
            page.goto(base + "/?story=" + KIT)
            rows["kent"].get_by_role("link").click()
            expect(page.locator("#reject-form button[type=submit]")).to_have_text("Withdraw")
            give_name(page, "Alex Editor")
            page.locator("#reject-form input[name=note]").fill("the force restated its figures")
            page.locator("#reject-form button[type=submit]").click()
            publish(page, base, 1)
            page.screenshot(path=str(ARTIFACTS / "publish-withdrawn.png"), full_page=True)
        finally:
            browser.close()

    for name in ("all", "kent", "regions/south-east"):
        kent = feed(public, name)["kent"]
        assert kent.id == first["kent"].id and kent.title.startswith("Withdrawn: ")
        assert "the force restated its figures" in kent.content[0].value
    for path in (f"/{KIT}/kent.html", f"/ninjs/{KIT}/kent.json"):
        status, notice = fetch(public, path)
        assert status == 200 and b"has been withdrawn" in notice, path
        assert b"1,042" not in notice and b"1042" not in notice, path
    assert b'"pubstatus": "canceled"' in fetch(public, f"/ninjs/{KIT}/kent.json")[1]
    unreachable(public, KIT, "kent", keep_notice=True)
    unreachable(public, KIT, "bedfordshire")
    for slug in SLUGS:
        unreachable(public, HELD, slug)

"""Two editors, each logged in to their own account in their own Chromium
context, work on one draft at once. Whatever they click (save over each
other, click Save on the conflict page without choosing, go Back and save
the old form, double-click Save) no saved edit is lost unless its editor
chooses so, and the log names each account.

Screenshots of the conflict page go to tests/artifacts/.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsgen.review.store import ReviewStore
from review_helpers import review_page

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
ANN = ("Ann Editor", "ann's long password")
BEA = ("Bea Editor", "bea's long password")
ANN_OLD, ANN_NEW = "down slightly from 302 the year", "a whisker down from 302 the year"
BEA_ADDS = " Bea checked this with the force."

if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
    pytest.skip("no /usr/bin/chromium (under CI=true this fails instead)", allow_module_level=True)


def newsgen(*args, env=None):
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "newsgen", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def server(tmp_path):
    out = tmp_path / "out"
    built = newsgen("build", "--story", "child-abuse-images", "--force", "Derbyshire",
                    "--force", "Kent", "-o", str(out), "--no-charts")
    assert built.returncode == 0, built.stderr
    db = out / "review.db"
    for name, password in (ANN, BEA):
        added = newsgen("review", "add-editor", name, "--db", str(db),
                        env={"NEWSGEN_EDITOR_PASSWORD": password})
        assert added.returncode == 0, added.stderr
    with review_page(db) as base:
        yield db, base


def saved_text(db):
    with ReviewStore(db) as store:
        row = store.by_key("child-abuse-images/derbyshire/2017-18")
        return row["edited_text"] or row["machine_text"]


def test_two_editors_in_two_browsers_never_lose_a_saved_edit(server):
    from playwright.sync_api import expect, sync_playwright

    db, base = server
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            ann_ctx = browser.new_context(http_credentials={"username": ANN[0], "password": ANN[1]},
                                          viewport={"width": 1400, "height": 1000})
            bea_ctx = browser.new_context(http_credentials={"username": BEA[0], "password": BEA[1]},
                                          viewport={"width": 1400, "height": 1000})
            ann, bea, bea_old = ann_ctx.new_page(), bea_ctx.new_page(), bea_ctx.new_page()
            for page, who in ((ann, ANN), (bea, BEA), (bea_old, BEA)):
                page.goto(base + "/draft/1")
                expect(page.locator("#who").first).to_have_text(who[0])   # the login, no name box
                expect(page.locator("input[name=editor]")).to_have_count(0)

            # Ann saves first
            box = ann.locator("#edit-form textarea")
            box.fill(box.input_value().replace(ANN_OLD, ANN_NEW))
            ann.locator("#edit-form button[type=submit]").click()
            expect(ann.locator(".message")).to_have_text("saved")

            # Bea, on the page she opened before, adds a sentence elsewhere and saves
            box = bea.locator("#edit-form textarea")
            text = box.input_value()
            assert ANN_OLD in text
            box.fill(text.replace("about one in 75 of them.", "about one in 75 of them." + BEA_ADDS))
            bea.locator("#edit-form button[type=submit]").click()
            expect(bea.locator("#conflict h2")).to_have_text(
                "Not saved: someone else saved this draft first")
            expect(bea.locator("#conflict-theirs ins").first).to_contain_text("whisker")
            expect(bea.locator("#conflict-mine ins")).to_contain_text("Bea checked this")
            expect(bea.locator("#edit-form")).to_have_count(0)
            bea.screenshot(path=str(ARTIFACTS / "review-conflict.png"), full_page=True)
            assert ANN_NEW in saved_text(db) and BEA_ADDS.strip() not in saved_text(db)

            # Bea clicks Save again without choosing: the browser asks her to choose ...
            bea.locator("#resolve-form button[type=submit]").click()
            expect(bea.locator("#conflict")).to_be_visible()
            # ... and if the browser did not, the server refuses: nothing is saved
            bea.evaluate("document.getElementById('resolve-form').noValidate = true")
            bea.locator("#resolve-form button[type=submit]").click()
            expect(bea.locator(".message")).to_contain_text("choose how to settle the conflict")
            assert ANN_NEW in saved_text(db) and BEA_ADDS.strip() not in saved_text(db)

            # Bea chooses: the merged text, which keeps both
            bea.locator("#resolve-form input[value=merged]").check()
            bea.locator("#resolve-form button[type=submit]").click()
            expect(bea.locator(".message")).to_have_text("saved the merged text")
            both = saved_text(db)
            assert ANN_NEW in both and BEA_ADDS.strip() in both

            # Bea's other tab, opened before all this, saves its old form: a conflict, not a save
            bea_old.locator("#edit-form textarea").fill(
                bea_old.locator("#edit-form textarea").input_value().replace("Of the offences recorded", "Of all the offences recorded"))
            bea_old.locator("#edit-form button[type=submit]").click()
            expect(bea_old.locator("#conflict")).to_be_visible()
            assert saved_text(db) == both

            # Ann, still on her page from before Bea's save, saves another change: a conflict
            box = ann.locator("#edit-form textarea")
            box.fill(box.input_value().replace("recorded, 264 were", "recorded, 264 of them were"))
            ann.locator("#edit-form button[type=submit]").click()
            expect(ann.locator("#conflict")).to_be_visible()
            expect(ann.locator("#conflict-theirs ins")).to_contain_text("Bea checked this")
            # she keeps theirs: Bea's sentence stays, her unsaved change is in the log
            ann.locator("#resolve-form input[value=theirs]").check()
            ann.locator("#resolve-form button[type=submit]").click()
            expect(ann.locator(".message")).to_have_text("kept the saved text")
            assert saved_text(db) == both

            # a double-click on Save saves once; the second click finds nothing new
            box = ann.locator("#edit-form textarea")
            box.fill(box.input_value().replace("recorded, 264 were", "recorded, 264 of them were"))
            ann.locator("#edit-form button[type=submit]").dblclick()
            expect(ann.locator("#status")).to_have_text("draft")
            final = saved_text(db)
            assert "264 of them were" in final and ANN_NEW in final and BEA_ADDS.strip() in final

            # Bea approves; the log names the accounts
            bea.goto(base + "/draft/1")
            bea.locator("#approve-form button[type=submit]").click()
            expect(bea.locator("#status")).to_have_text("approved")
            bea.screenshot(path=str(ARTIFACTS / "review-two-editors-approved.png"), full_page=True)
        finally:
            browser.close()
    with ReviewStore(db) as store:
        log = store.log(1)
    whos = {e["who"] for e in log if e["action"] != "create"}
    assert whos <= {ANN[0], BEA[0]}
    assert [e["who"] for e in log if e["action"] == "approved"] == [BEA[0]]
    notes = [e["note"] for e in log if e["action"] == "resolve"]
    assert any(n.startswith("conflict settled: kept Bea Editor's") for n in notes)
    assert "264 of them were" in " ".join(e["detail"] for e in log if e["action"] == "conflict")

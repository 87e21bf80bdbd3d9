"""The review desk in a real headless Chromium (Debian's, driven by
Playwright): the story view's choose-all and approve (after its summary),
approving and rejecting by keyboard, the preview as published and its
outlets, the page on a 390 px phone, and the accessibility basics (a name
for every control, a visible focus). Screenshots go to tests/artifacts/.
"""

import csv
import os
import shutil
from pathlib import Path

import pytest

from review_helpers import build_review_db, review_page
from test_review_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from newsgen.review.store import ReviewStore
from newsgen.sources.forces import load_forces
from newsgen.sources.outlets import OUTLETS_FILE

STORY = "child-abuse-images"
PHONE = {"width": 390, "height": 844}
# axe-core from npm, installed by .ci/run (outside CI the check skips without it)
AXE = Path(__file__).resolve().parent.parent / ".ci/axe/node_modules/axe-core/axe.min.js"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The NSPCC story for every force with figures, built once."""
    out = tmp_path_factory.mktemp("desk") / "out"
    build_review_db(out, ())
    return out


@pytest.fixture
def out(built, tmp_path):
    copy = tmp_path / "out"
    shutil.copytree(built, copy)
    return copy


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def drafts(db):
    with ReviewStore(db) as store:
        return {r["force"]: r for r in store.list(story=STORY)}


def last_action(db, draft_id):
    with ReviewStore(db) as store:
        return store.log(draft_id)[-1]


def test_story_view_chooses_all_and_approves_them_after_a_summary(out, browser):
    from playwright.sync_api import expect

    db = out / "review.db"
    before = drafts(db)
    with review_page(db) as base:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{base}/story/{STORY}")
        rows = page.locator("table.story-table tbody tr")
        expect(rows).to_have_count(len(before))
        # the outlying drafts come first, then the flagged ones
        outlying = [row.locator(".outlying").count() > 0 for row in rows.all()]
        marks = [row.locator(".flag, .outlying").count() > 0 for row in rows.all()]
        assert any(outlying) and outlying == sorted(outlying, reverse=True)
        assert marks == sorted(marks, reverse=True)
        page.screenshot(path=str(ARTIFACTS / "desk-story.png"), full_page=True)

        page.locator("#select-all").click()
        boxes = page.locator("table.story-table input[name=id]")
        assert all(box.is_checked() for box in boxes.all())
        page.get_by_role("button", name="Approve chosen…").click()
        expect(page.locator("#summary-title")).to_have_text(
            f"Approve {len(before)} drafts of {STORY}, 2017-18?")
        with ReviewStore(db) as store:   # nothing is done before the confirmation
            assert {r["status"] for r in store.list(story=STORY)} == {"draft"}
        page.screenshot(path=str(ARTIFACTS / "desk-story-summary.png"), full_page=True)
        page.get_by_label("Your name").fill("Sam Jones")
        page.get_by_role("button", name=f"Approve {len(before)} drafts").click()
        expect(page.locator(".message")).to_contain_text(f"approved {len(before)} draft(s)")
    after = drafts(db)
    assert {r["status"] for r in after.values()} == {"approved"}
    assert {r["updated_by"] for r in after.values()} == {"Sam Jones"}
    assert all(last_action(db, r["id"])["note"] == "bulk approval" for r in after.values())


def test_choosing_the_flagged_ones_and_rejecting_them_with_a_note(out, browser):
    from playwright.sync_api import expect

    db = out / "review.db"
    with review_page(db) as base:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{base}/story/{STORY}")
        page.locator("#select-flagged").click()
        chosen = [row.get_attribute("data-draft-id") for row in
                  page.locator("table.story-table tbody tr").all() if row.locator("input").is_checked()]
        flagged = [row.get_attribute("data-draft-id") for row in
                   page.locator("table.story-table tbody tr").all()
                   if row.locator(".flag, .outlying").count()]
        assert chosen == flagged and 0 < len(chosen) < page.locator("table.story-table tbody tr").count()
        page.get_by_role("button", name="Reject chosen…").click()
        expect(page.locator("#summary-title")).to_contain_text(f"Reject {len(chosen)} draft")
        page.get_by_label("Why").fill("the figures need a second source")
        page.get_by_label("Your name").fill("Sam Jones")
        page.locator("#confirm-form button[type=submit]").click()
        expect(page.locator(".message")).to_contain_text(f"rejected {len(chosen)} draft(s)")
    after = {str(r["id"]): r for r in drafts(db).values()}
    assert sorted(i for i, r in after.items() if r["status"] == "rejected") == sorted(chosen)
    assert last_action(db, int(chosen[0]))["note"] == "the figures need a second source"


def test_keyboard_j_j_a_approves_the_second_draft_as_the_logged_in_editor(out, browser):
    from playwright.sync_api import expect

    db = out / "review.db"
    with ReviewStore(db) as store:
        store.accounts.add("Ann Editor", "correct horse battery")
    with review_page(db) as base:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, http_credentials={
            "username": "Ann Editor", "password": "correct horse battery"})
        page = context.new_page()
        page.goto(f"{base}/story/{STORY}")
        second = page.locator("table.story-table tbody tr").nth(1)
        target = int(second.get_attribute("data-draft-id"))
        page.keyboard.press("j")
        page.keyboard.press("j")
        expect(second).to_have_class("kbd-current")
        expect(second.locator("a.draft-link")).to_be_focused()
        # the ring shows: the focused row's cells are shaded and outlined
        assert second.locator("td").first.evaluate("td => getComputedStyle(td).boxShadow") != "none"
        page.screenshot(path=str(ARTIFACTS / "desk-keyboard.png"))
        page.keyboard.press("a")
        expect(page.locator(".message")).to_have_text("approved")
        assert page.url.startswith(f"{base}/story/{STORY}")   # back where the editor was
        context.close()
    entry = last_action(db, target)
    assert (entry["action"], entry["who"]) == ("approved", "Ann Editor")
    assert sum(r["status"] == "approved" for r in drafts(db).values()) == 1


def test_keyboard_r_asks_why_in_a_dialog_and_rejects(out, browser):
    from playwright.sync_api import expect

    db = out / "review.db"
    with review_page(db) as base:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{base}/story/{STORY}")
        first = page.locator("table.story-table tbody tr").first
        target = int(first.get_attribute("data-draft-id"))
        page.keyboard.press("j")
        page.keyboard.press("r")
        dialog = page.get_by_role("dialog")
        expect(dialog).to_be_visible()
        note = dialog.get_by_label("Why")
        expect(note).to_be_focused()
        # typing in the box is typing, not keys: "a" here approves nothing
        page.keyboard.type("a figure is out of date")
        page.screenshot(path=str(ARTIFACTS / "desk-reject-dialog.png"))
        # no name given yet: the server says where to give it, and nothing is done
        page.keyboard.press("Enter")
        expect(page.locator(".problem, .message").first).to_contain_text("Your name")
        assert drafts(db)[first_force(db, target)]["status"] == "draft"

        page.goto(f"{base}/draft/{target}")
        page.get_by_label("Your name").fill("Sam Jones")
        page.get_by_label("Your name").press("Enter")
        expect(page.locator(".message")).to_contain_text("recorded as Sam Jones")
        page.locator("body").press("r")
        page.get_by_role("dialog").get_by_label("Why").fill("a figure is out of date")
        page.keyboard.press("Enter")
        expect(page.locator("#status")).to_have_text("rejected")
    entry = last_action(db, target)
    assert (entry["action"], entry["who"], entry["note"]) == \
        ("rejected", "Sam Jones", "a figure is out of date")


def first_force(db, draft_id):
    with ReviewStore(db) as store:
        return store.get(draft_id)["force"]


def test_e_goes_to_the_text_box_and_question_mark_shows_the_keys(out, browser):
    from playwright.sync_api import expect

    with review_page(out / "review.db") as base:
        page = browser.new_page()
        page.goto(f"{base}/draft/{drafts(out / 'review.db')['Kent']['id']}")
        expect(page.locator("#keys-help dl")).to_be_hidden()
        page.keyboard.press("?")
        expect(page.locator("#keys-help dl")).to_be_visible()
        expect(page.locator("#keys-help")).to_contain_text("reject it: asks why first")
        page.keyboard.press("e")
        expect(page.locator("#edit-form textarea")).to_be_focused()


def outlets_covering(force_name):
    """From data/outlets.csv itself: the outlets naming this force."""
    forces = load_forces()
    force = forces.resolve(force_name)
    with open(OUTLETS_FILE, newline="", encoding="utf-8") as fh:
        return sorted((row["outlet"], row["slug"]) for row in csv.DictReader(fh)
                      if force in [forces.resolve(p) for p in row["forces"].split(";") if p.strip()])


@pytest.mark.parametrize("force", ["Essex", "Kent", "Derbyshire"])
def test_the_preview_lists_the_outlets_that_will_carry_the_draft(out, browser, force):
    from playwright.sync_api import expect

    db = out / "review.db"
    row = drafts(db)[force]
    headline = row["machine_text"].split("\n", 1)[0]
    expected = outlets_covering(force)
    with review_page(db) as base:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{base}/draft/{row['id']}")
        preview = page.locator("#preview")
        shown = sorted(li.inner_text().split(" (")[0] for li in
                       page.locator("#preview-outlets li").all())
        assert shown == [name for name, _ in expected]
        expect(page.locator("#preview-item h3")).to_have_text(headline)
        feeds = page.locator("#preview-feeds li")
        expect(feeds).to_have_count(3 + len(expected))   # the area's, its region's, all, outlets'
        for _, slug in expected:
            expect(preview).to_contain_text(f"feeds/outlets/{slug}.xml")
        preview.screenshot(path=str(ARTIFACTS / f"desk-preview-{force.lower()}.png"))
        page.get_by_role("link", name="on the public article page").click()
        expect(page.locator("h1")).to_have_text(headline)


def test_on_a_390_px_phone_nothing_is_wider_than_the_screen(out, browser):
    from playwright.sync_api import expect

    db = out / "review.db"
    kent = drafts(db)["Kent"]["id"]
    with review_page(db) as base:
        page = browser.new_page(viewport=PHONE, device_scale_factor=1)
        for name, path in (("queue", "/"), ("story", f"/story/{STORY}"), ("draft", f"/draft/{kent}")):
            page.goto(base + path)
            expect(page.locator("h1")).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / f"desk-phone-{name}.png"), full_page=True)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], (path, width)
            narrow = page.evaluate(NARROWER_THAN_A_WORD, "table.facts td, table.story-table td")
            assert narrow == [], (path, narrow)
        # the draft page is one column: the figures come below the text, as wide as it
        story, figures = page.locator("#story").bounding_box(), page.locator("table.facts").bounding_box()
        assert figures["y"] > story["y"] + story["height"] and figures["width"] > 300


# The cells of these tables whose longest word is wider than the cell: a
# word broken letter by letter (measured in the cell's own font).
NARROWER_THAN_A_WORD = """selector => {
  const ctx = document.createElement("canvas").getContext("2d");
  const out = [];
  for (const td of document.querySelectorAll(selector)) {
    const style = getComputedStyle(td);
    ctx.font = style.font;
    const room = td.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    for (const word of td.innerText.split(/\\s+/).filter(Boolean)) {
      if (ctx.measureText(word).width > room + 1) out.push([word, room]);
    }
  }
  return out;
}"""


def test_every_control_has_a_name_and_a_visible_focus(out, browser):
    from playwright.sync_api import expect

    db = out / "review.db"
    kent = drafts(db)["Kent"]["id"]
    with review_page(db) as base:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for path in (f"/story/{STORY}", f"/draft/{kent}"):
            page.goto(base + path)
            # the accessibility tree: every control a screen reader meets has a name
            tree = page.locator("main").aria_snapshot()
            unnamed = [line for line in tree.splitlines()
                       if line.strip().startswith(("- textbox", "- checkbox", "- combobox",
                                                   "- button", "- link", "- radio"))
                       and line.strip().rstrip(":") in
                       ("- textbox", "- checkbox", "- combobox", "- button", "- link", "- radio")]
            assert unnamed == [], (path, unnamed)
            # Tab through the page: each stop shows an outline or the row's ring
            page.locator("body").click(position={"x": 1, "y": 1})
            for _ in range(25):
                page.keyboard.press("Tab")
                ring = page.evaluate("""() => { const el = document.activeElement;
                    const s = getComputedStyle(el);
                    return [el.tagName, s.outlineStyle, parseFloat(s.outlineWidth)]; }""")
                assert ring[1] != "none" and ring[2] >= 2, (path, ring)
        # and on the draft page the way to act needs no mouse: the name field, then approve
        page.get_by_label("Your name").focus()
        page.keyboard.type("Sam Jones")
        page.keyboard.press("Enter")
        expect(page.locator(".message")).to_contain_text("recorded as Sam Jones")
        page.locator("#approve-form button").focus()
        page.keyboard.press("Enter")
        expect(page.locator("#status")).to_have_text("approved")


@pytest.mark.skipif(not AXE.exists() and not os.environ.get("CI"),
                    reason="no axe-core (.ci/run installs it; under CI=true this fails instead)")
def test_axe_finds_nothing_on_the_desks_pages(out, browser):
    db = out / "review.db"
    kent = drafts(db)["Kent"]["id"]
    with review_page(db) as base:
        # axe is put in the page as an inline script, which the page's own CSP refuses
        context = browser.new_context(bypass_csp=True)
        page = context.new_page()
        found = {}
        for width in (1400, PHONE["width"]):
            page.set_viewport_size({"width": width, "height": 900})
            for path in (f"/story/{STORY}", f"/draft/{kent}", "summary", "/"):
                if path == "summary":
                    page.goto(f"{base}/story/{STORY}?select=flagged")
                    page.get_by_role("button", name="Reject chosen…").click()
                else:
                    page.goto(base + path)
                page.add_script_tag(path=str(AXE))
                violations = page.evaluate("""async () => (await axe.run(document, {runOnly:
                    ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"]})).violations
                    .map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(" "))])""")
                if path == "/":   # the queue's own table is another change's: serious ones only
                    violations = [v for v in violations if v[1] in ("serious", "critical")]
                if violations:
                    found[(width, path)] = violations
        context.close()
    assert found == {}

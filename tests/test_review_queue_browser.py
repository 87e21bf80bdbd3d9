"""The queue at scale in a real headless Chromium (Debian's, driven by
Playwright), over 130 synthetic drafts (three pages): search by a word of a
draft's text, pages that keep the filters, sorting by a column heading, the
force type-ahead, and an approval listed on the activity page with its editor.

Screenshots of the queue and the activity page go to tests/artifacts/.
"""

import re

import pytest

from benchmarks.synthetic import write_drafts
from newsgen.review.store import ReviewStore
from review_helpers import review_page
from test_review_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS


@pytest.fixture
def browser_page(tmp_path):
    from playwright.sync_api import sync_playwright

    db = tmp_path / "review.db"
    with ReviewStore(db) as store:
        write_drafts(store, 130, stories=2, periods=1)
        store.db.execute("UPDATE drafts SET edited_text = replace(machine_text, 'seven areas', "
                         "'seven zanzibar areas') WHERE id = 77")
    ARTIFACTS.mkdir(exist_ok=True)
    with review_page(db) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield db, base, browser.new_page(viewport={"width": 1400, "height": 1000})
        finally:
            browser.close()


def shown_ids(page):
    return [int(i) for i in page.locator("tbody tr[data-draft-id]").evaluate_all(
        "rows => rows.map(r => r.dataset.draftId)")]


def test_search_finds_a_draft_by_a_word_of_its_text(browser_page):
    from playwright.sync_api import expect
    _, base, page = browser_page
    page.goto(base + "/")
    expect(page.locator("h1")).to_have_text("Drafts (130)")
    page.get_by_label("Search headline and text").fill("zanzibar")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("h1")).to_have_text("Drafts (1)")
    assert shown_ids(page) == [77]
    assert "q=zanzibar" in page.url
    page.get_by_label("Search headline and text").fill('NEAR( "')   # FTS syntax is only text
    page.get_by_role("button", name="Show").click()
    expect(page.locator("h1")).to_have_text("Drafts (0)")
    expect(page.locator("#search-help")).to_contain_text("Left out of this search")


def test_pages_keep_the_filters_and_the_sort(browser_page):
    from playwright.sync_api import expect
    db, base, page = browser_page
    with ReviewStore(db) as store:
        drafts = [r["id"] for r in store.db.execute(
            "SELECT id FROM drafts WHERE status = 'draft' ORDER BY force, kit, period, id")]
    assert len(drafts) > 50
    page.goto(base + "/")
    page.locator("#status").select_option("draft")
    page.locator("#sort").select_option("force")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#shown")).to_contain_text(f"Showing 1–50 of {len(drafts)}, page 1 of")
    first = shown_ids(page)
    page.get_by_role("navigation", name="Pages of the queue").get_by_role("link", name="next").click()
    expect(page.locator("#shown")).to_contain_text("Showing 51–")
    assert "status=draft" in page.url and "sort=force" in page.url and "page=2" in page.url
    expect(page.locator("#status")).to_have_value("draft")
    assert first + shown_ids(page) == drafts[:100]
    page.screenshot(path=str(ARTIFACTS / "review-queue-page-2.png"), full_page=True)


def test_a_column_heading_sorts_and_sorts_back(browser_page):
    from playwright.sync_api import expect
    db, base, page = browser_page
    with ReviewStore(db) as store:
        by_force = [r[0] for r in store.db.execute(
            "SELECT id FROM drafts ORDER BY force, kit, period, id")]
    page.goto(base + "/")
    page.locator("a.sort-force").click()
    expect(page.locator("th[aria-sort]")).to_have_attribute("aria-sort", "ascending")
    assert shown_ids(page) == by_force[:50]
    page.locator("a.sort-force").click()
    expect(page.locator("th[aria-sort]")).to_have_attribute("aria-sort", "descending")
    assert shown_ids(page) == by_force[::-1][:50]


def test_the_force_type_ahead_filters_by_the_name_typed(browser_page):
    from playwright.sync_api import expect
    db, base, page = browser_page
    page.goto(base + "/")
    box = page.get_by_label("Force or area")
    assert box.get_attribute("list") == "force-names"
    options = page.locator("datalist#force-names option")
    expect(options).to_have_count(65)
    assert options.nth(2).get_attribute("value") == "Synthetic Area 00003"
    box.fill("synthetic area 00003")   # as typed: any case
    box.press("Enter")
    expect(page.locator("h1")).to_have_text("Drafts (2)")
    forces = page.locator("tbody tr a.draft-link").all_inner_texts()
    assert forces == ["Synthetic Area 00003"] * 2


def test_an_approval_is_on_the_activity_page_with_its_editor(browser_page):
    from playwright.sync_api import expect
    db, base, page = browser_page
    with ReviewStore(db) as store:
        chosen = store.db.execute("SELECT id FROM drafts WHERE status = 'draft' AND stale = 0 "
                                  "ORDER BY kit, period, force, id LIMIT 1").fetchone()[0]
    page.goto(base + "/?status=draft")
    page.get_by_label(f"choose draft {chosen}", exact=True).check()
    page.locator("#bulk-form").get_by_label("Your name").fill("Robin Editor")
    page.get_by_role("button", name="Approve chosen drafts").click()
    expect(page.locator(".message")).to_contain_text(f"approved 1 draft(s): {chosen}")
    page.goto(base + "/?sort=updated")
    row = page.locator(f'tr[data-draft-id="{chosen}"]')
    expect(row.locator(".last")).to_contain_text("approved · Robin Editor")
    page.get_by_role("link", name="Activity", exact=True).click()
    first = page.locator("table.activity tbody tr").first
    expect(first.locator(".who")).to_have_text("Robin Editor")
    expect(first.locator(".action")).to_have_text("approved")
    expect(first.locator("a.draft-link")).to_have_attribute("href", f"/draft/{chosen}")
    page.get_by_label("Editor").fill("robin editor")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("h1")).to_have_text("Activity (1)")
    assert re.search(r"editor=robin\+editor", page.url)
    page.screenshot(path=str(ARTIFACTS / "review-activity.png"), full_page=True)
    page.goto(base + "/activity")
    page.screenshot(path=str(ARTIFACTS / "review-activity-all.png"), full_page=True)

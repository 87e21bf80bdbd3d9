"""The leads page in a real headless Chromium: scan, open the leads, filter
to one force, open a lead (its chart drawn), write the story, and land on its
draft in the queue. Screenshots go to tests/artifacts/."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from review_helpers import review_page

from test_review_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent

if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
    pytest.skip("no /usr/bin/chromium (under CI=true this fails instead)", allow_module_level=True)


@pytest.fixture
def server(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("NEWSGEN_REVIEW_PASSWORD", None)
    scanned = subprocess.run([sys.executable, "-m", "newsgen", "leads", "--top", "0",
                              "-o", str(tmp_path)], env=env, cwd=ROOT, capture_output=True,
                             text=True, timeout=120)
    assert scanned.returncode == 0, scanned.stderr
    with review_page(tmp_path / "review.db") as base:
        yield tmp_path, base


def test_from_the_leads_to_a_draft(server):
    from playwright.sync_api import expect, sync_playwright

    out, base = server
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(base + "/")
            page.get_by_role("link", name="Leads").click()
            expect(page.locator("h1")).to_contain_text("Leads for 2018-12-31")
            page.select_option("select[name=area]", "cleveland")
            page.get_by_role("button", name="Filter").click()
            rows = page.locator("table.leads tbody tr")
            expect(rows.first).to_contain_text("Cleveland")
            assert all("Cleveland" in t for t in rows.all_inner_texts())
            page.screenshot(path=str(ARTIFACTS / "leads-list.png"), full_page=True)

            page.get_by_role("link", name="Homicides in Cleveland at highest level since 2003").click()
            expect(page.locator("#finding-record-high")).to_contain_text("the previous high was 12")
            chart = page.locator("figure.chart img")
            expect(chart).to_be_visible()
            assert page.evaluate("img => img.naturalWidth", chart.element_handle()) > 0
            page.screenshot(path=str(ARTIFACTS / "lead.png"), full_page=True)

            page.locator("#write-form input[name=editor]").fill("Sam Jones")
            page.locator("#write-form button[type=submit]").click()
            expect(page.locator("#status")).to_have_text("draft")
            expect(page.locator("#story")).to_contain_text(
                "Police in Cleveland recorded 15 homicides in the 12 months to December 2018")
            expect(page.locator(".message")).to_contain_text("from lead homicide/cleveland")
            page.screenshot(path=str(ARTIFACTS / "lead-draft.png"), full_page=True)
        finally:
            browser.close()

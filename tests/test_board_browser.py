"""The public board in a real browser: headless Chromium (the distribution's, driven by
Playwright) visits the board and a challenge page as a visitor would, with the keyboard."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from tests.test_board_web import NASTY, board_on
from tests.test_challenges_e2e import post_challenge
from tests.test_stages_e2e import UNLIKE

try:
    from playwright.sync_api import Page, sync_playwright
except ImportError:  # pragma: no cover - the test extra installs it
    sync_playwright = None

CHROMIUM = next((path for path in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                                   shutil.which("chromium-browser")) if path and os.path.exists(path)), None)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.skipif(sync_playwright is None or CHROMIUM is None,
                                reason="needs Playwright (pip install -e '.[test]') and Chromium "
                                       "(apt-get install chromium); .ci/run installs both")

# WCAG 2.2 AA contrast of every piece of text against the background it is drawn on.
CONTRAST = """() => {
  const channel = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const rgba = text => (text.match(/[\\d.]+/g) || []).map(Number);
  const background = element => {
    for (let e = element; e; e = e.parentElement) {
      const [r, g, b, a] = rgba(getComputedStyle(e).backgroundColor);
      if (a === undefined || a > 0) return [r, g, b];
    }
    return [255, 255, 255];
  };
  const failures = [];
  for (const element of document.querySelectorAll("body *")) {
    const own = [...element.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const style = getComputedStyle(element);
    if (!own || style.display === "none" || style.visibility === "hidden" || element.offsetParent === null) continue;
    const [fg, bg] = [luminance(rgba(style.color)), luminance(background(element))];
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && style.fontWeight >= 700);
    if (ratio < (large ? 3 : 4.5)) failures.push(`${element.tagName} "${element.textContent.trim().slice(0, 40)}" ${ratio.toFixed(2)}`);
  }
  return failures;
}"""


@pytest.fixture
def browser_page() -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=True)
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.dialogs = dialogs
        yield page
        browser.close()


def tab_to(page: Page, text: str, limit: int = 40) -> None:
    """Press Tab until the focused element's text contains `text` (as a keyboard user would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if text in (page.evaluate("document.activeElement.textContent") or ""):
            return
    raise AssertionError(f"could not reach {text!r} with the keyboard")


def test_a_visitor_reads_the_board_and_a_challenge_with_the_keyboard(dozen, browser_page, tmp_path):
    page = browser_page
    loved = post_challenge(dozen)
    post_challenge(dozen, user="UBOB", **{**UNLIKE, "title": NASTY})
    for user in ("UCAROL", "UDAN"):
        dozen.slack.react(user, loved.channel, loved.ts)
    dozen.settle()
    base = dozen.slack.url

    assert page.goto(base + "/board").status == 404  # off by default
    board_on(dozen)
    response = page.goto(base + "/board")
    assert response.status == 200
    assert page.title() == "Dozen: the public board"
    assert page.get_by_role("heading", level=1).inner_text() == "The challenge board"
    lanes = [h.inner_text() for h in page.get_by_role("heading", level=2).all()]
    assert lanes == ["Proposed (2)", "Shortlisted (0)", "Funded (0)", "In progress (0)", "Delivered (0)"]
    for landmark in ("banner", "main", "contentinfo"):
        assert page.get_by_role(landmark).count() == 1, landmark
    cards = [h.inner_text() for h in page.locator(".lane").first.get_by_role("heading", level=3).all()]
    assert cards == ["C-1: Cut the housing repairs backlog", f"C-2: {NASTY}"]  # most votes first; typed text as text
    first_card = page.locator(".card").first
    assert "Leeds" in first_card.inner_text() and "Votes\n2" in first_card.inner_text()
    assert page.dialogs == [] and page.locator("b", has_text="bold").count() == 0  # nothing typed ran or rendered
    assert page.evaluate(CONTRAST) == []
    page.screenshot(path=str(tmp_path / "board.png"), full_page=True)

    # Keyboard only: the skip link comes first, then the cards' links.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    focus = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
    assert focus == "rgb(255, 221, 0)"  # the focus style is visible
    page.keyboard.press("Enter")
    tab_to(page, "C-1: Cut the housing repairs backlog")
    page.keyboard.press("Enter")
    page.wait_for_url("**/board/C-1")
    assert page.get_by_role("heading", level=1).inner_text() == "C-1: Cut the housing repairs backlog"
    assert page.get_by_text("Tenants wait 9 weeks for repairs").is_visible()
    sections = [h.inner_text() for h in page.get_by_role("heading", level=2).all()]
    assert sections == ["The problem", "Funding", "Stages", "People working on it", "Check-ins", "Outcome"]
    summary = page.locator("dl.summary").inner_text()
    assert "Council\nLeeds" in summary and "Votes\n2" in summary and "Stage\nProposed" in summary
    assert page.evaluate(CONTRAST) == []
    page.screenshot(path=str(tmp_path / "challenge.png"), full_page=True)
    tab_to(page, "The challenge board")  # back by the breadcrumb
    page.keyboard.press("Enter")
    page.wait_for_url("**/board")

    page.goto(base + "/board/C-2")
    assert page.get_by_role("heading", level=1).inner_text() == f"C-2: {NASTY}"
    assert page.dialogs == []
    assert page.goto(base + "/board/C-99").status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"

"""The HTML page in a real (headless Debian) Chromium: links scroll to and mark sentences."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from crossroads.model import Analysis
from crossroads.render.html import render_html

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
        reason="needs Debian's chromium and chromium-driver (/usr/bin/chromium, "
        "/usr/bin/chromedriver): apt-get install chromium chromium-driver",
    ),
]

IN_VIEWPORT = """
const r = arguments[0].getBoundingClientRect();
return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
"""


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,900",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()


def test_clicking_evidence_highlights_the_sentence(
    browser: webdriver.Chrome, analysis: Analysis, tmp_path: Path
) -> None:
    driver = browser
    page = tmp_path / "map.html"
    page.write_text(render_html(analysis), encoding="utf-8")
    driver.get(page.as_uri())

    link = driver.find_element(By.CSS_SELECTOR, '#issue-economy a.ref[href="#d2:s3"]')
    target = driver.find_element(By.ID, "d2:s3")
    assert "highlight" not in (target.get_attribute("class") or "")
    assert not driver.execute_script(IN_VIEWPORT, target)
    link.click()

    wait = WebDriverWait(driver, 5)
    wait.until(lambda d: "highlight" in (target.get_attribute("class") or "").split())
    wait.until(lambda d: d.execute_script(IN_VIEWPORT, target))
    assert driver.execute_script("return location.hash") == "#d2:s3"
    # The side panel shows the labels of the selected sentence.
    assert driver.find_element(By.ID, "inspector-id").text == "d2:s3"
    assert "Economy" in driver.find_element(By.ID, "inspector-fields").text

    # Following a second claim moves the highlight: one sentence is marked at a time.
    driver.execute_script("window.scrollTo(0, 0)")
    driver.find_element(By.CSS_SELECTOR, '#agenda a.ref[href="#d1:s7"]').click()
    other = driver.find_element(By.ID, "d1:s7")
    wait.until(lambda d: "highlight" in (other.get_attribute("class") or "").split())
    wait.until(lambda d: d.execute_script(IN_VIEWPORT, other))
    marked = driver.find_elements(By.CSS_SELECTOR, ".highlight")
    assert [m.get_attribute("id") for m in marked] == ["d1:s7"]

    # Clicking a sentence in the text selects it too.
    driver.find_element(By.ID, "d1:s4").click()
    assert driver.find_element(By.ID, "inspector-id").text == "d1:s4"
    assert "China" in driver.find_element(By.ID, "inspector-fields").text
    errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    assert errors == []

    shots = Path(os.environ.get("CROSSROADS_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    shot = shots / "report-highlight.png"
    assert driver.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

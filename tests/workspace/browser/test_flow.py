"""A user's first session in a browser: from signing in to the labels export.

Sign in through the form, create an Indonesia–Australia workspace, upload two documents and
watch their jobs finish (htmx polling), read the map, correct one sentence's valence in
place and see the map's cell follow, mark the document reviewed and download
``labels.zip``. The server runs its worker with the real models, as ``crossroads serve``
does; no page may log a console error (a Content-Security-Policy violation would).
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Error, FloatRect, Page, expect

from .conftest import VIEWPORT, LiveServer

pytestmark = pytest.mark.browser

FISHERIES = """\
---
title: "Jakarta and Canberra sign a fisheries pact"
date: 2024-11-14
---

Indonesian and Australian ministers met in Darwin on Friday to sign a fisheries pact for the
Arafura Sea. Foreign Minister Sugiono said Indonesia welcomes the joint patrols and praised
Australia as a reliable partner. Australian Foreign Minister Penny Wong said Canberra is proud
to deepen maritime cooperation with Jakarta. Indonesia criticised Australia for burning seized
fishing boats from Rote Island last year. The pact sets shared quotas for snapper and funds
training for coast guard crews. Wong said both governments will share satellite data on
illegal fishing. Sugiono warned that Indonesian fishermen must not be jailed for crossing an
unmarked line. Both sides agreed to review the pact in two years. Sugiono added that
Indonesia will never host foreign military bases on its soil.
"""
TRADE = """\
Australian beef exporters are waiting for Jakarta to lift its import quotas.
Trade Minister Don Farrell said Australia welcomes Indonesia's plan to open its market to more
cattle. Indonesian Trade Minister Budi Santoso said the quotas protect local farmers and will
stay for now. Santoso accused Canberra of blocking Indonesian palm oil with unfair labelling
rules. Farrell said Australia wants a fair deal that helps farmers in both countries.
Indonesia said it is ready to cooperate on a new investment fund for electric vehicle
batteries. Analysts in Sydney expect the talks to resume after the Indonesian budget is passed.
The two countries signed their economic partnership agreement in 2019.
"""
WORKSPACE, SLUG = "Indonesia–Australia desk", "indonesia-australia-desk"
ANALYSIS_TIMEOUT = 300_000  # ms: the first job loads the models


def _console_errors(page: Page) -> list[str]:
    """The page's console errors and uncaught exceptions, as they come."""
    seen: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            seen.append(f"{page.url}: {message.text}")

    def on_error(error: Error) -> None:
        seen.append(f"{page.url}: {error}")

    page.on("console", on_console)
    page.on("pageerror", on_error)
    return seen


def _single_sentence_cell(page: Page) -> tuple[str, str, str, str]:
    """A map cell whose position rests on one voiced sentence: issue, party, valence, link."""
    for cell in page.locator("#map td.pos[data-valence]").all():
        cites = cell.locator("a.cite")
        if cites.count() == 1 and "by its actions" not in cell.inner_text():
            row = cell.locator("xpath=ancestor::tr[1]")
            return (
                str(row.get_attribute("data-issue")),
                str(cell.get_attribute("data-party")),
                str(cell.get_attribute("data-valence")),
                str(cites.first.get_attribute("href")),
            )
    raise AssertionError("no position on the map rests on a single sentence")


def _nav(page: Page, name: str) -> None:
    """Follow a link of the workspace's navigation bar."""
    nav = page.get_by_role("navigation", name="Workspace")
    nav.get_by_role("link", name=name, exact=True).click()


def _shot(page: Page, folder: Path, name: str, *, down_to: str | None = None) -> None:
    """Save the window, or the page from its top down to the end of ``down_to``'s element."""
    path = folder / f"{name}.png"
    if down_to is None:
        page.screenshot(path=path, animations="disabled")
        return
    box = page.locator(down_to).bounding_box()
    assert box is not None
    bottom = box["y"] + box["height"] + page.evaluate("window.scrollY") + 16
    clip: FloatRect = {"x": 0, "y": 0, "width": VIEWPORT["width"], "height": bottom}
    page.screenshot(path=path, full_page=True, clip=clip, animations="disabled")


def test_sign_in_upload_correct_and_export(
    page: Page, live_server: LiveServer, screenshots: Path, tmp_path: Path
) -> None:
    errors = _console_errors(page)
    base = live_server.url

    # Sign in through the form: an anonymous visit is sent to it and comes back after.
    page.goto(base + "/")
    expect(page).to_have_url(re.compile(r"/login\?next=/$"))
    page.get_by_label("Name").fill(live_server.name)
    page.get_by_label("Password").fill(live_server.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your workspaces")).to_be_visible()
    expect(page.get_by_text("You are not a member of any workspace yet")).to_be_visible()

    # Create the workspace from the page (a superuser may); its creator is its admin.
    page.get_by_label("Name").fill(WORKSPACE)
    page.get_by_label("Dyad").fill("Indonesia-Australia")
    page.get_by_role("button", name="Create").click()
    expect(page).to_have_url(f"{base}/w/{SLUG}")
    expect(page.get_by_role("heading", name=WORKSPACE)).to_be_visible()
    expect(page.get_by_text("No documents yet.")).to_be_visible()
    page.get_by_role("link", name="Crossroads").click()
    row = page.locator("table.list tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(WORKSPACE)
    expect(row).to_contain_text("admin")
    _shot(page, screenshots, "workspaces")

    # Upload two files; the job list polls until both are analysed.
    row.get_by_role("link", name=WORKSPACE).click()
    _nav(page, "Add documents")
    (tmp_path / "fisheries.md").write_text(FISHERIES, encoding="utf-8")
    (tmp_path / "trade.txt").write_text(TRADE, encoding="utf-8")
    page.get_by_label(re.compile("^Files")).set_input_files(
        [tmp_path / "fisheries.md", tmp_path / "trade.txt"]
    )
    page.get_by_role("button", name="Analyse").click()
    expect(page).to_have_url(f"{base}/w/{SLUG}/jobs")
    jobs = page.locator("#jobs tr.job")
    expect(jobs).to_have_count(2)
    expect(page.locator("#jobs tr.job-done")).to_have_count(2, timeout=ANALYSIS_TIMEOUT)
    expect(page.locator("#jobs")).not_to_have_attribute("hx-get", re.compile("."))  # stopped
    expect(jobs.filter(has_text="fisheries.md")).to_contain_text("fisheries.md: added")
    expect(jobs.filter(has_text="trade.txt")).to_contain_text("trade.txt: added")
    _shot(page, screenshots, "jobs")
    _nav(page, "Documents")
    listed = page.locator("table.list tbody tr")
    expect(listed).to_have_count(2)
    expect(listed.filter(has_text="Jakarta and Canberra sign a fisheries pact")).to_contain_text(
        "2024-11-14"
    )

    # The overview: the timeline, and the map of issues × parties.
    _nav(page, "Overview")
    expect(page.locator("#selection")).to_contain_text("2 documents")
    expect(page.locator("#timeline svg")).to_be_visible()
    parties = page.locator("#map table.map thead th.party")
    expect(parties).to_have_text(["Indonesia", "Australia"])  # the dyad as named
    assert page.locator("#map tbody tr").count() >= 2  # several issues
    issue, party, before, cite = _single_sentence_cell(page)
    after = "critical" if before != "critical" else "cooperative"
    _shot(page, screenshots, "overview", down_to="#map")  # timeline and map

    # Open the cell's one sentence and correct its valence in place (htmx swaps the block).
    page.locator(f'#map a.cite[href="{cite}"]').first.click()
    anchor = cite.split("#", 1)[1]
    expect(page).to_have_url(re.compile(f"/w/{SLUG}/documents/\\d+#{anchor}$"))
    sentence = page.locator(f"article#{anchor}")
    valence = sentence.locator(".label-valence")
    expect(valence.locator(".value")).to_have_text(before)
    valence.locator("summary", has_text="Correct").click()
    valence.get_by_label(f"valence of {anchor}").select_option(after)
    valence.get_by_role("button", name="Save").click()
    valence = page.locator(f"article#{anchor} .label-valence")
    expect(valence).to_have_class(re.compile(r"\bcorrected\b"))
    expect(valence.locator(".value")).to_have_text(after)
    expect(valence.locator(".by")).to_contain_text(f"corrected by {live_server.name}")
    expect(valence.locator(".by")).to_contain_text(f"(machine: {before})")
    corrected_text = page.locator(f"article#{anchor} p.text").inner_text().split(" ", 1)[1]
    page.get_by_role("button", name="Mark reviewed").click()
    expect(page.get_by_role("button", name="Unmark reviewed")).to_be_visible()
    expect(page.locator("dl.meta")).to_contain_text(f"{live_server.name} (")
    page.locator(f"article#{anchor}").scroll_into_view_if_needed()
    _shot(page, screenshots, "document")

    # The map's cell follows the correction.
    _nav(page, "Overview")
    cell = page.locator(f'#map tr[data-issue="{issue}"] td.pos[data-party="{party}"]')
    expect(cell).to_have_attribute("data-valence", after)
    expect(cell.locator(".val")).to_have_text(after)
    assert before != after

    # Exports: labels.zip holds the reviewed document with the analyst's valence.
    _nav(page, "Exports")
    expect(page.get_by_role("heading", name=f"{WORKSPACE}: exports")).to_be_visible()
    _shot(page, screenshots, "exports")
    with page.expect_download() as info:
        page.get_by_role("link", name=f"{SLUG}-labels.zip").click()
    download = info.value
    assert download.suggested_filename == f"{SLUG}-labels.zip"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert f"{SLUG}-labels/summary.yaml" in names
        [record] = [json.loads(archive.read(n)) for n in names if n.endswith(".json")]
        assert f"{SLUG}-labels/{record['file']}" in names  # the text it labels
    assert record["meta"]["reviewed_by"] == [live_server.name]
    assert record["dyad"] == ["AUS", "IDN"]
    [gold] = [s for s in record["sentences"] if s["text"] == corrected_text]
    assert gold["valence"] == after
    assert set(gold) >= {"perspective", "issue", "valence", "frames", "recommendation"}

    assert errors == []

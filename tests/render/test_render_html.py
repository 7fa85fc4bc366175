"""The HTML page: every claim links to its sentence, nothing leaves the page, text is safe."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

import crossroads.render  # noqa: F401  (registers the renderers)
from crossroads import registry
from crossroads.model import Analysis
from crossroads.render.html import render_html


class Page(HTMLParser):
    """The parts of a page a test looks at: ids, links, sources, spans, script bodies."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, dict[str, str | None]]] = []
        self.sources: list[str] = []
        self.sentences: dict[str, dict[str, str | None]] = {}
        self.sentence_text: dict[str, str] = {}
        self.scripts = 0
        self._open_sentence: str | None = None
        self._stack: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "a" and a.get("href") is not None:
            self.links.append((str(a["href"]), a))
        for name in ("src", "href", "xlink:href", "action", "poster"):
            if a.get(name):
                self.sources.append(str(a[name]))
        if tag == "script":
            self.scripts += 1
        if tag == "span" and "sent" in (a.get("class") or "").split():
            self._open_sentence = str(a["id"])
            self.sentences[self._open_sentence] = a
            self.sentence_text[self._open_sentence] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            self._open_sentence = None

    def handle_data(self, data: str) -> None:
        if self._open_sentence:
            self.sentence_text[self._open_sentence] += data


@pytest.fixture
def page(analysis: Analysis) -> Page:
    return Page(render_html(analysis))


def claimed_ids(analysis: Analysis) -> set[str]:
    """Every sentence id the analysis cites: evidence, common ground, bridging, events."""
    ids = set()
    for issue in analysis.issues:
        ids.update(issue.common_ground)
        for position in issue.positions.values():
            ids.update(position.evidence)
    for item in analysis.agenda:
        ids.update(item.bridging)
    for doc in analysis.documents:
        ids.update(e.sentence_id for e in doc.events)
    return ids


def test_every_claim_is_a_link_to_a_sentence_on_the_page(analysis: Analysis, page: Page) -> None:
    linked = {href[1:] for href, _ in page.links if href.startswith("#")}
    assert claimed_ids(analysis) <= linked
    for target in linked:
        assert target in page.ids, f"link #{target} points nowhere"
    for sentence_id in claimed_ids(analysis):
        assert sentence_id in page.sentences


def test_map_cells_link_their_evidence(analysis: Analysis) -> None:
    html = render_html(analysis)
    map_html = html.split('id="map"')[1].split('id="charts"')[0]
    row = map_html.split('id="issue-economy"')[1].split("</tr>")[0]
    assert "▼ critical" in row and "▲ cooperative" in row
    assert '<span class="tag">development</span>' in row
    for sentence_id in ("d1:s6", "d1:s5", "d2:s3"):
        assert f'href="#{sentence_id}"' in row
    assert "0.71" in row and 'style="width: 71.0%"' in row


def test_page_refers_to_nothing_outside_itself(page: Page, analysis: Analysis) -> None:
    html = render_html(analysis)
    for value in page.sources:
        assert value.startswith("#"), f"external or relative reference: {value}"
    assert not re.search(r"url\(|@import|<link\b|<iframe\b|<img\b", html)
    # The briefing's source URL is shown as text, not fetched or linked.
    assert "https://www.fmprc.gov.cn/" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html)


def test_text_is_escaped_not_executed(analysis: Analysis, page: Page) -> None:
    html = render_html(analysis)
    assert page.scripts == 1  # only the page's own script
    assert page.sentence_text["d1:s9"].startswith(
        'One leaked draft was posted online with a stray <script>alert("x")</script>'
    )
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "A thaw on the &lt;b&gt;LAC&lt;/b&gt;?" in html and "<b>LAC</b>" not in html


def test_each_sentence_is_a_span_coloured_by_perspective(analysis: Analysis, page: Page) -> None:
    html = render_html(analysis)
    for doc in analysis.documents:
        for sentence in doc.sentences:
            attrs = page.sentences[sentence.id]
            classes = (attrs["class"] or "").split()
            assert f"persp-{sentence.perspective}" in classes
            assert page.sentence_text[sentence.id] == sentence.text
            assert f"valence: {sentence.valence}" in (attrs["title"] or "")
    assert "persp-IND" in html.split("<style>")[1].split("</style>")[0]
    legend = html.split('class="doclegend legend"')[1].split("</div>")[0]
    assert "India" in legend and "China" in legend and "Author" in legend
    # Sentences keep document order and headings between paragraphs stay as text.
    assert page.sentence_text["d1:s3"] in html.split("What next")[0]
    recommendation = page.sentences["d1:s7"]
    assert "rec" in (recommendation["class"] or "").split()
    assert "bridging proposal, agenda #1" in (recommendation["data-cited"] or "")


def test_several_documents_share_one_map(analysis: Analysis, page: Page) -> None:
    html = render_html(analysis)
    header = html.split("<header")[1].split("</header>")[0]
    assert "A thaw on the &lt;b&gt;LAC&lt;/b&gt;?" in header
    assert "Foreign Ministry Spokesperson&#39;s Regular Press Conference" in header
    assert "2 documents · 12 sentences · 3 issues · 5 events" in header
    assert {"doc-d1", "doc-d2"} <= page.ids
    assert html.count('<table class="map">') == 1


def test_charts_are_drawn_inline(analysis: Analysis) -> None:
    html = render_html(analysis)
    charts = html.split('id="charts"')[1].split('id="positions"')[0]
    assert charts.count("<svg") == 2
    assert charts.count('href="#issue-') == len(analysis.issues)  # one salience bar each
    assert "46%" in charts and "-1.00" in charts and "+1.00" in charts
    events = html.split('id="events"')[1].split('id="documents"')[0]
    timeline = events.split("<svg")[1].split("</svg>")[0]
    dated = [e for d in analysis.documents for e in d.events if e.date]
    assert timeline.count("<circle") == len(dated)
    assert "1 undated event not on the timeline." in events
    assert "Sign formal agreement" in events  # CAMEO names from the codebook


def test_empty_analysis_renders_a_page_that_says_so(empty: Analysis) -> None:
    empty.errors = ["d2: no text layer in the PDF"]
    html = render_html(empty)
    page = Page(html)
    assert "Vietnam – United States" in html
    assert "Untitled document" in html
    assert "No issue was found in these documents." in html
    assert "No agenda could be drawn from these documents." in html
    assert "No events between the parties are reported" in html
    assert "d2: no text layer in the PDF" in html
    assert "None" not in re.sub(r"<[^>]+>", " ", html)
    assert "d1:s1" in page.sentences


def test_a_citation_to_a_missing_sentence_is_not_a_dead_link(analysis: Analysis) -> None:
    analysis.issues[1].common_ground = ["d9:s1"]
    page = Page(render_html(analysis))
    assert "#d9:s1" not in {href for href, _ in page.links}
    assert all(href[1:] in page.ids for href, _ in page.links if href.startswith("#"))


def test_registered_as_html(analysis: Analysis) -> None:
    assert registry.renderers.make("html", analysis=analysis) == render_html(analysis)

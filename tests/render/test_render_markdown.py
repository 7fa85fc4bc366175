"""The Markdown memo: what an analyst checks before pasting it into a brief."""

from __future__ import annotations

import crossroads.render  # noqa: F401  (registers the renderers)
from crossroads import registry
from crossroads.model import Analysis
from crossroads.render.markdown import render_markdown


def table_rows(markdown: str, header_first_cell: str) -> tuple[list[str], list[list[str]]]:
    """The header and body rows of the Markdown table whose first header cell is given."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {header_first_cell} |"))
    block = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        block.append(line)
    split = [[c.strip() for c in row.strip("|").split(" | ")] for row in block]
    return split[0], split[2:]


def test_map_table_has_a_row_per_issue_with_each_partys_valence(analysis: Analysis) -> None:
    header, rows = table_rows(render_markdown(analysis), "Issue")
    assert header[:3] == ["Issue", "India", "China"]
    assert [r[0] for r in rows] == [i.label for i in analysis.issues]
    for issue, row in zip(analysis.issues, rows, strict=True):
        for party in ("IND", "CHN"):
            cell = row[header.index({"IND": "India", "CHN": "China"}[party])]
            if party in issue.positions:
                position = issue.positions[party]
                assert cell.startswith(f"**{position.valence}**")
                assert f"{len(position.evidence)} sentence" in cell
                for frame in position.frames:
                    assert frame in cell
            else:
                assert cell == "—"
    economy = rows[1]
    assert economy[header.index("Salience")] == "23%"
    assert economy[header.index("Divergence")] == "0.71"
    assert rows[2][header.index("Divergence")] == "n/a"


def test_title_and_summary_line_name_the_dyad_and_documents(analysis: Analysis) -> None:
    text = render_markdown(analysis)
    assert text.startswith("# India – China: perspective map\n")
    assert "Foreign Ministry Spokesperson's Regular Press Conference" in text
    assert "R. Mehta, 2024-10-25" in text
    assert "**2 documents · 12 sentences · 3 issues · 5 events**" in text


def test_contested_issues_quote_each_partys_evidence_with_ids(analysis: Analysis) -> None:
    text = render_markdown(analysis)
    section = text.split("## Where the parties diverge")[1].split("## Dialogue agenda")[0]
    # Most divergent first; diplomacy (one voice, no divergence) is not contested.
    assert section.index("### Economy (divergence 0.71)") < section.index(
        "### Regional order & borders (divergence 0.62)"
    )
    assert "Diplomacy" not in section
    assert (
        "“India has kept its screening of Chinese investment and its ban on Chinese apps "
        "in place.” [d1:s6]" in section
    )
    assert (
        "“The two sides should expand practical cooperation in trade and investment.” [d2:s3]"
        in (section)
    )
    assert "- **Common ground:**" in section
    assert "concerning the border area.” [d2:s1]" in section


def test_quotes_per_party_follow_the_option(analysis: Analysis) -> None:
    one = render_markdown(analysis, quotes=1)
    assert (
        "[d1:s2]" in one
        and "[d1:s3]" not in one.split("## Dialogue agenda")[0].split("## Where")[1]
    )
    nothing_contested = render_markdown(analysis, min_divergence=0.9)
    assert "No issue reaches a divergence of 0.90" in nothing_contested


def test_agenda_is_ranked_with_reasons_and_quoted_bridging(analysis: Analysis) -> None:
    section = render_markdown(analysis).split("## Dialogue agenda")[1].split("## Events")[0]
    first = section.index("1. **Regional order & borders**: The core dispute")
    second = section.index("2. **Economy**: Trade and investment curbs remain.")
    assert first < second
    assert (
        "Bridging: “Both sides should restore the Special Representatives talks on the "
        "boundary question.” [d1:s7]" in section
    )


def test_events_table_lists_every_event_in_date_order(analysis: Analysis) -> None:
    header, rows = table_rows(render_markdown(analysis), "Date")
    assert header == ["Date", "Actors", "CAMEO", "Goldstein", "Sentence"]
    assert [r[0] for r in rows] == ["2020-06", "2020-06-15", "2024-10-21", "2024-10-22", "undated"]
    signing = rows[2]
    assert signing[1] == "IND → CHN"
    assert signing[2].startswith("057")
    assert signing[3] == "+8.0"
    assert signing[4] == "[d1:s1]"


def test_markup_in_the_text_is_escaped(analysis: Analysis) -> None:
    analysis.issues[0].positions["author"].evidence = ["d1:s9"]
    text = render_markdown(analysis)
    assert "<script>" not in text and "<b>" not in text
    assert "\\<script\\>" in text
    # a pipe in a quoted sentence must not split a table or a line
    assert "a broken \\| table" in text


def test_empty_analysis_says_so_instead_of_failing(empty: Analysis) -> None:
    empty.errors = ["d2: no text layer in the PDF"]
    text = render_markdown(empty)
    assert text.startswith("# Vietnam – United States: perspective map")
    assert "- [d1] *untitled document*" in text
    assert "No issue was found in these documents." in text
    assert "No agenda could be drawn from these documents." in text
    assert "No events between the parties are reported" in text
    assert "## Notes on this run\n\n- d2: no text layer in the PDF" in text
    assert "None" not in text


def test_registered_as_md(analysis: Analysis) -> None:
    assert registry.renderers.make("md", analysis=analysis) == render_markdown(analysis)

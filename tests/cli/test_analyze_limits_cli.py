"""`crossroads analyze` on long, foreign and oversized documents: bounded, and said in one line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from crossroads.cli import main
from crossroads.model import Document
from crossroads.pipeline import (
    DEFAULT_STAGES,
    Pipeline,
    PipelineConfig,
    analyze,
    chunk_sentences,
    with_stages,
)
from crossroads.readers import read

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "indonesia-australia.md"
NILE = ROOT / "tests" / "data" / "analyze" / "nile-talks.txt"
FRENCH = (
    "Le Cambodge et les États-Unis ont convenu de reprendre l'an prochain les exercices "
    "militaires conjoints. Les deux ministres ont publié une déclaration commune à Phnom Penh, "
    "après une rencontre consacrée à la base navale de Ream et à la sécurité maritime."
)
CHINESE = (
    "柬埔寨和美国同意明年恢复联合军事演习。两国外交部长在金边会谈后发表联合声明，"
    "表示将加强在海上安全、排雷和救灾领域的合作，并就云壤海军基地问题保持沟通。"
)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["analyze", "-q", *args])


def _errors(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("crossroads: error:")]


def test_a_french_document_is_skipped_with_one_line_and_the_rest_analysed(tmp_path: Path) -> None:
    french = tmp_path / "declaration.txt"
    french.write_text(FRENCH, "utf-8")

    result = run(str(french), str(NILE), "--dyad", "EGY-ETH", "--format", "json")

    assert result.exit_code == 1
    assert _errors(result) == [
        f"crossroads: error: {french}: the text is in French (fr); Crossroads reads English only"
    ]
    out = json.loads(result.stdout)
    assert [d["source"] for d in out["documents"]] == [str(NILE)]
    assert out["documents"][0]["language"] == "en"
    assert out["errors"] == [f"{french}: the text is in French (fr); Crossroads reads English only"]


def test_a_chinese_document_alone_is_one_line_and_no_output(tmp_path: Path) -> None:
    chinese = tmp_path / "statement.md"
    chinese.write_text(CHINESE, "utf-8")

    result = run(str(chinese), "--dyad", "KHM-USA", "--format", "json")

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"crossroads: error: {chinese}: the text is in Chinese (zh); Crossroads reads English only"
    ]


def test_max_size_refuses_a_larger_file_and_keeps_the_others(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(NILE.read_text("utf-8") * 8, "utf-8")
    assert NILE.stat().st_size < 4096 < big.stat().st_size

    result = run(str(big), str(NILE), "--dyad", "EGY-ETH", "--format", "json", "--max-size", "4KB")

    assert result.exit_code == 1
    assert _errors(result) == [
        f"crossroads: error: {big}: larger than the 4 KB size limit (see --max-size)"
    ]
    assert [d["source"] for d in json.loads(result.stdout)["documents"]] == [str(NILE)]


def test_a_bad_max_size_is_a_usage_error() -> None:
    result = run(str(NILE), "--dyad", "EGY-ETH", "--max-size", "lots")

    assert result.exit_code == 2
    assert "Invalid value for --max-size: 'lots' is not a size" in result.stderr


def test_a_pathological_markdown_file_finishes_with_a_warning(tmp_path: Path) -> None:
    odd = tmp_path / "brackets.md"
    # 30 KB of "[" in one token: minutes in spaCy's tokenizer without the bound
    odd.write_text(NILE.read_text("utf-8") + "\n\nSee " + "[" * 30_000 + " above.\n", "utf-8")

    result = run(str(odd), "--dyad", "EGY-ETH", "--format", "json")

    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)["documents"][0]
    assert doc["warnings"] == ["1 token longer than 200 characters left out"]
    assert "[[[" not in doc["text"]
    assert (
        f"crossroads: warning: {odd}: 1 token longer than 200 characters left out"
        in result.stderr.splitlines()
    )


def _annotated(chunk: int) -> Document:
    # the rule issues, perspective and review of events: learned decisions weigh the
    # neighbours, which differ at the edge of a tiny chunk, the issue model reads the chunk
    # as the document around a sentence, and the perspective trees the parties' shares of
    # it (README, "Limits")
    stages = with_stages(
        DEFAULT_STAGES,
        ["crossroads.event_review.v1", "crossroads.issues.v1", "crossroads.perspective.v1"],
    )
    pipeline = Pipeline(("IDN", "AUS"), PipelineConfig(stages=stages, chunk_sentences=chunk))
    return pipeline.annotate(read(str(EXAMPLE)))


def test_a_long_document_in_chunks_reads_like_the_whole() -> None:
    whole = _annotated(1000)
    chunked = _annotated(8)  # 45 sentences: six chunks

    def spans(doc: Document) -> list[tuple[str, str, int, int, int]]:
        return [(s.id, s.text, s.start, s.end, s.paragraph) for s in doc.sentences]

    assert len(chunk_sentences(chunked.sentences, 8)) > 3
    assert chunked.text == whole.text
    assert spans(chunked) == spans(whole)
    assert all(chunked.text[s.start : s.end] == s.text for s in chunked.sentences)
    assert chunked.voice == whole.voice
    assert [e.to_contract() for e in chunked.events] == [e.to_contract() for e in whole.events]
    assert [s.perspective for s in chunked.sentences] == [s.perspective for s in whole.sentences]
    assert [s.issue for s in chunked.sentences] == [s.issue for s in whole.sentences]
    assert all(s.parse is None for s in chunked.sentences)  # let go chunk by chunk


def test_a_normal_document_is_one_chunk() -> None:
    doc = _annotated(PipelineConfig().chunk_sentences)

    assert len(chunk_sentences(doc.sentences, PipelineConfig().chunk_sentences)) == 1


def test_chunks_end_at_paragraphs_unless_one_paragraph_is_too_long() -> None:
    doc = _annotated(1000)

    chunks = chunk_sentences(doc.sentences, 5)

    assert [s for chunk in chunks for s in chunk] == doc.sentences
    for chunk in chunks[:-1]:
        ends_paragraph = (
            chunk[-1].paragraph != doc.sentences[doc.sentences.index(chunk[-1]) + 1].paragraph
        )
        assert ends_paragraph or len(chunk) == 10


class _Progress:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def start(self, total: int) -> None:
        self.calls.append(f"start {total}")

    def start_parts(self, total: int) -> None:
        self.calls.append(f"parts {total}")

    def part_done(self) -> None:
        self.calls.append("part")

    def done(self, source: str, error: Exception | None = None) -> None:
        self.calls.append("done")


def test_progress_counts_the_chunks_of_a_long_document() -> None:
    progress = _Progress()

    analysis = analyze([str(EXAMPLE)], ("IDN", "AUS"), PipelineConfig(chunk_sentences=20), progress)  # type: ignore[arg-type]

    assert analysis.errors == []
    parts = int(progress.calls[1].split()[1])
    assert parts >= 2
    assert progress.calls == ["start 1", f"parts {parts}", *["part"] * parts, "done"]

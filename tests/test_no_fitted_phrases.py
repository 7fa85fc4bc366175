"""No data file or rule module may quote a text we have read (General, not tuned).

A lexicon entry or pattern that repeats four or more words of the bundled example or of the
reference essay fits that text; it is not a reader. The essay is read from ``../shared``
(beside the repository in CI) only to check this, and the check is skipped without it.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ESSAY = ROOT.parent / "shared" / "eval" / "gold" / "seed-pacnet-cambodia-us.txt"
RUN = 4
WORD = re.compile(r"[A-Za-z]+")
FUNCTION = {"of", "the", "and", "for", "on", "in", "de", "to", "a", "s"}


def ngrams(text: str, n: int = RUN, names: bool = True) -> set[tuple[str, ...]]:
    """Runs of ``n`` words, lowercased; ``names=False`` leaves out proper names.

    A run whose words are all capitalised or function words ("the Law of the Sea", "Office
    of the High Commissioner") names an institution or a place: a fact, not a quotation.
    """
    words = WORD.findall(text.replace("’", "'"))
    out = set()
    for i in range(len(words) - n + 1):
        run = words[i : i + n]
        if not names and all(w[0].isupper() or w.lower() in FUNCTION for w in run):
            continue
        out.add(tuple(w.lower() for w in run))
    return out


def rule_files() -> list[Path]:
    data = ROOT / "src" / "crossroads" / "data"
    files = [p for p in data.iterdir() if p.suffix in (".yaml", ".csv", ".txt")]
    for folder in ("annotate", "text", "learned", "reference"):
        files += sorted((ROOT / "src" / "crossroads" / folder).glob("*.py"))
    return files


def quoted_runs(known: Path) -> dict[str, set[tuple[str, ...]]]:
    grams = ngrams(known.read_text(encoding="utf-8"))
    found = {}
    for path in rule_files():
        # regex alternations and list markup are word boundaries too
        text = re.sub(r"[|()?\\\[\]]", " ", path.read_text(encoding="utf-8"))
        hits = ngrams(text, names=False) & grams
        if hits:
            found[path.name] = hits
    return found


def test_rules_and_data_do_not_quote_the_bundled_example() -> None:
    assert quoted_runs(ROOT / "examples" / "indonesia-australia.md") == {}


@pytest.mark.skipif(not ESSAY.exists(), reason="../shared is not beside the repository")
def test_rules_and_data_do_not_quote_the_reference_essay() -> None:
    assert quoted_runs(ESSAY) == {}


def test_the_check_finds_a_quoted_run(tmp_path: Path) -> None:
    known = tmp_path / "known.txt"
    known.write_text("Both governments support the central role of the regional body.")
    assert ngrams("they support the central role of it") & ngrams(known.read_text())

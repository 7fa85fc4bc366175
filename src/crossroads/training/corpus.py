"""The labelled corpus: loading and format checks (see docs/annotation-guide.md).

Runs as ``python -m crossroads.training.corpus DIR...`` to check files; it needs only the
standard library, PyYAML and the plain model module, so writers of training texts can check
their work with any Python (``PYTHONPATH=src``).
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from crossroads.model import FRAMES, GENRES, VALENCES

_TAXONOMY = Path(__file__).resolve().parent.parent / "data" / "taxonomy.yaml"
# ISO3 codes and the organisation codes of the actors data (G20, COMMONWEALTH...)
_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,11}$|^author$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def issue_ids() -> tuple[str, ...]:
    """The ids of the default taxonomy, its fallback included."""
    data = yaml.safe_load(_TAXONOMY.read_text(encoding="utf-8"))
    return (*(i["id"] for i in data["issues"]), data["fallback"])


@dataclass
class LabelledDocument:
    """One corpus document: its text, labels and where it came from."""

    stem: str
    path: Path
    text: str
    labels: dict = field(repr=False)

    @property
    def dyad(self) -> tuple[str, str]:
        a, b = self.labels["dyad"]
        return a, b

    @property
    def genre(self) -> str:
        return str(self.labels["meta"]["genre"])

    @property
    def pair(self) -> str:
        return "-".join(self.dyad)

    @property
    def sentences(self) -> list[dict]:
        return list(self.labels["sentences"])


def _squash(text: str) -> str:
    return " ".join(text.split())


def check(json_path: Path) -> list[str]:
    """Problems of one labelled file, each as a line naming the file; empty when it is sound."""
    name = json_path.name
    try:
        data = json.loads(json_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"{name}: not readable JSON: {exc}"]
    problems: list[str] = []
    for key in ("doc", "file", "dyad", "meta", "voice", "sentences", "events"):
        if key not in data:
            problems.append(f"{name}: missing key {key!r}")
    if problems:
        return problems
    text_path = json_path.parent / data["file"]
    if not text_path.is_file():
        return [f"{name}: text file {data['file']} not found"]
    body = _squash(text_path.read_text(encoding="utf-8"))
    dyad = data["dyad"]
    if not (isinstance(dyad, list) and len(dyad) == 2 and dyad == sorted(dyad)):
        problems.append(f"{name}: dyad must be two sorted codes, got {dyad!r}")
    for where in ("meta", "voice"):
        genre = data[where].get("genre")
        if genre not in GENRES:
            problems.append(f"{name}: {where}.genre {genre!r} is not one of {', '.join(GENRES)}")
    if not _CODE.match(str(data["voice"].get("party", ""))):
        problems.append(f"{name}: voice.party must be a code or 'author'")
    date = data["meta"].get("date")
    if date is not None and not _DATE.match(str(date)):
        problems.append(f"{name}: meta.date {date!r} is not YYYY[-MM[-DD]]")
    issues = set(issue_ids())
    texts = set()
    last = 0
    for i, s in enumerate(data["sentences"]):
        where = f"{name}: sentence {i + 1}"
        text = _squash(s.get("text", ""))
        texts.add(text)
        at = body.find(text, last)
        if not text or at < 0:
            problems.append(f"{where}: text not found in order in {data['file']}: {text[:60]!r}")
        else:
            last = at + len(text)
        if not _CODE.match(str(s.get("perspective", ""))):
            problems.append(f"{where}: perspective {s.get('perspective')!r}")
        for issue in [s.get("issue"), *s.get("issue_alt", [])]:
            if issue not in issues:
                problems.append(f"{where}: issue {issue!r} not in the taxonomy")
        if s.get("valence") not in VALENCES:
            problems.append(f"{where}: valence {s.get('valence')!r}")
        bad = [f for f in s.get("frames", []) if f not in FRAMES]
        if bad:
            problems.append(f"{where}: frames {bad!r}")
        if not isinstance(s.get("recommendation"), bool):
            problems.append(f"{where}: recommendation must be true or false")
    for i, e in enumerate(data["events"]):
        where = f"{name}: event {i + 1}"
        if _squash(e.get("sentence", "")) not in texts:
            problems.append(f"{where}: its sentence is not one of the labelled sentences")
        root = str(e.get("cameo_root", ""))
        if not (len(root) == 2 and root.isdigit() and 1 <= int(root) <= 20):
            problems.append(f"{where}: cameo_root {root!r} is not 01-20")
        code = str(e.get("cameo") or root)
        if not code.startswith(root):
            problems.append(f"{where}: cameo {code!r} does not start with its root {root!r}")
        if e.get("date") is not None and not _DATE.match(str(e["date"])):
            problems.append(f"{where}: date {e['date']!r}")
    for b in data.get("bridging_sentences", []):
        if _squash(b) not in texts:
            problems.append(f"{name}: bridging sentence not among the sentences: {b[:60]!r}")
    for c in data.get("contested_issues", []):
        if c not in issues:
            problems.append(f"{name}: contested issue {c!r} not in the taxonomy")
    return problems


def load(directory: Path) -> list[LabelledDocument]:
    """Every labelled document under ``directory`` (recursively), in a stable order."""
    docs = []
    for json_path in sorted(directory.rglob("*.json")):
        labels = json.loads(json_path.read_text(encoding="utf-8"))
        text = (json_path.parent / labels["file"]).read_text(encoding="utf-8")
        docs.append(LabelledDocument(json_path.stem, json_path, text, labels))
    return docs


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or [Path("training/corpus")]
    files = [f for p in paths for f in (sorted(p.rglob("*.json")) if p.is_dir() else [p])]
    problems = [line for f in files for line in check(f)]
    for line in problems:
        print(line)
    sentences = sum(len(json.loads(f.read_text())["sentences"]) for f in files if not check(f))
    print(f"{len(files)} files, {sentences} sentences in sound files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

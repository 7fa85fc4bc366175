"""Frames: the justifications a sentence rests on (law, history, security, values...)."""

from __future__ import annotations

from crossroads.annotate.cues import Cues, load_data
from crossroads.context import Context
from crossroads.model import FRAMES, Document
from crossroads.registry import stages

MAX_FRAMES = 3


@stages.register("crossroads.frames.v1")
class FrameTagger:
    """Tag each sentence with the frames whose cues it contains (strongest first)."""

    def __init__(self) -> None:
        data = load_data("stance.yaml")["frames"]
        self.cues = {name: Cues.from_mapping(data.get(name)) for name in FRAMES}

    def found(self, text: str) -> dict[str, list[str]]:
        """The frames of one sentence, strongest first, each with its cue words."""
        scored = []
        for name, cues in self.cues.items():
            score, words = cues.score(text)
            if score > 0:
                scored.append((score, name, words))
        scored.sort(key=lambda f: -f[0])
        return {name: words for _, name, words in scored[:MAX_FRAMES]}

    def tag(self, text: str) -> tuple[list[str], str]:
        """The frames of one sentence, and the cue words behind them."""
        found = self.found(text)
        return list(found), explain(found)

    def __call__(self, doc: Document, ctx: Context) -> Document:
        for sentence in doc.sentences:
            sentence.frames, why = self.tag(sentence.text)
            if why:
                sentence.cues["frames"] = why
        return doc


def explain(found: dict[str, list[str]]) -> str:
    """The cue ("legal: treaty, under international law; ...") for frames and their words."""
    return "; ".join(f"{name}: {', '.join(words[:2])}" for name, words in found.items())

"""Progress bars on stderr for long runs (rich), silent when disabled."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)


class DocumentProgress:
    """A progress bar over documents; use as a context manager."""

    def __init__(self, label: str = "Analysing", enabled: bool = True) -> None:
        self.enabled = enabled
        self.label = label
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._parts: TaskID | None = None

    def __enter__(self) -> DocumentProgress:
        if self.enabled:
            self._progress = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.fields[current]}"),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.__enter__()
        return self

    def start(self, total: int) -> None:
        """Announce how many documents will be processed."""
        if self._progress is not None:
            self._task = self._progress.add_task(self.label, total=total, current="")

    def start_parts(self, total: int) -> None:
        """Announce that the current (long) document is processed in ``total`` chunks."""
        if self._progress is not None:
            self._parts = self._progress.add_task("  chunks", total=total, current="")

    def part_done(self) -> None:
        """Mark one chunk of the current document as processed."""
        if self._progress is not None and self._parts is not None:
            self._progress.update(self._parts, advance=1)

    def done(self, source: str, error: Exception | None = None) -> None:
        """Mark one document as processed (successfully or not)."""
        if self._progress is not None and self._parts is not None:
            self._progress.remove_task(self._parts)
            self._parts = None
        if self._progress is not None and self._task is not None:
            name = source.rsplit("/", 1)[-1]
            self._progress.update(self._task, advance=1, current=name)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.__exit__(exc_type, exc, tb)

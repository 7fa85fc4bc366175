"""Where documents are analysed: in this process, or on a Dask cluster.

Both engines take a per-item function and yield its results in batches as they finish;
the caller (the client) writes them to the knowledge base. The Dask engine starts a
LocalCluster (processes, two workers of one thread each by default) or connects to a
scheduler's address, ships each item as one task, and releases results once yielded, so
the client holds at most a batch in memory.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from types import TracebackType
from typing import Any, Protocol

from crossroads.errors import CrossroadsError

ENGINES = ("serial", "dask")


class EngineError(CrossroadsError):
    """The Dask cluster cannot be started or reached."""


class Engine(Protocol):
    """Runs a function over items and yields the results in batches, in any order."""

    def map(
        self, func: Callable[..., dict[str, Any]], items: Sequence[Any], **kwargs: Any
    ) -> Iterator[list[dict[str, Any]]]:
        """Yield batches of ``func(item, **kwargs)`` results."""
        ...

    def close(self) -> None:
        """Release what the engine holds."""
        ...


class SerialEngine:
    """Runs every item in this process, one at a time (batches of one)."""

    def map(
        self, func: Callable[..., dict[str, Any]], items: Sequence[Any], **kwargs: Any
    ) -> Iterator[list[dict[str, Any]]]:
        """Yield ``[func(item, **kwargs)]`` for each item, in order."""
        for item in items:
            yield [func(item, **kwargs)]

    def close(self) -> None:
        """Nothing to release."""


class DaskEngine:
    """Runs items as tasks on a Dask cluster: a LocalCluster, or one at ``scheduler``."""

    def __init__(
        self,
        scheduler: str | None = None,
        n_workers: int = 2,
        threads_per_worker: int = 1,
        batch_size: int = 64,
    ) -> None:
        from distributed import Client, LocalCluster

        self.batch_size = batch_size
        self.cluster: Any = None
        self._borrowed = False
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="20s")
            else:
                self.cluster = LocalCluster(
                    n_workers=n_workers,
                    threads_per_worker=threads_per_worker,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as exc:
            raise EngineError(scheduler or "LocalCluster", f"cannot start Dask: {exc}") from exc

    @classmethod
    def from_client(cls, client: Any, batch_size: int = 64) -> DaskEngine:
        """Use an existing ``distributed.Client`` (closed by its owner, not here)."""
        engine = cls.__new__(cls)
        engine.client, engine.cluster, engine.batch_size = client, None, batch_size
        engine._borrowed = True
        return engine

    def map(
        self, func: Callable[..., dict[str, Any]], items: Sequence[Any], **kwargs: Any
    ) -> Iterator[list[dict[str, Any]]]:
        """Yield batches of results as tasks finish; large arguments are broadcast once."""
        from distributed import as_completed

        if not items:
            return
        shared = {}
        for name, value in kwargs.items():
            # Send each argument to every worker once, not with every task; hash=False
            # gives each call its own key, so releasing it never touches another call's.
            [shared[name]] = self.client.scatter([value], broadcast=True, hash=False)
        items = list(items)
        futures = self.client.map(func, items, pure=False, **shared)
        item_of = {future.key: item for future, item in zip(futures, items, strict=True)}
        done = as_completed(futures, with_results=True, raise_errors=False)
        batch: list[dict[str, Any]] = []
        for future, result in done:
            if not isinstance(result, dict):  # a lost worker or a cancelled task
                result = _lost(item_of[future.key], result)
            batch.append(result)
            future.release()
            if len(batch) >= self.batch_size or not done.has_ready():
                yield batch
                batch = []
        if batch:
            yield batch
        for future in shared.values():
            future.release()

    def close(self) -> None:
        """Close the client and, if started here, the LocalCluster."""
        if getattr(self, "_borrowed", False):
            return
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _lost(item: Any, problem: object) -> dict[str, Any]:
    """The error result of a task that returned no result (its worker died, say)."""
    source = str(item.get("source", "")) if isinstance(item, dict) else str(item)
    return {"status": "error", "source": source, "error": f"{source}: task failed: {problem!r}"}


def make_engine(name: str, scheduler: str | None = None, workers: int = 2) -> Engine:
    """The engine called ``name`` (``serial`` or ``dask``).

    Args:
        name: ``"serial"`` or ``"dask"``.
        scheduler: A Dask scheduler address (``tcp://host:8786``); None for a LocalCluster.
        workers: Worker processes of the LocalCluster.

    Returns:
        The engine; close it when done.
    """
    if name == "serial":
        if scheduler:
            raise EngineError("--scheduler", "needs --engine dask")
        return SerialEngine()
    if name == "dask":
        return DaskEngine(scheduler=scheduler, n_workers=workers)
    raise EngineError("--engine", f"expected one of {', '.join(ENGINES)}, got {name!r}")

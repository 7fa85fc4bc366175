"""Named, versioned registries for stages and renderers.

Names follow ``crossroads.<what>.v<N>``; a released version never changes behaviour, a
better one is registered as ``v<N+1>`` and picked by configuration.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from crossroads.errors import UnknownStage

T = TypeVar("T")


class Registry(Generic[T]):
    """A mapping of versioned names to factories."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._factories: dict[str, Callable[..., T]] = {}

    def register(self, name: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
        """Decorator that registers a factory under ``name``."""

        def decorate(factory: Callable[..., T]) -> Callable[..., T]:
            self._factories[name] = factory
            return factory

        return decorate

    def make(self, name: str, **kwargs: Any) -> T:
        """Build the registered object called ``name``."""
        return self.get(name)(**kwargs)

    def get(self, name: str) -> Callable[..., T]:
        """The factory (or function) registered as ``name``."""
        try:
            return self._factories[name]
        except KeyError:
            known = ", ".join(sorted(self._factories))
            raise UnknownStage(name, f"no such {self.kind}; known: {known}") from None

    def names(self) -> list[str]:
        """All registered names, sorted."""
        return sorted(self._factories)


stages: Registry[Any] = Registry("stage")
renderers: Registry[Any] = Registry("renderer")

"""From annotated sentences to the perspective map and the dialogue agenda."""

from crossroads.aggregate.agenda import build_agenda
from crossroads.aggregate.map import build_map

__all__ = ["build_agenda", "build_map"]

"""Renderers: turn an analysis into JSON, Markdown or an HTML page.

Importing this package registers every built-in renderer in
:data:`crossroads.registry.renderers` under its format name (``json``, ``md``, ``html``).
"""

from crossroads.render import html, json, markdown  # noqa: F401

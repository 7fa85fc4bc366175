"""The JSON renderer: exactly the analysis contract (``crossroads.analysis/1``)."""

from __future__ import annotations

import json as _json
from typing import Any

from crossroads.model import Analysis
from crossroads.registry import renderers


@renderers.register("json")
def render_json(analysis: Analysis, **options: Any) -> str:
    """Render the analysis as the contract's JSON document."""
    return _json.dumps(analysis.to_contract(), ensure_ascii=False, indent=options.get("indent", 1))

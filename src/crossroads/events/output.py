"""Tables out: JSON and CSV for scripts, Parquet files, rich tables for people."""

from __future__ import annotations

import io
import json
import math
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from rich.table import Table

FORMATS = ("table", "json", "csv")
TABLE_SUFFIXES = (".parquet", ".csv", ".json")


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts (NaN and NA become None, dates ISO strings).

    Args:
        frame: Any table.

    Returns:
        One dict per row.
    """
    columns = [str(c) for c in frame.columns]
    return [
        {c: _plain(v) for c, v in zip(columns, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]


def to_json(data: pd.DataFrame | list[dict[str, Any]]) -> str:
    """Serialise a table (or ready records) as a JSON list."""
    rows = records(data) if isinstance(data, pd.DataFrame) else data
    return json.dumps(rows, indent=2, ensure_ascii=False)


def to_csv(frame: pd.DataFrame) -> str:
    """Serialise a table as CSV with a header row."""
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def write_table(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a table as Parquet, CSV or JSON, chosen by the file's suffix.

    Args:
        frame: The table.
        path: A ``.parquet``, ``.csv`` or ``.json`` file.

    Returns:
        The path written.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".parquet":
        clean = frame.copy()
        for column in clean.columns:
            if clean[column].dtype == object:
                clean[column] = [_plain(v) for v in clean[column]]
        clean.to_parquet(target, index=False)
    elif suffix == ".csv":
        target.write_text(to_csv(frame), encoding="utf-8")
    elif suffix == ".json":
        target.write_text(to_json(frame) + "\n", encoding="utf-8")
    else:
        raise ValueError(f"{target}: tables are written as .parquet, .csv or .json")
    return target


def rich_table(frame: pd.DataFrame, title: str | None = None) -> Table:
    """A rich table for the terminal (numbers right-aligned, 2 decimals)."""
    table = Table(title=title, show_lines=False)
    for column in frame.columns:
        numeric = pd.api.types.is_numeric_dtype(frame[column])
        table.add_column(str(column), justify="right" if numeric else "left", overflow="fold")
    for row in frame.itertuples(index=False, name=None):
        cells = []
        for value in row:
            plain = _plain(value)
            if plain is None:
                cells.append("")
            elif isinstance(plain, float):
                cells.append(f"{plain:.2f}")
            else:
                cells.append(str(plain))
        table.add_row(*cells)
    return table

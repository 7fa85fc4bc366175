"""Event-data benchmark: ingest throughput against pandas, series latency, peak memory.

Run by hand (not by CI):

    .venv/bin/python benchmarks/events_bench.py                  # 1,000,000 rows
    .venv/bin/python benchmarks/events_bench.py --rows 1000000,10000000

For each size it writes GDELT 2.0 export files (61 tab-separated columns, 1,000,000 rows
per file, realistic field widths), then runs each step in its own fresh subprocess so
that the peak resident memory (``ru_maxrss``) belongs to that step alone:

* ``pandas``: ``pandas.read_csv(file, sep="\\t", header=None)`` of every file into a
  DataFrame (default engine and dtypes, one file at a time);
* ``ingest``: ``crossroads.events.ingest_files`` into a fresh DuckDB file;
* ``scan``: DuckDB's typed scan of the same files with the ingest's ``read_csv`` options,
  nothing stored (the floor of any DuckDB ingest);
* ``ingest-memory``: the same ingest into an in-memory database (no storage);
* ``sha256``: hashing the files for idempotency;
* ``series``: a monthly KHM-USA dyad series over the whole table (median of 5 after a
  warm-up run).

Up to 1,000,000 rows the steps run ``--repeats`` rounds (default 3), interleaved in a
rotated order, and the median round is reported with the spread; larger sizes run pandas
and ingest once. The 1-minute load average around each step is reported too: the figures
mean little without it on a shared machine.

It prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROWS_PER_FILE = 1_000_000

# Countries drawn for the actors; KHM and USA are frequent so the dyad has events.
_COUNTRIES = [
    "USA", "KHM", "CHN", "VNM", "THA", "RUS", "GBR", "FRA", "DEU", "IND", "JPN", "KOR",
    "PHL", "IDN", "MYS", "LAO", "MMR", "AUS", "CAN", "BRA", "ZAF", "NGA", "EGY", "IRN",
    "ISR", "TUR", "UKR", "PAK", "SGP", "MEX",
]  # fmt: skip
_CODES = [
    ("010", 0.0), ("036", 4.0), ("042", 1.9), ("043", 2.8), ("051", 3.4), ("057", 8.0),
    ("061", 6.4), ("112", -2.0), ("120", -4.0), ("130", -4.4), ("141", -6.5),
    ("163", -8.0), ("173", -5.0), ("190", -10.0),
]  # fmt: skip


def _generate(path: Path, rows: int, seed: int) -> None:
    """Write one GDELT 2.0 export file with DuckDB (fast, little memory)."""
    import duckdb

    countries = "[" + ", ".join(f"'{c}'" for c in _COUNTRIES) + "]"
    codes = "[" + ", ".join(f"'{c}'" for c, _ in _CODES) + "]"
    scores = "[" + ", ".join(str(g) for _, g in _CODES) + "]"
    n_c, n_e = len(_COUNTRIES), len(_CODES)
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.execute(f"SELECT setseed({seed / 1000})")

    def geo(c: str) -> str:
        return (
            f"'4', {c} || ' capital, ' || {c}, left({c}, 2), left({c}, 2) || '04', '12345', "
            "round(random() * 180 - 90, 4)::VARCHAR, round(random() * 360 - 180, 4)::VARCHAR, "
            "'-3712345'"
        )

    con.execute(f"""
        COPY (
          WITH base AS (
            SELECT i,
              CASE WHEN random() < 0.02 THEN 'KHM' ELSE {countries}[1 + floor(random() * {n_c})::INT] END AS c1,
              CASE WHEN random() < 0.05 THEN 'USA' ELSE {countries}[1 + floor(random() * {n_c})::INT] END AS c2,
              1 + floor(random() * {n_e})::INT AS e,
              DATE '2022-01-01' + floor(random() * 1096)::INT AS d,
              1 + floor(random() * 40)::INT AS m
            FROM range({rows}) t(i)
          )
          SELECT {seed * 100_000_000} + i, strftime(d, '%Y%m%d'), strftime(d, '%Y%m'), year(d),
            round(year(d) + dayofyear(d) / 365.0, 4),
            c1 || 'GOV', c1 || ' GOVERNMENT', c1, '', '', '', '', 'GOV', '', '',
            c2 || 'MIL', c2 || ' MILITARY', c2, '', '', '', '', 'MIL', '', '',
            1, {codes}[e], {codes}[e], left({codes}[e], 2),
            CASE WHEN left({codes}[e], 2)::INT <= 5 THEN 1 WHEN left({codes}[e], 2)::INT <= 8
                 THEN 2 WHEN left({codes}[e], 2)::INT <= 13 THEN 3 ELSE 4 END,
            {scores}[e], m, 1 + m // 4, m, round(random() * 20 - 10, 6),
            {geo("c1")},
            {geo("c2")},
            {geo("c1")},
            strftime(d, '%Y%m%d') || '150000',
            'https://www.example-news.com/world/asia/' || c1 || '-' || c2 || '-story-' || i || '.html'
          FROM base
        ) TO '{path}' (DELIMITER '\t', HEADER false, QUOTE '', ESCAPE '')
    """)  # noqa: E501
    con.close()


def _load() -> float:
    """The 1-minute load average (the machine is shared; figures depend on it)."""
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return float("nan")


def _step(argv: list[str]) -> dict[str, float]:
    load = _load()
    out = subprocess.run(
        [sys.executable, __file__, "--step", *argv], check=True, capture_output=True, text=True
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    result["load"] = max(load, _load())
    return result


def _peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _run_step(step: str, data: Path, db: Path) -> dict[str, float]:
    files = sorted(data.glob("*.export.CSV"))
    if step == "pandas":
        import pandas as pd

        cpu, start = _cpu(), time.perf_counter()
        rows = 0
        for file in files:
            frame = pd.read_csv(file, sep="\t", header=None)
            rows += len(frame)
            del frame
    elif step in ("ingest", "ingest-memory"):
        from crossroads.events import ingest_files, open_store

        target = db if step == "ingest" else ":memory:"
        cpu, start = _cpu(), time.perf_counter()
        con = open_store(target)
        report = ingest_files(con, files)
        con.close()
        rows = report.rows
        if report.malformed or report.failed:
            raise SystemExit(f"unexpected: {report.malformed[:3]} {report.failed[:3]}")
    elif step == "scan":
        # The floor: DuckDB's typed CSV scan of the same files, nothing stored.
        import duckdb

        from crossroads.events.ingest import gdelt_reader_sql

        cpu, start = _cpu(), time.perf_counter()
        con = duckdb.connect()
        con.execute("SET enable_progress_bar = false")
        rows = 0
        for file in files:
            found = con.execute(f"SELECT count(GoldsteinScale) FROM {gdelt_reader_sql(file)}")
            rows += int(found.fetchone()[0])  # type: ignore[index]
        con.close()
    elif step == "sha256":
        from crossroads.events.ingest import file_sha256

        cpu, start = _cpu(), time.perf_counter()
        for file in files:
            file_sha256(file)
        rows = 0  # not a rate: the time is part of ingest
    elif step == "series":
        from crossroads.events import Dyad, dyad_series, open_store

        con = open_store(db, read_only=True)
        dyad = Dyad("KHM", "USA")
        dyad_series(con, dyad, "month")
        times = []
        for _ in range(5):
            cpu, start = _cpu(), time.perf_counter()
            dyad_series(con, dyad, "month")
            times.append(time.perf_counter() - start)
        rows = int(con.execute("SELECT count(*) FROM events").fetchone()[0])  # type: ignore[index]
        con.close()
        return {"rows": rows, "seconds": statistics.median(times), "peak_mb": _peak_mb()}
    else:
        raise SystemExit(f"unknown step {step}")
    seconds = time.perf_counter() - start
    return {"rows": rows, "seconds": seconds, "cpu": _cpu() - cpu, "peak_mb": _peak_mb()}


def _median_run(runs: list[dict[str, float]]) -> dict[str, float]:
    ordered = sorted(runs, key=lambda r: r["seconds"])
    chosen = dict(ordered[len(ordered) // 2])
    chosen["runs"] = len(runs)
    chosen["spread"] = ordered[-1]["seconds"] - ordered[0]["seconds"]
    chosen["load_low"] = min(r["load"] for r in runs)
    chosen["load_high"] = max(r["load"] for r in runs)
    return chosen


STEPS = ("pandas", "ingest", "scan", "ingest-memory", "sha256")


def bench(rows: int, workdir: Path, repeats: int) -> list[dict[str, object]]:
    """Generate, then time every step for one size; return table rows.

    Each measurement runs in a fresh subprocess; the steps are interleaved (round k runs
    them in a rotated order) and the median of ``repeats`` rounds is reported.
    """
    data = workdir / f"data-{rows}"
    data.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for index in range(-(-rows // ROWS_PER_FILE)):
        size = min(ROWS_PER_FILE, rows - index * ROWS_PER_FILE)
        _generate(data / f"{20240101000000 + index}.export.CSV", size, index + 1)
    generated = time.perf_counter() - start
    mb = sum(f.stat().st_size for f in data.iterdir()) / 1e6
    print(f"generated {rows:,} rows ({mb:,.0f} MB) in {generated:.1f} s", file=sys.stderr)
    db = workdir / f"events-{rows}.duckdb"
    steps = STEPS if repeats > 1 else ("pandas", "ingest")
    runs: dict[str, list[dict[str, float]]] = {step: [] for step in steps}
    for round_ in range(repeats):
        shift = round_ % len(steps)
        for step in steps[shift:] + steps[:shift]:
            if step == "ingest":
                db.unlink(missing_ok=True)
                Path(f"{db}.wal").unlink(missing_ok=True)
            measured = _step([step, str(data), str(db)])
            print(f"{rows:,} round {round_ + 1} {step}: {measured}", file=sys.stderr)
            runs[step].append(measured)
    runs["series"] = [_step(["series", str(data), str(db)])]
    results = [
        {"step": step, "size": rows, "csv_mb": mb, **_median_run(measured)}
        for step, measured in runs.items()
    ]
    shutil.rmtree(data)
    db.unlink(missing_ok=True)
    return results


_NAMES = {
    "pandas": "pandas read_csv",
    "ingest": "crossroads ingest",
    "scan": "DuckDB typed scan only",
    "ingest-memory": "ingest into :memory:",
    "sha256": "SHA-256 of the files",
    "series": "monthly dyad series",
}


def _table(results: list[dict[str, object]]) -> str:
    lines = [
        "| rows | step | time (s) | runs, spread (s) | CPU (s) | rows/s | vs pandas "
        "| peak RSS (MB) | load avg |",
        "|---:|---|---:|---|---:|---:|---:|---:|---|",
    ]
    pandas_rate: dict[object, float] = {}
    for r in results:
        seconds = float(r["seconds"])  # type: ignore[arg-type]
        rate = float(r["rows"]) / seconds if seconds else 0.0  # type: ignore[arg-type]
        if r["step"] == "pandas":
            pandas_rate[r["size"]] = rate
        ratio = ""
        if rate and r["step"] not in ("pandas", "series") and pandas_rate.get(r["size"]):
            ratio = f"{rate / pandas_rate[r['size']]:.1f}×"
        rate_text = f"{rate:,.0f}" if rate and r["step"] != "series" else ""
        runs = int(r["runs"])  # type: ignore[call-overload]
        spread = f"{runs}, {float(r['spread']):.2f}" if runs > 1 else "1"  # type: ignore[arg-type]
        if r["step"] == "series":
            spread = "median of 5"
        cpu = f"{float(r['cpu']):.2f}" if "cpu" in r else ""  # type: ignore[arg-type]
        load = f"{float(r['load_low']):.1f}–{float(r['load_high']):.1f}"  # type: ignore[arg-type]
        lines.append(
            f"| {int(r['size']):,} | {_NAMES[str(r['step'])]} | {seconds:.3f} | {spread} "  # type: ignore[call-overload]
            f"| {cpu} | {rate_text} | {ratio} | {float(r['peak_mb']):,.0f} | {load} |"  # type: ignore[arg-type]
        )
    return "\n".join(lines)


def main() -> None:
    """Parse arguments and run the benchmark (or one step, in a subprocess)."""
    if len(sys.argv) > 1 and sys.argv[1] == "--step":
        step, data, db = sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])
        print(json.dumps(_run_step(step, data, db)))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="1000000", help="Comma-separated sizes.")
    parser.add_argument("--workdir", type=Path, default=None, help="Scratch directory.")
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="Rounds at sizes up to 1,000,000 rows (median reported); larger sizes run once.",
    )
    args = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.rows.split(",") if s.strip()]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="crossroads-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    results = []
    for size in sizes:
        results += bench(size, workdir, args.repeats if size <= ROWS_PER_FILE else 1)
    print(_table(results))


if __name__ == "__main__":
    main()

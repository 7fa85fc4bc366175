"""``--engine dask``: the same knowledge base as a serial run, models loaded once per worker."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import select

from crossroads.corpus import AnalysisSpec, add_sources, reannotate
from crossroads.corpus.engines import DaskEngine
from crossroads.corpus.worker import worker_stats
from crossroads.store import KnowledgeBase, schema

from ..store.conftest import LIGHT_STAGES, write_texts

ANALYZE_DATA = Path(__file__).parents[1] / "data" / "analyze"
SPEC = AnalysisSpec(("KHM", "USA"), stages=LIGHT_STAGES, embed=True)


def stored(kb: KnowledgeBase) -> tuple[list[tuple[Any, ...]], dict[tuple[str, int], np.ndarray]]:
    """Documents and sentences without ids, and the embeddings by (source, position)."""
    d, s = schema.documents, schema.sentences
    query = (
        select(d.c.source, d.c.content_hash, d.c.title, d.c.date, d.c.text, s.c.position,
               s.c.text, s.c.start, s.c.end, s.c.perspective, s.c.issue, s.c.valence,
               s.c.frames, s.c.recommendation, s.c.cues, s.c.embedding)
        .select_from(s.join(d, s.c.document_id == d.c.id))
        .order_by(d.c.source, s.c.position)
    )  # fmt: skip
    with kb.engine.connect() as c:
        rows = c.execute(query).all()
    vectors = {(r[0], r[5]): np.frombuffer(r[-1], dtype=np.float32) for r in rows}
    return [tuple(r[:-1]) for r in rows], vectors


def test_dask_run_stores_what_a_serial_run_stores(dask_client: Any, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    write_texts(folder)
    for name in ("binary.txt", "fake.pdf"):
        shutil.copy(ANALYZE_DATA / name, folder / name)
    with KnowledgeBase.open(tmp_path / "serial.sqlite") as serial_kb:
        serial = add_sources(serial_kb, [str(folder)], SPEC)
        serial_rows, serial_vectors = stored(serial_kb)
    engine = DaskEngine.from_client(dask_client, batch_size=2)
    before = dask_client.run(worker_stats)  # the session's cluster may have run other tests
    with KnowledgeBase.open(tmp_path / "dask.sqlite") as dask_kb:
        parallel = add_sources(dask_kb, [str(folder)], SPEC, engine)
        dask_rows, dask_vectors = stored(dask_kb)
        assert (parallel.added, parallel.unchanged) == (5, 0)
        assert sorted(parallel.errors) == sorted(serial.errors)
        assert [Path(e.split(":")[0]).name for e in sorted(parallel.errors)] == [
            "binary.txt",
            "fake.pdf",
        ]
        assert dask_rows == serial_rows and len(dask_rows) == 16
        assert dask_vectors.keys() == serial_vectors.keys()
        for key, vector in dask_vectors.items():
            assert np.allclose(vector, serial_vectors[key], atol=1e-5)
        # Unchanged documents are recognised on the workers and not analysed again.
        again = add_sources(dask_kb, [str(folder)], SPEC, engine)
        assert (again.added, again.unchanged) == (0, 5)

        # The pipeline and MiniLM were loaded once per worker, not once per document.
        stats = dask_client.run(worker_stats)
        assert len(stats) == 2
        done = {w: s["documents"] - before[w]["documents"] for w, s in stats.items()}
        assert sum(done.values()) == 5
        for worker, s in stats.items():
            if done[worker]:
                assert s["pipelines_built"] - before[worker]["pipelines_built"] == 1
                assert s["encoder_loads"] == 1
            assert s["parser_loads"] == 0  # the light pipeline never parses
        redone = reannotate(dask_kb, SPEC, everything=True, engine=engine)
        assert (redone.reannotated, redone.errors) == (5, [])
        after = dask_client.run(worker_stats)
        assert sum(s["documents"] - before[w]["documents"] for w, s in after.items()) == 10
        assert all(s["encoder_loads"] <= 1 for s in after.values())
        assert stored(dask_kb)[0] == serial_rows

"""The corpus: analysing many documents into the knowledge base, serially or on Dask.

:func:`~crossroads.corpus.ingest.add_sources` reads and annotates files and stores them;
:func:`~crossroads.corpus.ingest.reannotate` re-runs the current pipeline over stored text;
:mod:`~crossroads.corpus.charts` draws trends.
"""

from crossroads.corpus.ingest import IngestReport, add_sources, reannotate
from crossroads.corpus.worker import AnalysisSpec

__all__ = ["AnalysisSpec", "IngestReport", "add_sources", "reannotate"]

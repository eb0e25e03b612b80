"""Distributed extraction over a Dask DataFrame (``pip install unionnlp[dask]``).

>>> import dask.dataframe as dd
>>> from dask.distributed import Client
>>> import unionnlp.dask as udask
>>> client = Client("tcp://scheduler:8786")            # or LocalCluster()
>>> ddf = dd.read_parquet("s3://archive/stories/")     # columns id, text
>>> frames = udask.extract_frame(ddf, text_col="text", id_col="id")
>>> orgs, people = dask.compute(frames["organizations"], frames["people"])

Every partition is extracted by a worker with an :class:`~unionnlp.Extractor`
built once per worker process (cached at module level) and turned into the
frames of :func:`unionnlp.to_frames` (plus ``documents``: one row per input,
with ``error`` for failed records). Schemas are declared with ``meta=`` from
:data:`unionnlp.frames.FRAME_COLUMNS`, so nothing is computed to build the graph.

This module is ``unionnlp.dask``; it imports the real ``dask`` package with
absolute imports (``from __future__ import annotations`` + ``import dask``
resolve to the top-level package, never to this file).
"""
from __future__ import annotations

import threading
from typing import Iterable

import pandas as pd

try:
    import dask
    import dask.dataframe as dd
except ImportError as exc:  # pragma: no cover - depends on the install
    raise ImportError("unionnlp.dask needs Dask: pip install 'unionnlp[dask]'") from exc

from .batch import DOCUMENT_COLUMNS, Record, _extract_one, _warm, _what, frames_of
from .frames import FRAME_COLUMNS
from .pipeline import DEFAULT_LAYERS, Extractor, _check_layers

__all__ = ["KINDS", "extract_frame", "extract_documents", "frame_meta"]

#: The frame kinds :func:`extract_frame` returns.
KINDS: tuple[str, ...] = (*FRAME_COLUMNS, "documents")

_SCHEMAS: dict[str, dict[str, str]] = {**FRAME_COLUMNS, "documents": DOCUMENT_COLUMNS}

_cache: dict[tuple, Extractor] = {}
_cache_lock = threading.Lock()


def _extractor(layers: tuple[str, ...], model_path: str | None) -> Extractor:
    """The worker's extractor: built on first use in each worker process, then reused."""
    key = (layers, model_path)
    with _cache_lock:
        ex = _cache.get(key)
        if ex is None:
            ex = _cache[key] = _warm(Extractor(layers, model_path=model_path))
        return ex


def frame_meta(kind: str) -> pd.DataFrame:
    """An empty pandas frame with the columns and dtypes of frame ``kind``."""
    cols = _SCHEMAS[kind]
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in cols.items()})


_DOCS_META = {"doc_id": "string", "doc": "object"}


def _extract_partition(pdf: pd.DataFrame, text_col: str, id_col: str | None,
                       layers: tuple[str, ...], model_path: str | None,
                       timeout: float | None) -> pd.DataFrame:
    ex = _extractor(layers, model_path)
    texts = pdf[text_col].tolist()
    if id_col is None:
        ids = [str(i) for i in pdf.index.tolist()]
    else:
        ids = [str(i) for i in pdf[id_col].tolist()]
    # a failed record keeps its id and gets meta["error"]; see unionnlp.batch
    docs = []
    for rid, text in zip(ids, texts):
        if not isinstance(text, (str, bytes)):
            rec = Record(rid, "", error=f"'{text_col}' is {_what(text)}, not a string")
        else:
            rec = Record(rid, text)
        docs.append(_extract_one(ex, rec, timeout))
    return pd.DataFrame({"doc_id": pd.Series(ids, dtype="string"),
                         "doc": pd.Series(docs, dtype="object")})


def _frame_partition(docs_pdf: pd.DataFrame, kind: str) -> pd.DataFrame:
    df = frames_of(list(docs_pdf["doc"]))[kind]
    return df.reset_index(drop=True)


def extract_documents(ddf: dd.DataFrame, text_col: str = "text", id_col: str | None = "id", *,
                      layers: str | Iterable[str] = DEFAULT_LAYERS, model_path: str | None = None,
                      timeout: float | None = None) -> dd.DataFrame:
    """A Dask frame with one row per input: ``doc_id`` and ``doc`` (the
    :class:`~unionnlp.Document` object). ``id_col=None`` uses the index as id."""
    if text_col not in ddf.columns:
        raise KeyError(f"no column {text_col!r} in the Dask DataFrame (columns: {list(ddf.columns)})")
    if id_col is not None and id_col not in ddf.columns:
        raise KeyError(f"no column {id_col!r} in the Dask DataFrame; pass id_col=None to use the index")
    meta = pd.DataFrame({"doc_id": pd.Series(dtype="string"), "doc": pd.Series(dtype="object")})
    with dask.config.set({"dataframe.convert-string": False}):
        return ddf.map_partitions(_extract_partition, text_col, id_col, _check_layers(layers),
                                  model_path, timeout, meta=meta, enforce_metadata=False)


def extract_frame(ddf: dd.DataFrame, text_col: str = "text", id_col: str | None = "id", *,
                  kind: str | None = None, layers: str | Iterable[str] = DEFAULT_LAYERS,
                  model_path: str | None = None, timeout: float | None = None,
                  ) -> dict[str, dd.DataFrame] | dd.DataFrame:
    """Map extraction over the partitions of ``ddf``.

    Returns a dict ``{kind: dask DataFrame}`` for every kind in :data:`KINDS`
    (``organizations``, ``people``, ``holds``, ``counts``, ``programs``,
    ``hierarchy``, ``articles``, ``documents``), or only the frame ``kind``
    when given. All frames share one extraction step in the graph: compute
    them together (``dask.compute(*frames.values())``) or ``persist()`` to
    extract each partition once; computing them one by one re-extracts.
    ``id_col=None`` uses the index as the document id.
    """
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    docs = extract_documents(ddf, text_col, id_col, layers=layers, model_path=model_path, timeout=timeout)
    wanted = [kind] if kind is not None else list(KINDS)
    out = {}
    for k in wanted:
        with dask.config.set({"dataframe.convert-string": False}):
            out[k] = docs.map_partitions(_frame_partition, k, meta=frame_meta(k))
    return out[kind] if kind is not None else out

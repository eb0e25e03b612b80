"""Corpus-scale extraction: many texts, many processes, resumable outputs.

Three layers, each usable on its own:

* :func:`extract_many` — the Python API. Streams :class:`~unionnlp.types.Document`
  objects **in input order** from strings, ``(id, text)`` tuples or ``{"id", "text"}``
  dicts, on one process or a pool of worker processes (the extractor is built
  once per worker). A record that fails never stops the stream and is never
  lost: it comes back as a ``Document`` with no entities and
  ``meta["error"] = "ExceptionType: message"``.
* Input readers (:func:`iter_text_dir`, :func:`iter_jsonl_records`,
  :func:`iter_csv_records`, :func:`iter_parquet_records`) yielding
  :class:`Record` objects (``error`` set when the input itself is unreadable).
* Resumable sinks (:class:`JsonlSink`, :class:`ParquetSink`) used by
  ``unionnlp extract``: an interrupted run (Ctrl-C, ``kill -9``) restarted with
  the same command continues where it stopped, loses no finished record and
  writes none twice.  See ``docs/decisions/batch.md``.
"""
from __future__ import annotations

import gc
import hashlib
import json
import os
import re
import signal
import sys
import threading
import time
from collections import deque
from concurrent.futures import BrokenExecutor, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from .pipeline import DEFAULT_LAYERS, Extractor, _check_layers
from .textio import DecodeError, decode_bytes
from .types import Document

__all__ = [
    "Record", "extract_many", "iter_frames", "DOCUMENT_COLUMNS", "document_row",
    "iter_text_dir", "iter_text_files", "iter_jsonl_records", "iter_csv_records",
    "iter_parquet_records", "count_records", "JsonlSink", "ParquetSink", "ErrorLog",
]

#: Columns of the per-document table written next to the entity frames
#: (``documents``): one row per input record, failed ones included.
DOCUMENT_COLUMNS: dict[str, str] = {
    "doc_id": "string", "n_chars": "int64", "n_entities": "int64", "n_articles": "int64",
    "error": "string",
}


# --------------------------------------------------------------------------- records
@dataclass(slots=True)
class Record:
    """One input unit. ``error`` is set when the input could not even be read
    (missing file, undecodable bytes, bad JSON line); such a record is never
    extracted but is reported (stage ``"input"``)."""

    id: str
    text: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    source: str | None = None


def _coerce(item: Any, index: int) -> Record:
    """Accept ``str``/``bytes`` (id = running index), ``(id, text)``, ``{"id", "text", ...}``
    or :class:`Record`. Problems become an input error on the record, not an exception."""
    if isinstance(item, Record):
        return item
    if isinstance(item, (str, bytes, bytearray)):
        return Record(str(index), item)  # type: ignore[arg-type]
    if isinstance(item, Mapping):
        rid = item.get("id")
        rid = index if rid is None or rid == "" else rid
        text = item.get("text")
        m = item.get("meta")
        meta = dict(m) if isinstance(m, Mapping) else {}
        if not isinstance(text, (str, bytes, bytearray)):
            return Record(str(rid), "", meta, error=f"'text' is {_what(text)}, not a string")
        return Record(str(rid), text, meta)  # type: ignore[arg-type]
    if isinstance(item, (tuple, list)) and len(item) in (2, 3):
        meta = dict(item[2]) if len(item) == 3 and isinstance(item[2], Mapping) else {}
        return Record(str(item[0]), item[1], meta)
    return Record(str(index), "", error=f"cannot read a {type(item).__name__} as a record "
                  "(give str, (id, text) or {'id', 'text'})")


def _failed(rec: Record, reason: str, stage: str) -> Document:
    text = rec.text if isinstance(rec.text, str) else ""
    meta = dict(rec.meta)
    meta["error"] = reason
    meta["error_stage"] = stage
    return Document(id=rec.id, text=text, meta=meta)


# --------------------------------------------------------------------------- timeouts
class RecordTimeout(Exception):
    """A record took longer than the per-record ``timeout``."""


def _alarm(signum: int, frame: Any) -> None:  # pragma: no cover - signal handler
    raise RecordTimeout("extraction exceeded the time limit")


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _extract_one(ex: Extractor, rec: Record, timeout: float | None) -> Document:
    """Extract one record; any failure becomes ``meta["error"]`` (never raises
    except for ``KeyboardInterrupt``/``SystemExit``)."""
    if rec.error is not None:
        return _failed(rec, rec.error, "input")
    use_alarm = bool(timeout) and _can_alarm()
    old = None
    try:
        if use_alarm:
            old = signal.signal(signal.SIGALRM, _alarm)
            signal.setitimer(signal.ITIMER_REAL, float(timeout))  # type: ignore[arg-type]
        text = rec.text
        if isinstance(text, (bytes, bytearray, memoryview)):
            text = decode_bytes(text, rec.id)
        return ex.extract(text, id=rec.id, meta=rec.meta)
    except RecordTimeout:
        return _failed(rec, f"RecordTimeout: extraction took more than {timeout:g} s", "extract")
    except DecodeError as exc:  # bytes that are neither UTF-8 nor GB18030
        return _failed(rec, f"DecodeError: {exc}", "input")
    except MemoryError:
        return _failed(rec, "MemoryError: out of memory on this record", "extract")
    except Exception as exc:  # one bad record must never stop a corpus run
        msg = str(exc).splitlines()[0][:500] if str(exc) else ""
        return _failed(rec, f"{exc.__class__.__name__}: {msg}".rstrip(": "), "extract")
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            if old is not None:
                signal.signal(signal.SIGALRM, old)


# --------------------------------------------------------------------------- workers
_WORKER: dict[str, Any] = {}

#: An invented text touching every layer, extracted once before a run so that the
#: lazily loaded parts (segmenters, taggers, model) are loaded before the clock starts
#: and, with ``fork``, before the workers are forked (they inherit them).
WARM_UP_TEXT = ("北京市丰台区总工会党组书记、主席王某某出席“职工暖心驿站”启动仪式，"
                "130余家企业的1200余名职工参加。")


def _warm(ex: Extractor) -> Extractor:
    try:
        ex.extract(WARM_UP_TEXT, id="warm-up")
    except Exception:  # a broken layer shows up on the real records, with their ids
        pass
    return ex


def _init_worker(layers: tuple[str, ...], model_path: str | None) -> None:
    """Pool initializer: build the extractor once per worker process (a forked worker
    reuses the one its parent warmed up before forking: no load at all)."""
    try:  # the parent handles Ctrl-C and shuts the pool down
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (ValueError, OSError):  # pragma: no cover
        pass
    _watch_parent()
    if _WORKER.get("key") != (layers, model_path):
        _WORKER["ex"] = _warm(Extractor(layers, model_path=model_path))
        _WORKER["key"] = (layers, model_path)


def _watch_parent(interval: float = 0.5) -> None:
    """Exit this worker when its parent dies (``kill -9`` of the parent leaves no orphans)."""
    ppid = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(interval)
            if os.getppid() != ppid:
                os._exit(1)

    threading.Thread(target=watch, name="unionnlp-parent-watch", daemon=True).start()


def _to_wire(doc: Document) -> dict[str, Any]:
    """Documents travel from workers as plain dicts: pickling frozen dataclasses
    costs the parent ~4x more than ``Document.from_dict`` on the dict."""
    return doc.to_dict()


def _work(batch: list[Record], timeout: float | None, post: Callable[[Document], Any] | None) -> list[Any]:
    ex: Extractor = _WORKER["ex"]
    out = []
    for rec in batch:
        doc = _extract_one(ex, rec, timeout)
        out.append(post(doc) if post is not None else doc)
    return out


def _mp_context(name: str | None):
    import multiprocessing as mp

    if name:
        return mp.get_context(name)
    # fork is the cheapest (no re-import per worker) where it exists.
    return mp.get_context("fork" if "fork" in mp.get_all_start_methods() else None)


def _batches(items: Iterable[Any], batch_size: int) -> Iterator[list[Record]]:
    it = (_coerce(x, i) for i, x in enumerate(items))
    while True:
        b = list(islice(it, batch_size))
        if not b:
            return
        yield b


def _run(items: Iterable[Any], *, n_process: int, batch_size: int, layers: tuple[str, ...],
         model_path: str | None, timeout: float | None,
         post: Callable[[Document], Any] | None, mp_context: str | None,
         on_ready: Callable[[], None] | None = None) -> Iterator[Any]:
    """The engine behind :func:`extract_many` and the CLI: results in input order."""
    if n_process <= 1:
        ex = _warm(Extractor(layers, model_path=model_path))
        if on_ready is not None:
            on_ready()
        for batch in _batches(items, batch_size):
            for rec in batch:
                doc = _extract_one(ex, rec, timeout)
                yield post(doc) if post is not None else doc
        return

    ctx = _mp_context(mp_context)
    decode = None
    if post is None:
        post, decode = _to_wire, Document.from_dict
    if ctx.get_start_method() == "fork" and _WORKER.get("key") != (layers, model_path):
        # build and warm the extractor once here; forked workers inherit it copy-on-write
        ex = _warm(Extractor(layers, model_path=model_path))
        _WORKER.update(ex=ex, key=(layers, model_path))
    if ctx.get_start_method() == "fork":
        # Move everything loaded so far out of the cyclic GC's reach: otherwise each forked
        # worker's full collections walk (and so copy) the whole inherited heap.
        gc.freeze()
        frozen = True
    else:
        frozen = False
    if on_ready is not None:
        on_ready()
    max_in_flight = max(2, 3 * n_process)  # bounded: a 10^7-line input is never read ahead

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(n_process, mp_context=ctx, initializer=_init_worker,
                                   initargs=(layers, model_path))

    pool = new_pool()
    # each entry: [batch, future, suspect]. After a worker crash every batch that was in
    # flight is a suspect: suspects are re-run one record at a time with nothing else in
    # flight, so the record that kills a worker is identified exactly and reported as
    # failed, and no innocent record is blamed.
    pending: deque[list[Any]] = deque()
    source = _batches(items, batch_size)
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < max_in_flight and not any(e[2] for e in pending):
                b = next(source, None)
                if b is None:
                    exhausted = True
                    break
                pending.append([b, pool.submit(_work, b, timeout, post), False])
            if not pending:
                return
            entry = pending[0]
            if entry[2]:
                results = []
                for rec in entry[0]:
                    try:
                        results.extend(pool.submit(_work, [rec], timeout, post).result())
                    except BrokenExecutor:
                        pool.shutdown(wait=False, cancel_futures=True)
                        pool = new_pool()
                        results.append(_post_failed(rec, "WorkerCrash: the worker process died on this record", post))
                pending.popleft()
                yield from (map(decode, results) if decode else results)
                continue
            try:
                results = entry[1].result()
            except BrokenExecutor:  # a worker died (segfault, OOM killer …)
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool()
                for e in pending:
                    e[1], e[2] = None, True
                continue
            pending.popleft()
            yield from (map(decode, results) if decode else results)
    finally:
        for e in pending:
            if e[1] is not None:
                e[1].cancel()
        pool.shutdown(wait=False, cancel_futures=True)
        if frozen:
            gc.unfreeze()


def _post_failed(rec: Record, reason: str, post: Callable[[Document], Any] | None) -> Any:
    doc = _failed(rec, reason, "extract")
    return post(doc) if post is not None else doc


def extract_many(items: Iterable[Any], n_process: int = 1, batch_size: int = 32, *,
                 layers: str | Iterable[str] = DEFAULT_LAYERS, model_path: str | None = None,
                 timeout: float | None = None, mp_context: str | None = None) -> Iterator[Document]:
    """Extract from many texts, streaming :class:`Document` objects in input order.

    ``items``: any iterable (a generator is read lazily, at most a few batches
    ahead) of ``str`` (id = position, ``"0"``, ``"1"`` …), ``(id, text)`` or
    ``(id, text, meta)`` tuples, or ``{"id", "text", "meta"?}`` dicts.
    ``n_process`` > 1 runs a pool of worker processes, each building the
    extractor once; ``batch_size`` records travel to a worker together.
    ``timeout`` (seconds, POSIX) bounds the time spent on one record.

    A failing record (bad input, an exception, a timeout, a crashed worker)
    yields a ``Document`` with no entities and ``meta["error"]`` set
    (``meta["error_stage"]`` is ``"input"`` or ``"extract"``), so the output
    always has exactly one document per input, in order.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be >= 1")
    return _run(items, n_process=int(n_process), batch_size=int(batch_size),
                layers=_check_layers(layers), model_path=model_path, timeout=timeout,
                post=None, mp_context=mp_context)


# --------------------------------------------------------------------------- frames
def document_row(doc: Document) -> dict[str, Any]:
    """The ``documents`` table row of one result (failed ones included)."""
    return {"doc_id": doc.id, "n_chars": len(doc.text), "n_entities": len(doc.entities),
            "n_articles": len(doc.articles or ()), "error": doc.meta.get("error")}


def frames_of(docs: Sequence[Document]) -> dict[str, Any]:
    """:func:`unionnlp.to_frames` plus the ``documents`` table, for a list of documents."""
    import pandas as pd

    from .frames import to_frames

    out = to_frames(list(docs))
    out["documents"] = pd.DataFrame([document_row(d) for d in docs],
                                    columns=list(DOCUMENT_COLUMNS)).astype(DOCUMENT_COLUMNS)
    return out


def iter_frames(docs: Iterable[Document], chunk_size: int = 1000) -> Iterator[dict[str, Any]]:
    """Stream DataFrames: one dict of frames (as :func:`frames_of`) per
    ``chunk_size`` documents, so a corpus never has to fit in memory."""
    it = iter(docs)
    while True:
        chunk = list(islice(it, chunk_size))
        if not chunk:
            return
        yield frames_of(chunk)


# --------------------------------------------------------------------------- readers
def iter_text_files(paths: Iterable[str | os.PathLike]) -> Iterator[Record]:
    """One record per text file (id = file stem); unreadable files become input errors."""
    from .textio import DecodeError, read_text_file

    for f in paths:
        p = Path(f)
        try:
            yield Record(p.stem, read_text_file(p), source=str(p))
        except FileNotFoundError:
            yield Record(p.stem, error=f"{f}: no such file", source=str(p))
        except IsADirectoryError:
            yield Record(p.stem, error=f"{f}: is a directory", source=str(p))
        except DecodeError as exc:
            yield Record(p.stem, error=str(exc), source=str(p))
        except OSError as exc:
            yield Record(p.stem, error=f"{f}: {exc.strerror or exc}", source=str(p))


def list_text_dir(folder: str | os.PathLike) -> list[Path]:
    """The ``.txt`` files under ``folder`` (recursively), in a stable sorted order."""
    root = Path(folder)
    return sorted((p for p in root.rglob("*") if p.is_file() and p.suffix.lower() == ".txt"),
                  key=lambda p: p.relative_to(root).as_posix())


def iter_text_dir(folder: str | os.PathLike) -> Iterator[Record]:
    """Records for every ``.txt`` file under ``folder``. The id is the path relative
    to the folder without ``.txt`` (``a/b.txt`` → ``a/b``; the file stem at the top level)."""
    root = Path(folder)
    for p, rec in zip(list_text_dir(root), iter_text_files(list_text_dir(root))):
        rec.id = p.relative_to(root).with_suffix("").as_posix()
        yield rec


def iter_jsonl_records(path: str | os.PathLike, text_col: str = "text", id_col: str = "id") -> Iterator[Record]:
    """Records from a JSON Lines file of objects; a bad line becomes an input error
    (id ``FILE:LINE``); a record without an id gets ``STEM:LINE``."""
    name = str(path)
    stem = Path(path).stem
    with open(path, "rb") as fh:
        for ln, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8-sig" if ln == 1 else "utf-8")
                obj = json.loads(line)
                if not isinstance(obj, dict):
                    raise TypeError(f"a {type(obj).__name__}, not an object")
            except (UnicodeDecodeError, ValueError, TypeError) as exc:
                yield Record(f"{name}:{ln}", error=f"{name}:{ln}: bad record ({exc.__class__.__name__}: {exc})",
                             source=name)
                continue
            rid = obj.get(id_col)
            rid = f"{stem}:{ln}" if rid is None or rid == "" else str(rid)
            text = obj.get(text_col)
            if not isinstance(text, str):
                yield Record(rid, error=f"{name}:{ln}: bad record ('{text_col}' is "
                             f"{'missing' if text is None else type(text).__name__}, not a string)",
                             source=name)
                continue
            meta = obj.get("meta")
            yield Record(rid, text, dict(meta) if isinstance(meta, dict) else {}, source=name)


def _what(value: Any) -> str:
    """``missing`` for None/NaN/NA, else the type name (for error messages)."""
    if value is None:
        return "missing"
    try:
        if value != value or type(value).__name__ in ("NAType", "NaTType"):
            return "missing"
    except TypeError:  # pd.NA: its truth value is ambiguous
        return "missing"
    return type(value).__name__


def _frame_records(df: Any, name: str, text_col: str, id_col: str | None, offset: int) -> Iterator[Record]:
    if text_col not in df.columns:
        raise KeyError(f"{name}: no column {text_col!r} (columns: {', '.join(map(str, df.columns))}); "
                       "choose one with --text-col")
    if id_col is not None and id_col not in df.columns:
        raise KeyError(f"{name}: no column {id_col!r}; choose one with --id-col")
    texts = df[text_col].tolist()
    ids = df[id_col].tolist() if id_col is not None else [None] * len(texts)
    stem = Path(name).stem
    for i, (rid, text) in enumerate(zip(ids, texts)):
        row = offset + i
        rid = f"{stem}:{row}" if _what(rid) == "missing" or rid == "" else str(rid)
        if not isinstance(text, str):
            yield Record(rid, error=f"{name} row {row}: '{text_col}' is {_what(text)}, not a string",
                         source=name)
        else:
            yield Record(rid, text, source=name)


def _pick_id_col(columns: Sequence[str], id_col: str | None) -> str | None:
    if id_col is not None:
        return id_col
    return "id" if "id" in columns else None


def iter_csv_records(path: str | os.PathLike, text_col: str = "text", id_col: str | None = None,
                     chunksize: int = 2000) -> Iterator[Record]:
    """Records from a CSV file (UTF-8, BOM allowed), read in chunks. Without an
    ``id`` column the id is ``STEM:ROW`` (row counted from 0 after the header)."""
    import pandas as pd

    name = str(path)
    offset = 0
    with pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                     chunksize=chunksize) as reader:
        for chunk in reader:
            col = _pick_id_col(list(chunk.columns), id_col)
            yield from _frame_records(chunk, name, text_col, col, offset)
            offset += len(chunk)


def iter_parquet_records(path: str | os.PathLike, text_col: str = "text", id_col: str | None = None,
                         batch_rows: int = 2000) -> Iterator[Record]:
    """Records from a Parquet file (or a folder of them), read batch by batch."""
    import pyarrow.dataset as ds

    name = str(path)
    dataset = ds.dataset(path, format="parquet")
    cols = dataset.schema.names
    col = _pick_id_col(cols, id_col)
    if text_col not in cols:
        raise KeyError(f"{name}: no column {text_col!r} (columns: {', '.join(cols)}); choose one with --text-col")
    if col is not None and col not in cols:
        raise KeyError(f"{name}: no column {col!r}; choose one with --id-col")
    wanted = [text_col] + ([col] if col and col != text_col else [])
    offset = 0
    for batch in dataset.to_batches(columns=wanted, batch_size=batch_rows):
        df = batch.to_pandas()
        yield from _frame_records(df, name, text_col, col, offset)
        offset += len(df)


def count_records(kind: str, path: str | os.PathLike) -> int | None:
    """A cheap record count for the progress bar (``None`` when unknown)."""
    try:
        if kind == "jsonl":
            n = 0
            with open(path, "rb") as fh:
                for line in fh:
                    if line.strip():
                        n += 1
            return n
        if kind == "parquet":
            import pyarrow.dataset as ds

            return ds.dataset(path, format="parquet").count_rows()
        if kind == "csv":
            return None
    except OSError:
        return None
    return None


# --------------------------------------------------------------------------- sinks
def fingerprint(settings: Mapping[str, Any]) -> str:
    """A stable hash of what a run reads and how (the resume key)."""
    blob = json.dumps(settings, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _write_atomic(path: Path, data: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


_ID_PREFIX = re.compile(rb'^\{"id": ("(?:[^"\\]|\\.)*"|-?\d+)[,}]')


def _recover_jsonl(path: Path, key: str) -> list[Any]:
    """Read the ``key`` field of every complete line of an append-only JSONL file,
    truncating a torn (unterminated or unparsable) tail left by a killed writer.

    Lines are flushed whole, so only the last line can be torn: it is parsed in full;
    for the others the id is read from the line's start when it is the first key
    (our own output), which keeps resuming a multi-GB output fast."""
    keys: list[Any] = []
    if not path.exists():
        return keys
    size = path.stat().st_size
    good = 0
    with open(path, "rb") as fh:
        pos = 0
        for raw in fh:
            end = pos + len(raw)
            if not raw.endswith(b"\n"):
                break
            m = _ID_PREFIX.match(raw) if key == "id" and end < size else None
            if m is not None:
                keys.append(json.loads(m.group(1)))
            else:
                try:
                    obj = json.loads(raw)
                except ValueError:
                    break
                keys.append(obj.get(key) if isinstance(obj, dict) else None)
            good = pos = end
    if good != size:
        with open(path, "r+b") as fh:
            fh.truncate(good)
            fh.flush()
            os.fsync(fh.fileno())
    return keys


class _StateFile:
    """``<out>.state.json``: exists while a run is unfinished; holds its fingerprint."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> dict | None:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def write(self, state: Mapping[str, Any]) -> None:
        _write_atomic(self.path, json.dumps(dict(state), ensure_ascii=False, indent=1))

    def remove(self) -> None:
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass


class ErrorLog:
    """Append-only JSONL of failed records: ``{"id", "stage", "error", "source"}``.

    Extraction failures are *finished* records (they are skipped on resume);
    input failures (a missing file …) are re-checked on every run, so the log
    keeps only the extraction failures of an interrupted run when it resumes.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.fh = None
        self.n = 0

    def open(self, resume: bool) -> set[str]:
        done: set[str] = set()
        if self.path is None:
            return done
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if resume and self.path.exists():
            _recover_jsonl(self.path, "id")
            kept = []
            with open(self.path, encoding="utf-8") as fh:
                for line in fh:
                    obj = json.loads(line)
                    if obj.get("stage") == "extract":
                        kept.append(line)
                        done.add(str(obj.get("id")))
            _write_atomic(self.path, "".join(kept))
            self.fh = open(self.path, "a", encoding="utf-8")
        else:
            self.fh = open(self.path, "w", encoding="utf-8")
        return done

    def write(self, doc_id: str, stage: str, error: str, source: str | None = None) -> None:
        self.n += 1
        if self.fh is None:
            return
        self.fh.write(json.dumps({"id": doc_id, "stage": stage, "error": error, "source": source},
                                 ensure_ascii=False) + "\n")
        self.fh.flush()

    def sync(self) -> None:
        if self.fh is not None:
            self.fh.flush()
            os.fsync(self.fh.fileno())

    def close(self) -> None:
        if self.fh is not None:
            self.sync()
            self.fh.close()
            self.fh = None

    def remove_if_empty(self) -> None:
        if self.path is not None and self.path.exists() and self.path.stat().st_size == 0:
            self.path.unlink()


class JsonlSink:
    """Append-only scheme JSONL with crash-safe resume.

    Every line is flushed to the OS as soon as it is written (so ``kill -9``
    loses nothing already written) and fsync'd every ``sync_every`` lines and
    at the end. While the run is unfinished a ``OUT.state.json`` file records
    its fingerprint; restarting with the same settings reads the ids already
    in ``OUT`` (cutting a torn last line) and continues; a finished output
    (no state file) or different settings start afresh, as a plain overwrite.
    """

    def __init__(self, path: str | os.PathLike, sync_every: int = 200) -> None:
        self.path = Path(path)
        self.state = _StateFile(self.path.with_name(self.path.name + ".state.json"))
        self.sync_every = sync_every
        self.fh = None
        self.n = 0
        self._since_sync = 0

    def open(self, fp: str, resume: bool = True) -> tuple[set[str], bool]:
        """Returns (ids already done, whether this is a resumed run)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        st = self.state.read()
        resumed = bool(resume and st and st.get("fingerprint") == fp and self.path.exists())
        done: set[str] = set()
        if resumed:
            done = {str(k) for k in _recover_jsonl(self.path, "id")}
            self.fh = open(self.path, "a", encoding="utf-8")
        else:
            self.fh = open(self.path, "w", encoding="utf-8")
        self.state.write({"fingerprint": fp, "format": "jsonl"})
        return done, resumed

    def write(self, doc_id: str, line: str) -> None:
        assert self.fh is not None
        self.fh.write(line + "\n")
        self.fh.flush()
        self.n += 1
        self._since_sync += 1
        if self._since_sync >= self.sync_every:
            self.sync()

    def sync(self) -> None:
        if self.fh is not None:
            self.fh.flush()
            os.fsync(self.fh.fileno())
            self._since_sync = 0

    def close(self, finished: bool) -> None:
        if self.fh is not None:
            self.sync()
            self.fh.close()
            self.fh = None
        if finished:
            self.state.remove()


class ParquetSink:
    """A folder of Parquet tables, one sub-folder per frame kind
    (``OUT/organizations/part-00000.parquet`` …, plus ``OUT/documents``), written
    in parts of ``part_size`` documents.

    A part's files are written under temporary names, renamed, and only then
    listed in ``OUT/manifest.json`` (atomic replace + fsync). On resume, part
    files missing from the manifest (a crash between rename and manifest
    update) are deleted and the ids of listed parts are skipped. Records that
    were extracted but not yet in a written part are extracted again: nothing
    is lost, nothing is written twice. ``pandas.read_parquet("OUT/organizations")``
    reads a kind back.
    """

    def __init__(self, path: str | os.PathLike, part_size: int = 1000) -> None:
        self.path = Path(path)
        self.part_size = part_size
        self.manifest_path = self.path / "manifest.json"
        self.manifest: dict[str, Any] = {}
        self.buffer: list[Document] = []
        self.n = 0

    def _kinds(self) -> list[str]:
        from .frames import FRAME_COLUMNS

        return [*FRAME_COLUMNS, "documents"]

    def open(self, fp: str, resume: bool = True) -> tuple[set[str], bool]:
        import pyarrow.parquet as pq

        if self.path.exists() and not self.path.is_dir():
            raise ValueError(f"{self.path}: exists and is not a folder (parquet output is a folder)")
        self.path.mkdir(parents=True, exist_ok=True)
        try:
            old = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            old = None
        resumed = bool(resume and old and old.get("fingerprint") == fp and not old.get("complete"))
        done: set[str] = set()
        if resumed:
            listed = set(old["parts"])
            for kind in self._kinds():
                d = self.path / kind
                for f in d.glob("*.parquet*") if d.exists() else ():
                    if f.name.split(".")[0] not in listed or f.name.endswith(".tmp"):
                        f.unlink()
            for part in old["parts"]:
                t = pq.read_table(self.path / "documents" / f"{part}.parquet", columns=["doc_id"])
                done.update(str(x) for x in t.column("doc_id").to_pylist())
            self.manifest = old
        else:
            for kind in self._kinds():
                d = self.path / kind
                for f in d.glob("*.parquet*") if d.exists() else ():
                    f.unlink()
            self.manifest = {"fingerprint": fp, "format": "parquet", "complete": False, "parts": []}
            _write_atomic(self.manifest_path, json.dumps(self.manifest, indent=1))
        return done, resumed

    def write(self, doc: Document) -> None:
        self.buffer.append(doc)
        self.n += 1
        if len(self.buffer) >= self.part_size:
            self.flush()

    def flush(self) -> None:
        if not self.buffer:
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        part = f"part-{len(self.manifest['parts']):05d}"
        frames = frames_of(self.buffer)
        written = []
        for kind, df in frames.items():
            d = self.path / kind
            d.mkdir(exist_ok=True)
            tmp = d / f"{part}.parquet.tmp"
            table = pa.Table.from_pandas(df, preserve_index=False)
            pq.write_table(table, tmp)
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            written.append((tmp, d / f"{part}.parquet"))
        for tmp, final in written:
            os.replace(tmp, final)
        for kind in frames:
            _fsync_dir(self.path / kind)
        self.manifest["parts"].append(part)
        _write_atomic(self.manifest_path, json.dumps(self.manifest, indent=1))
        self.buffer.clear()

    def sync(self) -> None:
        pass

    def close(self, finished: bool) -> None:
        if finished:
            self.flush()
            if not self.manifest["parts"]:  # an empty corpus still gets its (empty) tables
                self.buffer = []
                self._write_empty()
            self.manifest["complete"] = True
            _write_atomic(self.manifest_path, json.dumps(self.manifest, indent=1))
        # unfinished: the buffered documents are dropped and redone on resume

    def _write_empty(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        part = "part-00000"
        for kind, df in frames_of([]).items():
            d = self.path / kind
            d.mkdir(exist_ok=True)
            pq.write_table(pa.Table.from_pandas(df, preserve_index=False), d / f"{part}.parquet")
        self.manifest["parts"].append(part)


def stderr_is_tty() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def jsonl_result(doc: Document) -> tuple[str, str | None, str | None, str | None]:
    """Worker-side post-processing for JSONL output: ``(id, error, stage, line)``;
    serialising in the worker keeps the parent process light."""
    from .annotation import dumps

    err = doc.meta.get("error")
    if err is not None:
        return doc.id, str(err), str(doc.meta.get("error_stage") or "extract"), None
    return doc.id, None, None, dumps(doc)

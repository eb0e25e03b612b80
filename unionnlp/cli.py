"""Command line: ``unionnlp extract``, ``unionnlp score`` (``python -m unionnlp`` too)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from . import __version__

EXIT_OK, EXIT_FAIL, EXIT_INPUT = 0, 1, 2


def _err(msg: str) -> None:
    print(f"unionnlp: {msg}", file=sys.stderr)


def _say(msg: str, bar=None) -> None:
    if bar is not None:
        bar.write(f"unionnlp: {msg}", file=sys.stderr)
    else:
        _err(msg)


def _sources(args: argparse.Namespace) -> list[tuple[str, str]]:
    """``(kind, path)`` for every input, in the order: positional files/folders,
    --jsonl, --csv, --parquet."""
    out: list[tuple[str, str]] = []
    for f in args.files:
        out.append(("dir" if Path(f).is_dir() else "txt", f))
    for kind in ("jsonl", "csv", "parquet"):
        for f in getattr(args, kind) or ():
            out.append((kind, f))
    return out


def _read_source(kind: str, path: str, args: argparse.Namespace):
    """Records of one input; a source that cannot be opened or breaks half-way
    yields one input-error record naming it (the other inputs go on)."""
    from . import batch

    try:
        if kind == "txt":
            yield from batch.iter_text_files([path])
            return
        if not Path(path).exists():
            yield batch.Record(path, error=f"{path}: no such file", source=path)
            return
        if kind == "dir":
            it = batch.iter_text_dir(path)
        elif kind == "jsonl":
            it = batch.iter_jsonl_records(path, args.text_col, args.id_col or "id")
        elif kind == "csv":
            it = batch.iter_csv_records(path, args.text_col, args.id_col)
        else:
            it = batch.iter_parquet_records(path, args.text_col, args.id_col)
        yield from it
    except KeyError as exc:
        yield batch.Record(path, error=str(exc.args[0]) if exc.args else str(exc), source=path)
    except Exception as exc:  # unreadable table (bad CSV/Parquet, permissions …)
        yield batch.Record(path, error=f"{path}: cannot read {kind} input ({exc.__class__.__name__}: {exc})",
                           source=path)


def _errors_path(args: argparse.Namespace) -> Path | None:
    if args.errors:
        return Path(args.errors)
    if not args.output or args.output == "-":
        return None
    out = Path(args.output)
    if args.format == "parquet":
        return out / "errors.jsonl"
    return out.with_name((out.stem if out.suffix else out.name) + ".errors.jsonl")


def cmd_extract(args: argparse.Namespace) -> int:
    """Batch extraction; see ``unionnlp extract --help`` and docs/decisions/batch.md.

    Exit codes: 0 all fine (failed records are in the errors file); 2 some input
    could not be read (missing file, undecodable bytes, bad JSON line, missing
    column); 1 with ``--strict`` when any record failed extraction; 130 interrupted.
    """
    from . import batch
    from .pipeline import _check_layers

    sources = _sources(args)
    if not sources:
        _err("extract: give input files or folders, or --jsonl/--csv/--parquet IN")
        return EXIT_INPUT
    layers = _check_layers(args.layers)
    to_stdout = not args.output or args.output == "-"
    if args.format == "parquet" and to_stdout:
        _err("extract: --format parquet needs -o OUT_FOLDER")
        return EXIT_INPUT
    if args.format == "parquet" or args.parquet:
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            _err("extract: Parquet needs pyarrow: pip install 'unionnlp[parquet]'")
            return EXIT_INPUT
    if args.workers < 1 or args.batch_size < 1:
        _err("extract: --workers and --batch-size must be >= 1")
        return EXIT_INPUT

    fp = batch.fingerprint({
        "version": __version__, "format": args.format, "layers": list(layers),
        "text_col": args.text_col, "id_col": args.id_col,
        "sources": [(k, str(Path(p).resolve())) for k, p in sources],
    })
    sink = None
    done: set[str] = set()
    resumed = False
    if not to_stdout:
        sink = batch.ParquetSink(args.output, args.part_size) if args.format == "parquet" \
            else batch.JsonlSink(args.output)
        try:
            done, resumed = sink.open(fp, resume=not args.restart)
        except (OSError, ValueError) as exc:
            _err(f"extract: cannot write {args.output}: {exc}")
            return EXIT_INPUT
        if resumed:
            _err(f"resuming: {len(done)} document(s) already in {args.output}")
    errlog = batch.ErrorLog(_errors_path(args))
    failed_before = errlog.open(resume=resumed)
    done |= failed_before

    total = None
    if not args.quiet and batch.stderr_is_tty():
        counts = []
        for kind, path in sources:
            if kind == "txt":
                counts.append(1)
            elif kind == "dir":
                counts.append(len(batch.list_text_dir(path)) if Path(path).is_dir() else 0)
            else:
                counts.append(batch.count_records(kind, path))
        total = None if any(c is None for c in counts) else sum(counts)
    from tqdm import tqdm

    bar = tqdm(total=total, initial=min(len(done), total or 0) if total else 0, unit="doc",
               dynamic_ncols=True, smoothing=0.1, file=sys.stderr,
               disable=args.quiet or not batch.stderr_is_tty())

    n_input_errors = 0
    n_failed = 0
    shown = 0
    seen: set[str] = set()

    def records():
        nonlocal n_input_errors
        for kind, path in sources:
            for rec in _read_source(kind, path, args):
                if rec.error is None and rec.id in seen:
                    rec.error = f"{rec.source or path}: duplicate id {rec.id!r} (already read in this run); skipped"
                if rec.error is not None:
                    n_input_errors += 1
                    _say(rec.error, bar if not bar.disable else None)
                    errlog.write(rec.id, "input", rec.error, rec.source)
                    continue
                seen.add(rec.id)
                if rec.id in done:
                    continue
                yield rec

    post = batch.jsonl_result if args.format == "jsonl" else None
    out = sys.stdout if to_stdout else None
    n = 0
    finished = False
    try:
        results = batch._run(records(), n_process=args.workers, batch_size=args.batch_size,
                             layers=layers, model_path=None, timeout=args.timeout or None,
                             post=post, mp_context=None, on_ready=bar.unpause)
        for res in results:
            if post is not None:
                rid, error, stage, line = res
            else:
                rid, error = res.id, res.meta.get("error")
                stage, line = res.meta.get("error_stage"), None
            if error is not None:
                n_failed += 1
                errlog.write(rid, stage or "extract", error)
                if shown < 20:
                    _say(f"{rid}: extraction failed ({error})", bar if not bar.disable else None)
                    shown += 1
            elif out is not None:
                out.write(line + "\n")
            elif isinstance(sink, batch.JsonlSink):
                sink.write(rid, line)
            else:
                sink.write(res)  # type: ignore[union-attr]
            if error is None:
                n += 1
            bar.update(1)
            if n_failed:
                bar.set_postfix(failed=n_failed, refresh=False)
        finished = True
    except OSError as exc:  # disk full, output removed … : the state file stays, so a rerun resumes
        _err(f"cannot write the output ({exc.__class__.__name__}: {exc}); rerun the same command to resume")
        return EXIT_FAIL
    except KeyboardInterrupt:
        bar.close()
        if sink is not None:
            sink.close(finished=False)
        errlog.close()
        _err(f"interrupted; {n} document(s) written this run. Rerun the same command to resume.")
        return 130
    finally:
        bar.close()
        if finished:
            if sink is not None:
                sink.close(finished=True)
            errlog.close()
            errlog.remove_if_empty()
            if out is not None:
                out.flush()
    if shown < n_failed:
        _err(f"… {n_failed - shown} more extraction failure(s)")
    if not to_stdout or errlog.path is not None:
        msg = f"wrote {n} document(s)" + (f" to {args.output}" if not to_stdout else "")
        if done:
            msg += f" ({len(done)} already done before)"
        if n_failed or n_input_errors:
            msg += f"; {n_failed} record(s) failed, {n_input_errors} input(s) unreadable"
            if errlog.path is not None:
                msg += f" (see {errlog.path})"
        _err(msg)
    if n_input_errors:
        return EXIT_INPUT
    if n_failed and args.strict:
        return EXIT_FAIL
    return EXIT_OK


def cmd_score(args: argparse.Namespace) -> int:
    from .annotation import AnnotationError, read_jsonl
    from .scoring import score

    try:
        gold = read_jsonl(args.gold)
        pred = read_jsonl(args.pred)
    except AnnotationError as exc:
        _err(str(exc))
        return EXIT_INPUT
    except OSError as exc:
        _err(f"{exc.filename}: {exc.strerror}")
        return EXIT_INPUT
    result = score(gold, pred)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        print(result.report())
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="unionnlp", description="Structured data from Chinese trade-union news.")
    p.add_argument("--version", action="version", version=f"unionnlp {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    e = sub.add_parser(
        "extract", help="extract entities from text files, folders, JSONL, CSV or Parquet",
        description="Extract from text files/folders of .txt (id = file stem), JSONL records "
        "{id, text}, CSV or Parquet tables. Output: scheme JSONL (one line per document) or a "
        "folder of Parquet tables. A run writing to -o is resumable: rerun the same command "
        "after an interruption. Failed records go to an errors file; exit code 2 if an input "
        "could not be read, 1 with --strict if a record failed.")
    e.add_argument("files", nargs="*", help="text files (UTF-8 with/without BOM, or GB18030; id = file "
                   "name stem) or folders of .txt files (id = relative path without .txt)")
    e.add_argument("--jsonl", action="append", metavar="IN.jsonl", help="records {\"id\", \"text\"}, one per line")
    e.add_argument("--csv", action="append", metavar="IN.csv", help="a CSV table (UTF-8) with a text column")
    e.add_argument("--parquet", action="append", metavar="IN.parquet", help="a Parquet file or folder with a text column")
    e.add_argument("--text-col", default="text", help="text column/key of table and JSONL inputs (default: text)")
    e.add_argument("--id-col", default=None, help="id column/key (default: id if present, else FILE:ROW)")
    e.add_argument("-o", "--output", metavar="OUT", help="output JSONL file or, with --format parquet, "
                   "a folder (default: JSONL on standard output, not resumable)")
    e.add_argument("--format", choices=("jsonl", "parquet"), default="jsonl",
                   help="jsonl: scheme JSONL; parquet: one table per frame kind in OUT/ (default: jsonl)")
    e.add_argument("--errors", metavar="ERR.jsonl", help="errors file (default: OUT-stem.errors.jsonl, "
                   "or OUT/errors.jsonl for parquet)")
    e.add_argument("--layers", default="rules,model", help="rules, model or rules,model (default)")
    e.add_argument("-w", "--workers", type=int, default=1, help="worker processes (default: 1)")
    e.add_argument("--batch-size", type=int, default=16, help="records per task sent to a worker (default: 16)")
    e.add_argument("--part-size", type=int, default=1000, help="documents per Parquet part (default: 1000)")
    e.add_argument("--timeout", type=float, default=300.0,
                   help="seconds allowed per record before it fails (default: 300; 0: no limit)")
    e.add_argument("--strict", action="store_true", help="exit with code 1 if any record failed")
    e.add_argument("--restart", action="store_true", help="ignore an interrupted run's output and start afresh")
    e.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    e.set_defaults(func=cmd_extract)

    s = sub.add_parser("score", help="score predictions against gold annotations")
    s.add_argument("gold", help="gold JSONL (validated)")
    s.add_argument("pred", help="predicted JSONL")
    s.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    s.set_defaults(func=cmd_score)

    t = sub.add_parser("train", help="train the statistical layer from data/annotated (+ public corpora)",
                       description="Reproduce the shipped model from scratch with a fixed seed.")
    t.add_argument("--data", default="data/annotated", help="folder with train.jsonl and dev.jsonl")
    t.add_argument("--corpora", default=None, metavar="DIR",
                   help="also train on the public sets' training splits in DIR (e.g. ../shared/corpora)")
    t.add_argument("-o", "--output", default="models/ner", help="output folder (default: models/ner)")
    t.add_argument("--seed", type=int, default=13)
    t.add_argument("--epochs", type=int, default=12)
    t.add_argument("--gold-weight", type=int, default=3, help="times our own training data is repeated")
    t.add_argument("--max-outside", type=int, default=12000, help="at most this many public-corpus examples")
    from .train import TrainConfig as TRAIN_DEFAULTS  # light module: no spaCy import

    t.add_argument("--width", type=int, default=TRAIN_DEFAULTS.width, help="tok2vec width")
    t.add_argument("--depth", type=int, default=TRAIN_DEFAULTS.depth, help="tok2vec CNN depth")
    t.add_argument("--embed-size", type=int, default=TRAIN_DEFAULTS.embed_size, help="hash embedding rows")
    t.set_defaults(func=cmd_train)
    return p


def cmd_train(args: argparse.Namespace) -> int:
    from .train import TrainConfig, train

    cfg = TrainConfig(data_dir=args.data, corpora_dir=args.corpora, output=args.output, seed=args.seed,
                      epochs=args.epochs, gold_weight=args.gold_weight, max_outside=args.max_outside,
                      width=args.width, depth=args.depth, embed_size=args.embed_size)
    train(cfg, log=lambda m: print(m, file=sys.stderr, flush=True))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ValueError as exc:
        _err(str(exc))
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

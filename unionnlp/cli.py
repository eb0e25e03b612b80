"""Command line: ``unionnlp extract``, ``unionnlp score`` (``python -m unionnlp`` too)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Iterator, Sequence

from . import __version__

EXIT_OK, EXIT_FAIL, EXIT_INPUT = 0, 1, 2


def _err(msg: str) -> None:
    print(f"unionnlp: {msg}", file=sys.stderr)


def _iter_inputs(args: argparse.Namespace, errors: list[str]) -> Iterator[tuple[str, str]]:
    from .textio import DecodeError, read_text_file

    for f in args.files:
        p = Path(f)
        try:
            yield p.stem, read_text_file(p)
        except FileNotFoundError:
            errors.append(f"{f}: no such file")
        except IsADirectoryError:
            errors.append(f"{f}: is a directory")
        except (DecodeError, OSError) as exc:
            errors.append(f"{f}: {exc}")
    for f in args.jsonl or ():
        try:
            fh = open(f, encoding="utf-8-sig")
        except OSError as exc:
            errors.append(f"{f}: {exc.strerror or exc}")
            continue
        with fh:
            for ln, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                    rid, text = rec["id"], rec["text"]
                    if not isinstance(text, str):
                        raise TypeError(f"'text' is {type(text).__name__}, not a string")
                except (ValueError, KeyError, TypeError) as exc:
                    errors.append(f"{f}:{ln}: bad record ({exc.__class__.__name__}: {exc})")
                    continue
                yield str(rid), text


def cmd_extract(args: argparse.Namespace) -> int:
    from .annotation import dumps
    from .pipeline import Extractor

    if not args.files and not args.jsonl:
        _err("extract: give input files or --jsonl IN.jsonl")
        return EXIT_INPUT
    ex = Extractor(layers=args.layers)
    errors: list[str] = []
    out = open(args.output, "w", encoding="utf-8") if args.output and args.output != "-" else sys.stdout
    n = 0
    try:
        for rid, text in _iter_inputs(args, errors):
            try:
                doc = ex.extract(text, id=rid)
            except Exception as exc:  # never lose the rest of the corpus
                errors.append(f"{rid}: extraction failed ({exc.__class__.__name__}: {exc})")
                continue
            out.write(dumps(doc) + "\n")
            n += 1
    finally:
        if out is not sys.stdout:
            out.close()
    for e in errors:
        _err(e)
    if args.output and args.output != "-":
        print(f"unionnlp: wrote {n} document(s) to {args.output}"
              + (f"; {len(errors)} input(s) failed" if errors else ""), file=sys.stderr)
    return EXIT_INPUT if errors else EXIT_OK


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

    e = sub.add_parser("extract", help="extract entities from text files or a JSONL of {id, text}")
    e.add_argument("files", nargs="*", help="text files (UTF-8 with/without BOM, or GB18030); id = file name stem")
    e.add_argument("--jsonl", action="append", metavar="IN.jsonl", help="records {\"id\", \"text\"}, one per line")
    e.add_argument("-o", "--output", metavar="OUT.jsonl", help="output JSONL (default: standard output)")
    e.add_argument("--layers", default="rules,model", help="rules, model or rules,model (default)")
    e.set_defaults(func=cmd_extract)

    s = sub.add_parser("score", help="score predictions against gold annotations")
    s.add_argument("gold", help="gold JSONL (validated)")
    s.add_argument("pred", help="predicted JSONL")
    s.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    s.set_defaults(func=cmd_score)
    return p


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

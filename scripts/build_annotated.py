#!/usr/bin/env python3
"""Compile the gold sources in data/annotated/src/**.txt (inline markup, see
data/annotated/AUTHORING.md) into data/annotated/{train,dev,test}.jsonl.

    python scripts/build_annotated.py                 # compile all, validate, write, print stats
    python scripts/build_annotated.py --check F...    # validate the given sources only
    python scripts/build_annotated.py --stats         # print statistics of the compiled files

Every record is validated with :func:`unionnlp.annotation.validate_record`
plus authoring checks (required attrs, references, traditional canonicals).
"""
from __future__ import annotations

import argparse
import json
import re
import shlex
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from unionnlp.annotation import validate_record  # noqa: E402
from unionnlp.types import LEVELLED_KINDS  # noqa: E402

SRC = ROOT / "data" / "annotated" / "src"
OUT = ROOT / "data" / "annotated"
SPLITS = ("train", "dev", "test")
QUOTES = "“”\"‘’「」『』"
_t2s = None


def to_simplified(s: str) -> str:
    global _t2s
    if _t2s is None:
        import opencc

        _t2s = opencc.OpenCC("t2s")
    return _t2s.convert(s)


class SourceError(Exception):
    pass


def _default_canonical(surface: str) -> str:
    # quotes go; a layout line break inside a name goes; a space inside a slogan stays
    return "".join(ch for ch in surface if ch not in QUOTES and ch not in "\r\n")


def _num(v: str):
    try:
        f = float(v)
    except ValueError:
        raise SourceError(f"value {v!r} is not a number (write 1.2万 as 12000)") from None
    return int(f) if f.is_integer() and "e" not in v.lower() else f


def _null(v: str):
    return None if v == "null" else v


def parse_entity(surface: str, spec: str, where: str) -> tuple[dict, str | None]:
    try:
        toks = shlex.split(spec)
    except ValueError as exc:
        raise SourceError(f"{where}: cannot parse attrs {spec!r}: {exc}") from None
    if not toks:
        raise SourceError(f"{where}: entity {surface!r} has no label")
    label, rest = toks[0], toks[1:]
    ref = None
    kv: dict[str, str] = {}
    for t in rest:
        if t.startswith("#"):
            ref = t
        elif "=" in t:
            k, v = t.split("=", 1)
            if k in kv:
                raise SourceError(f"{where}: attr {k} given twice for {surface!r}")
            kv[k] = v
        else:
            raise SourceError(f"{where}: cannot read {t!r} in {surface!r} (want key=value or #ref)")

    def take(allowed: set[str]) -> None:
        bad = set(kv) - allowed
        if bad:
            raise SourceError(f"{where}: {label} {surface!r}: unknown attr(s) {sorted(bad)}")

    def need(k: str) -> str:
        if k not in kv:
            raise SourceError(f"{where}: {label} {surface!r} needs {k}=")
        return kv[k]

    trad = to_simplified(surface) != surface
    attrs: dict | None
    if label == "ORG":
        take({"k", "l", "c", "p"})
        kind = need("k")
        attrs = {"kind": kind}
        if kind in LEVELLED_KINDS:
            attrs["level"] = _null(need("l"))
        elif "l" in kv:
            raise SourceError(f"{where}: ORG {surface!r}: kind {kind} has no level")
        if trad and "c" not in kv:
            raise SourceError(f"{where}: ORG {surface!r} is traditional: give the simplified c=")
        attrs["canonical"] = _null(kv.get("c", _default_canonical(surface)))
        if kind == "union":
            attrs["parent"] = _null(kv.get("p", "null"))
        elif "p" in kv:
            raise SourceError(f"{where}: ORG {surface!r}: only unions have a parent")
    elif label == "PERSON":
        take({"r"})
        attrs = {"role": need("r")}
    elif label == "TITLE":
        take(set())
        attrs = None
    elif label == "COUNT":
        take({"v", "a", "u", "n"})
        attrs = {"value": _num(need("v")), "approx": _null(kv.get("a", "null")),
                 "unit": _null(kv.get("u", "null")), "noun": _null(kv.get("n", "null"))}
    elif label == "PROGRAM":
        take({"k", "c"})
        if trad and "c" not in kv:
            raise SourceError(f"{where}: PROGRAM {surface!r} is traditional: give the simplified c=")
        attrs = {"kind": need("k"), "canonical": _null(kv.get("c", _default_canonical(surface)))}
    else:
        raise SourceError(f"{where}: unknown label {label!r} for {surface!r}")
    return {"label": label, "attrs": attrs}, ref


_WS = re.compile(r"[\s\u3000]+")


def _find_copy(text: str, start: int, end: int) -> int | None:
    """Raw start of the first earlier occurrence of text[start:end], ignoring whitespace."""
    target = _WS.sub("", text[start:end])
    idx = [i for i, ch in enumerate(text[:start]) if not (ch.isspace() or ch == "\u3000")]
    flat = "".join(text[i] for i in idx)
    k = flat.find(target)
    return None if k < 0 else idx[k]


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Article bounds without surrounding white space."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def compile_source(path: Path) -> tuple[dict, str]:
    """Parse one source file → (scheme record, split)."""
    raw = path.read_text(encoding="utf-8")
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    lines = raw.split("\n")
    header: dict[str, str] = {}
    i = 0
    while i < len(lines) and re.match(r"^#(id|split|meta):", lines[i]):
        k, v = lines[i][1:].split(":", 1)
        header[k] = v.strip()
        i += 1
    name = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
    for k in ("id", "split"):
        if k not in header:
            raise SourceError(f"{name}: missing #{k}: header")
    if header["split"] not in SPLITS:
        raise SourceError(f"{name}: #split must be one of {SPLITS}")
    try:
        meta = json.loads(header.get("meta", "{}"))
    except json.JSONDecodeError as exc:
        raise SourceError(f"{name}: #meta is not JSON: {exc}") from None
    body_lines, rel_lines = [], []
    j = len(lines)
    # relation lines: trailing lines starting with '@' (and blank lines among them)
    while j > i and (lines[j - 1].startswith("@") or not lines[j - 1].strip()):
        j -= 1
    body_lines = lines[i:j]
    rel_lines = [l for l in lines[j:] if l.strip()]
    body = "\n".join(body_lines)
    body = body.rstrip("\n")

    out: list[str] = []
    pos = 0  # position in output text
    ents: list[dict] = []
    refs: dict[str, dict] = {}
    art_stack: list[int] = []
    arts: list[tuple[int, int]] = []
    dup_open: int | None = None
    dups: list[tuple[int, int]] = []
    k = 0
    n_articles_markers = 0
    while k < len(body):
        m = body.find("[[", k)
        if m < 0:
            out.append(body[k:])
            pos += len(body) - k
            break
        out.append(body[k:m])
        pos += m - k
        e = body.find("]]", m + 2)
        if e < 0:
            raise SourceError(f"{name}: unclosed [[ at source char {m}")
        inner = body[m + 2:e]
        k = e + 2
        where = f"{name} (near {body[max(0, m - 10):m + 20]!r})"
        if inner == "A":
            art_stack.append(pos)
            n_articles_markers += 1
        elif inner == "/A":
            if not art_stack:
                raise SourceError(f"{where}: [[/A]] without [[A]]")
            arts.append((art_stack.pop(), pos))
        elif inner == "D":
            if dup_open is not None:
                raise SourceError(f"{where}: nested [[D]]")
            dup_open = pos
        elif inner == "/D":
            if dup_open is None:
                raise SourceError(f"{where}: [[/D]] without [[D]]")
            dups.append((dup_open, pos))
            dup_open = None
        else:
            if "|" not in inner:
                raise SourceError(f"{where}: entity markup needs 'surface|LABEL ...': {inner!r}")
            if dup_open is not None:
                raise SourceError(f"{where}: no entity markup inside [[D]]…[[/D]]")
            surface, spec = inner.split("|", 1)
            if "[[" in surface:
                raise SourceError(f"{where}: nested markup in {surface!r}")
            if not surface:
                raise SourceError(f"{where}: empty surface")
            ent, ref = parse_entity(surface, spec, where)
            ent.update(start=pos, end=pos + len(surface), text=surface)
            ents.append(ent)
            if ref:
                if ref in refs:
                    raise SourceError(f"{where}: reference {ref} used twice")
                refs[ref] = ent
            out.append(surface)
            pos += len(surface)
    if art_stack or dup_open is not None:
        raise SourceError(f"{name}: unclosed [[A]] or [[D]]")
    text = "".join(out)
    ents.sort(key=lambda x: (x["start"], x["end"]))
    entities = []
    for n, ent in enumerate(ents, 1):
        ent["id"] = f"e{n}"
        d = {"id": ent["id"], "start": ent["start"], "end": ent["end"], "label": ent["label"],
             "text": ent["text"]}
        if ent["attrs"] is not None:
            d["attrs"] = ent["attrs"]
        entities.append(d)
    relations = []
    for l in rel_lines:
        parts = l.split()
        if parts[0] != "@holds" or len(parts) != 4:
            raise SourceError(f"{name}: bad relation line {l!r} (want '@holds #p #t #o' or '... -')")
        ids = []
        for r, want in zip(parts[1:], ("PERSON", "TITLE", "ORG")):
            if r == "-" and want == "ORG":
                ids.append(None)
                continue
            if r not in refs:
                raise SourceError(f"{name}: {l!r}: unknown reference {r}")
            if refs[r]["label"] != want:
                raise SourceError(f"{name}: {l!r}: {r} is a {refs[r]['label']}, not a {want}")
            ids.append(refs[r]["id"])
        relations.append({"type": "holds", "person": ids[0], "title": ids[1], "org": ids[2]})
    rec: dict = {"id": header["id"], "text": text, "meta": meta}
    if n_articles_markers:
        arts = sorted(_trim(text, s, e) for s, e in arts)
        rec["articles"] = [{"start": s, "end": e, "headline": text[s:e].split("\n", 1)[0].strip()}
                           for s, e in arts]
    dlist = []
    for s, e in dups:
        if len(_WS.sub("", text[s:e])) < 20:
            raise SourceError(f"{name}: duplicate {text[s:e]!r} is shorter than 20 characters")
        c = _find_copy(text, s, e)
        if c is None:
            raise SourceError(f"{name}: duplicate {text[s:e][:30]!r}… has no earlier copy")
        dlist.append({"start": s, "end": e, "copy_of": c})
    rec["duplicates"] = dlist
    rec["entities"] = entities
    rec["relations"] = relations
    probs = validate_record(rec, name, 0)
    if probs:
        raise SourceError("\n".join(str(p) for p in probs))
    # every TITLE should be held by someone (scheme: only posts attached to a named person)
    held = {r["title"] for r in relations}
    for e in entities:
        if e["label"] == "TITLE" and e["id"] not in held:
            raise SourceError(f"{name}: TITLE {e['text']!r} at {e['start']} has no @holds line")
    return rec, header["split"]


def stats(records: dict[str, list[dict]]) -> str:
    lines = []
    tot = Counter()
    for split in SPLITS:
        recs = records.get(split, [])
        c = Counter(e["label"] for r in recs for e in r["entities"])
        chars = sum(len(r["text"]) for r in recs)
        rels = sum(len(r["relations"]) for r in recs)
        arts = sum(len(r.get("articles") or []) for r in recs)
        dups = sum(len(r.get("duplicates") or []) for r in recs)
        lines.append(f"{split:<6} docs={len(recs):4d} chars={chars:7d} " + " ".join(
            f"{lab}={c[lab]}" for lab in ("ORG", "PERSON", "TITLE", "COUNT", "PROGRAM"))
            + f" holds={rels} articles={arts} duplicates={dups}")
        tot.update(c)
        tot["docs"] += len(recs)
        tot["chars"] += chars
    lines.append(f"total  docs={tot['docs']} chars={tot['chars']}")
    ph = Counter(p for recs in records.values() for r in recs for p in r.get("meta", {}).get("phenomena", []))
    if ph:
        lines.append("phenomena: " + ", ".join(f"{k}={v}" for k, v in ph.most_common()))
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", nargs="+", metavar="SRC", help="validate these sources only, write nothing")
    ap.add_argument("--stats", action="store_true", help="print statistics of the compiled JSONL files")
    args = ap.parse_args(argv)
    if args.stats:
        recs = {s: [json.loads(l) for l in open(OUT / f"{s}.jsonl", encoding="utf-8")]
                for s in SPLITS if (OUT / f"{s}.jsonl").exists()}
        print(stats(recs))
        return 0
    files = [Path(f).resolve() for f in args.check] if args.check else sorted(SRC.rglob("*.txt"))
    records: dict[str, list[dict]] = {s: [] for s in SPLITS}
    errors = 0
    ids: dict[str, Path] = {}
    for f in files:
        try:
            rec, split = compile_source(f)
        except SourceError as exc:
            print(f"ERROR {exc}", file=sys.stderr)
            errors += 1
            continue
        if rec["id"] in ids:
            print(f"ERROR {f}: id {rec['id']} also used by {ids[rec['id']]}", file=sys.stderr)
            errors += 1
            continue
        ids[rec["id"]] = f
        records[split].append(rec)
    print(stats(records))
    if errors:
        print(f"{errors} file(s) with errors", file=sys.stderr)
        return 1
    if not args.check:
        for split in SPLITS:
            with open(OUT / f"{split}.jsonl", "w", encoding="utf-8") as fh:
                for rec in sorted(records[split], key=lambda r: r["id"]):
                    fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        print(f"wrote {', '.join(f'{s}.jsonl' for s in SPLITS)} to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Measure the page layer (normalize + segment + bylines) against gold documents.

Usage::

    python benchmarks/eval_layout.py                      # data/annotated/src/**/*.txt (compiled in memory)
    python benchmarks/eval_layout.py data/annotated/dev.jsonl ../shared/dev/xwlb_dev.jsonl
    python benchmarks/eval_layout.py split=test           # one split of the sources
    python benchmarks/eval_layout.py --hmm                # names/titles segmentation, HMM on vs off

Prints, per input: article-start P/R/F1 (documents whose gold has articles),
duplicate detection (a gold duplicate is found when a predicted one overlaps
it; exact = same start and end), byline PERSON spans (strict, with role), and
line-join repairs (gold entities whose raw text contains a line break: found
intact in the working text).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from unionnlp import articles, normalize  # noqa: E402

BYLINE_ROLES = {"reporter", "correspondent", "photographer", "editor"}


def _load(arg: str | None) -> list[dict]:
    split = None
    if arg and arg.startswith("split="):
        split, arg = arg[len("split="):], None
    if arg is None or Path(arg).is_dir():
        sys.path.insert(0, str(ROOT / "scripts"))
        import build_annotated  # type: ignore

        base = Path(arg) if arg else ROOT / "data" / "annotated" / "src"
        recs = []
        for p in sorted(base.rglob("*.txt")):
            try:
                rec, sp = build_annotated.compile_source(p)
            except Exception as exc:  # a source being written right now
                print(f"  skip {p.name}: {exc}", file=sys.stderr)
                continue
            if split is None or sp == split:
                recs.append(rec)
        return recs
    with open(arg, encoding="utf-8") as fh:
        return [json.loads(l) for l in fh if l.strip()]


def _prf(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P={p:.3f} R={r:.3f} F1={f:.3f} (tp={tp} fp={fp} fn={fn})"


def evaluate(recs: list[dict], verbose: bool = False) -> dict[str, str]:
    a = [0, 0, 0]
    d_found = d_exact = d_gold = d_pred = d_fp = 0
    b = [0, 0, 0]
    br = [0, 0]
    j_ok = j_all = 0
    for rec in recs:
        raw = rec["text"]
        wt = normalize.normalize(raw)
        stories = articles.segment(wt)
        pred_starts = set()
        for st in stories:
            s, _ = wt.to_raw(st.start, st.end)
            if st.headline:
                s = min(s, wt.to_raw(*st.headline)[0])
            pred_starts.add(s)
        if rec.get("articles") is not None:
            gold = {x["start"] for x in rec["articles"]}
            a[0] += len(gold & pred_starts)
            a[1] += len(pred_starts - gold)
            a[2] += len(gold - pred_starts)
            if verbose and gold != pred_starts:
                print(rec["id"], "articles missed", [raw[x:x + 12] for x in sorted(gold - pred_starts)],
                      "extra", [raw[x:x + 12] for x in sorted(pred_starts - gold)])
        gd = rec.get("duplicates") or []
        pd = wt.duplicates
        d_gold += len(gd)
        d_pred += len(pd)
        for g in gd:
            if any(p.start < g["end"] and g["start"] < p.end for p in pd):
                d_found += 1
            if any(p.start == g["start"] and p.end == g["end"] for p in pd):
                d_exact += 1
        for p in pd:
            if not any(p.start < g["end"] and g["start"] < p.end for g in gd):
                d_fp += 1
                if verbose:
                    print(rec["id"], "duplicate fp", repr(raw[p.start:p.end][:40]))
        gold_by = {(e["start"], e["end"]): e["attrs"]["role"] for e in rec.get("entities", [])
                   if e["label"] == "PERSON" and (e.get("attrs") or {}).get("role") in BYLINE_ROLES}
        pred_by = {}
        for st in stories:
            for sp in st.spans:
                if sp.source == "byline":
                    pred_by[wt.to_raw(sp.start, sp.end)] = sp.attrs.get("role")
        b[0] += len(set(gold_by) & set(pred_by))
        b[1] += len(set(pred_by) - set(gold_by))
        b[2] += len(set(gold_by) - set(pred_by))
        for k in set(gold_by) & set(pred_by):
            br[0] += gold_by[k] == pred_by[k]
            br[1] += 1
        if verbose:
            for k in set(pred_by) - set(gold_by):
                print(rec["id"], "byline fp", raw[k[0]:k[1]], pred_by[k])
            for k in set(gold_by) - set(pred_by):
                print(rec["id"], "byline fn", raw[k[0]:k[1]], gold_by[k])
            for k in set(gold_by) & set(pred_by):
                if gold_by[k] != pred_by[k]:
                    print(rec["id"], "byline role", raw[k[0]:k[1]], gold_by[k], "pred", pred_by[k])
        for e in rec.get("entities", []):
            if "\n" in e["text"]:
                j_all += 1
                ws = wt.from_raw(e["start"])
                we = wt.from_raw(e["end"])
                if wt.text[ws:we] == e["text"].replace("\n", "").replace("\r", "") or \
                        "\n" not in wt.text[ws:we]:
                    j_ok += 1
                elif verbose:
                    print(rec["id"], "join missed", repr(e["text"]))
    return {
        "documents": str(len(recs)),
        "articles": _prf(*a),
        "duplicates": (f"gold={d_gold} pred={d_pred} found={d_found} exact={d_exact} "
                       f"false={d_fp}"),
        "bylines": _prf(*b) + f" role-acc={br[0]}/{br[1]}",
        "line-joins": f"{j_ok}/{j_all} entities crossing a line break are whole in the working text",
    }


def main(argv: list[str]) -> None:
    verbose = "-v" in argv
    if "--hmm" in argv:
        return
    args = [a for a in argv if a != "-v"] or [None]
    for arg in args:
        recs = _load(arg)
        print(f"== {arg or 'data/annotated/src'}")
        for k, v in evaluate(recs, verbose).items():
            print(f"  {k:10s} {v}")


if __name__ == "__main__":
    main(sys.argv[1:])


def hmm_figures(recs: list[dict]) -> None:
    """Segmentation of gold PERSON and TITLE mentions with our tokenizer, HMM on vs off.

    ``aligned``: the mention starts and ends on token boundaries (what a spaCy
    NER needs to learn it); ``whole``: the mention is exactly one token.
    """
    from unionnlp import tokenizer

    for hmm in (False, True):
        stats: dict[str, list[int]] = {}
        for rec in recs:
            raw = rec["text"]
            wt = normalize.normalize(raw)
            toks = tokenizer.lcut(wt.text, hmm=hmm)
            bounds = {0}
            pos = 0
            for t in toks:
                pos += len(t)
                bounds.add(pos)
            starts = {}
            pos = 0
            for t in toks:
                starts[pos] = pos + len(t)
                pos += len(t)
            for e in rec.get("entities", []):
                if e["label"] not in ("PERSON", "TITLE"):
                    continue
                ws, we = wt.from_raw(e["start"]), wt.from_raw(e["end"])
                if we <= ws:
                    continue  # inside a duplicate
                st = stats.setdefault(e["label"], [0, 0, 0])
                st[0] += 1
                st[1] += ws in bounds and we in bounds
                st[2] += starts.get(ws) == we
        print(f"  HMM={'on ' if hmm else 'off'}", "  ".join(
            f"{lab}: aligned {a / n:.3f} whole {w / n:.3f} (n={n})" for lab, (n, a, w) in sorted(stats.items())))


if __name__ == "__main__" and "--hmm" in sys.argv:
    hmm_figures(_load(None))

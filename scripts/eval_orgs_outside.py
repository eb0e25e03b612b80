#!/usr/bin/env python
"""Outside check of ORG detection on public NER corpora (issue #4).

Scores the rules layer's ORG spans (``unionnlp.orgs.detect``, no resolution
needed) against:

* CLUENER2020 dev: labels ``organization`` + ``government`` (native format,
  *inclusive* end offsets, converted here to exclusive);
* People's Daily 1998 test: label ``ORG`` (span JSONL, exclusive ends).

These corpora are general news / web text, not union news, and annotate ORGs
differently (CLUENER tags sports clubs and bare 政府; People's Daily splits
names differently), so the figure to read is *partial recall*: how many of
their organizations we touch at all.  Strict and precision figures are printed
for completeness.

    python scripts/eval_orgs_outside.py                # both corpora
    python scripts/eval_orgs_outside.py --limit 500    # quicker
    python scripts/eval_orgs_outside.py --misses 20    # print some misses
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpora"


def cluener(path: Path) -> Iterator[tuple[str, list[tuple[int, int]]]]:
    """(text, gold ORG spans) from CLUENER: organization + government, ends made exclusive."""
    with path.open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            spans = []
            for lab in ("organization", "government"):
                for _name, offs in (d.get("label") or {}).get(lab, {}).items():
                    for s, e in offs:
                        spans.append((s, e + 1))
            yield d["text"], spans


def peoples_daily(path: Path) -> Iterator[tuple[str, list[tuple[int, int]]]]:
    """(text, gold ORG spans) from the People's Daily span JSONL."""
    with path.open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            yield d["text"], [(e["start"], e["end"]) for e in d["entities"] if e["label"] == "ORG"]


def evaluate(records, limit: int | None, show_misses: int) -> dict[str, float]:
    from unionnlp import orgs

    orgs.resources()
    n_gold = n_pred = strict = partial_gold = partial_pred = 0
    chars = 0
    misses: list[str] = []
    t = time.time()
    for i, (text, gold) in enumerate(records):
        if limit is not None and i >= limit:
            break
        chars += len(text)
        pred = [(c.start, c.end) for c in orgs.detect(text)]
        n_gold += len(gold)
        n_pred += len(pred)
        ps = set(pred)
        strict += sum(1 for g in gold if g in ps)
        for g in gold:
            if any(p[0] < g[1] and g[0] < p[1] for p in pred):
                partial_gold += 1
            elif len(misses) < show_misses:
                misses.append(f"{text[g[0]:g[1]]}\t| {text}")
        partial_pred += sum(1 for p in pred if any(p[0] < g[1] and g[0] < p[1] for g in gold))
    dt = time.time() - t

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    rs, ps_ = strict / max(n_gold, 1), strict / max(n_pred, 1)
    rp, pp = partial_gold / max(n_gold, 1), partial_pred / max(n_pred, 1)
    for m in misses:
        print("  miss:", m)
    return {"gold": n_gold, "pred": n_pred, "strict_P": ps_, "strict_R": rs, "strict_F1": f1(ps_, rs),
            "partial_P": pp, "partial_R": rp, "partial_F1": f1(pp, rp), "chars_per_s": chars / dt}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="records per corpus")
    ap.add_argument("--misses", type=int, default=0, help="print this many missed gold ORGs")
    args = ap.parse_args(argv)
    sets = {
        "CLUENER dev (organization+government)": (cluener, SHARED / "cluener2020" / "dev.jsonl"),
        "People's Daily test (ORG)": (peoples_daily, SHARED / "peoples_daily_ner" / "test.spans.jsonl"),
    }
    ok = False
    for name, (reader, path) in sets.items():
        if not path.exists():
            print(f"{name}: {path} not found, skipped")
            continue
        ok = True
        r = evaluate(reader(path), args.limit, args.misses)
        print(f"{name}: gold {r['gold']}, pred {r['pred']}; "
              f"partial R {r['partial_R']:.3f} P {r['partial_P']:.3f} F1 {r['partial_F1']:.3f}; "
              f"strict R {r['strict_R']:.3f} P {r['strict_P']:.3f} F1 {r['strict_F1']:.3f}; "
              f"{r['chars_per_s']:,.0f} chars/s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

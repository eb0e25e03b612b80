#!/usr/bin/env python
"""What the model gate changes: gated vs ungated statistical layer on the same texts.

    python scripts/eval_model_gate.py data/annotated/train.jsonl data/annotated/dev.jsonl \
        ../shared/dev/xwlb_dev.jsonl --corpus-mb 1

The statistical layer normally reads only token windows around the places where a
span it proposes could survive the merge (``unionnlp.merge.proposal_sites``).  This
script extracts every text twice, with the gate (the default) and without it
(the model reads every sentence), and prints each entity that differs, the number
of documents that differ and the CPU time of both runs.  ``--corpus-mb`` adds
distinct items of ../shared/corpora/xwlb_union_news/items.jsonl (when present).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "xwlb_union_news" / "items.jsonl"


def load(paths: list[str], corpus_mb: float) -> list[tuple[str, str]]:
    recs: list[tuple[str, str]] = []
    for p in paths:
        with open(p, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    d = json.loads(line)
                    recs.append((f"{Path(p).name}:{d['id']}", d["text"]))
    if corpus_mb > 0 and CORPUS.is_file():
        size, seen = 0, set()
        with open(CORPUS, encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                t = json.loads(line)["text"]
                if t in seen:
                    continue
                seen.add(t)
                recs.append((f"corpus:{i}", t))
                size += len(t.encode("utf-8"))
                if size >= corpus_mb * 1e6:
                    break
    return recs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", help="JSONL files with id and text")
    ap.add_argument("--corpus-mb", type=float, default=0.0)
    args = ap.parse_args()
    from unionnlp.pipeline import Extractor

    recs = load(args.files, args.corpus_mb)
    if not recs:
        print("no texts", file=sys.stderr)
        return 2
    gated = Extractor(("rules", "model"))
    ungated = Extractor(("rules", "model"))
    ungated._model.gate = False
    outs = []
    for ex in (gated, ungated):
        t = time.process_time()
        outs.append([ex.extract(text, id=i) for i, text in recs])
        outs[-1].append(time.process_time() - t)
    n_diff = 0
    for a, b in zip(outs[0][:-1], outs[1][:-1]):
        if a.to_dict() == b.to_dict():
            continue
        n_diff += 1
        ea = {(e.start, e.end, e.label, e.text) for e in a.entities}
        eb = {(e.start, e.end, e.label, e.text) for e in b.entities}
        print(f"{a.id}: only gated {sorted(ea - eb)}; only ungated {sorted(eb - ea)}"
              + ("" if ea != eb else " (attributes or relations differ)"))
    chars = sum(len(t) for _, t in recs)
    print(f"{len(recs)} documents, {chars:,} characters: {n_diff} differ; "
          f"CPU {outs[0][-1]:.1f} s gated, {outs[1][-1]:.1f} s ungated")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python
"""Outside check of the officials layer: PERSON and TITLE on public NER sets.

Resume NER dev (``NAME``, ``TITLE``) and CLUENER2020 dev (``name``,
``position``; its end offsets are inclusive) from ``../shared/corpora``, run
through ``unionnlp.extract(..., layers=("rules",))``. Scored strict and
partial (overlap, one-to-one). These sets annotate titles with no named holder
and attach organisations differently, so TITLE recall here measures something
else than our scheme (TITLE only when attached to a named person); the
interesting figures are PERSON and TITLE precision.

    python scripts/eval_officials_outside.py [--errors 20]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import unionnlp  # noqa: E402

CORPORA = REPO.parent / "shared" / "corpora"


def load_resume(path: Path):
    for line in path.open(encoding="utf-8"):
        d = json.loads(line)
        yield d["text"], [(e["start"], e["end"], {"NAME": "PERSON", "TITLE": "TITLE"}[e["label"]])
                          for e in d["entities"] if e["label"] in ("NAME", "TITLE")]


def load_cluener(path: Path):
    for line in path.open(encoding="utf-8"):
        d = json.loads(line)
        gold = []
        for lab, ours in (("name", "PERSON"), ("position", "TITLE")):
            for _, spans in d.get("label", {}).get(lab, {}).items():
                gold.extend((s, e + 1, ours) for s, e in spans)  # inclusive → exclusive end
        yield d["text"], gold


def score(items, errors: int):
    ext = unionnlp.pipeline.Extractor(layers=("rules",))
    tot = {lab: {"strict": [0, 0, 0], "partial": [0, 0, 0]} for lab in ("PERSON", "TITLE")}
    shown = 0
    for text, gold in items:
        doc = ext.extract("\n" + text + "\n")   # leading newline: the line is a body, not a headline
        pred = [(e.start - 1, e.end - 1, e.label) for e in doc.entities if e.label in ("PERSON", "TITLE")]
        for lab in tot:
            g = [x for x in gold if x[2] == lab]
            p = [x for x in pred if x[2] == lab]
            tp = len(set(g) & set(p))
            t = tot[lab]["strict"]
            t[0] += tp; t[1] += len(p); t[2] += len(g)
            used = set()
            ptp = 0
            for a in p:
                for j, b in enumerate(g):
                    if j not in used and a[0] < b[1] and b[0] < a[1]:
                        used.add(j); ptp += 1
                        break
            t = tot[lab]["partial"]
            t[0] += ptp; t[1] += len(p); t[2] += len(g)
        if shown < errors and set(gold) != set(pred):
            shown += 1
            print("  gold", [(text[s:e], l) for s, e, l in sorted(gold)])
            print("  pred", [(text[s:e], l) for s, e, l in sorted(pred)], "|", text[:80])
    for lab, modes in tot.items():
        for mode, (tp, npred, ngold) in modes.items():
            p = tp / npred if npred else 1.0
            r = tp / ngold if ngold else 1.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            print(f"  {lab:7s} {mode:8s} P {p:.3f} R {r:.3f} F1 {f:.3f}  (gold {ngold}, pred {npred})")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", type=int, default=0, help="print this many differing sentences per set")
    a = ap.parse_args(argv)
    sets = [("Resume NER dev", CORPORA / "resume_ner" / "dev.spans.jsonl", load_resume),
            ("CLUENER2020 dev", CORPORA / "cluener2020" / "dev.jsonl", load_cluener)]
    for name, path, loader in sets:
        if not path.exists():
            print(f"{name}: not found ({path})")
            continue
        print(name)
        score(loader(path), a.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Ablation: rules only / model only / both, per label, strict and partial P/R/F1.

    python scripts/ablation.py data/annotated/test.jsonl ../shared/dev/xwlb_dev.jsonl

Prints one Markdown table per gold file (the README's table comes from here),
plus holds F1, parent-edge F1 and the main attribute accuracies.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from unionnlp import Extractor, read_jsonl, score  # noqa: E402
from unionnlp.types import LABELS  # noqa: E402

SETTINGS = {"rules": ("rules",), "model": ("model",), "both": ("rules", "model")}


def run(gold_path: Path) -> str:
    gold = read_jsonl(gold_path)
    rows = []
    results = {}
    for name, layers in SETTINGS.items():
        ex = Extractor(layers=layers)
        pred = [ex.extract(d.text, id=d.id) for d in gold]
        results[name] = score(gold, pred).to_dict()
    out = [f"### {gold_path.name} ({len(gold)} documents)", "",
           "| label | mode | rules P / R / F1 | model P / R / F1 | both P / R / F1 |",
           "|---|---|---|---|---|"]
    for lab in LABELS + ("micro",):
        for mode in ("strict", "partial"):
            cells = []
            for name in SETTINGS:
                v = results[name]["entities"][mode][lab]
                cells.append(f"{v['precision']:.3f} / {v['recall']:.3f} / {v['f1']:.3f}")
            rows.append(f"| {lab} | {mode} | " + " | ".join(cells) + " |")
    out += rows
    out += ["", "| figure | rules | model | both |", "|---|---|---|---|"]
    for key, label in (("holds", "holds F1"), ("parent", "parent-edge F1")):
        out.append(f"| {label} | " + " | ".join(f"{results[n]['relations'][key]['f1']:.3f}" for n in SETTINGS) + " |")
    for attr in ("ORG.canonical", "ORG.level", "ORG.parent", "PERSON.role", "COUNT.value", "PROGRAM.kind"):
        vals = []
        for n in SETTINGS:
            a = results[n]["attributes"][attr]
            vals.append("-" if a["accuracy"] is None else f"{a['accuracy']:.3f} (n={a['support']})")
        out.append(f"| {attr} accuracy | " + " | ".join(vals) + " |")
    a = results["both"]["articles"]
    out.append(f"| article-start F1 | {a['f1']:.3f} | | |")
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="+", type=Path, help="gold JSONL files")
    args = ap.parse_args(argv)
    for g in args.gold:
        if not g.exists():
            print(f"(skipped: {g} not found)")
            continue
        print(run(g))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())

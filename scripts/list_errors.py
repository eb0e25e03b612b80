#!/usr/bin/env python
"""Every scoring error of the default extractor on gold files, one per line.

    python scripts/list_errors.py data/annotated/train.jsonl data/annotated/dev.jsonl > /tmp/errs.txt
    python scripts/list_errors.py --layers rules ../shared/dev/xwlb_dev.jsonl

Lines are ``FILE DOC_ID KIND DETAILS`` with the scorer's error kinds (``fn``, ``fp``,
``fn-strict``, ``fp-strict``, ``attr LABEL.ATTR``, ``fn holds``, ``fp holds`` …); a
count per kind goes to stderr.  For development splits only: never run it on
``data/annotated/test.jsonl`` while changing rules (that split is held out).
"""
from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="+")
    ap.add_argument("--layers", default="rules,model")
    args = ap.parse_args()
    from unionnlp import scoring
    from unionnlp.annotation import read_jsonl
    from unionnlp.pipeline import Extractor

    ex = Extractor(args.layers)
    kinds: collections.Counter[str] = collections.Counter()
    for f in args.gold:
        gold = list(read_jsonl(f))
        pred = [ex.extract(d.text, id=d.id) for d in gold]
        for did, kind, info in scoring.score(gold, pred).errors:
            kinds[kind] += 1
            print(Path(f).name, did, kind, info)
    print(dict(kinds.most_common()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

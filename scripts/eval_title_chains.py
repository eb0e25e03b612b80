#!/usr/bin/env python
"""Title-chain splitting on real post strings (gov-relation ``current_post``).

Takes a fixed random sample (``--seed``, ``--n``) of records whose post string
is a chain (contains 、 ， or 兼), runs the officials layer on
``"<current_post><name>"`` and prints, per record, the chain and what the
parser made of it (``title @ org``, the name) so a person can check each line
by hand. It also prints two automatic figures: the name recovered exactly, and
the number of posts found equal to the number of posts written (separators + 1).
Those are only sanity checks; the reported figure is the hand check.

    python scripts/eval_title_chains.py                     # 100 chains, seed 5
    python scripts/eval_title_chains.py --n 50 --seed 7
    python scripts/eval_title_chains.py --union             # the union-related records

The sample is held out: do not tune the lexicons on the printed records.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from unionnlp.officials import split_chain  # noqa: E402

DEFAULT = REPO.parent / "shared" / "corpora" / "officials_gov_relation" / "persons_current_post.jsonl"
_SEPS = re.compile(r"[、，,]|兼")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--path", type=Path, default=DEFAULT)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--union", action="store_true", help="only records whose post mentions 工会")
    a = ap.parse_args(argv)
    if not a.path.exists():
        print(f"not found: {a.path}", file=sys.stderr)
        return 2
    recs = []
    with a.path.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            name, post = r.get("name") or "", r.get("current_post") or ""
            if not name or not post or not re.fullmatch(r"[\u4e00-\u9fff·]{2,8}", name):
                continue
            if a.union and "工会" not in post:
                continue
            if not a.union and not _SEPS.search(post):
                continue
            recs.append((r["id"], name, post))
    recs.sort()
    sample = recs if a.union else random.Random(a.seed).sample(recs, min(a.n, len(recs)))
    name_ok = count_ok = 0
    for i, (rid, name, post) in enumerate(sample, 1):
        text = post + name
        posts, person = split_chain(text)
        got = text[person[0]:person[1]] if person else None
        name_ok += got == name
        written = len(_SEPS.findall(post)) + 1
        count_ok += len(posts) == written
        shown = " | ".join(f"{p.title} @ {p.org or '-'}" for p in posts) or "(no post)"
        print(f"{i:3d} {rid}  {post}  【{name}】\n      → {shown}  ; name={got}")
    n = len(sample)
    print(f"\n{n} chains; name exact {name_ok}/{n}; post count = written count {count_ok}/{n}"
          " (automatic sanity figures; check the lines above by hand)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

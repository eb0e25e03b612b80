"""Throughput of the page layer (normalize + segment, no tokenization) vs jieba.

Usage::

    python benchmarks/bench_normalize.py [--mb 2] [--repeat 3]

Builds a ~2 MB text at run time from the shared 《新闻联播》 corpus
(``../shared/corpora/xwlb_union_news/*.jsonl``: title + text of each item,
items separated by a blank line) when present, else from synthetic union news
assembled from invented fragments (no corpus text is ever stored in the repo).
Then, in the same process and on the same text, it times

* ``jieba.Tokenizer().lcut(text)`` (a fresh tokenizer of our own, HMM on, the
  default; warm: initialised before timing),
* ``normalize.normalize(text)`` + ``articles.segment(wt)`` on the whole text as
  one page, and on each item as its own page,

and prints the layer's time as a fraction of jieba's (target: < 0.25).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared" / "corpora" / "xwlb_union_news"


def corpus_docs(target_chars: int) -> tuple[list[str], str]:
    docs: list[str] = []
    total = 0
    files = [SHARED / "items.jsonl", SHARED / "background_sample.jsonl"]
    if all(f.exists() for f in files):
        while total < target_chars:
            for f in files:
                with open(f, encoding="utf-8") as fh:
                    for line in fh:
                        r = json.loads(line)
                        d = f"{r.get('title', '')}\n\n{r.get('text', '')}"
                        docs.append(d)
                        total += len(d) + 2
                        if total >= target_chars:
                            return docs, "shared xwlb corpus"
        return docs, "shared xwlb corpus"
    return synthetic_docs(target_chars), "synthetic"


def synthetic_docs(target_chars: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    regions = ["丰台区", "朝阳区", "海淀区", "包河区", "临泉县", "铁西区", "天河区"]
    names = ["林晓", "周航", "王立群", "陈雅琳", "刘慧敏", "赵志远", "孙梦琪"]
    heads = ["召开工会工作推进会", "启动“送温暖”活动", "举办职工技能大赛", "开展“金秋助学”活动"]
    sents = [
        "{r}总工会党组书记、主席{n}出席并讲话。",
        "全区{k}余家企业工会负责人参加会议，共发放慰问金{m}万元。",
        "会上，{r}总工会与区人社局签订了职工法律服务合作协议。",
        "今年以来，全区新建基层工会{k}家，新发展会员{m}千余名，其中新就业形态劳动者占六成以上。",
        "{n}表示，各级工会要把深化产改作为重点，推动普惠服务向楼宇、园区延伸，",
    ]
    docs: list[str] = []
    total = 0
    while total < target_chars:
        r, n = rng.choice(regions), rng.choice(names)
        paras = []
        for _ in range(rng.randint(3, 8)):
            p = "".join(rng.choice(sents).format(r=r, n=rng.choice(names), k=rng.randint(2, 300),
                                                   m=rng.randint(2, 90)) for _ in range(rng.randint(2, 5)))
            paras.append(p)
        d = f"{r}{rng.choice(heads)}\n本报讯（记者 {n} 通讯员 {rng.choice(names)}）" + "\n".join(paras)
        docs.append(d)
        total += len(d) + 2
    return docs


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=2.0, help="size of the text in millions of characters")
    ap.add_argument("--repeat", type=int, default=3, help="timing runs (best is reported)")
    ap.add_argument("--synthetic", action="store_true", help="use synthetic text even if the corpus exists")
    args = ap.parse_args(argv)

    target = int(args.mb * 1_000_000)
    docs, source = (synthetic_docs(target), "synthetic") if args.synthetic else corpus_docs(target)
    text = "\n\n".join(docs)

    import jieba

    from unionnlp import articles, normalize

    tk = jieba.Tokenizer()
    tk.initialize()
    normalize.normalize("预热\n本报讯（记者 林晓）")  # import-time work out of the timing

    def best(fn) -> float:
        ts = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            fn()
            ts.append(time.perf_counter() - t0)
        return min(ts)

    t_jieba = best(lambda: tk.lcut(text))
    t_norm = best(lambda: normalize.normalize(text))
    t_layer = best(lambda: articles.segment(normalize.normalize(text)))

    def per_doc():
        for d in docs:
            articles.segment(normalize.normalize(d))

    t_docs = best(per_doc)
    n = len(text)
    print(f"text: {n:,} chars from {source}, {len(docs):,} documents")
    print(f"jieba.Tokenizer().lcut         {t_jieba:7.3f} s  {n / t_jieba / 1e3:8.0f}k chars/s")
    print(f"normalize                      {t_norm:7.3f} s  {n / t_norm / 1e3:8.0f}k chars/s")
    print(f"normalize + segment (one page) {t_layer:7.3f} s  {n / t_layer / 1e3:8.0f}k chars/s")
    print(f"normalize + segment (per doc)  {t_docs:7.3f} s  {n / t_docs / 1e3:8.0f}k chars/s")
    print(f"layer / jieba: one page {t_layer / t_jieba:.3f}, per document {t_docs / t_jieba:.3f} (target < 0.25)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Corpus benchmark: unionnlp extraction speed relative to plain jieba, memory, scaling.

    python benchmarks/bench_corpus.py                 # ~10 MB corpus (UTF-8 bytes)
    python benchmarks/bench_corpus.py --size-mb 1     # quick run
    python benchmarks/bench_corpus.py --json out.json # also write the figures as JSON

The corpus is built at run time: the texts of ../shared/corpora/xwlb_union_news/items.jsonl
repeated in shuffled order up to --size-mb (or invented template sentences when that file
is absent). Figures (all in this process, warm, one core unless stated):

* jieba: ``jieba.Tokenizer().lcut`` over every document (the floor of our design);
* rules-only and full (rules + model) extraction: documents/s, characters/s and the
  ratio of characters/s to jieba's;
* scaling: wall time of ``unionnlp extract --workers 1`` and ``--workers 2`` (fresh processes, full layers);
* peak RSS of this process and of each worker (sampled with psutil when installed);
* import + extractor load + first extraction, in a fresh interpreter (interpreter start excluded).

Targets (issue 7): rules >= 0.5x jieba chars/s; full >= 0.2x; 2 workers >= 1.7x one;
RSS per worker < 600 MB; import + load < 3 s.

Speed ratios use CPU time of this process (robust to other load on the machine); the
scaling test is wall time and only meaningful on an otherwise idle machine.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "xwlb_union_news" / "items.jsonl"

TARGETS = {"rules_ratio": 0.5, "full_ratio": 0.2, "scaling": 1.7, "worker_rss_mb": 600.0, "load_s": 3.0}

_SYNTH = [
    "{d}区总工会召开{y}年工作推进会。{c}市总工会党组成员、副主席{p}出席会议并讲话。",
    "本报讯（记者 {p} 通讯员 {q}）{m}月{n}日，{d}区总工会开展“{prog}”活动，{k}余家企业的{j}名职工参加。",
    "会议指出，要深入推进产业工人队伍建设改革，{d}区{k}个基层工会完成换届，发放慰问金{j}万元。",
    "{c}市{d}区{s}街道总工会组织“{prog}”劳动技能竞赛，评选出{k}名{d}工匠。",
]
_NAMES = ["王晓明", "李建华", "张立新", "刘海波", "陈志刚", "赵静", "周航", "林晓"]
_PLACES = ["丰台", "海淀", "朝阳", "东城", "西城", "通州", "顺义", "昌平"]
_PROGS = ["送温暖", "职工暖心驿站", "区级工会加强年", "金秋助学", "安康杯"]


def build_corpus(size_mb: float, seed: int = 0) -> tuple[list[str], str]:
    rnd = random.Random(seed)
    target = int(size_mb * 1_000_000)
    if CORPUS.is_file():
        with open(CORPUS, encoding="utf-8") as fh:
            base = [json.loads(x)["text"] for x in fh if x.strip()]
        source = f"{CORPUS.name} ({len(base)} items, repeated and shuffled)"
    else:
        base = []
        for _ in range(400):
            sents = [rnd.choice(_SYNTH).format(
                d=rnd.choice(_PLACES), c="北京", y=rnd.randint(2019, 2025), p=rnd.choice(_NAMES),
                q=rnd.choice(_NAMES), m=rnd.randint(1, 12), n=rnd.randint(1, 28), prog=rnd.choice(_PROGS),
                k=rnd.randint(2, 300), j=rnd.randint(10, 9000), s="右安门") for _ in range(rnd.randint(5, 30))]
            base.append("\n".join(sents))
        source = "synthetic template sentences (corpus file absent)"
    texts: list[str] = []
    size = 0
    while size < target:
        order = base[:]
        rnd.shuffle(order)
        for t in order:
            texts.append(t)
            size += len(t.encode("utf-8"))
            if size >= target:
                break
    return texts, source


class RssSampler:
    """Peak RSS and USS (memory unique to the process) and CPU time of each child
    process, sampled every 50 ms (USS every 0.5 s: reading smaps is slower)."""

    def __init__(self) -> None:
        try:
            import psutil
        except ImportError:  # pragma: no cover
            psutil = None
        self.psutil = psutil
        self.children: dict[int, float] = {}
        self.uss: dict[int, float] = {}
        self.cpu: dict[int, float] = {}
        self.own_cpu = 0.0  # CPU time of the sampling thread itself (subtracted by the caller)
        self._stop = threading.Event()
        self._t: threading.Thread | None = None

    def __enter__(self) -> "RssSampler":
        if self.psutil is not None:
            self._t = threading.Thread(target=self._run, daemon=True)
            self._t.start()
        return self

    def _run(self) -> None:
        me = self.psutil.Process()
        k = 0
        while not self._stop.is_set():
            try:
                for c in me.children(recursive=True):
                    try:
                        with c.oneshot():
                            mb = c.memory_info().rss / 1e6
                            ct = c.cpu_times()
                        self.cpu[c.pid] = ct.user + ct.system
                        if k % 10 == 0:
                            self.uss[c.pid] = max(self.uss.get(c.pid, 0.0), c.memory_full_info().uss / 1e6)
                    except self.psutil.Error:
                        continue
                    self.children[c.pid] = max(self.children.get(c.pid, 0.0), mb)
            except self.psutil.Error:
                pass
            k += 1
            self.own_cpu = time.thread_time()
            self._stop.wait(0.05)

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._t is not None:
            self._t.join()


def self_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def load_time(layers: str, repeats: int = 3) -> tuple[float, float]:
    """Best of ``repeats``: ``import unionnlp`` + building an Extractor + its first
    extraction (which loads the lazy parts), in a fresh interpreter."""
    # the first extraction of a text touching every layer is included: parts load lazily
    code = ("import time; t = time.perf_counter(); import unionnlp; from unionnlp.batch import WARM_UP_TEXT; "
            f"unionnlp.Extractor({layers!r}).extract(WARM_UP_TEXT); print(time.perf_counter() - t)")
    best, best_cpu = float("inf"), float("inf")
    for _ in range(repeats):
        code_cpu = code.replace("print(time.perf_counter() - t)",
                                "print(time.perf_counter() - t, time.process_time())")
        p = subprocess.run([sys.executable, "-W", "ignore", "-c", code_cpu], capture_output=True, text=True,
                           cwd=REPO)
        if p.returncode != 0:
            raise RuntimeError(p.stderr)
        wall, cpu = map(float, p.stdout.strip().splitlines()[-1].split())
        best, best_cpu = min(best, wall), min(best_cpu, cpu)
    return best, best_cpu


def timed(fn, texts: list[str]) -> tuple[float, float]:
    """(CPU seconds of this process, wall seconds). Single-process speeds use CPU time,
    which other processes on the machine barely disturb; wall time is printed alongside."""
    c, t = time.process_time(), time.perf_counter()
    for x in texts:
        fn(x)
    return time.process_time() - c, time.perf_counter() - t


def speeds(texts: list[str], chars: int, args: argparse.Namespace, res: dict) -> None:
    """Single-process speeds (CPU time) of jieba, rules-only and full extraction."""
    import jieba

    tok = jieba.Tokenizer()
    tok.initialize()
    tok.lcut(texts[0])
    jt, jw = timed(tok.lcut, texts)
    res["jieba_chars_s"] = chars / jt
    res["jieba_docs_s"] = len(texts) / jt
    res["jieba_wall_chars_s"] = chars / jw
    print(f"jieba.Tokenizer().lcut: {chars / jt:,.0f} chars/s, {len(texts) / jt:,.1f} docs/s "
          f"(CPU time; wall: {chars / jw:,.0f} chars/s)", flush=True)

    import unionnlp
    from unionnlp.batch import WARM_UP_TEXT

    for name, layers in (("rules", "rules"), ("full", args.full_layers)):
        ex = unionnlp.Extractor(layers)
        ex.extract(WARM_UP_TEXT)
        ex.extract(texts[0])
        if "model" in layers:
            m = getattr(ex, "_model", None)
            res["model_loaded"] = bool(m is not None and getattr(m, "available", True))
            print(f"model layer: {'loaded from ' + str(getattr(m, 'path', '?')) if res['model_loaded'] else 'ABSENT (full = rules only)'}")
        t, w = timed(ex.extract, texts)
        res[f"{name}_chars_s"] = chars / t
        res[f"{name}_docs_s"] = len(texts) / t
        res[f"{name}_wall_chars_s"] = chars / w
        res[f"{name}_ratio"] = (chars / t) / res["jieba_chars_s"]
        print(f"{name:5} ({layers}): {chars / t:,.0f} chars/s, {len(texts) / t:,.1f} docs/s, "
              f"{res[f'{name}_ratio']:.2f}x jieba (CPU time; wall: {chars / w:,.0f} chars/s)", flush=True)
        del ex


def scaling(stexts: list[str], args: argparse.Namespace, res: dict) -> None:
    """1 vs N workers, end to end and fair: each run is a fresh ``unionnlp extract
    --jsonl … --workers N`` process (the real corpus path: load, warm-up, fork, cold
    caches in every worker). Workers' RSS/USS and CPU are sampled with psutil."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp) / "corpus.jsonl"
        with open(inp, "w", encoding="utf-8") as fh:
            for i, t in enumerate(stexts):
                fh.write(json.dumps({"id": f"d{i}", "text": t}, ensure_ascii=False) + "\n")
        walls: dict[int, float] = {}
        ready: dict[int, float] = {}
        sampler = None
        cli_pid = None
        for n in (1, args.workers):
            out = Path(tmp) / f"out{n}.jsonl"
            cmd = [sys.executable, "-W", "ignore", "-m", "unionnlp", "extract", "--jsonl", str(inp), "-o", str(out),
                   "--layers", args.full_layers, "--workers", str(n), "-q"]
            with RssSampler() as rs:
                t = time.perf_counter()
                p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=REPO)
                _, err = p.communicate()
                walls[n] = time.perf_counter() - t
            if p.returncode != 0:
                raise RuntimeError(err[-2000:])
            if n > 1:
                sampler, cli_pid = rs, p.pid
            print(f"unionnlp extract --workers {n}: {walls[n]:.1f} s wall, {len(stexts) / walls[n]:,.1f} docs/s "
                  "(fresh process: import, load and warm-up included)", flush=True)
        same = (Path(tmp) / "out1.jsonl").read_bytes() == (Path(tmp) / f"out{args.workers}.jsonl").read_bytes()
    load = res.get("load_s_full")  # measured for args.full_layers
    res["scaling"] = walls[1] / walls[args.workers]
    print(f"scaling 1 → {args.workers} workers: {res['scaling']:.2f}x end to end"
          + ("" if same else "  (OUTPUTS DIFFER!)"), flush=True)
    if load:
        ex1, exn = walls[1] - load, walls[args.workers] - load
        if exn > 0:
            res["scaling_excl_load"] = ex1 / exn
            print(f"  excluding the {load:.1f} s import + load: {res['scaling_excl_load']:.2f}x", flush=True)
    peaks = sampler.children if sampler else {}
    # the CLI process is in the sample too (a child of this process): report the workers apart
    parent = cli_pid if sampler else None
    workers = {pid: mb for pid, mb in peaks.items() if pid != parent}
    res["worker_rss_mb"] = max(workers.values()) if workers else None
    res["worker_uss_mb"] = max((sampler.uss.get(pid, 0.0) for pid in workers), default=None) if workers else None
    res["cli_parent_rss_mb"] = peaks.get(parent) if parent else None
    print("peak RSS per worker: " + (f"{res['worker_rss_mb']:.0f} MB RSS, {res['worker_uss_mb'] or 0:.0f} MB unique "
          f"(USS; the rest is shared copy-on-write with the parent, whose RSS is {res['cli_parent_rss_mb'] or 0:.0f} MB)"
          if workers else "n/a (psutil missing)"), flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size-mb", type=float, default=10.0, help="corpus size in MB of UTF-8 (default 10)")
    ap.add_argument("--scaling-mb", type=float, default=None,
                    help="corpus size for the 1→2 worker test (default: the whole corpus)")
    ap.add_argument("--full-layers", default="rules,model", help="layers of 'full' extraction")
    ap.add_argument("--workers", type=int, default=2, help="workers for the scaling test (default 2)")
    ap.add_argument("--json", metavar="OUT.json", help="also write the figures as JSON")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--scaling-only", action="store_true", help="only load time and the 1 → N worker test")
    args = ap.parse_args(argv)

    import warnings

    warnings.simplefilter("ignore")
    res: dict[str, object] = {"size_mb": args.size_mb, "cpus": os.cpu_count(), "python": sys.version.split()[0]}
    res["loadavg_start"] = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} CPUs, Python {res['python']}, load average {res['loadavg_start']:.2f} "
          "(other processes on the machine skew every figure)", flush=True)

    res["load_s_rules"], res["load_cpu_s_rules"] = load_time("rules")
    res["load_s_full"], res["load_cpu_s_full"] = load_time(args.full_layers)
    print(f"import + load + first extraction (best of 3): rules {res['load_s_rules']:.2f} s wall "
          f"({res['load_cpu_s_rules']:.2f} s CPU incl. interpreter start), full {res['load_s_full']:.2f} s wall "
          f"({res['load_cpu_s_full']:.2f} s CPU)", flush=True)

    texts, source = build_corpus(args.size_mb, args.seed)
    chars = sum(map(len, texts))
    res.update(corpus=source, docs=len(texts), chars=chars)
    print(f"corpus: {len(texts)} documents, {chars:,} characters, "
          f"{sum(len(t.encode()) for t in texts) / 1e6:.1f} MB — {source}", flush=True)

    if not args.scaling_only:
        speeds(texts, chars, args, res)
    res["main_peak_rss_mb"] = self_peak_mb()

    stexts = texts
    if args.scaling_mb is not None:
        stexts, _ = build_corpus(args.scaling_mb, args.seed)
    scaling(stexts, args, res)

    res["loadavg_end"] = os.getloadavg()[0]
    print(f"load average at the end: {res['loadavg_end']:.2f}")
    print("\n| figure | measured | target | ok |\n|---|---|---|---|")
    def row(name: str, key: str, target: str, ok, fmt: str):
        val = res.get(key)
        return (name, val, target, val is not None and ok(val), fmt)

    rows = [
        row("rules-only chars/s vs jieba", "rules_ratio", f">= {TARGETS['rules_ratio']}x", lambda v: v >= TARGETS["rules_ratio"], "{:.2f}x"),
        row("full chars/s vs jieba", "full_ratio", f">= {TARGETS['full_ratio']}x", lambda v: v >= TARGETS["full_ratio"], "{:.2f}x"),
        row(f"{args.workers} workers vs 1, end to end", "scaling", f">= {TARGETS['scaling']}x", lambda v: v >= TARGETS["scaling"], "{:.2f}x"),
        row(f"{args.workers} workers vs 1, excluding load", "scaling_excl_load", f">= {TARGETS['scaling']}x", lambda v: v >= TARGETS["scaling"], "{:.2f}x"),
        row("peak RSS per worker", "worker_rss_mb", f"< {TARGETS['worker_rss_mb']:.0f} MB", lambda v: v < TARGETS["worker_rss_mb"], "{:.0f} MB"),
        row("import + load (full), wall", "load_s_full", f"< {TARGETS['load_s']} s", lambda v: v < TARGETS["load_s"], "{:.2f} s"),
        row("import + load (full), CPU", "load_cpu_s_full", f"< {TARGETS['load_s']} s", lambda v: v < TARGETS["load_s"], "{:.2f} s"),
    ]
    for name, val, target, ok, fmt in rows:
        print(f"| {name} | {fmt.format(val) if val is not None else 'n/a'} | {target} | {'yes' if ok else 'NO'} |")
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

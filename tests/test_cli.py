"""`unionnlp extract` at corpus scale: formats, errors file, exit codes, resume after kill -9 / Ctrl-C."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from unionnlp import read_jsonl

PAGE = "丰台区总工会召开职工代表大会，130余家企业参加。"

# Runs the real CLI with every extraction slowed down (so a test can interrupt it mid-run)
# and, when FAIL_ON is set, failing on texts containing that marker.
RUNNER = r'''
import os, signal, sys, time
# Ctrl-C must reach the CLI even when pytest itself runs with SIGINT ignored
# (a background job of a non-interactive shell), which children would inherit
signal.signal(signal.SIGINT, signal.default_int_handler)
import unionnlp.pipeline as p
orig = p.Extractor.extract
def patched(self, text, id="doc", meta=None):
    time.sleep(float(os.environ.get("SLOW", "0")))
    if os.environ.get("FAIL_ON") and os.environ["FAIL_ON"] in text:
        raise ValueError("pathological record")
    return orig(self, text, id=id, meta=meta)
p.Extractor.extract = patched
from unionnlp.cli import main
sys.exit(main(sys.argv[1:]))
'''


class Result:
    def __init__(self, returncode: int, stdout: str, stderr: str) -> None:
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture
def run(capsys):
    """The CLI in this process (fast); subprocesses only where a run must be killed."""
    from unionnlp.cli import main

    def _run(*args):
        capsys.readouterr()
        rc = main([str(a) for a in args])
        cap = capsys.readouterr()
        return Result(rc, cap.out, cap.err)

    return _run


@pytest.fixture
def run_failing(run, monkeypatch):
    """The CLI with extraction failing on texts containing BAD."""
    import unionnlp.pipeline as p

    orig = p.Extractor.extract

    def patched(self, text, id="doc", meta=None):
        if "BAD" in text:
            raise ValueError("pathological record")
        return orig(self, text, id=id, meta=meta)

    monkeypatch.setattr(p.Extractor, "extract", patched)
    return run


def runner(tmp_path: Path) -> Path:
    r = tmp_path / "runner.py"
    r.write_text(RUNNER, encoding="utf-8")
    return r


def write_jsonl(path: Path, n: int, marker_at: int | None = None) -> list[str]:
    ids = [f"r{i:03d}" for i in range(n)]
    with open(path, "w", encoding="utf-8") as fh:
        for i, rid in enumerate(ids):
            text = f"第{i}条：{PAGE}" + ("BAD" if i == marker_at else "")
            fh.write(json.dumps({"id": rid, "text": text}, ensure_ascii=False) + "\n")
    return ids


def out_ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


# ---------------------------------------------------------------- formats
def test_folder_csv_parquet_inputs_to_jsonl(tmp_path, run):
    d = tmp_path / "pages"
    (d / "sub").mkdir(parents=True)
    (d / "p1.txt").write_text(PAGE, encoding="utf-8")
    (d / "sub" / "p2.txt").write_bytes(PAGE.encode("gb18030"))
    pd.DataFrame({"id": ["c1", "c2"], "text": [PAGE, "工会"]}).to_csv(tmp_path / "in.csv", index=False)
    pd.DataFrame({"key": ["q1"], "body": [PAGE]}).to_parquet(tmp_path / "in.parquet")
    out = tmp_path / "out.jsonl"
    p = run("extract", d, "--csv", tmp_path / "in.csv", "-o", out, "--layers", "rules")
    assert p.returncode == 0, p.stderr
    docs = read_jsonl(out)
    assert [x.id for x in docs] == ["p1", "sub/p2", "c1", "c2"]
    assert docs[1].text == PAGE
    out2 = tmp_path / "out2.jsonl"
    p = run("extract", "--parquet", tmp_path / "in.parquet", "--text-col", "body", "--id-col", "key",
            "-o", out2, "--layers", "rules")
    assert p.returncode == 0, p.stderr
    assert [x.id for x in read_jsonl(out2)] == ["q1"]


def test_missing_column_is_an_input_error(tmp_path, run):
    pd.DataFrame({"body": [PAGE]}).to_csv(tmp_path / "in.csv", index=False)
    p = run("extract", "--csv", tmp_path / "in.csv", "-o", tmp_path / "o.jsonl", "--layers", "rules")
    assert p.returncode == 2 and "no column 'text'" in p.stderr and "in.csv" in p.stderr


def test_parquet_output_tables_equal_to_frames(tmp_path, run):
    ids = write_jsonl(tmp_path / "in.jsonl", 7)
    out = tmp_path / "tables"
    p = run("extract", "--jsonl", tmp_path / "in.jsonl", "--format", "parquet", "-o", out,
            "--part-size", "3", "--layers", "rules")
    assert p.returncode == 0, p.stderr
    import unionnlp

    docs = list(unionnlp.extract_many(
        [json.loads(x) for x in (tmp_path / "in.jsonl").read_text(encoding="utf-8").splitlines()],
        layers="rules"))
    want = unionnlp.to_frames(docs)
    for kind, df in want.items():
        got = pd.read_parquet(out / kind)
        got = got.sort_values([c for c in ("doc_id", "start") if c in got]).reset_index(drop=True)
        df = df.sort_values([c for c in ("doc_id", "start") if c in df]).reset_index(drop=True)
        pd.testing.assert_frame_equal(got, df, check_dtype=False)
    assert sorted(pd.read_parquet(out / "documents")["doc_id"]) == ids
    assert len(list((out / "documents").glob("*.parquet"))) == 3
    assert not (out / "errors.jsonl").exists()


def test_stdout_and_workers(tmp_path, run):
    ids = write_jsonl(tmp_path / "in.jsonl", 9)
    p = run("extract", "--jsonl", tmp_path / "in.jsonl", "--workers", "2", "--batch-size", "2",
            "--layers", "rules")
    assert p.returncode == 0, p.stderr
    assert [json.loads(x)["id"] for x in p.stdout.splitlines()] == ids


def test_parquet_needs_an_output_folder(tmp_path, run):
    write_jsonl(tmp_path / "in.jsonl", 1)
    p = run("extract", "--jsonl", tmp_path / "in.jsonl", "--format", "parquet")
    assert p.returncode == 2 and "needs -o" in p.stderr


# ---------------------------------------------------------------- errors file, exit codes
def test_failing_record_goes_to_errors_file_and_run_continues(tmp_path, run_failing):
    ids = write_jsonl(tmp_path / "in.jsonl", 6, marker_at=2)
    out = tmp_path / "out.jsonl"
    p = run_failing("extract", "--jsonl", tmp_path / "in.jsonl", "-o", out, "--layers", "rules")
    assert p.returncode == 0, p.stderr
    assert out_ids(out) == [i for i in ids if i != "r002"]
    errs = [json.loads(x) for x in (tmp_path / "out.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert errs == [{"id": "r002", "stage": "extract", "error": "ValueError: pathological record",
                     "source": None}]
    assert "r002" in p.stderr
    p = run_failing("extract", "--jsonl", tmp_path / "in.jsonl", "-o", out, "--layers", "rules", "--strict")
    assert p.returncode == 1
    assert out_ids(out) == [i for i in ids if i != "r002"]


def test_unreadable_inputs_exit_2_and_are_logged(tmp_path, run):
    (tmp_path / "ok.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\xfa\x00\x81\x20\xff")
    out = tmp_path / "out.jsonl"
    p = run("extract", tmp_path / "missing.txt", tmp_path / "bad.txt", tmp_path / "ok.txt",
            "-o", out, "--layers", "rules", "--errors", tmp_path / "err.jsonl")
    assert p.returncode == 2
    assert "missing.txt" in p.stderr and "bad.txt" in p.stderr
    assert out_ids(out) == ["ok"]
    errs = [json.loads(x) for x in (tmp_path / "err.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(e["id"], e["stage"]) for e in errs] == [("missing", "input"), ("bad", "input")]


def test_duplicate_ids_are_reported_not_written_twice(tmp_path, run):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b" / "x.txt").write_text("工会", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    p = run("extract", tmp_path / "a" / "x.txt", tmp_path / "b" / "x.txt", "-o", out, "--layers", "rules")
    assert p.returncode == 2 and "duplicate id 'x'" in p.stderr
    assert out_ids(out) == ["x"]


# ---------------------------------------------------------------- resume
def _start(tmp_path, args, **envs):
    env = dict(os.environ, **{k: str(v) for k, v in envs.items()})
    return subprocess.Popen([sys.executable, str(runner(tmp_path)), *map(str, args)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def _wait_for(cond, proc, limit=90.0):
    t = time.monotonic()
    while not cond():
        if proc.poll() is not None:
            err = proc.stderr.read().decode("utf-8", "replace")[-2000:]
            raise AssertionError(f"the run ended (exit {proc.returncode}) before it could be interrupted:\n{err}")
        assert time.monotonic() - t < limit, "the run made no progress"
        time.sleep(0.02)


def _lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


@pytest.mark.parametrize("workers", [1, 2])
def test_resume_after_kill_9_loses_and_duplicates_nothing(tmp_path, workers, run_failing):
    ids = write_jsonl(tmp_path / "in.jsonl", 80, marker_at=3)
    out = tmp_path / "out.jsonl"
    args = ["extract", "--jsonl", tmp_path / "in.jsonl", "-o", out, "--layers", "rules",
            "--workers", workers, "--batch-size", 2]
    proc = _start(tmp_path, args, SLOW=0.02, FAIL_ON="BAD")
    _wait_for(lambda: _lines(out) >= 12, proc)
    if workers == 1:
        os.killpg(proc.pid, signal.SIGKILL)  # the whole job
        proc.wait()
    else:  # only the parent: its workers must not linger as orphans
        psutil = pytest.importorskip("psutil")
        kids = psutil.Process(proc.pid).children(recursive=True)
        assert kids
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        gone, alive = psutil.wait_procs(kids, timeout=5)
        assert not alive, f"orphaned workers: {alive}"
    proc.stderr.close()
    n_killed = _lines(out)
    assert 12 <= n_killed < 79
    assert (tmp_path / "out.jsonl.state.json").exists()
    p = run_failing(*args)  # the same command
    assert p.returncode == 0, p.stderr
    assert "resuming" in p.stderr
    got = out_ids(out)
    assert got == [i for i in ids if i != "r003"]  # no loss, no duplicate, input order
    errs = (tmp_path / "out.errors.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["id"] for x in errs] == ["r003"]
    assert not (tmp_path / "out.jsonl.state.json").exists()
    # the output is byte-identical to an uninterrupted run's
    clean = tmp_path / "clean.jsonl"
    p = run_failing("extract", "--jsonl", tmp_path / "in.jsonl", "-o", clean, "--layers", "rules")
    assert clean.read_bytes() == out.read_bytes()


def test_resume_after_ctrl_c(tmp_path, run):
    ids = write_jsonl(tmp_path / "in.jsonl", 60)
    out = tmp_path / "out.jsonl"
    args = ["extract", "--jsonl", tmp_path / "in.jsonl", "-o", out, "--layers", "rules"]
    proc = _start(tmp_path, args, SLOW=0.05)
    _wait_for(lambda: _lines(out) >= 5, proc)
    os.kill(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert b"Rerun the same command to resume" in err
    p = run(*args)
    assert p.returncode == 0, p.stderr
    assert out_ids(out) == ids


def test_parquet_resume_after_kill_9(tmp_path, run):
    ids = write_jsonl(tmp_path / "in.jsonl", 60)
    out = tmp_path / "tables"
    args = ["extract", "--jsonl", tmp_path / "in.jsonl", "--format", "parquet", "-o", out,
            "--part-size", "5", "--layers", "rules"]
    proc = _start(tmp_path, args, SLOW=0.05)
    man = out / "manifest.json"
    _wait_for(lambda: man.exists() and len(json.loads(man.read_text() or "{}").get("parts", [])) >= 2, proc)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    assert not json.loads(man.read_text())["complete"]
    p = run(*args)
    assert p.returncode == 0, p.stderr
    docs = pd.read_parquet(out / "documents")
    assert sorted(docs["doc_id"]) == ids and docs["doc_id"].is_unique
    arts = pd.read_parquet(out / "articles")
    assert sorted(set(arts["doc_id"])) == ids


def test_restart_flag_starts_afresh(tmp_path, run):
    write_jsonl(tmp_path / "in.jsonl", 40)
    out = tmp_path / "out.jsonl"
    args = ["extract", "--jsonl", tmp_path / "in.jsonl", "-o", out, "--layers", "rules"]
    proc = _start(tmp_path, args, SLOW=0.05)
    _wait_for(lambda: _lines(out) >= 5, proc)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    p = run(*args, "--restart")
    assert p.returncode == 0 and "resuming" not in p.stderr
    assert len(out_ids(out)) == 40

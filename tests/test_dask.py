"""unionnlp.dask: extraction over Dask partitions equals the single-process result."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")

import dask  # noqa: E402

import unionnlp  # noqa: E402
import unionnlp.dask as udask  # noqa: E402
from unionnlp.batch import frames_of  # noqa: E402

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.txt"))

TEXTS = [
    "丰台区总工会召开职工代表大会，130余家企业参加。",
    "北京市总工会党组书记、主席韩某某到朝阳区调研，看望一线职工200余名。",
    "海淀区总工会开展“职工暖心驿站”服务活动，区委常委、组织部部长周某出席。",
    "",
]


def corpus() -> pd.DataFrame:
    texts = [p.read_text(encoding="utf-8") for p in EXAMPLES] + TEXTS * 3
    return pd.DataFrame({"id": [f"d{i:02d}" for i in range(len(texts)) ] + ["none"],
                         "text": texts + [None]})


def canon(df: pd.DataFrame) -> pd.DataFrame:
    keys = [c for c in ("doc_id", "start", "id", "person_id", "child") if c in df.columns]
    return df.sort_values(keys, kind="stable").reset_index(drop=True)


def test_module_name_does_not_shadow_dask():
    assert udask.dd.__name__ == "dask.dataframe" and udask.dask.__name__ == "dask"


def test_schemas_are_declared_and_kind_selects_one_frame():
    ddf = dd.from_pandas(corpus(), npartitions=3)
    frames = udask.extract_frame(ddf, layers="rules")
    assert set(frames) == set(udask.KINDS)
    for k, f in frames.items():
        assert list(f.columns) == list(udask.frame_meta(k).columns)
    one = udask.extract_frame(ddf, layers="rules", kind="documents")
    assert list(one.columns) == list(frames["documents"].columns)
    with pytest.raises(ValueError):
        udask.extract_frame(ddf, kind="nope")
    with pytest.raises(KeyError, match="body"):
        udask.extract_frame(ddf, text_col="body")


def test_local_cluster_equals_single_process():
    pdf = corpus()
    ddf = dd.from_pandas(pdf, npartitions=4)
    records = [{"id": i, "text": t} for i, t in zip(pdf["id"], pdf["text"])]
    single = frames_of(list(unionnlp.extract_many(records, layers="rules")))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        frames = udask.extract_frame(ddf, text_col="text", id_col="id", layers="rules")
        got = dict(zip(frames, dask.compute(*frames.values())))
    for k in udask.KINDS:
        want = single[k]
        pd.testing.assert_frame_equal(canon(got[k]), canon(want), check_dtype=True)
        assert dict(got[k].dtypes.astype(str)) == dict(udask.frame_meta(k).dtypes.astype(str))
    docs = got["documents"].set_index("doc_id")
    assert "missing" in docs.loc["none", "error"]
    assert docs["error"].isna().sum() == len(pdf) - 1

"""The statistical layer: shipped model, merge policy, training reproducibility."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import unionnlp
from unionnlp.merge import merge, plausible_org, plausible_person
from unionnlp.model import ModelNotFoundError, StatisticalLayer, default_model_path
from unionnlp.spans import Story

ROOT = Path(__file__).resolve().parents[1]


def test_shipped_model_is_found_and_small():
    p = default_model_path()
    assert p is not None, "models/ner is missing: run `unionnlp train` (see README)"
    size = sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
    assert size < 50 * 1024 * 1024
    card = json.loads((p / "card.json").read_text(encoding="utf-8"))
    assert card["labels"] == ["ORG", "PERSON", "TITLE"]


def test_shipped_model_reproduces_its_card_on_dev():
    from unionnlp.train import evaluate, gold_examples

    p = default_model_path()
    card = json.loads((p / "card.json").read_text(encoding="utf-8"))
    dev = ROOT / "data" / "annotated" / "dev.jsonl"
    layer = StatisticalLayer()
    scores = evaluate(layer.nlp, gold_examples(dev))
    assert scores["micro"]["f1"] == pytest.approx(card["dev_scores_best"]["micro"]["f1"], abs=0.01)


def test_model_layer_finds_unlisted_names():
    text = "昨天，海螺湾精密铸造有限公司工会主席郝文骏带队走访了一线班组。"
    doc = unionnlp.extract(text, layers=("model",))
    assert all(text[e.start:e.end] == e.text for e in doc.entities)
    labels = {e.label for e in doc.entities}
    assert "PERSON" in labels or "ORG" in labels


def test_explicit_missing_model_path_is_a_clear_error(tmp_path):
    with pytest.raises(ModelNotFoundError, match="no statistical model"):
        StatisticalLayer(tmp_path / "nowhere")


def test_layers_switch():
    with pytest.raises(ValueError, match="layers"):
        unionnlp.extract("x", layers=("rules", "magic"))
    text = "丰台区总工会党组书记、主席王志刚出席会议。"
    for layers in (("rules",), ("model",), ("rules", "model"), "rules,model"):
        doc = unionnlp.extract(text, layers=layers)
        for e in doc.entities:
            assert text[e.start:e.end] == e.text


def test_plausibility_filters():
    assert plausible_person("王志刚") and plausible_person("欧阳明轩") and plausible_person("阿依古丽·买买提")
    assert not plausible_person("主席") and not plausible_person("王") and not plausible_person("工作人员们好")
    assert plausible_org("海螺湾精密铸造有限公司") and plausible_org("湖北汉江律师事务所")
    for bad in ("企业", "各级工会", "丰台区", "物流公司", "招聘会", "南迦巴瓦峰", "会员实名认证"):
        assert not plausible_org(bad), bad
    assert not plausible_person("王桥镇") and not plausible_person("邵阳县")


def _story(text):
    return Story(text, 0, len(text))


def test_merge_rules_win_and_model_fills_gaps():
    text = "丰台区总工会主席王志刚和星河科技有限公司代表座谈。"
    st = _story(text)
    st.add(0, 6, "ORG", kind="union")                       # rules
    st.add(0, 3, "ORG", source="model")                     # overlaps a rule span: dropped
    st.add(12, 20, "ORG", source="model")                   # 星河科技有限公司: kept
    st.add(8, 11, "PERSON", source="model")                 # 王志刚: kept
    st.add(6, 8, "TITLE", source="model")                   # titles never come from the model
    st.add(20, 22, "PERSON", source="model")                # 代表: not a name
    merge(st)
    got = [(text[s.start:s.end], s.label, s.source) for s in st.spans]
    assert got == [("丰台区总工会", "ORG", "rules"), ("王志刚", "PERSON", "model"),
                   ("星河科技有限公司", "ORG", "model")]
    assert st.spans[1].attrs["role"] == "other"
    assert st.spans[2].attrs["kind"] == "enterprise"


def test_merge_drops_links_to_dropped_spans():
    from unionnlp.spans import Link

    text = "王志刚主席"
    st = _story(text)
    p = st.add(0, 3, "PERSON", role="official")
    t = st.add(3, 5, "TITLE")
    gone = st.add(1, 4, "PERSON", source="model")
    st.links += [Link(p, t, None), Link(gone, t, None)]
    merge(st)
    assert [l.person for l in st.links] == [p]


def test_training_is_reproducible_with_a_seed(tmp_path):
    from unionnlp.train import TrainConfig, train

    data = tmp_path / "data"
    data.mkdir()
    recs = []
    for i, (org, name) in enumerate([("丰台区总工会", "王志刚"), ("海淀区总工会", "李春梅"), ("通州区总工会", "赵立新")]):
        text = f"{org}主席{name}出席会议。"
        recs.append({"id": f"t{i}", "text": text, "entities": [
            {"id": "e1", "start": 0, "end": 6, "label": "ORG", "text": org,
             "attrs": {"kind": "union", "level": "district", "canonical": org, "parent": "北京市总工会"}},
            {"id": "e2", "start": 6, "end": 8, "label": "TITLE", "text": "主席"},
            {"id": "e3", "start": 8, "end": 11, "label": "PERSON", "text": name, "attrs": {"role": "official"}}],
            "relations": [{"type": "holds", "person": "e3", "title": "e2", "org": "e1"}]})
    for split in ("train", "dev"):
        (data / f"{split}.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs),
                                            encoding="utf-8")
    cards = []
    for run in ("a", "b"):
        cfg = TrainConfig(data_dir=str(data), output=str(tmp_path / run), epochs=2, gold_weight=2,
                          width=32, depth=1, embed_size=500)
        cards.append(train(cfg, log=lambda m: None))
    assert cards[0]["history"] == cards[1]["history"]
    assert (tmp_path / "a" / "ner" / "model").read_bytes() == (tmp_path / "b" / "ner" / "model").read_bytes()
    assert (tmp_path / "a" / "card.json").exists()


# ---------------------------------------------------------------- the model gate
def _sites(text, rule_spans=()):
    from unionnlp.merge import proposal_sites, rule_occupancy
    from unionnlp.tokenizer import lcut

    st = _story(text)
    for s, e, label in rule_spans:
        st.add(s, e, label)
    words = lcut(text)
    return [("".join(words[a:b])) for a, b in proposal_sites(st, 0, words, rule_occupancy(st))]


@pytest.mark.parametrize("text, site", [
    ("正在工地扎钢筋的农民工周长根说。", "周长根"),       # 周长/根: a word starting with a surname
    ("沙滩救生员黎明轩接过清凉包说：", "黎明轩"),
    ("区委副书记黎远航出席并讲话。", "黎远航"),          # 黎/远航: a rare verb as a given name
    ("获奖者杜春生表示，", "杜春生"),
    ("当天，国家开发银行提供应急贷款。", "国家开发银行"),  # one jieba word tagged nt
    ("甘肃顺达即时配送有限公司的骑手", "甘肃顺达即时配送有限公司"),
])
def test_proposal_sites_find_what_the_model_may_add(text, site):
    assert any(site in s for s in _sites(text))


@pytest.mark.parametrize("text", [
    "总书记在四川考察时强调，要加强文物保护。",      # 时/强调: a verb is no given name
    "要统筹发展和安全，构建新发展格局。",            # 和/安全, 格局 ends in 局 but is no head
    "广大干部群众热烈掌声经久不息。",
    "",
])
def test_proposal_sites_skip_sentences_with_nothing_to_add(text):
    assert _sites(text) == []


def test_proposal_sites_respect_rule_spans():
    text = "区委副书记黎远航出席并讲话。"
    assert _sites(text, [(5, 8, "PERSON")]) == []  # the rules already have the name


def test_proposal_sites_whole_chunk_for_minority_names():
    assert _sites("买买提·艾力出席。") == ["买买提·艾力出席。"]


def test_windows_widen_and_merge():
    from unionnlp.model import WINDOW, _windows

    assert _windows([(10, 11)], 100) == [(10 - WINDOW, 11 + WINDOW)]
    assert _windows([(0, 1), (3, 4)], 5) == [(0, 5)]
    assert _windows([(40, 41), (2, 3)], 100) == [(0, 3 + WINDOW), (40 - WINDOW, 41 + WINDOW)]


@pytest.mark.parametrize("text", [
    "昨天，海螺湾精密铸造有限公司工会主席郝文骏带队走访了一线班组。农民工周长根说，工会年年都记着我们。",
    "区委副书记黎远航出席并讲话，区领导姜慧茹、申建宇参加。获奖者杜春生表示，要把技术传下去。",
    "当天，国家开发银行向甘肃顺达即时配送有限公司提供贷款。总书记在四川考察时强调，要加强文物保护。",
])
def test_gated_model_layer_gives_the_ungated_result(text):
    from unionnlp.pipeline import Extractor

    gated = Extractor(("rules", "model"))
    ungated = Extractor(("rules", "model"))
    ungated._model.gate = False
    assert gated.extract(text).to_dict() == ungated.extract(text).to_dict()

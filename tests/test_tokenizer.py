"""Our jieba tokenizer and the spaCy zh pipeline built on it."""
from __future__ import annotations

import pickle

import jieba
import pytest

from unionnlp import tokenizer


def test_own_instance_not_global():
    tk = tokenizer.get_tokenizer()
    assert isinstance(tk, jieba.Tokenizer)
    assert tk is not jieba.dt
    assert tokenizer.get_tokenizer() is tk  # cached
    # the global dictionary is untouched by our domain words
    jieba.dt.initialize()
    tokenizer.lcut("区总工会常务副主席")
    base = jieba.Tokenizer()
    base.initialize()
    for w, _ in tokenizer.domain_words():
        assert jieba.dt.FREQ.get(w) == base.FREQ.get(w), w


@pytest.mark.parametrize("word", ["区总工会", "常务副主席", "党组书记", "工会联合会", "送温暖", "本报讯", "余名"])
def test_domain_words_stay_whole(word):
    toks = tokenizer.lcut(f"近日，{word}出席活动")
    assert word in toks


def test_body_and_post_are_split_as_the_scheme_does():
    toks = tokenizer.lcut("市委常委、秘书长，公司党委副书记兼工会主席张某，河北省总工会副主席蔡某")
    assert "市委常委" not in toks and "常委" in toks
    assert "工会主席" not in toks and "主席" in toks
    assert "总工会" in toks and "副主席" in toks


def test_domain_word_frequencies_never_lowered():
    tk = tokenizer.get_tokenizer()
    base = jieba.Tokenizer()
    base.initialize()
    for w, _ in tokenizer.domain_words():
        if base.FREQ.get(w):
            assert tk.FREQ[w] >= base.FREQ[w], w


def test_hmm_setting():
    assert tokenizer.HMM is False
    assert tokenizer.lcut("林晓彤", hmm=True) != [] and tokenizer.lcut("林晓彤")


def test_spacy_pipeline_tokens_and_whitespace():
    nlp = tokenizer.get_nlp()
    text = "北京市总工会  党组书记王某某 出席。\n会议"
    doc = nlp(text)
    assert doc.text == text
    assert "北京市总工会" in [t.text for t in doc]
    assert type(nlp.tokenizer).__name__ == "JiebaTokenizer"
    assert tokenizer.get_nlp() is nlp
    assert tokenizer.get_nlp(fresh=True) is not nlp


def test_spacy_pickle_and_disk_roundtrip(tmp_path):
    import spacy

    nlp = tokenizer.get_nlp(fresh=True)
    nlp2 = pickle.loads(pickle.dumps(nlp))
    assert [t.text for t in nlp2("区总工会副主席")] == ["区总工会", "副主席"]
    nlp.to_disk(tmp_path / "p")
    nlp3 = spacy.load(tmp_path / "p")
    assert type(nlp3.tokenizer).__name__ == "JiebaTokenizer"
    assert [t.text for t in nlp3("区总工会副主席")] == ["区总工会", "副主席"]
    assert nlp3.config["nlp"]["tokenizer"]["@tokenizers"] == "unionnlp.jieba_tokenizer.v1"


def test_tokenizer_bytes_roundtrip():
    nlp = tokenizer.get_nlp(fresh=True, hmm=True)
    tok = nlp.tokenizer
    assert tok.hmm is True
    data = tok.to_bytes()
    tok.hmm = False
    tok.from_bytes(data)
    assert tok.hmm is True


def test_odd_input():
    nlp = tokenizer.get_nlp()
    for text in ["", " ", "😀\u200b\x00", "a\n\nb"]:
        assert nlp(text).text == text


def test_cached_tokenizer_reuses_and_survives_a_corrupt_cache(tmp_path, monkeypatch):
    from unionnlp import tokenizer as T

    monkeypatch.setenv("UNIONNLP_CACHE", str(tmp_path))
    calls = []

    def build(tk):
        calls.append(1)
        tk.add_word("区级工会加强年", 5000)

    a = T.cached_tokenizer("t", ("区级工会加强年",), build)
    assert "区级工会加强年" in a.lcut("开展区级工会加强年活动", HMM=False)
    (cache,) = tmp_path.glob("t-*.marshal")
    b = T.cached_tokenizer("t", ("区级工会加强年",), build)
    assert calls == [1] and b.FREQ == a.FREQ and b.total == a.total
    cache.write_bytes(b"not marshal")
    c = T.cached_tokenizer("t", ("区级工会加强年",), build)
    assert calls == [1, 1] and c.lcut("开展区级工会加强年活动", HMM=False) == a.lcut("开展区级工会加强年活动", HMM=False)
    # another key builds another dictionary
    T.cached_tokenizer("t", ("别的",), lambda tk: calls.append(2))
    assert calls[-1] == 2


def test_cached_tokenizer_on_a_base_stores_only_the_difference(tmp_path, monkeypatch):
    from unionnlp import tokenizer as T

    monkeypatch.setenv("UNIONNLP_CACHE", str(tmp_path))
    base = T.cached_tokenizer("base", ("职工之家",), lambda tk: tk.add_word("职工之家", 3000))

    def build(tk):  # from jieba's own dictionary, not from base's
        tk.add_word("丰台区总工会", 800)
        tk.del_word("工会主席")

    fresh = T.cached_tokenizer("derived", (1,), build, base=base)
    again = T.cached_tokenizer("derived", (1,), build, base=base)
    (full,) = tmp_path.glob("base-*.marshal")
    (diff,) = tmp_path.glob("derived-*.marshal")
    assert diff.stat().st_size * 10 < full.stat().st_size
    assert again.FREQ == fresh.FREQ and again.total == fresh.total
    assert "职工之家" not in again.FREQ or again.FREQ["职工之家"] != 3000  # base's own change is not inherited
    assert again.FREQ.get("工会主席") == 0  # jieba's del_word keeps the key at frequency 0
    assert again.lcut("丰台区总工会召开会议", HMM=False)[0] == "丰台区总工会"
    with pytest.raises(ValueError, match="base must be"):
        import jieba

        T.cached_tokenizer("derived", (1,), build, base=jieba.Tokenizer())


@pytest.mark.parametrize("text", [
    "北京市丰台区总工会党组书记、主席王某某出席会议，130余家企业参加。",
    "ABC 12.5% x\r\n y\u3000全角 3a WiFi5G覆盖 1.5亿元",
    "\n\n", "", "😀工会a1b2", "劳模工匠助企行2025年第3季度",
])
def test_pos_lcut_tags_like_jieba_posseg(text):
    import jieba.posseg

    from unionnlp.tokenizer import get_tokenizer, jieba_dict, pos_lcut

    pt = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    pt.tokenizer = get_tokenizer()
    pt.word_tag_tab = jieba.posseg.dt.word_tag_tab
    assert pos_lcut(text) == [(p.word, p.flag) for p in pt.lcut(text, HMM=False)]
    assert jieba_dict().tags == jieba.posseg.dt.word_tag_tab

"""render.to_spacy / render: spaCy Doc view and displaCy HTML."""
from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

import unionnlp
from unionnlp.render import COLORS, SPAN_KEY, RenderedHTML, render, to_spacy
from unionnlp.types import Count, Document, Organization, Person, Program, Title

TEXT = "海淀区总工会党组书记、主席刘某某出席“职工暖心驿站”启动仪式，200余名 职工参加。"


def sample() -> Document:
    ents = (
        Organization("e1", 0, 6, "海淀区总工会", kind="union", level="district", canonical="北京市海淀区总工会",
                     parent="北京市总工会"),
        Title("e2", 6, 10, "党组书记"),
        Title("e3", 11, 13, "主席"),
        Person("e4", 13, 16, "刘某某", role="official"),
        Program("e5", 19, 25, "职工暖心驿站", kind="service", canonical="职工暖心驿站"),
        Count("e6", 31, 36, "200余名", value=200, approx="余", unit="名", noun="职工"),
    )
    for e in ents:
        assert TEXT[e.start:e.end] == e.text, e
    return Document("p<1>", TEXT, entities=ents)


def test_to_spacy_keeps_every_entity_on_the_raw_text():
    doc = sample()
    sdoc = doc.to_spacy()
    assert sdoc.text == TEXT
    assert [(s.start_char, s.end_char, s.label_) for s in sdoc.ents] == \
        [(e.start, e.end, e.label) for e in doc.entities]
    assert sdoc.ents[0].kb_id_ == "北京市海淀区总工会" and sdoc.ents[4].kb_id_ == "职工暖心驿站"
    assert len(sdoc.spans[SPAN_KEY]) == 6
    assert sdoc.user_data["unionnlp"][(31, 36)]["attrs"]["noun"] == "职工"


def test_to_spacy_with_a_word_tokenizer_expands_and_drops_nothing():
    nlp = spacy.blank("en")  # whitespace tokens: entity edges fall inside tokens
    doc = sample()
    sdoc = to_spacy(doc, nlp)
    assert len(sdoc.spans[SPAN_KEY]) == len(doc.entities)
    for sp, e in zip(sdoc.spans[SPAN_KEY], doc.entities):
        assert sp.start_char <= e.start and sp.end_char >= e.end


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet="工会总区 \n“”0123", min_size=1, max_size=40), st.data())
def test_to_spacy_any_span_survives(text, data):
    s = data.draw(st.integers(0, len(text) - 1))
    e = data.draw(st.integers(s + 1, len(text)))
    if not text[s:e].strip():
        return
    doc = Document("x", text, entities=(Title("e1", s, e, text[s:e]),))
    sdoc = to_spacy(doc)
    (sp,) = sdoc.spans[SPAN_KEY]
    assert sp.start_char <= text.index(text[s:e].strip(), s) and sp.end_char >= e - (len(text[s:e]) - len(text[s:e].rstrip()))


def test_render_html_labels_colours_and_escaping():
    h = render(sample())
    assert isinstance(h, str) and isinstance(h, RenderedHTML) and h._repr_html_() == h
    for lab in ("ORG", "PERSON", "TITLE", "COUNT", "PROGRAM"):
        assert lab in h and COLORS[lab] in h
    assert "p&lt;1&gt;" in h and "海淀区总工会" in h
    d = render(sample(), detail=True, labels=["ORG", "COUNT"])
    assert "ORG · union/district" in d and "COUNT · 职工" in d and "PERSON" not in d
    page = unionnlp.render([sample(), Document("empty", "没有实体")], page=True)
    assert page.lstrip().lower().startswith("<!doctype html") and "没有实体" in page


def test_render_real_extraction():
    doc = unionnlp.extract(TEXT, layers="rules")
    h = unionnlp.render(doc)
    assert "刘某某" in h
    assert doc.to_spacy().text == TEXT

"""Training the statistical layer (``unionnlp train``).

The model is a spaCy ``zh`` pipeline whose tokenizer is our jieba instance
(:mod:`unionnlp.tokenizer`) with one ``ner`` component predicting ``ORG``,
``PERSON`` and ``TITLE`` (COUNT and PROGRAM are left to the rule layer: the
outside corpora do not annotate them, and rules already reach them).

Training data:

* ``data/annotated/train.jsonl`` (ours), read through the same normalisation
  the extractor uses, so the model learns on the working text it will see;
  repeated ``--gold-weight`` times;
* optionally the public sets under ``../shared/corpora`` (``--corpora``):
  CLUENER2020 *train* (``name``→PERSON, ``position``→TITLE, ``organization``/
  ``government``/``company``→ORG), Resume NER *train* (NAME, ORG, TITLE) and
  People's Daily *dev* (PER, ORG), with their title spans realigned to our
  scheme (``总工会主席`` → ORG ``总工会`` + TITLE ``主席``).  Their *dev*/*test*
  splits stay untouched for outside evaluation.

Model selection uses ``data/annotated/dev.jsonl`` only; ``test.jsonl`` and
``../shared/dev`` are never read here.
"""
from __future__ import annotations

import json
import random
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

MODEL_LABELS: tuple[str, ...] = ("ORG", "PERSON", "TITLE")
Example_ = tuple[str, list[tuple[int, int, str]]]

_ORG_END = re.compile(r"(总工会|工会|委员会|党委|党组|纪委|人大常委会|政协|政府|公司|集团|银行|局|厅|委|办|部|院|所|中心|学校|大学|学院|医院|协会|联合会|分行|支行|厂|站|处|科|队)$")


@dataclass
class TrainConfig:
    data_dir: str = "data/annotated"
    corpora_dir: str | None = None
    output: str = "models/ner"
    seed: int = 13
    epochs: int = 12
    gold_weight: int = 3
    max_outside: int = 12000
    batch_size: int = 32
    dropout: float = 0.2
    width: int = 64
    depth: int = 2
    embed_size: int = 3000
    extra: dict = field(default_factory=dict)


# --------------------------------------------------------------------------- data


def _title_lexicon() -> list[str]:
    from .lexicon import load_lines

    try:
        words = list(load_lines("titles.txt"))
    except FileNotFoundError:
        words = []
    return sorted(set(words) | {"主席", "副主席", "书记", "副书记", "主任", "副主任", "部长", "局长", "院长",
                                 "总经理", "董事长", "董事", "经理", "厂长", "校长", "秘书长", "委员"},
                  key=len, reverse=True)


def realign_title(text: str, s: int, e: int, titles: list[str]) -> list[tuple[int, int, str]]:
    """Split an outside corpus' title span that absorbed its organisation.

    ``总工会主席`` → ORG ``总工会`` + TITLE ``主席``; a span that is a title
    already is kept; a prefix that does not end like an organisation is dropped
    (``工会办公室主任`` → ORG? no: TITLE ``主任`` only when the prefix is not an ORG).
    """
    span = text[s:e]
    if span.endswith("党员") or span in ("工程师", "高级工程师", "会计师", "律师"):
        return []
    # longest known title that is a suffix of the span
    for t in titles:
        if span.endswith(t) and len(span) > len(t):
            cut = e - len(t)
            prefix = text[s:cut]
            # peel chained deputy/first markers that belong to the title (常务副主席 …)
            m = re.search(r"(常务|第一|专职|兼职|执行)$", prefix)
            if m:
                cut -= len(m.group(1))
                prefix = text[s:cut]
            out = [(cut, e, "TITLE")]
            if _ORG_END.search(prefix) and len(prefix) >= 2:
                out.insert(0, (s, cut, "ORG"))
            return out
    return [(s, e, "TITLE")]


def _read_jsonl(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def cluener_examples(path: Path, titles: list[str]) -> Iterator[Example_]:
    mapping = {"name": "PERSON", "organization": "ORG", "government": "ORG", "company": "ORG",
               "position": "TITLE"}
    for rec in _read_jsonl(path):
        text = rec["text"]
        spans = []
        for lab, ents in (rec.get("label") or {}).items():
            if lab not in mapping:
                continue
            for _surface, offs in ents.items():
                for s, e_incl in offs:
                    e = e_incl + 1
                    if mapping[lab] == "TITLE":
                        spans.extend(realign_title(text, s, e, titles))
                    else:
                        spans.append((s, e, mapping[lab]))
        yield text, spans


def spans_examples(path: Path, mapping: dict[str, str], titles: list[str]) -> Iterator[Example_]:
    for rec in _read_jsonl(path):
        text = rec["text"]
        spans = []
        for ent in rec.get("entities", []):
            lab = mapping.get(ent["label"])
            if lab == "TITLE":
                spans.extend(realign_title(text, ent["start"], ent["end"], titles))
            elif lab:
                spans.append((ent["start"], ent["end"], lab))
        yield text, spans


def outside_examples(corpora_dir: Path, limit: int, seed: int) -> list[Example_]:
    """Training examples from the public corpora's *training* splits (if present)."""
    titles = _title_lexicon()
    out: list[Example_] = []
    cl = corpora_dir / "cluener2020" / "train.jsonl"
    if cl.exists():
        out += list(cluener_examples(cl, titles))
    rs = corpora_dir / "resume_ner" / "train.spans.jsonl"
    if rs.exists():
        out += list(spans_examples(rs, {"NAME": "PERSON", "ORG": "ORG", "TITLE": "TITLE"}, titles))
    pd_ = corpora_dir / "peoples_daily_ner" / "dev.spans.jsonl"
    if pd_.exists():
        out += list(spans_examples(pd_, {"PER": "PERSON", "ORG": "ORG"}, titles))
    out = [_flatten(t, s) for t, s in out]
    rnd = random.Random(seed)
    rnd.shuffle(out)
    return out[:limit]


def _flatten(text: str, spans: Iterable[tuple[int, int, str]]) -> Example_:
    """Drop overlapping spans (keep the earlier, then longer) and empty ones."""
    keep: list[tuple[int, int, str]] = []
    for s, e, lab in sorted(set(spans), key=lambda x: (x[0], -(x[1] - x[0]))):
        if e <= s or (keep and s < keep[-1][1]):
            continue
        keep.append((s, e, lab))
    return text, keep


_CHUNK = re.compile(r"[^\n。！？!?]*[。！？!?]?\n*")


def gold_examples(path: Path) -> list[Example_]:
    """Our gold documents as working-text chunks (sentence-ish pieces) with model-label spans."""
    from .annotation import read_jsonl
    from .normalize import normalize

    out: list[Example_] = []
    for doc in read_jsonl(path):
        wt = normalize(doc.text)
        raw2w = _raw_to_working(wt)
        spans = []
        for e in doc.entities:
            if e.label not in MODEL_LABELS:
                continue
            ws, we = raw2w.get(e.start), raw2w.get(e.end - 1)
            if ws is None or we is None:
                continue
            spans.append((ws, we + 1, e.label))
        text = wt.text
        for m in _CHUNK.finditer(text):
            cs, ce = m.span()
            if ce <= cs or not text[cs:ce].strip():
                continue
            inside = [(s - cs, e - cs, l) for s, e, l in spans if cs <= s and e <= ce]
            out.append(_flatten(text[cs:ce], inside))
    return out


def _raw_to_working(wt) -> dict[int, int]:
    m: dict[int, int] = {}
    for i, r in enumerate(wt.offsets):
        m.setdefault(r, i)
    return m


# --------------------------------------------------------------------------- docs


def make_doc(nlp, text: str, spans: list[tuple[int, int, str]]):
    """A spaCy Doc tokenised by our jieba tokenizer, with tokens split at entity
    boundaries so every gold span is token-aligned."""
    from spacy.tokens import Doc

    base = nlp.make_doc(text)
    cuts = sorted({b for s, e, _ in spans for b in (s, e)})
    words, spaces = [], []
    for tok in base:
        ts, te = tok.idx, tok.idx + len(tok.text)
        inner = [c for c in cuts if ts < c < te]
        prev = ts
        for c in inner + [te]:
            words.append(text[prev:c])
            spaces.append(False)
            prev = c
        if tok.whitespace_:
            spaces[-1] = True
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    ents = []
    for s, e, lab in spans:
        sp = doc.char_span(s, e, label=lab)
        if sp is not None:
            ents.append(sp)
    doc.ents = ents
    return doc


# --------------------------------------------------------------------------- training


def build_nlp(cfg: TrainConfig):
    from .tokenizer import get_nlp

    nlp = get_nlp(fresh=True)
    ner_cfg = {
        "model": {
            "@architectures": "spacy.TransitionBasedParser.v2",
            "state_type": "ner",
            "extra_state_tokens": False,
            "hidden_width": 64,
            "maxout_pieces": 2,
            "use_upper": True,
            "tok2vec": {
                "@architectures": "spacy.HashEmbedCNN.v2",
                "pretrained_vectors": None,
                "width": cfg.width,
                "depth": cfg.depth,
                "embed_size": cfg.embed_size,
                "window_size": 1,
                "maxout_pieces": 3,
                "subword_features": True,
            },
        }
    }
    ner = nlp.add_pipe("ner", config=ner_cfg)
    for lab in MODEL_LABELS:
        ner.add_label(lab)
    return nlp


def evaluate(nlp, examples: list[Example_]) -> dict[str, float]:
    """Strict span P/R/F1 per label and micro on ``examples`` (working-text chunks)."""
    from collections import Counter

    tp, npred, ngold = Counter(), Counter(), Counter()
    texts = [t for t, _ in examples]
    for (text, gold), doc in zip(examples, nlp.pipe(texts, batch_size=64)):
        g = {(s, e, l) for s, e, l in gold}
        p = {(en.start_char, en.end_char, en.label_) for en in doc.ents}
        for lab in MODEL_LABELS + ("micro",):
            gg = {x for x in g if lab == "micro" or x[2] == lab}
            pp = {x for x in p if lab == "micro" or x[2] == lab}
            tp[lab] += len(gg & pp)
            npred[lab] += len(pp)
            ngold[lab] += len(gg)
    out = {}
    for lab in MODEL_LABELS + ("micro",):
        pr = tp[lab] / npred[lab] if npred[lab] else 1.0
        rc = tp[lab] / ngold[lab] if ngold[lab] else 1.0
        out[lab] = {"precision": round(pr, 4), "recall": round(rc, 4),
                    "f1": round(2 * pr * rc / (pr + rc), 4) if pr + rc else 0.0, "support": ngold[lab]}
    return out


def train(cfg: TrainConfig, log=print) -> dict:
    """Train from scratch with a fixed seed; write the pipeline and its card to ``cfg.output``."""
    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    t0 = time.time()
    fix_random_seed(cfg.seed)
    rnd = random.Random(cfg.seed)
    data_dir = Path(cfg.data_dir)
    train_gold = gold_examples(data_dir / "train.jsonl")
    dev_gold = gold_examples(data_dir / "dev.jsonl") if (data_dir / "dev.jsonl").exists() else []
    outside: list[Example_] = []
    if cfg.corpora_dir and Path(cfg.corpora_dir).exists():
        outside = outside_examples(Path(cfg.corpora_dir), cfg.max_outside, cfg.seed)
    log(f"train: {len(train_gold)} gold chunks x{cfg.gold_weight}, {len(outside)} outside; "
        f"dev: {len(dev_gold)} chunks")
    nlp = build_nlp(cfg)
    train_docs = [make_doc(nlp, t, s) for t, s in train_gold] * cfg.gold_weight
    train_docs += [make_doc(nlp, t, s) for t, s in outside]
    from spacy.tokens import Doc

    # predicted side: same tokens, no entities
    examples = [Example(Doc(nlp.vocab, words=[t.text for t in d], spaces=[bool(t.whitespace_) for t in d]), d)
                for d in train_docs]
    optimizer = nlp.initialize(lambda: examples[:2000])
    best, best_f, history = None, -1.0, []
    for epoch in range(cfg.epochs):
        rnd.shuffle(examples)
        losses: dict = {}
        for batch in minibatch(examples, size=cfg.batch_size):
            nlp.update(batch, drop=cfg.dropout, sgd=optimizer, losses=losses)
        scores = evaluate(nlp, dev_gold) if dev_gold else {}
        f = scores.get("micro", {}).get("f1", 0.0)
        history.append({"epoch": epoch + 1, "loss": round(float(losses.get("ner", 0.0)), 2), "dev": scores})
        log(f"epoch {epoch + 1:2d} loss {losses.get('ner', 0.0):9.1f} dev micro F1 {f:.4f} "
            f"({time.time() - t0:.0f}s)")
        if f > best_f:
            best_f = f
            best = nlp.get_pipe("ner").to_bytes()
    if best is not None:
        nlp.get_pipe("ner").from_bytes(best)
    out = Path(cfg.output)
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    card = {
        "name": "unionnlp-ner",
        "labels": list(MODEL_LABELS),
        "spacy_version": spacy.__version__,
        "config": asdict(cfg),
        "data": {"gold_train_chunks": len(train_gold), "outside_examples": len(outside),
                 "dev_chunks": len(dev_gold)},
        "dev_scores_best": next((h["dev"] for h in history if h["dev"].get("micro", {}).get("f1") == best_f), {}),
        "history": history,
        "train_seconds": round(time.time() - t0, 1),
    }
    (out / "card.json").write_text(json.dumps(card, ensure_ascii=False, indent=2), encoding="utf-8")
    log(f"saved to {out} in {time.time() - t0:.0f}s; best dev micro F1 {best_f:.4f}")
    return card

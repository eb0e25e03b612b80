"""The scorer of ``ANNOTATION.md`` "Scoring" (decisions in ``docs/annotation.md``).

* Entities: P/R/F1 per label and micro, *strict* (same start, end, label) and
  *partial* (overlapping spans, same label; one-to-one, strict pairs first,
  then the largest overlaps).  A prediction overlapping a gold-declared
  duplicate is a false positive and is never matched.
* Attributes: accuracy over strictly matched pairs, per ``LABEL.attr``, for
  the attributes the gold entity carries (``level`` only for union, party,
  government and legislature bodies; ``parent`` only for unions).
* Relations: F1 over per-document *sets* of ``holds`` triples (person text,
  title text, org canonical or None) and of parent edges (canonical, parent).
* Articles: F1 over per-document sets of article start offsets, on documents
  whose gold record annotates articles.

Documents are matched by ``id``; a gold document without a prediction is
scored as all misses and listed in ``missing``.  Precision over an empty
prediction set and recall over an empty gold set are 1.0 (no false
positive / no false negative), so removing one prediction lowers exactly
its label's recall.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

from .types import (
    LABELS, LEVELLED_KINDS, Count, Document, Entity, Organization, Person, Program,
)

__all__ = ["PRF", "ScoreResult", "score"]

ATTRIBUTES: tuple[str, ...] = (
    "ORG.kind", "ORG.level", "ORG.canonical", "ORG.parent", "PERSON.role",
    "COUNT.value", "COUNT.approx", "COUNT.unit", "COUNT.noun", "PROGRAM.kind",
    "PROGRAM.canonical",
)


@dataclass
class PRF:
    """Counts behind precision/recall/F1."""

    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    @property
    def precision(self) -> float:
        # nothing predicted: no false positive, so precision is 1 (recall carries the loss)
        return self.tp / self.n_pred if self.n_pred else 1.0

    @property
    def recall(self) -> float:
        # nothing to find: no false negative
        return self.tp / self.n_gold if self.n_gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, tp: int, n_pred: int, n_gold: int) -> None:
        self.tp += tp
        self.n_pred += n_pred
        self.n_gold += n_gold

    def to_dict(self) -> dict[str, Any]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "support": self.n_gold, "predicted": self.n_pred, "tp": self.tp}


@dataclass
class _Acc:
    correct: int = 0
    total: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"accuracy": self.correct / self.total if self.total else None, "support": self.total}


@dataclass
class ScoreResult:
    """All figures; :meth:`to_dict` gives the JSON shape, :meth:`frame` a pandas view."""

    strict: dict[str, PRF] = field(default_factory=dict)
    partial: dict[str, PRF] = field(default_factory=dict)
    attributes: dict[str, _Acc] = field(default_factory=dict)
    holds: PRF = field(default_factory=PRF)
    parent: PRF = field(default_factory=PRF)
    articles: PRF = field(default_factory=PRF)
    n_documents: int = 0
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    #: per-document (gold, pred) mismatches for error reading: (doc id, kind, detail)
    errors: list[tuple[str, str, Any]] = field(default_factory=list)

    @staticmethod
    def _with_micro(table: dict[str, PRF]) -> dict[str, Any]:
        micro = PRF()
        out: dict[str, Any] = {}
        for lab in LABELS:
            p = table.get(lab, PRF())
            out[lab] = p.to_dict()
            micro.add(p.tp, p.n_pred, p.n_gold)
        out["micro"] = micro.to_dict()
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "entities": {"strict": self._with_micro(self.strict),
                         "partial": self._with_micro(self.partial)},
            "attributes": {k: self.attributes.get(k, _Acc()).to_dict() for k in ATTRIBUTES},
            "relations": {"holds": self.holds.to_dict(), "parent": self.parent.to_dict()},
            "articles": self.articles.to_dict(),
            "documents": {"scored": self.n_documents, "missing": list(self.missing),
                          "extra": list(self.extra)},
        }

    def frame(self) -> "Any":
        """One row per figure: ``section, name, metric, value``."""
        import pandas as pd

        d = self.to_dict()
        rows = []
        for mode in ("strict", "partial"):
            for lab, v in d["entities"][mode].items():
                rows.append({"section": f"entities.{mode}", "name": lab, **_prf_row(v)})
        for k, v in d["attributes"].items():
            rows.append({"section": "attributes", "name": k, "precision": None, "recall": None,
                         "f1": None, "accuracy": v["accuracy"], "support": v["support"]})
        for k in ("holds", "parent"):
            rows.append({"section": "relations", "name": k, **_prf_row(d["relations"][k])})
        rows.append({"section": "articles", "name": "start", **_prf_row(d["articles"])})
        return pd.DataFrame(rows, columns=["section", "name", "precision", "recall", "f1",
                                           "accuracy", "support"])

    def report(self) -> str:
        """A readable plain-text table."""
        d = self.to_dict()
        lines = [f"documents scored: {self.n_documents}"]
        if self.missing:
            lines.append(f"MISSING from predictions (scored as all misses): {', '.join(self.missing)}")
        if self.extra:
            lines.append(f"predictions without gold (ignored): {', '.join(self.extra)}")
        hdr = f"{'':<10}{'P':>7}{'R':>7}{'F1':>7}{'gold':>7}{'pred':>7}"
        for mode in ("strict", "partial"):
            lines += ["", f"entities ({mode})", hdr]
            for lab, v in d["entities"][mode].items():
                lines.append(_line(lab, v))
        lines += ["", "relations and articles", hdr]
        lines.append(_line("holds", d["relations"]["holds"]))
        lines.append(_line("parent", d["relations"]["parent"]))
        lines.append(_line("articles", d["articles"]))
        lines += ["", "attribute accuracy (over strict matches)", f"{'':<19}{'acc':>7}{'n':>7}"]
        for k, v in d["attributes"].items():
            acc = "   -" if v["accuracy"] is None else f"{v['accuracy']:7.3f}"
            lines.append(f"{k:<19}{acc:>7}{v['support']:>7}")
        return "\n".join(lines)


def _prf_row(v: dict) -> dict:
    return {"precision": v["precision"], "recall": v["recall"], "f1": v["f1"], "accuracy": None,
            "support": v["support"]}


def _line(name: str, v: dict) -> str:
    return (f"{name:<10}{v['precision']:7.3f}{v['recall']:7.3f}{v['f1']:7.3f}"
            f"{v['support']:7d}{v['predicted']:7d}")


def _attr_values(e: Entity) -> dict[str, Any]:
    """The scored attributes a (gold) entity carries."""
    if isinstance(e, Organization):
        if e.kind is None:
            return {}
        a = {"kind": e.kind, "canonical": e.canonical}
        if e.kind in LEVELLED_KINDS:
            a["level"] = e.level
        if e.kind == "union":
            a["parent"] = e.parent
        return a
    if isinstance(e, Person):
        return {} if e.role is None else {"role": e.role}
    if isinstance(e, Count):
        if e.value is None:
            return {}
        return {"value": e.value, "approx": e.approx, "unit": e.unit, "noun": e.noun}
    if isinstance(e, Program):
        return {} if e.kind is None else {"kind": e.kind, "canonical": e.canonical}
    return {}


def _same(key: str, g: Any, p: Any) -> bool:
    if key == "value" and isinstance(g, (int, float)) and isinstance(p, (int, float)):
        return math.isclose(g, p, rel_tol=1e-9, abs_tol=1e-9)
    return g == p


def _holds_set(doc: Document) -> set[tuple]:
    by_id = {e.id: e for e in doc.entities}
    out = set()
    for r in doc.relations:
        per, tit = by_id.get(r.person), by_id.get(r.title)
        if per is None or tit is None:
            continue
        org = by_id.get(r.org) if r.org else None
        oname = (org.canonical or org.text) if isinstance(org, Organization) else None
        out.add((per.text, tit.text, oname))
    return out


def _parent_set(doc: Document) -> set[tuple[str, str]]:
    return set(doc.hierarchy())


def _set_prf(acc: PRF, g: set, p: set) -> None:
    acc.add(len(g & p), len(p), len(g))


def _score_doc(res: ScoreResult, gold: Document, pred: Document) -> None:
    dups = [(d.start, d.end) for d in (gold.duplicates or ())]
    g_ents = list(gold.entities)
    p_ents = []
    for e in pred.entities:
        if any(e.start < de and ds < e.end for ds, de in dups):
            # inside a declared duplicate: a false positive, never matched
            for t in (res.strict, res.partial):
                t.setdefault(e.label, PRF()).add(0, 1, 0)
            res.errors.append((gold.id, "fp-in-duplicate", (e.label, e.start, e.end, e.text)))
        else:
            p_ents.append(e)
    for lab in LABELS:
        gl = [e for e in g_ents if e.label == lab]
        pl = [e for e in p_ents if e.label == lab]
        # strict: multiset matching on (start, end)
        by_span: dict[tuple[int, int], list[Entity]] = defaultdict(list)
        for e in pl:
            by_span[(e.start, e.end)].append(e)
        pairs: list[tuple[Entity, Entity]] = []
        g_left: list[Entity] = []
        for g in gl:
            lst = by_span.get((g.start, g.end))
            if lst:
                pairs.append((g, lst.pop(0)))
            else:
                g_left.append(g)
        matched_p = {id(p) for _, p in pairs}
        p_left = [p for p in pl if id(p) not in matched_p]
        res.strict.setdefault(lab, PRF()).add(len(pairs), len(pl), len(gl))
        # partial: strict pairs plus greedy largest-overlap pairs among the rest
        cand = []
        for gi, g in enumerate(g_left):
            for pi, p in enumerate(p_left):
                ov = min(g.end, p.end) - max(g.start, p.start)
                if ov > 0:
                    cand.append((-ov, g.start, p.start, gi, pi))
        cand.sort()
        ug, up = set(), set()
        for _, _, _, gi, pi in cand:
            if gi not in ug and pi not in up:
                ug.add(gi)
                up.add(pi)
        res.partial.setdefault(lab, PRF()).add(len(pairs) + len(ug), len(pl), len(gl))
        for gi, g in enumerate(g_left):
            res.errors.append((gold.id, "fn" if gi not in ug else "fn-strict",
                               (lab, g.start, g.end, g.text)))
        for pi, p in enumerate(p_left):
            res.errors.append((gold.id, "fp" if pi not in up else "fp-strict",
                               (lab, p.start, p.end, p.text)))
        for g, p in pairs:
            ga, pa = _attr_values(g), _attr_values(p)
            for k, gv in ga.items():
                key = f"{lab}.{k}"
                acc = res.attributes.setdefault(key, _Acc())
                acc.total += 1
                pv = pa.get(k) if pa else getattr(p, k, None)
                if _same(k, gv, pv):
                    acc.correct += 1
                else:
                    res.errors.append((gold.id, f"attr {key}", (g.text, g.start, gv, pv)))
    gh, ph = _holds_set(gold), _holds_set(pred)
    _set_prf(res.holds, gh, ph)
    for t in gh - ph:
        res.errors.append((gold.id, "fn holds", t))
    for t in ph - gh:
        res.errors.append((gold.id, "fp holds", t))
    _set_prf(res.parent, _parent_set(gold), _parent_set(pred))
    if gold.articles is not None:
        _set_prf(res.articles, {a.start for a in gold.articles},
                 {a.start for a in (pred.articles or ())})


def score(gold_docs: Iterable[Document], pred_docs: Iterable[Document]) -> ScoreResult:
    """Score predictions against gold; documents are matched by ``id``."""
    gold = list(gold_docs)
    preds: dict[str, Document] = {}
    for p in pred_docs:
        preds.setdefault(p.id, p)
    res = ScoreResult()
    for lab in LABELS:
        res.strict[lab] = PRF()
        res.partial[lab] = PRF()
    gold_ids = set()
    for g in gold:
        gold_ids.add(g.id)
        p = preds.get(g.id)
        if p is None:
            res.missing.append(g.id)
            p = Document(id=g.id, text=g.text)
        _score_doc(res, g, p)
        res.n_documents += 1
    res.extra = [i for i in preds if i not in gold_ids]
    return res

"""Statistical layer: the spaCy NER pipeline shipped in ``models/ner``.

The pipeline (``zh``, tokenised by our jieba instance, one ``ner`` component
for ORG, PERSON and TITLE) is trained by ``unionnlp train`` (see
:mod:`unionnlp.train`) and loaded once, offline, from the installed
``unionnlp_models`` package (``models/`` in the source tree) or from an
explicit path.  It adds ``source="model"`` spans to stories; :mod:`merge`
decides which of them survive next to the rule layer's.
"""
from __future__ import annotations

import re
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any

from .spans import Story

__all__ = ["StatisticalLayer", "default_model_path", "ModelNotFoundError"]

# Chunks fed to the model: sentences (the model was trained on sentence-ish chunks).
_SENT = re.compile(r"[^\n。！？!?；;]*[。！？!?；;]?")
_MAX_CHUNK = 400


class ModelNotFoundError(FileNotFoundError):
    """The statistical model is not installed where it was looked for."""


def default_model_path() -> Path | None:
    """``models/ner`` of the installed ``unionnlp_models`` package, if present."""
    try:
        from importlib import resources

        p = Path(str(resources.files("unionnlp_models").joinpath("ner")))
    except (ModuleNotFoundError, TypeError):
        p = Path(__file__).resolve().parents[1] / "models" / "ner"
    return p if (p / "meta.json").exists() else None


@lru_cache(maxsize=4)
def _load(path: str) -> Any:
    import spacy

    from .tokenizer import _register

    _register()  # also found through the entry point; explicit for source checkouts
    return spacy.load(path)


class StatisticalLayer:
    """Loads the shipped model once and adds ``source="model"`` spans to stories.

    ``path=None`` uses the shipped model; when it is missing, a warning is
    issued once and the layer adds nothing (the rule layer still runs), unless
    ``strict=True``, which raises :class:`ModelNotFoundError`.  ``gate=False``
    runs the model on every sentence, even where the merge would drop all it
    could propose (for evaluating the model alone).
    """

    def __init__(self, path: str | Path | None = None, strict: bool = False, gate: bool = True) -> None:
        self.gate = gate
        p = Path(path) if path is not None else default_model_path()
        if p is None or not (p / "meta.json").exists():
            msg = (f"unionnlp: no statistical model at {p or 'models/ner'}; "
                   "running the rule layer only (train one with `unionnlp train`)")
            if strict or path is not None:
                raise ModelNotFoundError(msg)
            warnings.warn(msg, RuntimeWarning, stacklevel=3)
            self.nlp = None
            self.path = None
            return
        self.path = p
        self.nlp = _load(str(p))

    @property
    def available(self) -> bool:
        return self.nlp is not None

    def annotate(self, stories: list[Story]) -> None:
        """Run NER over each story's sentences and append ``source="model"`` spans.

        With the gate on (the default) the model only reads, of each sentence,
        windows of :data:`WINDOW` tokens around the places where a span it
        proposes could survive the merge (:func:`unionnlp.merge.proposal_sites`);
        sentences with none are not read at all.
        """
        if self.nlp is None:
            return
        from .merge import proposal_sites, rule_occupancy

        tok = self.nlp.tokenizer
        own = hasattr(tok, "words") and hasattr(tok, "doc")  # our JiebaTokenizer
        offsets: list[tuple[Story, int]] = []
        docs: list[Any] = []
        for st in stories:
            occ = rule_occupancy(st) if self.gate else None
            for ps, pe in _chunks(st):
                chunk = st.text[ps:pe]
                if not own:
                    offsets.append((st, ps))
                    docs.append(chunk)
                    continue
                words = tok.words(chunk)
                if occ is None:
                    offsets.append((st, ps))
                    docs.append(tok.doc(chunk, words))
                    continue
                sites = proposal_sites(st, ps, words, occ)
                if not sites:
                    continue
                bounds = [0]
                for w in words:
                    bounds.append(bounds[-1] + len(w))
                for a, b in _windows(sites, len(words)):
                    offsets.append((st, ps + bounds[a]))
                    docs.append(tok.doc(chunk[bounds[a]:bounds[b]], words[a:b]))
        if not docs:
            return
        for (st, off), doc in zip(offsets, self.nlp.pipe(docs, batch_size=256)):
            for ent in doc.ents:
                st.add(off + ent.start_char, off + ent.end_char, ent.label_, source="model")


#: tokens of context the model reads on each side of a proposal site.  Its
#: tok2vec sees two tokens each way and its NER state three: beyond that a
#: longer window changes nothing (measured: docs/decisions/speed.md).
WINDOW = 6


def _chunks(st: Story):
    """``(start, end)`` of each non-blank sentence of a story (long ones cut)."""
    for m in _SENT.finditer(st.text, st.start, st.end):
        s, e = m.span()
        while e - s > _MAX_CHUNK:  # no punctuation for a long stretch: cut it
            if st.text[s:s + _MAX_CHUNK].strip():
                yield s, s + _MAX_CHUNK
            s += _MAX_CHUNK
        if e > s and st.text[s:e].strip():
            yield s, e


def _windows(sites: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    """Token windows around the sites, widened by :data:`WINDOW` and merged."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(sites):
        a, b = max(0, a - WINDOW), min(n, b + WINDOW)
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out

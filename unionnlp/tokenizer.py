"""Our own jieba tokenizer and a spaCy ``zh`` pipeline that uses it.

* :func:`get_tokenizer` — a cached :class:`jieba.Tokenizer` of our own (the
  global ``jieba`` state is never touched) loaded with the domain lexicon:
  ``lexicon/tokenizer_words.txt`` (union body suffixes, titles, byline,
  count and programme words) plus, when present, the other helpers'
  ``titles.txt``, ``org_heads.tsv`` and ``programs.tsv``.  Each word is added
  with the frequency jieba itself suggests to keep it whole (never lower than
  the frequency it already has: ``add_word`` *replaces* a frequency).
* :func:`cut` / :func:`lcut` — segmentation with our HMM setting
  (:data:`HMM`, chosen by measurement: see ``docs/decisions/normalize.md``).
* :func:`get_nlp` — a blank spaCy ``zh`` :class:`~spacy.language.Language`
  whose tokenizer is :class:`JiebaTokenizer`.  The tokenizer is registered as
  ``unionnlp.jieba_tokenizer.v1`` so a pipeline saved with ``nlp.to_disk``
  reloads with ``spacy.load`` (entry point ``spacy_tokenizers``); it also pickles.
"""
from __future__ import annotations

import json
import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

__all__ = [
    "HMM", "get_tokenizer", "cut", "lcut", "domain_words", "JiebaTokenizer", "get_nlp",
    "create_jieba_tokenizer",
]

#: Whether jieba's HMM guesses unknown words.  Off: measured on the gold data
#: (names and titles kept whole; see docs/decisions/normalize.md).
HMM = False

_lock = threading.Lock()
# jieba's dictionary regex (re_han_default): other characters never reach the dictionary.
_JIEBA_WORD = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+")


def _lex_lines(name: str) -> tuple[str, ...]:
    from .lexicon import load_lines

    try:
        return load_lines(name)
    except (FileNotFoundError, OSError):
        return ()


def _lex_table(name: str) -> tuple[dict[str, str], ...]:
    from .lexicon import load_table

    try:
        return load_table(name)
    except (FileNotFoundError, OSError, KeyError):
        return ()


def domain_words() -> list[tuple[str, int | None]]:
    """``(word, explicit frequency or None)`` for every domain word, de-duplicated."""
    out: dict[str, int | None] = {}
    for line in _lex_lines("tokenizer_words.txt"):
        parts = line.split("\t")
        w = parts[0].strip()
        f = int(parts[1]) if len(parts) > 1 and parts[1].strip().isdigit() else None
        out[w] = f
    for w in _lex_lines("titles.txt"):
        out.setdefault(w.strip(), None)
    for row in _lex_table("org_heads.tsv"):
        w = (row.get("head") or "").strip()
        if len(w) >= 2:
            out.setdefault(w, None)
    for row in _lex_table("programs.tsv"):
        for key in ("name", "canonical"):
            w = (row.get(key) or "").strip()
            if len(w) >= 2:
                out.setdefault(w, None)
    return [(w, f) for w, f in out.items() if w and _JIEBA_WORD.fullmatch(w)]


@lru_cache(maxsize=1)
def get_tokenizer():
    """Our cached :class:`jieba.Tokenizer`, initialised with the domain lexicon."""
    words = domain_words()
    return cached_tokenizer("tokenizer", words, lambda tk: _add_domain_words(tk, words))


def _add_domain_words(tk: Any, words: list[tuple[str, int | None]]) -> None:
    for w, f in words:
        if f is None:
            f = max(tk.FREQ.get(w, 0) or 0, tk.suggest_freq(w, tune=False))
        tk.add_word(w, f)
    # jieba's dictionary glues bodies to posts (市委常委, 党委书记, 工会主席); the
    # scheme splits them (ORG 市委 + TITLE 常委), so these compounds are removed
    own = {w for w, _ in words}
    titles = [w for w in own if any(w.endswith(t) for t in _POST_ENDS)]
    for head in _BODY_HEADS:
        for t in titles:
            if (head + t) in tk.FREQ and (head + t) not in own and not t.startswith("党组"):
                tk.del_word(head + t)


def _cache_dir() -> Path | None:
    import os
    import tempfile

    for d in (os.environ.get("UNIONNLP_CACHE"), os.path.join(os.path.expanduser("~"), ".cache", "unionnlp"),
              os.path.join(tempfile.gettempdir(), "unionnlp-cache")):
        if not d:
            continue
        try:
            os.makedirs(d, exist_ok=True)
            if os.access(d, os.W_OK):
                return Path(d)
        except OSError:
            continue
    return None


def cached_tokenizer(name: str, key: Any, build: Callable[[Any], None]):
    """A :class:`jieba.Tokenizer` = jieba's own dictionary changed by ``build(tk)``.

    Building (``add_word`` over thousands of words) takes a second or more, so the
    resulting dictionary (``FREQ``, ``total``) is cached on disk, like jieba caches
    its own, under ``$UNIONNLP_CACHE`` or ``~/.cache/unionnlp``, keyed by ``key``
    (everything ``build`` depends on), jieba's version and this module's cache format.
    A missing, stale or unreadable cache is simply rebuilt; an unwritable one is skipped.
    """
    import hashlib
    import logging
    import marshal
    import os

    import jieba

    with _lock:
        jieba.setLogLevel(logging.WARNING)
        digest = hashlib.sha1(repr((_CACHE_FORMAT, jieba.__version__, name, key)).encode("utf-8")).hexdigest()
        d = _cache_dir()
        path = d / f"{name}-{digest[:16]}.marshal" if d else None
        tk = jieba.Tokenizer()
        if path is not None and path.exists():
            try:
                with open(path, "rb") as fh:
                    freq, total = marshal.load(fh)
                tk.FREQ, tk.total, tk.initialized = freq, total, True
                return tk
            except (OSError, EOFError, ValueError, TypeError):
                pass
        tk.initialize()
        build(tk)
        if path is not None:
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            try:
                with open(tmp, "wb") as fh:
                    marshal.dump((tk.FREQ, tk.total), fh)
                os.replace(tmp, path)
            except OSError:
                try:
                    tmp.unlink()
                except OSError:
                    pass
        return tk


_CACHE_FORMAT = 1


#: Body words that jieba glues to a following post.
_BODY_HEADS = ("委", "党委", "工会", "总工会", "协会", "市委", "区委", "县委", "省委", "镇委", "党工委", "纪委",
               "常委会", "政府", "人大", "政协", "团委", "妇联", "中央")
_POST_ENDS = ("书记", "主席", "主任", "委员", "常委", "会长", "部长", "局长", "长", "员", "秘书长")


def cut(text: str, hmm: bool | None = None) -> Iterator[str]:
    """Segment ``text`` with our tokenizer (``hmm=None``: :data:`HMM`)."""
    return get_tokenizer().cut(text, HMM=HMM if hmm is None else hmm)


def lcut(text: str, hmm: bool | None = None) -> list[str]:
    """List form of :func:`cut`."""
    return list(cut(text, hmm))


# ----------------------------------------------------------------------------- spaCy


class JiebaTokenizer:
    """spaCy tokenizer: our jieba segmentation, whitespace kept as spaCy does."""

    def __init__(self, vocab: Any, hmm: bool = HMM) -> None:
        self.vocab = vocab
        self.hmm = bool(hmm)

    def __call__(self, text: str):
        from spacy.tokens import Doc
        from spacy.util import get_words_and_spaces

        words = [w for w in get_tokenizer().cut(text, HMM=self.hmm) if w]
        words, spaces = get_words_and_spaces(words, text)
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Any]:
        for t in texts:
            yield self(t)

    # serialisation: only the settings; the lexicon ships with the package
    def _cfg(self) -> dict[str, Any]:
        return {"hmm": self.hmm}

    def to_bytes(self, **kwargs: Any) -> bytes:
        return json.dumps(self._cfg()).encode("utf-8")

    def from_bytes(self, data: bytes, **kwargs: Any) -> "JiebaTokenizer":
        self.hmm = bool(json.loads(data.decode("utf-8")).get("hmm", HMM))
        return self

    def to_disk(self, path: str | Path, **kwargs: Any) -> None:
        p = Path(path)
        p.mkdir(parents=True, exist_ok=True)
        (p / "cfg.json").write_text(json.dumps(self._cfg()), encoding="utf-8")

    def from_disk(self, path: str | Path, **kwargs: Any) -> "JiebaTokenizer":
        f = Path(path) / "cfg.json"
        if f.exists():
            self.hmm = bool(json.loads(f.read_text(encoding="utf-8")).get("hmm", HMM))
        return self

    def __reduce__(self):
        return (JiebaTokenizer, (self.vocab, self.hmm))


def _register() -> None:
    import spacy

    if "unionnlp.jieba_tokenizer.v1" in spacy.registry.tokenizers.get_all():
        return

    @spacy.registry.tokenizers("unionnlp.jieba_tokenizer.v1")
    def create_jieba_tokenizer(hmm: bool = HMM):  # noqa: F811
        def make(nlp):
            return JiebaTokenizer(nlp.vocab, hmm=hmm)

        return make


def create_jieba_tokenizer(hmm: bool = HMM):
    """The registered factory ``unionnlp.jieba_tokenizer.v1`` (for direct use)."""
    def make(nlp):
        return JiebaTokenizer(nlp.vocab, hmm=hmm)

    return make


# Not registered at import (that would import spaCy, ~1 s, for rules-only runs):
# spaCy finds the factory through the ``spacy_tokenizers`` entry point declared in
# pyproject.toml, and get_nlp() / the model loader register it explicitly too.


_nlp_cache: dict[bool, Any] = {}


def get_nlp(fresh: bool = False, hmm: bool = HMM):
    """A blank spaCy ``zh`` pipeline whose tokenizer is our jieba instance.

    ``fresh=True`` builds a new one (for training); otherwise a cached one.
    """
    import spacy

    if not fresh and hmm in _nlp_cache:
        return _nlp_cache[hmm]
    _register()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {
        "@tokenizers": "unionnlp.jieba_tokenizer.v1", "hmm": hmm}}})
    if not fresh:
        _nlp_cache[hmm] = nlp
    return nlp

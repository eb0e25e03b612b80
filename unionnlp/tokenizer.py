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
    "create_jieba_tokenizer", "jieba_dict", "JiebaDict", "pos_lcut",
]

#: Whether jieba's HMM guesses unknown words.  Off: measured on the gold data
#: (names and titles kept whole; see docs/decisions/normalize.md).
HMM = False

_lock = threading.RLock()
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


def cached_tokenizer(name: str, key: Any, build: Callable[[Any], None], base: Any = None):
    """A :class:`jieba.Tokenizer` = jieba's own dictionary changed by ``build(tk)``.

    Building (``add_word`` over thousands of words) takes a second or more, so the
    resulting dictionary (``FREQ``, ``total``) is cached on disk, like jieba caches
    its own, under ``$UNIONNLP_CACHE`` or ``~/.cache/unionnlp``, keyed by ``key``
    (everything ``build`` depends on), jieba's version and this module's cache format.
    A missing, stale or unreadable cache is simply rebuilt; an unwritable one is skipped.

    ``base``: another tokenizer made by this function (ours, :func:`get_tokenizer`).
    The cache then holds only the difference from ``base``'s dictionary, and
    loading copies ``base``'s instead of reading a second full dictionary from
    disk (the two differ in a few thousand of half a million entries).
    """
    import hashlib
    import logging
    import marshal

    import jieba

    with _lock:
        jieba.setLogLevel(logging.WARNING)
        base_digest = getattr(base, "_unionnlp_digest", None) if base is not None else None
        if base is not None and base_digest is None:
            raise ValueError("base must be a tokenizer made by cached_tokenizer()")
        digest = hashlib.sha1(repr((_CACHE_FORMAT, jieba.__version__, name, key, base_digest)).encode("utf-8")
                              ).hexdigest()
        d = _cache_dir()
        path = d / f"{name}-{digest[:16]}.marshal" if d else None
        tk = jieba.Tokenizer()
        tk._unionnlp_digest = digest
        if path is not None and path.exists():
            try:
                with open(path, "rb") as fh:
                    data = marshal.loads(fh.read())
                if base is None:
                    freq, total = data
                else:
                    changed, removed, total = data
                    freq = dict(base.FREQ)
                    freq.update(changed)
                    for w in removed:
                        del freq[w]
                tk.FREQ, tk.total, tk.initialized = freq, total, True
                return tk
            except (OSError, EOFError, ValueError, TypeError, KeyError):
                pass
        tk.initialize()
        build(tk)
        if base is None:
            data = (tk.FREQ, tk.total)
        else:
            bf = base.FREQ
            data = ({w: f for w, f in tk.FREQ.items() if bf.get(w) != f},
                    [w for w in bf if w not in tk.FREQ], tk.total)
        if path is not None:
            _write_cache(path, data)
        return tk


def _write_cache(path: Path, data: Any) -> None:
    """Write ``data`` with marshal, atomically; an unwritable cache is skipped."""
    import marshal
    import os

    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            marshal.dump(data, fh)
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass


_CACHE_FORMAT = 2


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


# ----------------------------------------------------------------------------- jieba's tags


class JiebaDict:
    """jieba's own dictionary file, read once for the whole package.

    ``tags``: the part-of-speech tag of every word (what ``jieba.posseg``
    loads; importing that module would read the file a second time).
    ``common``: the 2–3 character words with frequency >= 20 → ``(freq, tag)``.
    """

    __slots__ = ("tags", "common")

    def __init__(self, tags: dict[str, str], common: dict[str, tuple[int, str]]) -> None:
        self.tags = tags
        self.common = common


@lru_cache(maxsize=1)
def jieba_dict() -> JiebaDict:
    """The shared :class:`JiebaDict` (empty if jieba's ``dict.txt`` cannot be read).

    Parsing the 350,000-line file takes ~0.4 s; the result is cached on disk
    next to the tokenizer's dictionary (keyed by the file's size and time).
    """
    import marshal
    import os

    import jieba

    src = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    try:
        st = os.stat(src)
    except OSError:  # pragma: no cover - a broken jieba install
        return JiebaDict({}, {})
    d = _cache_dir()
    path = d / f"jieba-tags-{_CACHE_FORMAT}-{st.st_size}-{int(st.st_mtime)}.marshal" if d else None
    if path is not None and path.exists():
        try:
            with open(path, "rb") as fh:
                tags, common = marshal.loads(fh.read())
            return JiebaDict(tags, common)
        except (OSError, EOFError, ValueError, TypeError):
            pass
    tags: dict[str, str] = {}
    common: dict[str, tuple[int, str]] = {}
    with open(src, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) != 3:
                continue
            w, f, t = parts
            tags[w] = t
            if 2 <= len(w) <= 3:
                n = int(f)
                if n >= 20:
                    common[w] = (n, t)
    if path is not None:
        _write_cache(path, (tags, common))
    return JiebaDict(tags, common)


# jieba.posseg's block and character classes (HMM-off path)
_RE_HAN_BLOCK = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
_RE_SKIP = re.compile(r"(\r\n|\s)")
_RE_ENG = re.compile("[a-zA-Z0-9]+")
_RE_NUM = re.compile(r"[\.0-9]+")
_RE_ENG1 = re.compile("^[a-zA-Z0-9]$")


def pos_lcut(text: str, tags: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """``(word, tag)`` pairs: our segmentation (HMM off) tagged like
    ``jieba.posseg`` does, from ``tags`` (default: jieba's own table).

    The same output as a ``jieba.posseg.POSTokenizer`` over our tokenizer with
    ``HMM=False``, without importing ``jieba.posseg`` (whose import reads
    jieba's dictionary file once more).
    """
    tk = get_tokenizer()
    table = jieba_dict().tags if tags is None else tags
    out: list[tuple[str, str]] = []
    for blk in _RE_HAN_BLOCK.split(text):
        if not blk:
            continue
        if _RE_HAN_BLOCK.match(blk):
            dag = tk.get_DAG(blk)
            route: dict[int, tuple[float, int]] = {}
            tk.calc(blk, dag, route)
            x, n, buf = 0, len(blk), ""
            while x < n:
                y = route[x][1] + 1
                w = blk[x:y]
                if _RE_ENG1.match(w):
                    buf += w
                else:
                    if buf:
                        out.append((buf, "eng"))
                        buf = ""
                    out.append((w, table.get(w, "x")))
                x = y
            if buf:
                out.append((buf, "eng"))
        else:
            for piece in _RE_SKIP.split(blk):
                if not piece:
                    continue
                if _RE_SKIP.match(piece):
                    out.append((piece, "x"))
                    continue
                for ch in piece:
                    if _RE_NUM.match(ch):
                        out.append((ch, "m"))
                    elif _RE_ENG.match(piece):
                        out.append((ch, "eng"))
                    else:
                        out.append((ch, "x"))
    return out


# ----------------------------------------------------------------------------- spaCy


_SPACE = re.compile(r"\s")


class JiebaTokenizer:
    """spaCy tokenizer: our jieba segmentation, whitespace kept as spaCy does."""

    def __init__(self, vocab: Any, hmm: bool = HMM) -> None:
        self.vocab = vocab
        self.hmm = bool(hmm)

    def __call__(self, text: str):
        return self.doc(text, self.words(text))

    def words(self, text: str) -> list[str]:
        """Our jieba segmentation of ``text`` (what :meth:`__call__` builds its Doc from)."""
        return [w for w in get_tokenizer().cut(text, HMM=self.hmm) if w]

    def doc(self, text: str, words: list[str]):
        """The spaCy ``Doc`` of ``text`` segmented as ``words`` (``"".join(words) == text``)."""
        from spacy.tokens import Doc

        if _SPACE.search(text) is None:  # the usual case in Chinese: no whitespace to fold
            return Doc(self.vocab, words=words, spaces=[False] * len(words))
        from spacy.util import get_words_and_spaces

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

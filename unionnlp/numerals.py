"""Numeral parsing: one isolated numeral → its value.

A thin wrapper around `cn2an <https://github.com/Ailln/cn2an>`_, the
maintained Chinese-numeral converter. cn2an must only ever see a numeral that
has already been isolated (``二十``, ``1.2万``, ``三千``): run over running
text it rewrites words (``六里桥`` → ``6里桥``). :mod:`unionnlp.counts` finds
the numerals; this module only converts them.

What the wrapper adds around cn2an:

* full-width digits and traditional numeral characters are folded
  (``１２`` → ``12``, ``萬`` → ``万``, ``兩`` → ``两``);
* thousands separators are dropped (``1,200``);
* a bare leading magnitude gets its implicit ``一`` (``百`` → ``一百``,
  ``千余`` → ``一千`` once the marker is stripped by the caller);
* Arabic digits with trailing magnitudes (``35.6万``, ``1.5万亿``,
  ``10898.6亿``) are computed exactly with :class:`decimal.Decimal`
  (cn2an rejects the stacked ``万亿``);
* the result is an ``int`` when integral, else a ``float``.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import cn2an

__all__ = ["parse_numeral", "fold_numeral", "MAGNITUDES", "CHINESE_DIGITS"]

#: Multipliers of the magnitude characters.
MAGNITUDES: dict[str, int] = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
#: Characters of a Chinese numeral (simplified, after folding).
CHINESE_DIGITS = "零〇一二三四五六七八九十百千万亿两"

_FOLD = str.maketrans({
    **{chr(0xFF10 + i): str(i) for i in range(10)},
    "．": ".", "，": ",", "萬": "万", "億": "亿", "兩": "两", "壹": "一", "貳": "二", "贰": "二",
    "叁": "三", "參": "三", "肆": "四", "伍": "五", "陸": "六", "陆": "六", "柒": "七", "捌": "八",
    "玖": "九", "拾": "十", "佰": "百", "仟": "千", "○": "〇",
})

_ARABIC_MAG = re.compile(r"(\d+(?:\.\d+)?)([十百千万亿]*)")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?:\D|$))")


def fold_numeral(s: str) -> str:
    """Fold full-width digits, traditional/financial numeral characters and
    thousands separators: ``'１,２００萬'`` → ``'1200万'``."""
    return _THOUSANDS.sub("", s.translate(_FOLD))


def _as_number(d: Decimal) -> int | float:
    if d == d.to_integral_value():
        return int(d)
    return float(d)


@lru_cache(maxsize=4096)
def parse_numeral(s: str) -> int | float | None:
    """The value of one isolated numeral, or ``None`` if it is not one.

    >>> parse_numeral("130"), parse_numeral("十二"), parse_numeral("两")
    (130, 12, 2)
    >>> parse_numeral("1.2万"), parse_numeral("35.6万"), parse_numeral("1.5万亿")
    (12000, 356000, 1500000000000)
    >>> parse_numeral("百"), parse_numeral("三千"), parse_numeral("34.1")
    (100, 3000, 34.1)
    """
    if not s:
        return None
    s = fold_numeral(s.strip())
    if not s:
        return None
    m = _ARABIC_MAG.fullmatch(s)
    if m:  # Arabic digits with optional magnitudes: exact decimal arithmetic
        try:
            v = Decimal(m.group(1))
        except InvalidOperation:  # pragma: no cover - the regex rules it out
            return None
        for ch in m.group(2):
            v *= MAGNITUDES[ch]
        return _as_number(v)
    if s[0] in "十百千万亿":
        s = "一" + s
    mode = "normal" if all(c in CHINESE_DIGITS or c == "点" for c in s) else "smart"
    try:
        v = cn2an.cn2an(s, mode)
    except (ValueError, KeyError, IndexError, TypeError):
        # stacked magnitudes cn2an rejects (``三万亿``): peel them off
        k = len(s)
        while k > 0 and s[k - 1] in "万亿":
            k -= 1
        if 0 < k < len(s):
            base = parse_numeral(s[:k])
            if base is None:
                return None
            d = Decimal(str(base))
            for ch in s[k:]:
                d *= MAGNITUDES[ch]
            return _as_number(d)
        return None
    try:
        return _as_number(Decimal(str(v)))
    except InvalidOperation:  # pragma: no cover
        return None

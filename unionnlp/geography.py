"""China's administrative divisions, from data: province → prefecture → county → township.

The data come from the ``jionlp`` package (``jionlp/dictionary/china_location.zip``,
Apache-2.0; snapshot of the Ministry of Civil Affairs / NBS division codes as
shipped in jionlp 1.5.31, file dated 2025-11).  We read that file straight
from the installed package (``jionlp`` itself is never imported: its import is
slow and chatty), keep only the four administrative tiers (villages and
communities are skipped) and build the index once, lazily, on first use
(about 0.3 s).

Tiers and the scheme's ``level``:

=============  ==========================================  ==============
tier           what                                        level
=============  ==========================================  ==============
``province``   省, 自治区, 北京/天津/上海/重庆, 特别行政区     ``provincial``
``prefecture`` 地级市, 自治州, 盟, 地区                       ``municipal``
``county``     市辖区, 县, 县级市, 旗, 自治县                  ``district``
``township``   街道, 镇, 乡, 地区 (Beijing's 朝阳区金盏地区 …)  ``township``
=============  ==========================================  ==============

The municipalities' duplicate city row and the ``省直辖/市直辖行政区划``
placeholders of the source are collapsed, so 仙桃市 sits directly under 湖北省
and 东莞市's towns directly under 东莞市.

>>> r = best("丰台区")
>>> r.name, r.tier, r.level, r.parent.name
('丰台区', 'county', 'district', '北京市')
"""
from __future__ import annotations

import importlib.util
import re
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

__all__ = [
    "Region", "TIERS", "TIER_LEVEL", "DATA_SOURCE",
    "lookup", "best", "is_region", "find_regions", "region_names", "load",
]

TIERS: tuple[str, ...] = ("province", "prefecture", "county", "township")
TIER_LEVEL: dict[str, str] = {
    "province": "provincial", "prefecture": "municipal",
    "county": "district", "township": "township",
}
DATA_SOURCE = "jionlp 1.5.31 dictionary/china_location.zip (division snapshot dated 2025-11)"

#: suffixes a township's full name ends with (for finding townships in text).
TOWNSHIP_SUFFIXES: tuple[str, ...] = ("街道", "镇", "乡", "地区", "苏木", "民族乡", "办事处")
_PLACEHOLDER = re.compile(r"^(省|市|自治区)直辖")


@dataclass(frozen=True, slots=True, eq=False)
class Region:
    """One administrative division.  Identity equality; ``parent`` is the
    containing region one tier up (``None`` for provinces)."""

    name: str
    short: str
    tier: str
    code: str | None
    parent: "Region | None"

    @property
    def level(self) -> str:
        """The scheme's ``level`` for a body serving this region."""
        return TIER_LEVEL[self.tier]

    @property
    def province(self) -> "Region":
        r = self
        while r.parent is not None:
            r = r.parent
        return r

    def ancestors(self) -> list["Region"]:
        """Containing regions, nearest first."""
        out, r = [], self.parent
        while r is not None:
            out.append(r)
            r = r.parent
        return out

    def path(self) -> str:
        """Full path from the province, e.g. ``北京市丰台区右安门街道``."""
        return "".join(r.name for r in reversed([self, *self.ancestors()]))

    def within(self, other: "Region") -> bool:
        """True if ``other`` is this region or contains it."""
        r: Region | None = self
        while r is not None:
            if r is other:
                return True
            r = r.parent
        return False

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Region({self.path()!r}, {self.tier})"


class _Index:
    """All regions and the name → regions map."""

    def __init__(self, regions: list[Region]) -> None:
        self.regions = regions
        self.by_name: dict[str, list[Region]] = {}
        for r in regions:
            self.by_name.setdefault(r.name, []).append(r)
            if r.tier != "township" and len(r.short) >= 2 and r.short != r.name:
                self.by_name.setdefault(r.short, []).append(r)
            for full, abbr in (("自治县", "县"), ("自治旗", "旗"), ("自治州", "州")):
                if r.name.endswith(full) and len(r.short) >= 2:  # 民和回族土族自治县 → 民和县
                    self.by_name.setdefault(r.short + abbr, []).append(r)
        for lst in self.by_name.values():
            lst.sort(key=_rank)
        # names used to find region mentions in running text: full names of
        # every tier, plus short names of provinces and prefectures
        # (北京, 河北, 石家庄); county short names (朝阳, 和平) are too often words.
        names = {r.name for r in regions if len(r.name) >= 2}
        names |= {r.short for r in regions
                  if r.tier in ("province", "prefecture") and len(r.short) >= 2}
        self.text_names = frozenset(names - _WORDLIKE)
        self.full_names = frozenset(n for n in self.text_names
                                    if any(r.tier != "township" and n == r.name
                                           for r in self.by_name[n]))
        self.short_names = frozenset(n for n in self.text_names - self.full_names
                                     if any(r.tier in ("province", "prefecture")
                                            for r in self.by_name.get(n, ())))
        self.max_len = max(map(len, self.by_name))
        self._pattern: re.Pattern[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        """Regex (a trie) matching short names of provinces and prefectures
        (北京, 河北, 石家庄); full names are found from their suffix."""
        if self._pattern is None:
            self._pattern = re.compile(_trie_regex(self.short_names))
        return self._pattern


#: division names that are also ordinary words: never found in running text
_WORDLIKE = frozenset({"城区", "矿区", "郊区", "新区", "市中区", "市辖区", "开发区", "高新区",
                       "经济开发区", "工业区", "示范区", "林区", "街道"})


def _rank(r: Region) -> tuple[int, str]:
    """Default preference among same-named regions: higher tier, then lower code."""
    return (TIERS.index(r.tier), r.code or "~")


def _trie_regex(words: Iterable[str]) -> str:
    from .lexicon import trie_regex

    return trie_regex(words)


def _data_path() -> Path:
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("unionnlp.geography needs the 'jionlp' package (pip install jionlp)")
    p = Path(next(iter(spec.submodule_search_locations))) / "dictionary" / "china_location.zip"
    if not p.exists():
        raise FileNotFoundError(f"jionlp is installed but {p} is missing")
    return p


#: a line that is not a village or community (those are indented four tabs)
_NOT_VILLAGE = re.compile(r"^(?!\t\t\t\t)[^\n]+", re.M)


def _parse(text: str) -> list[Region]:
    regions: list[Region] = []
    prov: Region | None = None
    city: Region | None = None
    county: Region | None = None
    for line in _NOT_VILLAGE.findall(text):  # 46k of 700k lines: skip villages in C
        if not line.strip():
            continue
        depth = len(line) - len(line.lstrip("\t"))
        parts = line.strip().split("\t")
        name = parts[0]
        code = parts[1] if len(parts) > 1 else None
        short = parts[2].split("/")[0] if len(parts) > 2 else name
        if depth == 0:
            prov = Region(name, short, "province", code, None)
            regions.append(prov)
            city = county = None
        elif depth == 1:
            if prov is None:
                continue
            if name == prov.name or _PLACEHOLDER.match(name):
                city = None  # municipality's own row / 省直辖 placeholder
            else:
                city = Region(name, short, "prefecture", code, prov)
                regions.append(city)
            county = None
        elif depth == 2:
            up = city or prov
            if up is None:
                continue
            if _PLACEHOLDER.match(name):
                county = None  # 东莞市/中山市: towns directly under the city
            else:
                county = Region(name, short, "county", code, up)
                regions.append(county)
        elif depth == 3:
            up = county or city or prov
            if up is None:
                continue
            regions.append(Region(name, _township_short(name), "township", None, up))
    return regions


def _township_short(name: str) -> str:
    for suf in TOWNSHIP_SUFFIXES:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return name


_lock = threading.Lock()
_index: _Index | None = None


def load() -> _Index:
    """The region index (built on first call, then cached for the process)."""
    global _index
    if _index is None:
        with _lock:
            if _index is None:
                with zipfile.ZipFile(_data_path()) as z:
                    member = next(n for n in z.namelist() if n.endswith(".txt"))
                    text = z.read(member).decode("utf-8")
                _index = _Index(_parse(text))
    return _index


def lookup(name: str) -> tuple[Region, ...]:
    """All regions called ``name`` (full name, or short name of a province,
    prefecture or county), preferred first."""
    return tuple(load().by_name.get(name, ()))


def is_region(name: str) -> bool:
    return name in load().by_name


def region_names() -> frozenset[str]:
    """Every name :func:`lookup` knows (full and short)."""
    return frozenset(load().by_name)


def best(name: str, context: Sequence[Region] = ()) -> Region | None:
    """The region ``name`` most likely means, given regions already known
    from the story (``context``, most important first).

    A candidate inside a context region (or containing one) wins, the earlier
    the context region the better; otherwise the default preference (higher
    tier, then lower division code: 朝阳区 → Beijing's, not Changchun's).
    """
    cands = load().by_name.get(name)
    if not cands:
        return None
    if len(cands) == 1 or not context:
        return cands[0]
    best_r, best_score = cands[0], (len(context) + 1, 0)
    for r in cands:
        for i, c in enumerate(context):
            if r is c:
                score = (i, 0)
            elif r.within(c):
                score = (i, 1)
            elif c.within(r):
                score = (i, 2)
            else:
                continue
            if score < best_score:
                best_r, best_score = r, score
            break
    return best_r


_TOWNSHIP_SUFFIX_RE = re.compile(r"街道|镇|乡|地区|苏木")
_SUFFIX_RE = re.compile(r"[省市区县旗州盟]")


def find_regions(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Region names mentioned in ``text[start:end]``: ``(start, end, name)``,
    absolute offsets, non-overlapping, leftmost-longest.  Township names are
    found only in their full form (``右安门街道``)."""
    idx = load()
    end = len(text) if end is None else end
    out: list[tuple[int, int, str]] = []
    for m in idx.pattern.finditer(text, start, end):
        if m.end() > m.start():
            out.append((m.start(), m.end(), m.group()))
    # full names: a tier suffix whose preceding characters complete a known name
    full = idx.full_names
    for m in _SUFFIX_RE.finditer(text, start, end):
        e = m.end()
        for k in range(max(start, e - 12), e - 1):
            if text[k:e] in full:
                out.append((k, e, text[k:e]))
                break
    # townships: a suffix whose preceding characters complete a known township name
    by_name = idx.by_name
    for m in _TOWNSHIP_SUFFIX_RE.finditer(text, start, end):
        e = m.end()
        for k in range(max(start, m.start() - 8), m.start()):
            cand = text[k:e]
            if len(cand) >= 3 and any(r.tier == "township" for r in by_name.get(cand, ())):
                out.append((k, e, cand))
                break
    out.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    flat: list[tuple[int, int, str]] = []
    last = -1
    for t in out:
        if t[0] >= last:
            flat.append(t)
            last = t[1]
    return flat

"""Resolution of ORG spans per story: canonical name, level, kind, union parent (issue #4).

Runs after :func:`unionnlp.merge.merge`.  For each story it first builds a
*context*: the regions the story mentions (headline first, then by frequency
and first mention), resolved against :mod:`unionnlp.geography` with
ambiguous names (朝阳区: Beijing or Changchun) decided by the unambiguous ones;
a township implies its county and city.  Then every ORG span is completed:

* ``canonical``: simplified characters, inner quotation marks dropped, only
  the nearest region that identifies the body (``北京市丰台区总工会`` →
  ``丰台区总工会``), an implicit region filled from the story (``区总工会`` →
  ``丰台区总工会``, ``市总`` → ``北京市总工会``), standard names of national
  bodies (``全总`` → ``中华全国总工会``);
* ``level``: the tier of the region served (北京/天津/上海/重庆 provincial),
  ``unit`` for an enterprise's or school's union, ``sector`` for 产业/系统 unions;
* ``parent`` (unions): the 总工会 one tier up by geography, ``None`` where
  neither the name nor the story places the body.

Internal attributes (``_parts``, ``_head``) set by :mod:`unionnlp.orgs` are
consumed and removed here.
"""
from __future__ import annotations

import bisect

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from . import geography
from .geography import Region
from .lexicon import load_lines, load_table
from .spans import Span, Story

__all__ = ["resolve", "story_regions", "NATIONAL_UNION"]

NATIONAL_UNION = "中华全国总工会"
_QUOTES = re.compile(r"[“”‘’「」『』\"']")
_MUNICIPALITIES = frozenset({"北京市", "天津市", "上海市", "重庆市"})
_NO_ACFTU_PARENT = frozenset({"香港特别行政区", "澳门特别行政区", "台湾省"})
_UNION_TIER_HEADS = ("总工会", "工会联合会", "工会工作委员会", "工会联合总会", "工会", "总")
_NATIONAL_PREFIX = ("全国", "中华全国", "中国", "国家", "中央", "中共中央")
#: tier abbreviation → which context regions it can stand for
_TIER_MATCH: dict[str, tuple[str, ...]] = {
    "省": ("province",), "市": ("prefecture", "municipality"), "州": ("prefecture",),
    "盟": ("prefecture",), "区": ("county",), "县": ("county",), "旗": ("county",),
    "镇": ("township",), "乡": ("township",), "街道": ("township",), "地区": ("township",),
    "自治区": ("province",), "自治州": ("prefecture",),
}
TIERS_ORDER = {"province": 1, "prefecture": 2, "county": 3, "township": 4, "community": 5}
_TIER_LEVEL = {"province": "provincial", "prefecture": "municipal", "county": "district",
               "township": "township", "community": "community"}
_TIER_OF_CHAR = {"省": "province", "市": "prefecture", "州": "prefecture", "盟": "prefecture",
                 "区": "county", "县": "county", "旗": "county", "镇": "township", "乡": "township",
                 "街道": "township", "地区": "township", "社区": "community", "村": "community",
                 "自治区": "province", "自治州": "prefecture", "乡镇": "township", "镇街": "township"}


@dataclass(slots=True)
class _Place:
    """A region the story names: a geography :class:`Region`, or a name only
    the text gives (``怀柔镇`` when the data lack it) with its tier."""

    name: str
    tier: str
    region: Region | None = None
    up: "_Place | None" = None  # containing place when known from the story

    @property
    def level(self) -> str:
        return _TIER_LEVEL[self.tier]


@lru_cache(maxsize=1)
def _t2s():
    try:
        import opencc

        return opencc.OpenCC("t2s")
    except Exception:  # pragma: no cover
        return None


def _simplify(s: str) -> str:
    cc = _t2s()
    return cc.convert(s) if cc else s


@lru_cache(maxsize=1)
def _known() -> dict[str, dict[str, str]]:
    return {r["surface"]: r for r in load_table("org_known.tsv")}


@lru_cache(maxsize=1)
def _sectors() -> frozenset[str]:
    return frozenset(load_lines("org_sectors.txt"))


def _suffix_ok(r: Region, char: str) -> bool:
    if char == "市":
        return r.tier in ("prefecture", "county") and r.name.endswith("市") or r.name in _MUNICIPALITIES
    if char == "省":
        return r.tier == "province" and r.name.endswith("省")
    tiers = _TIER_MATCH.get(char, ())
    return r.tier in tiers and r.name.endswith(char)


# --------------------------------------------------------------------------- context
def story_regions(story: Story) -> list[Region]:
    """Regions the story names, most important first (cached in ``story.context``)."""
    if "regions" in story.context:
        return story.context["regions"]
    text = _simplify(story.text[story.start:story.end])
    base = story.start
    found = geography.find_regions(text)
    head = story.headline
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    in_head: set[str] = set()
    for s, e, name in found:
        counts[name] += 1
        first.setdefault(name, s)
        if head and head[0] <= base + s < head[1]:
            in_head.add(name)
    # headline first, then names written in full (丰台区) before short ones (朝阳 may be a word)
    full = {n for n in counts if any(r.name == n for r in geography.lookup(n))}
    order = sorted(counts, key=lambda n: (n not in in_head, n not in full, -counts[n], first[n]))
    resolved: list[Region] = []
    # unambiguous names first: they decide the ambiguous ones
    for n in order:
        c = geography.lookup(n)
        if len(c) == 1:
            resolved.append(c[0])
    for n in order:
        c = geography.lookup(n)
        if len(c) > 1:
            ctx = resolved
            if not story.context.get("page") and not any(r.within(x) or x.within(r) for r in c for x in resolved):
                # the story alone does not decide (城中区 of 西宁 or of 柳州): the rest of the page may
                ctx = resolved + list(_page_regions(story.text))
            r = geography.best(n, ctx)
            if r is not None:
                resolved.append(r)
    rank = {n: i for i, n in enumerate(order)}
    resolved.sort(key=lambda r: min(rank.get(r.name, 99), rank.get(r.short, 99)))
    # implied containing regions, after the named ones
    out: list[Region] = []
    seen: set[int] = set()
    for r in resolved + [a for r in resolved for a in r.ancestors()]:
        if id(r) not in seen:
            seen.add(id(r))
            out.append(r)
    story.context["regions"] = out
    return out


def _community_places(story: Story) -> list[_Place]:
    """Communities and villages the story names as places (``平安里社区``), found by
    extending left from each 社区/村 like an ORG name."""
    if "communities" in story.context:
        return story.context["communities"]
    from . import orgs

    R = orgs.resources()
    out: list[_Place] = []
    text = story.text
    head = orgs._Head("社区", "social", False, ())
    for m in re.finditer("社区|村", text[story.start:story.end]):
        hs = story.start + m.start()
        res = orgs._extend_left(R, text, story.start, hs, head)
        if not res:
            continue
        s, parts = res
        parts = [p for p in parts if p[0] in ("name", "region", "quote")]
        if parts and parts[-1][2] == hs and hs - parts[0][1] >= 2 and orgs._anchored(R, text, parts):
            name = _QUOTES.sub("", _simplify(text[parts[-1][1] if parts[-1][0] == "name" and
                                                  len(parts) > 1 and parts[-2][0] == "region" else parts[0][1]:
                                                  hs + len(m.group())]))
            if not any(p.name == name for p in out):
                out.append(_Place(name, "community"))
    story.context["communities"] = out
    return out


_BELONGS = re.compile(r"(?:隶属于?|归属于?|挂靠(?:在|于)?)$")
_SENTENCE_END = re.compile(r"[。！？!?\n]")


def _stated_parents(story: Story, spans: list[Span]) -> None:
    """``公司工会隶属城西镇总工会``: the text states the parent."""
    unions = sorted((sp for sp in spans if sp.attrs.get("kind") == "union"), key=lambda sp: sp.start)
    for i, b in enumerate(unions):
        if not _BELONGS.search(story.text, max(story.start, b.start - 4), b.start):
            continue
        for a in reversed(unions[:i]):
            if _SENTENCE_END.search(story.text, a.end, b.start):
                break
            if a.attrs.get("level") not in ("national", None) and not a.attrs.get("parent"):
                a.attrs["parent"] = b.attrs.get("canonical")
            break
    # every mention of the same body has the same parent
    stated = {sp.attrs.get("canonical"): sp.attrs["parent"] for sp in unions
              if sp.attrs.get("parent") and sp.attrs.get("level") == "unit"}
    for sp in unions:
        if not sp.attrs.get("parent") and sp.attrs.get("canonical") in stated:
            sp.attrs["parent"] = stated[sp.attrs["canonical"]]


def _unit_parents(story: Story, spans: list[Span]) -> None:
    """A sub-unit's union → its enterprise's union (电控分公司工会 → 某某集团有限公司工会委员会).

    An enterprise's own union keeps parent ``None``: guessing the most local 总工会 the story
    names raised parent accuracy but lowered parent-edge F1 on the training data."""
    units = [u for _, u in story.context.get("unit_unions", ())]
    if not units:
        return
    for sp in spans:
        a = sp.attrs
        if a.get("kind") != "union" or a.get("level") != "unit" or a.get("parent"):
            continue
        if (a.get("canonical") or "").endswith(_ORGANS):
            continue  # an organ of the union (女职工委员会) has no parent
        can = a.get("canonical") or ""
        a["parent"] = next((u for u in units if u != can and can.startswith(_UNION_TAIL.sub("", u))
                            and len(can) > len(u) - 2), None)


@lru_cache(maxsize=4)
def _page_regions(text: str) -> tuple[Region, ...]:
    """Regions named anywhere in a page's working text (fallback context)."""
    page = Story(text, 0, len(text))
    page.context["page"] = True
    return tuple(story_regions(page))


def use_page_context(story: Story) -> None:
    """Resolve a page line outside every story (a source statement) against the
    regions the whole page names: ``来源：龙华区总工会`` on a page about 海口."""
    story.context["regions"] = list(_page_regions(story.text))


def _chain_place(story: Story, pos: int, char: str) -> _Place | None:
    """A bare tier (``市总工会``) in the same title chain as a body of a named place of that
    tier (``绥芬河市委常委、统战部部长兼市总工会主席``): that place, the nearest before it."""
    named = story.context.get("named_places")
    if not named:
        return None
    cache = story.context.get("_named_sorted")
    if cache is None or cache[0] != len(named):  # sorted by end, rebuilt when the list grew
        srt = sorted(named, key=lambda x: x[1])
        cache = story.context["_named_sorted"] = (len(named), [x[1] for x in srt], srt)
    _, ends, srt = cache
    i = bisect.bisect_right(ends, pos)
    while i > 0 and pos - ends[i - 1] <= 24:
        i -= 1
        s, e, place = srt[i]
        if place.name.endswith(char) and place.region is not None and not _SENTENCE_END.search(story.text, e, pos):
            return place
    return None


def _implicit(story: Story, char: str, within: _Place | None) -> _Place | None:
    """The story's region a bare tier character (``区``, ``市``) stands for."""
    for p in story.context.get("text_places", ()):  # places the story's ORGs named
        if p.name.endswith(char) and p.tier == _TIER_OF_CHAR.get(char) and (within is None or p.up is None or p.up is within):
            return p
    for r in story_regions(story):
        if _suffix_ok(r, char) and (within is None or within.region is None or r.within(within.region)):
            return _Place(r.name, r.tier, r)
    if within is None and char in _TIER_MATCH:
        # the story names no such region: fall back on the whole page (multi-story pages)
        for r in _page_regions(story.text):
            if _suffix_ok(r, char):
                return _Place(r.name, r.tier, r)
    if char in ("社区", "村"):
        for p in _community_places(story):
            if p.name.endswith(char):
                return p
    if char == "区" and within is None:  # 区总工会 in a story about an autonomous region
        for r in story_regions(story):
            if r.tier == "province" and r.name.endswith("自治区"):
                return _Place(r.name, r.tier, r)
    return None


def _place_of(r: Region) -> _Place:
    return _Place(r.name, r.tier, r)


# --------------------------------------------------------------------------- per span
def _parts_of(story: Story, sp: Span) -> list[tuple[str, int, int]]:
    parts = sp.attrs.get("_parts")
    if parts is not None:
        # another layer may have trimmed the span (a title split off): keep what is inside
        return [p for p in parts if p[1] >= sp.start and p[2] <= sp.end or p[0] == "shared_head"]
    # a span from another layer: detect inside it
    from . import orgs

    for c in orgs.detect(story.text, sp.start, sp.end):
        if c.start == sp.start and c.end == sp.end:
            sp.attrs.setdefault("kind", c.kind)
            sp.attrs.setdefault("_head", c.head)
            if c.canonical:
                sp.attrs.setdefault("canonical", c.canonical)
            if c.level:
                sp.attrs.setdefault("level", c.level)
            return c.parts
    return [("name", sp.start, sp.end)]


def _resolve_span(story: Story, sp: Span, text: str) -> bool:
    """Fill canonical/level/parent of one ORG span.  ``text`` is the story's
    simplified working text (absolute offsets).  Returns False when the span
    is no ORG after all (a bare ``社区工会`` in a story naming no community)."""
    a = sp.attrs
    parts = _parts_of(story, sp)
    head = a.get("_head") or ""
    kind = a.get("kind")
    known = _known()
    if parts and parts[0][0] == "bare_union":  # 兼工会主席: the story's enterprise union
        unit = _story_unit(story, sp.start, "公司") or _story_unit(story, sp.start, "集团")
        if not unit:
            return False
        exact = [u for _, u in story.context.get("unit_unions", ()) if _UNION_TAIL.sub("", u) == unit]
        a.update(canonical=exact[-1] if exact else unit + "工会", level="unit", parent=None)
        a.pop("_parts", None)
        a.pop("_head", None)
        return True
    if _foreign(text[sp.start:sp.end]) or (parts and parts[0][0] == "foreign"):
        # 美国海军, 英国护士工会, 纽约曼哈顿地区法院: outside the Chinese system
        a.update(canonical=_QUOTES.sub("", _simplify(text[sp.start:sp.end])), parent=None,
                 level=_foreign_level(text[sp.start:sp.end], kind))
        a.pop("_parts", None)
        a.pop("_head", None)
        return True
    if kind == "union" and parts and text[parts[0][1]:parts[-1][2]] in _ORGAN_NAMES:
        body = [c for s_, c in story.context.get("union_bodies", ()) if s_ < sp.start]
        if body:  # 经费审查委员会 → 鞍山市总工会经费审查委员会
            a.update(canonical=body[-1][0] + text[parts[0][1]:parts[-1][2]], level=body[-1][1], parent=None)
            a.pop("_parts", None)
            a.pop("_head", None)
            return True
    # ---- the leading run of region / tier parts
    lead: list[tuple[str, int, int]] = []
    i = 0
    while i < len(parts) and parts[i][0] in ("region", "tier"):
        lead.append(parts[i])
        i += 1
    # name + tier (怀柔 + 镇) not in the data: a textual place
    text_place: _Place | None = None
    if not lead and i < len(parts) - 1 and parts[0][0] == "name":
        j = 0
        while j < len(parts) and parts[j][0] == "name":
            j += 1
        if j < len(parts) and parts[j][0] == "tier" and text[parts[j][1]:parts[j][2]] in _TIER_OF_CHAR:
            nm = text[parts[0][1]:parts[j][2]]
            text_place = _Place(nm, _TIER_OF_CHAR[text[parts[j][1]:parts[j][2]]])
            lead = parts[: j + 1]
            i = j + 1
    place: _Place | None = None
    implicit = False
    ctx: list[Region] = list(story_regions(story))
    # the rest of the page as a last resort (宝山镇 in a story of a page about 怀柔区)
    ctx += [r for r in _page_regions(story.text) if all(r is not c for c in ctx)]
    for k, s, e in lead:
        seg = text[s:e]
        if k == "region":
            r = geography.best(seg, ([place.region] if place and place.region else []) + ctx)
            if r is not None:
                outer = place
                place = _place_of(r)
                if (outer is not None and outer.region is not None and outer.tier == "county"
                        and r.tier == "township" and not r.within(outer.region)):
                    place.up = outer  # the text places the township (锦江区玉林街道), not the data
        elif text_place is None and place is not None and place.region is not None \
                and text[s - 1:s] and k == "tier" and seg in _TIER_OF_CHAR \
                and TIERS_ORDER.get(_TIER_OF_CHAR[seg], 0) > TIERS_ORDER.get(place.tier, 0):
            # region + tier character not in the data (怀柔 + 镇): a place the text names
            prev = lead[lead.index((k, s, e)) - 1]
            up = place if place.region.tier != "county" or _TIER_OF_CHAR[seg] != "county" else None
            place = _Place(text[prev[1]:e], _TIER_OF_CHAR[seg], None, up)
            story.context.setdefault("text_places", []).append(place)
        elif text_place is None:  # a bare tier character
            p = _chain_place(story, sp.start, seg) if place is None else None
            p = p or _implicit(story, seg, place)
            if p is not None:
                place = p
                implicit = True
            elif place is None or not _suffix_ok_place(place, seg):
                place = None  # the region stays implicit (区总工会 in a story naming no district)
                implicit = True
    if place is None and not lead and text[sp.start:sp.end] == "总工会":
        near = _nearby_place(story, sp.start, text)
        if near is not None:  # 玉林街道党工委委员、总工会主席: the street's union
            place = near
            implicit = True
    if (implicit and place is None and len(lead) == 1 and a.get("_parts")
            and text[lead[0][1]:lead[0][2]] in _WEAK_TIERS and sp.source == "rules"
            and text[sp.start - 1:sp.start] not in ("该", "本", "此", "这")):
        return False  # 社区工会, 街道工会 with no community/street in the story: generic
    if text_place is not None:
        up = None
        for r in ctx:
            if r.tier == "county":
                up = _place_of(r)
                break
        text_place.up = up
        place = text_place
        story.context.setdefault("text_places", []).append(text_place)
    # ---- canonical
    rest_parts = parts[len(lead):]
    rest = _canon_rest(text, rest_parts, known)
    surface = text[sp.start:sp.end]
    if "canonical" in a and a.get("_parts") and a["_parts"][0][0] == "known" and len(a["_parts"]) == 1:
        canonical = a["canonical"]
    elif lead and implicit and place is not None and (place.name, rest) in story.context.get("explicit", {}):
        canonical = story.context["explicit"][(place.name, rest)]  # 区总工会 → 海口市龙华区总工会
    elif lead:
        if lead[-1][0] == "region":
            # from the nearest full region name on (北京市丰台区 → 丰台区); short names
            # are part of the name as written (杭州钱塘汽车…, 北京边检总站)
            first = 0
            for j, (k, s_, e_) in enumerate(lead):
                if k == "region" and any(r.name == text[s_:e_] for r in geography.lookup(text[s_:e_])):
                    first = j
            written = text[lead[first][1]:lead[-1][2]]
            if place is not None and place.region is not None and first == len(lead) - 1 \
                    and kind in ("union", "party", "government", "legislature") \
                    and written.endswith(("州", "县", "旗")) \
                    and place.region.name.endswith(("自治州", "自治县", "自治旗")) and written != place.region.name:
                written = place.region.name  # 湘西州 → 湘西土家族苗族自治州
            canonical = written + rest
        elif place is not None:
            canonical = place.name + rest
        else:
            canonical = "".join(text[s:e] for _, s, e in lead[-1:]) + rest
    elif place is not None:
        canonical = place.name + rest
    else:
        canonical = rest
    if head == "总" and not canonical.endswith("总工会"):
        canonical = canonical[:-1] + "总工会" if canonical.endswith("总") else canonical + "总工会"
    if any(p[0] == "shared_head" for p in parts):
        sh = next(p for p in parts if p[0] == "shared_head")
        canonical = (place.name if place else text[lead[0][1]:lead[0][2]]) + text[sh[1]:sh[2]]
    canonical = _QUOTES.sub("", _simplify(canonical)) or _QUOTES.sub("", _simplify(surface))
    if (kind == "union" and place is not None and place.tier == "township" and rest == "工会"
            and canonical == place.name + "工会"):
        canonical = place.name + "总工会"  # 街道工会, 宝山镇工会: the township's federation
    if kind in ("enterprise", "union") and not lead:
        full = _full_unit_name(story, canonical)
        if full:
            canonical = full
    gm = _GENERIC_UNIT.match(canonical)
    if gm and not lead and canonical[gm.end(1):] == "工会":
        unit = _story_unit(story, sp.start, gm.group(1)) or "\0"
        for _, u in reversed(story.context.get("unit_unions", ())):
            if _UNION_TAIL.sub("", u) == unit:
                canonical = u  # 公司工会 → 某某有限公司工会委员会, as the story named it
                gm = None
                break
    if gm and not lead:
        unit = _story_unit(story, sp.start, gm.group(1))
        if unit:
            canonical = unit + canonical[gm.end(1):]  # 公司工会 → 某某有限公司工会
    if not lead and gm is None and kind in ("union", "enterprise", "institution"):
        canonical = _within_story_unit(story, sp.start, canonical, rest_parts, text)
    if kind == "union" and level_hint_sector(canonical):
        canonical = canonical.replace("直机关工会", "直属机关工会")
    if not lead and canonical in _PARTY_DEPTS:
        a["_dept"] = True  # completed once the story's party committee is known
    a["canonical"] = canonical
    # ---- level
    level = a.get("level")
    middle = "".join(text[s:e] for k, s, e in rest_parts if k in ("name", "quote"))
    zone_under = (kind == "union" and head in ("总工会", "工会工作委员会") and place is not None
                  and place.tier in _TIER_BELOW and bool(_ZONE.search(middle))
                  and not _ZONE.search(place.name))
    inner_known = next((known[text[s:e]] for k, s, e in parts
                        if k in ("known", "name") and text[s:e] in known), None)
    if kind == "union":
        if canonical == NATIONAL_UNION or (inner_known and inner_known.get("level") == "national"
                                           and inner_known["kind"] == "union"):
            level = "national"
        elif middle and _is_sector(middle) and head in ("工会", "工会委员会", "工会联合会"):
            level = "sector"
        elif (head == "工会联合会" and middle and _FEDERATION_OF_PLACE.search(middle)):
            # 楼宇/园区/商户 federations: one tier below the place's union (street → community)
            level = "community" if place is None or place.tier == "township" else "township"
        elif middle and head in ("工会", "工会委员会", "工会联合会") and (
                _COMMUNITY_NAME.search(middle) or (len(parts) >= 2 and parts[-2][0] == "tier" and _TIER_OF_CHAR.get(
                    text[parts[-2][1]:parts[-2][2]]) == "community")):
            level = "community"  # 满城北街社区工会联合会, 扎西岗村工会联合会
        elif middle and head in ("工会", "工会委员会", "工会联合会") and not _is_national_name(middle):
            level = "unit" if not (middle in _sectors()) else "sector"
        elif middle and head == "工会" and _is_national_name(middle):
            level = "national"
        elif zone_under:
            level = _TIER_LEVEL[_TIER_BELOW[place.tier]]  # 昆山开发区总工会: below 昆山市总工会
        elif head == "工会工作委员会" and (place is None or re.search(r"开发区|园区|工业区|新区|高新区", canonical)):
            # a zone's committee sits one tier below the union it belongs to: a zone that is
            # itself county-level in the data (天津经济技术开发区) → district, else township
            level = "district" if place is not None and place.tier == "county" and place.region is not None \
                and re.search(r"开发区|园区|工业区|新区|高新区", place.name) else "township"
        elif (head in ("工会", "工会联合会") and len(parts) >= 2 and parts[-2][0] == "tier"
              and _TIER_OF_CHAR.get(text[parts[-2][1]:parts[-2][2]]) == "community"):
            level = "community"  # 满城北街社区工会联合会
        elif place is not None:
            level = place.level
        elif lead:
            level = _TIER_LEVEL.get(_TIER_OF_CHAR.get(text[lead[-1][1]:lead[-1][2]], ""), None)
        elif head == "工会委员会" or head == "工会":
            level = "unit"
        elif middle.endswith("国") or _is_national_name(middle):
            level = "national"
    elif kind in ("party", "government", "legislature"):
        if level is None:
            if place is not None and not _owned_by_unit(rest_parts, text):
                level = place.level
            elif lead:
                level = _TIER_LEVEL.get(_TIER_OF_CHAR.get(text[lead[-1][1]:lead[-1][2]], ""), None)
            elif inner_known and inner_known.get("level"):
                level = inner_known["level"]
            elif _is_national_name(surface) or middle.endswith("部") or (not lead and middle.endswith("国")):
                level = "national"
            elif _owned_by_unit(rest_parts, text):
                level = "unit"
    else:
        level = None
    if kind == "union" and canonical != NATIONAL_UNION and _INDUSTRY_UNION.match(canonical):
        level = "sector"  # 中国海员建设工会, its provincial committees, 中国轻纺城工会联合会
    a["level"] = level
    if (level == "community" and lead and lead[-1][0] == "region" and not implicit
            and any(r.tier == "township" for r in geography.lookup(text[lead[-1][1]:lead[-1][2]]))):
        street = text[lead[-1][1]:lead[-1][2]]
        if not canonical.startswith(street):
            canonical = a["canonical"] = street + canonical  # 二七街道东方社区工会联合会
    # ---- parent (unions only)
    parent = None
    if kind == "union" and level in ("community", "township") and head == "工会联合会" \
            and middle and _FEDERATION_OF_PLACE.search(middle) and place is not None:
        parent = place.name + "总工会"  # 西宾路街道商务楼宇工会联合会 → 西宾路街道总工会
    elif kind == "union" and level == "community":
        parent = story.context.get("township_union")
        if parent is None:
            for r in story_regions(story):
                if r.tier == "township":
                    parent = r.name + "总工会"
                    break
    elif kind == "union" and zone_under:
        parent = story.context.get("explicit", {}).get((place.name, "总工会"), place.name + "总工会")
    elif kind == "union" and head == "工会工作委员会" and place is None and _ZONE.search(canonical):
        # a zone the data do not know (花桥经济开发区): the story's county
        county = next((r for r in story_regions(story) if r.tier == "county"), None)
        parent = county.name + "总工会" if county is not None else None
    elif kind == "union" and level not in ("national", "unit", None) and not canonical.endswith(_ORGANS):
        if level == "sector":
            prov = _INDUSTRY_PROVINCE.search(canonical)
            if prov:  # 中国海员建设工会广东省委员会 → 广东省总工会
                parent = prov.group(1) + "总工会"
            elif place is not None:
                parent = place.name + "总工会"
            elif (_is_national_name(middle) or not lead) and not canonical.endswith("联合会"):
                parent = NATIONAL_UNION if _is_national_name(surface) else None
        elif place is not None:
            parent = _parent_union(place, story)
    a["parent"] = parent
    if lead and not implicit and place is not None:
        story.context.setdefault("explicit", {}).setdefault((place.name, rest), canonical)
        story.context.setdefault("named_places", []).append((sp.start, sp.end, place))
    if kind == "union" and level in ("national", "provincial", "municipal", "district", "township", "unit") \
            and not canonical.endswith(_ORGANS):
        story.context.setdefault("union_bodies", []).append((sp.start, (canonical, level)))
    if kind == "union" and level == "township" and place is not None and head in ("总工会", "工会联合会", "工会"):
        story.context.setdefault("township_union", canonical)
    if kind in ("enterprise", "institution") and not _GENERIC_UNIT.match(canonical):
        sub = next((p for p in parts if p[0] == "subunit"), None)
        if sub is not None and canonical.endswith(text[sub[1]:sub[2]]):
            # 某某有限公司抄纸车间: the enterprise itself is named too
            story.context.setdefault("units", []).append((sp.start, canonical[:len(canonical) - (sub[2] - sub[1])]))
        story.context.setdefault("units", []).append((sp.start, canonical))
    elif kind == "union" and level == "unit" and not _GENERIC_UNIT.match(canonical):
        base = re.sub(r"工会(委员会)?$", "", canonical)
        if base != canonical:
            story.context.setdefault("units", []).append((sp.start, base))
            story.context.setdefault("unit_unions", []).append((sp.start, canonical))
    if kind == "party" and head in ("委", "党委", "党工委") and place is not None:
        story.context.setdefault("party_committee", (canonical, level))
    elif kind == "party" and head == "委" and lead:
        story.context.setdefault("weak_committee", (canonical, level))  # 区委 of an unnamed district
    if place is not None and kind in ("party", "government", "union", "legislature", "cppcc"):
        story.context.setdefault("placed", []).append((sp.end, place))
    a.pop("_parts", None)
    a.pop("_head", None)
    return True


_ORGAN_NAMES = frozenset({"经费审查委员会", "女职工委员会", "经审委员会", "劳动法律监督委员会"})
_FEDERATION_OF_PLACE = re.compile(r"(楼宇|园区|商户|商圈|市场|网格|商务区)$")
_ORGANS = ("常委会", "部", "办公室", "委员会委员", "经费审查委员会", "女职工委员会", "服务中心")
_WEAK_TIERS = frozenset({"街道", "社区", "村", "乡镇", "镇街"})


@lru_cache(maxsize=1)
def _foreign_table() -> dict[str, str]:
    return {r["name"]: r["type"] for r in load_table("org_foreign.tsv")}


@lru_cache(maxsize=1)
def _foreign_names() -> tuple[str, ...]:
    return tuple(sorted(_foreign_table(), key=len, reverse=True))


def _foreign(surface: str) -> bool:
    """Does the name start with a foreign country or city (英国, 纽约)?"""
    return surface.startswith(_foreign_names())


_FOREIGN_NATIONAL = ("总工会", "工会联合会", "政府", "国会", "议会", "参议院", "众议院", "外交部", "国防部")


def _foreign_level(surface: str, kind: str | None) -> str | None:
    """A country's own national body (法国总工会, 美国政府) is ``national``; any other foreign
    body (英国护士工会, 纽约曼哈顿地区法院) has no level in the Chinese system."""
    if kind not in ("union", "party", "government", "legislature"):
        return None
    name = next((n for n in _foreign_names() if surface.startswith(n)), "")
    rest = surface[len(name):]
    if _foreign_table().get(name) == "country" and (
            rest in _FOREIGN_NATIONAL or (kind == "union" and rest.endswith(("联合会", "总会", "联盟")))):
        return "national"
    return None


_ZONE = re.compile(r"开发区|园区|工业区|高新区|新区|保税区|经济区|产业园|工业园")
_TIER_BELOW = {"province": "prefecture", "prefecture": "county", "county": "township"}


def _nearby_place(story: Story, pos: int, text: str) -> _Place | None:
    """The place of the body named just before ``pos`` in the same sentence (a chain
    of posts: ``玉林街道党工委委员、总工会主席``)."""
    for end, place in reversed(story.context.get("placed", ())):
        if end > pos:
            continue
        if pos - end > 24 or _SENTENCE_END.search(text, end, pos) or "，" in text[end:pos]:
            return None
        return place
    return None


def _ambiguous_county(name: str) -> bool:
    regs = [r for r in geography.lookup(name) if r.name == name]
    return len(regs) > 1 and regs[0].tier == "county"


def _is_sector(middle: str) -> bool:
    """Is this the industry part of a sector union's name (建设, 教育系统, 直属机关)?"""
    sec = _sectors()
    m = middle.removesuffix("系统")
    return (middle in sec or m in sec or middle.endswith(("系统", "行业", "产业", "制造业", "直机关", "直属机关"))
            or (len(middle) <= 6 and any(middle.startswith(x) and len(x) >= 2 for x in sec)
                and not re.search(r"公司|集团|学校|医院|大学|学院|厂|局", middle)))


def _suffix_ok_place(place: _Place, char: str) -> bool:
    return place.name.endswith(char)


_GENERIC_UNIT = re.compile(r"^(公司|集团|学校|医院|厂|分公司)(?=工会|党委|纪委|团委|党总支|党支部)")
_PARTY_DEPTS = frozenset({"组织部", "宣传部", "统战部", "政法委", "社会工作部"})
_UNIT_CLASS = {"公司": ("公司",), "分公司": ("分公司",), "集团": ("集团", "集团有限公司"),
               "学校": ("学校", "小学", "中学", "学院", "大学"), "医院": ("医院",), "厂": ("厂",)}


_UNIT_SUFFIX = re.compile(r"(集团有限公司|股份有限公司|有限公司|集团|公司)(工会委员会|工会|党委|纪委|团委)?$")


def level_hint_sector(canonical: str) -> bool:
    return "直机关工会" in canonical


_UNIT_WORDS = re.compile(r"公司|集团|学校|学院|大学|医院")
_UNION_TAIL = re.compile(r"(工会委员会|工会)$")
_SUBUNIT = re.compile(r"(分厂|厂|分公司|车间|项目部|采气厂|矿|酒店)$")


def _within_story_unit(story: Story, pos: int, canonical: str, rest_parts, text: str) -> str:
    """A unit named by a short form inside the story's enterprise: ``西山实验学校工会`` →
    ``海淀区西山实验学校工会``; ``采气厂工会`` → ``长庆油田第十一采气厂工会``; ``炼钢厂工会`` →
    ``萍乡湘东钢铁集团有限公司炼钢厂工会``."""
    m = _UNION_TAIL.search(canonical)
    tail = m.group() if m else ""
    core = canonical[:len(canonical) - len(tail)]
    if len(core) < 1:
        return canonical
    units = [u for _, u in story.context.get("units", ()) if u != core]
    for u in reversed(units):
        if len(u) > len(core) and u.endswith(core):
            return u + tail
    if len(core) > 5 or not units:
        return canonical
    from . import orgs

    R = orgs.resources()
    name_parts = [p for p in rest_parts if p[0] == "name" and not _UNION_TAIL.fullmatch(text[p[1]:p[2]])]
    if orgs._anchored(R, text, name_parts):
        return canonical
    before = [u for s, u in story.context.get("units", ()) if s < pos and u != core]
    main = before[-1] if before else units[0]
    if core in main:
        return main + tail  # 酒店工会 → 某某酒店管理有限公司工会
    if _SUBUNIT.search(core) and not main.endswith(core):
        return main + core + tail  # 炼钢厂工会 → 某某集团有限公司炼钢厂工会
    return canonical


def _full_unit_name(story: Story, name: str) -> str | None:
    """``瑞江集团`` → ``芜湖瑞江汽车零部件集团有限公司`` when the story named the
    enterprise in full earlier (its name's core appears in order inside the full one)."""
    m = _UNIT_SUFFIX.search(name)
    if not m:
        return None
    core = name[:m.start()]
    if len(core) < 2:
        return None
    cls = "集团" if "集团" in m.group(1) else "公司"
    union = m.group(2)
    for _, full in reversed(story.context.get("units", ())):
        if full == name[:m.end(1)] or cls not in full or len(full) <= len(name[:m.end(1)]):
            continue
        rest = _after_subsequence(core, full) if core[:2] in full else None
        if rest is not None and not _SUB_UNIT.search(rest):  # not …有限公司焊装车间: another body
            if union:
                return full + union
            return full
    return None


def _story_unit(story: Story, pos: int, word: str) -> str | None:
    """The enterprise/institution named in the story that a bare ``公司``/``集团`` … means:
    the nearest one named before ``pos`` (else the first one after it)."""
    units = [(s, c) for s, c in story.context.get("units", ()) if c.endswith(_UNIT_CLASS.get(word, (word,)))]
    before = [u for u in units if u[0] < pos]
    if before:
        return before[-1][1]
    return units[0][1] if units else None


def _is_national_name(s: str) -> bool:
    return s.startswith(_NATIONAL_PREFIX)


def _owned_by_unit(parts: list[tuple[str, int, int]], text: str) -> bool:
    seg = "".join(text[s:e] for _, s, e in parts)
    return bool(re.search(r"公司|集团|大学|学院|医院|学校|银行", seg))


def _canon_rest(text: str, parts: Sequence[tuple[str, int, int]], known: dict) -> str:
    """Canonical form of the non-leading parts: known short forms expanded,
    runs of two or more region names reduced to the last one."""
    out: list[str] = []
    run: list[str] = []
    for k, s, e in parts:
        seg = text[s:e]
        if k == "region":
            run.append(seg)
            continue
        if run:
            out.append(run[-1])
            run = []
        if k in ("known", "name") and seg in known:
            seg = known[seg]["canonical"]
        out.append(seg)
    if run:
        out.append(run[-1])
    return "".join(out)


def _parent_union(place: _Place, story: Story) -> str | None:
    """The 总工会 one tier above ``place``."""
    if place.up is not None and place.region is not None and place.up.region is not None \
            and not place.region.within(place.up.region):
        return place.up.name + "总工会"
    if place.region is not None:
        r = place.region
        if r.name in _NO_ACFTU_PARENT or r.province.name in _NO_ACFTU_PARENT:
            return None
        if r.parent is None:
            return NATIONAL_UNION
        return r.parent.name + "总工会"
    if place.up is not None:
        return place.up.name + "总工会"
    return None


def resolve(story: Story) -> None:
    """Fill ``canonical``, ``level``, ``kind`` and ``parent`` of the story's ORG spans."""
    orgs_ = [sp for sp in story.spans if sp.label == "ORG"]
    if not orgs_:
        return
    cc = _t2s()
    body = story.text[story.start:story.end]
    simp = cc.convert(body) if cc else body
    if len(simp) != len(body):
        simp = body
    text = story.text[:story.start] + simp + story.text[story.end:]
    # explicit names first so that bare forms (区总工会) can refer back to them
    # enterprises and institutions first (short forms and their unions refer to them),
    # then other explicit names, then bare forms (区总工会) that refer back to them
    def group(sp: Span) -> int:
        if not _explicit(sp):
            return 2
        if sp.attrs.get("kind") in ("enterprise", "institution"):
            return 0
        if sp.attrs.get("kind") == "union" and _UNIT_WORDS.search(text[sp.start:sp.end]) \
                and not _GENERIC_UNIT.match(text[sp.start:sp.end]):
            return 0  # an enterprise's union names the enterprise
        return 1

    orgs_.sort(key=lambda sp: (group(sp), sp.start))
    dropped: set[int] = set()
    for sp in orgs_:
        try:
            if not _resolve_span(story, sp, text):
                dropped.add(id(sp))
        except Exception:  # never lose a span over resolution
            sp.attrs.pop("_parts", None)
            sp.attrs.pop("_head", None)
            sp.attrs.setdefault("canonical", _QUOTES.sub("", _simplify(story.text[sp.start:sp.end])))
    kept = [sp for sp in orgs_ if id(sp) not in dropped]
    _aliases(story, kept)
    _stated_parents(story, kept)
    _unit_parents(story, kept)
    committee = story.context.get("party_committee") or story.context.get("weak_committee")
    for sp in orgs_:
        if not sp.attrs.pop("_dept", None):
            continue
        if committee:
            sp.attrs["canonical"] = committee[0] + sp.attrs["canonical"]  # 组织部 → 通州区委组织部
            sp.attrs["level"] = committee[1]
        else:
            sp.attrs["level"] = None  # 组织部 of a committee the story does not name
        sp.attrs["kind"] = "party"
        sp.attrs["parent"] = None
    if dropped:
        story.spans = [sp for sp in story.spans if id(sp) not in dropped]
        for link in story.links:
            if link.org is not None and id(link.org) in dropped:
                link.org = None


#: the endings two names of one body share; a short form may use the short tail
#: (``集团工会`` for ``…集团有限公司工会委员会``, ``园区工会工委`` for ``…工会工作委员会``)
_ALIAS_TAILS = (("工会工作委员会", "工会工委"), ("工会委员会", "工会"), ("工会联合会",), ("总工会",), ("工会",), ("党工委",),
                ("党委",), ("纪委",), ("志愿服务队", "服务队"), ("服务队",), ("工作室",), ("分公司",),
                ("集团有限公司", "集团"), ("股份有限公司", "公司"), ("有限公司", "公司"), ("集团",), ("公司",),
                ("医院",), ("学校",), ("学院",), ("大学",), ("联合会",))
#: a bare ending that refers back to the story's last body with that ending (``联合会``)
_BARE_BACK = ("工会联合会", "联合会", "服务队", "志愿服务队")


@lru_cache(maxsize=8192)
def _split_tail(name: str) -> tuple[str, tuple[str, ...]] | None:
    """``(core, tail family)`` of a name by its longest known ending."""
    best: tuple[str, tuple[str, ...]] | None = None
    for fam in _ALIAS_TAILS:
        for t in fam:
            if name.endswith(t) and (best is None or len(t) > len(name) - len(best[0])):
                best = (name[: len(name) - len(t)], fam)
    return best


def _aliases(story: Story, spans: list[Span]) -> None:
    """A short form of a body the story names in full stands for the full name:
    ``钱塘汽车零部件公司工会`` → ``杭州钱塘汽车零部件有限公司工会``, ``六院工会`` →
    ``上海市第六人民医院工会``, ``渤海重装工会`` → ``天津渤海重型装备有限公司工会``,
    a bare ``联合会`` → the story's last ``…工会联合会``.

    The short form's core (its name without the ending) must be at least two
    characters, appear in order inside the full name's core and start inside
    it; cores that are region names (``北京市`` of ``北京市丰台区总工会``) never
    alias.  The nearest full name before the mention wins (else the first after).
    The alias takes the full name's canonical, level, kind and parent.
    Linear in the number of mentions (candidates are found per distinct name).
    """
    # distinct full names → their mentions: ORG spans (position, span) and enterprises or
    # institutions the story names (position, None), whose unions take the short form's ending
    named: dict[str, list[tuple[int, Span | None]]] = {}
    units: dict[str, list[tuple[int, Span | None]]] = {}
    for sp in spans:
        if sp.attrs.get("canonical"):
            named.setdefault(sp.attrs["canonical"], []).append((sp.start, sp))
    for pos, unit in story.context.get("units", ()):
        units.setdefault(unit, []).append((pos, None))
    if not 2 <= len(named) + len(units) <= _ALIAS_MAX_NAMES:
        return  # a "story" naming hundreds of distinct bodies is no news story: skip (bounded time)
    for lst in (*named.values(), *units.values()):
        lst.sort(key=lambda x: x[0])
    split = {n: _split_tail(n) for n in named}
    memo: dict[str, list[tuple[list[tuple[int, Span | None]], str]]] = {}
    for sp in spans:
        c = sp.attrs.get("canonical")
        if not c:
            continue
        if c not in memo:
            memo[c] = _alias_candidates(c, named, units, split)
        cands = memo[c]
        if not cands:
            continue
        bare = c in _BARE_BACK
        best: tuple[int, str, Span | None] | None = None
        after: tuple[int, str, Span | None] | None = None
        for lst, full in cands:
            i = bisect.bisect_left(lst, sp.start, key=lambda x: x[0])
            if i > 0 and (best is None or lst[i - 1][0] > best[0]):
                best = (lst[i - 1][0], full, lst[i - 1][1])
            if not bare and i < len(lst) and (after is None or lst[i][0] < after[0]):
                after = (lst[i][0], full, lst[i][1])
        target = best or after
        if target is None:
            continue
        _, full, other = target
        sp.attrs["canonical"] = full
        if other is not None:
            for key in ("level", "kind", "parent"):
                if other.attrs.get(key) is not None:
                    sp.attrs[key] = other.attrs[key]


_FIRM_TAILS = ("集团有限公司", "股份有限公司", "有限公司", "集团", "公司")
_FIRM_END = re.compile(r"(?:集团有限公司|股份有限公司|有限责任公司|有限公司|集团|公司)$")
#: the alias pass compares distinct names pairwise: not above this many in one story
_ALIAS_MAX_NAMES = 300
_UNIT_TAILS = ("工会工作委员会", "工会委员会", "工会联合会", "工会", "党委", "纪委")


def _alias_candidates(c: str, named: dict[str, list[tuple[int, Span | None]]],
                      units: dict[str, list[tuple[int, Span | None]]],
                      split: dict[str, tuple[str, tuple[str, ...]] | None],
                      ) -> list[tuple[list[tuple[int, Span | None]], str]]:
    """``(mentions, full name to take)`` for each full name the short form ``c`` may stand for:
    bodies named in full first; enterprises + the short form's ending only when there are none."""
    st = split.get(c) or _split_tail(c)
    if st is None:
        # an enterprise named by its core alone (湘东钢铁, 汉江汽零): the enterprise named in full
        if len(c) < 3 or _region_core(c) or _SUB_UNIT.search(c):
            return []  # 齐盛集团氯碱分厂 is a sub-unit, not an enterprise's short name
        out = [(m, f) for f, m in named.items()
               if (ft := split.get(f)) is not None and ft[1][0] in _FIRM_TAILS and _stands_for(c, ft[0])]
        return out or [(m, f) for f, m in units.items() if _FIRM_END.search(f) and _stands_for(c, _FIRM_END.sub("", f))]
    core, fam = st
    if core == "":
        if c not in _BARE_BACK:
            return []
        return [(m, f) for f, m in named.items() if len(f) > len(c) and f.endswith(c)]
    if len(core) < 2 or _region_core(core):
        return []
    out: list[tuple[list[tuple[int, Span | None]], str]] = []
    for f, mentions in named.items():
        ft = split.get(f)
        if len(f) <= len(c) or ft is None or ft[1] is not fam:
            continue
        if _stands_for(core, ft[0]):
            out.append((mentions, f))
    if out or fam[0] not in _UNIT_TAILS:
        return out
    for f, mentions in units.items():
        if len(f) > len(core) and _stands_for(core, f):
            out.append((mentions, f + c[len(core):]))
    return out


def _stands_for(core: str, fcore: str) -> bool:
    """The short core's characters appear in order in the full core, which adds no sub-unit after them."""
    if len(fcore) <= len(core) or core[0] not in fcore:
        return False
    rest = _after_subsequence(core, fcore)
    return rest is not None and not _SUB_UNIT.search(rest)


#: a sub-unit the full name adds after the short form's core (``…有限公司焊装车间``): another body
_SUB_UNIT = re.compile(r"(?:车间|分公司|分厂|厂|项目部|工区|班组|分局|支行|分行|车队|门店|矿|站|所|队|部|处|科|室)$"
                       r"|(?:公司|集团)(?!.*(?:公司|集团))[\u4e00-\u9fff]+$")


def _after_subsequence(a: str, b: str) -> str | None:
    """What follows ``a``'s characters found in order in ``b`` (leftmost), or ``None``."""
    j = 0
    for ch in a:
        j = b.find(ch, j)
        if j < 0:
            return None
        j += 1
    return b[j:]


def _region_core(core: str) -> bool:
    """A core that names a region or a region's tier alone (``北京市``, ``丰台``, ``市``)."""
    from .geography import is_region

    return is_region(core) or is_region(core.rstrip("省市区县镇乡")) or core in ("省直", "市直", "区直", "县直")


#: a community's or village's own union (its name ends in the tier word)
_COMMUNITY_NAME = re.compile(r"(?:社区|村|居委会|嘎查)$")
#: a national industrial union (中国X工会) or one of its provincial committees
_INDUSTRY_PROVINCE = re.compile(r"^中国[\u4e00-\u9fff]{2,12}?工会([\u4e00-\u9fff]{2,8}?(?:省|自治区|市))委员会$")
_INDUSTRY_UNION = re.compile(r"^中国[\u4e00-\u9fff]{2,12}?工会(?:联合会|[\u4e00-\u9fff]{2,8}?(?:省|自治区|市)委员会)?$")


def _explicit(sp: Span) -> bool:
    parts = sp.attrs.get("_parts") or ()
    return not parts or parts[0][0] != "tier"

#!/usr/bin/env python3
"""Find within-corpus inconsistencies in the gold TRAIN and DEV sources (read-only).

    python scripts/check_gold_consistency.py            # all checks
    python scripts/check_gold_consistency.py --only count,unannotated

The test split is never read. Every finding is printed as one line
``[check] file: message`` with a little context; nothing is written. A finding
is a *candidate*: read the text before changing gold.

Checks
------
* ``variant``      the same surface annotated with different label/attrs (ORG canonical, kind,
                   level, parent; PROGRAM kind/canonical; PERSON role) in different places. Short
                   forms whose canonical depends on the story (区总工会, 市总 …) are only compared
                   within one document.
* ``unannotated``  an ORG / PROGRAM surface (>= 3 chars) annotated somewhere in train+dev that
                   occurs elsewhere in train+dev text with no entity over it; COUNT-like
                   number + measure word strings with no entity over them.
* ``parent``       union ORGs above unit level with parent null; unit unions with parent null
                   whose story says 隶属 / 指导下 / 所属 / 直属; parent that names no tier up.
* ``level``        union canonical suffix vs level (省总工会 provincial, 市总工会 municipal …).
* ``chain``        TITLE next to another TITLE (、 兼 joined) whose holds go to different persons,
                   a PERSON held posts whose ORG is written right before the title but holds `-`.
* ``role``         PERSON roles against the text: 记者/通讯员/摄/编辑 next to the name, official
                   without holds, reporter with holds.
* ``count``        COUNT value recomputed from the surface (万/亿 multiplied), money in 元,
                   approx marker in the surface, unit written in the surface, noun after the span.
* ``trad``         canonical / parent not in simplified characters.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

from build_annotated import SRC, compile_source, to_simplified  # noqa: E402

CHECKS = ("variant", "unannotated", "parent", "level", "chain", "role", "count", "trad")

# surfaces whose canonical depends on the story: compared within one document only
_CONTEXTUAL = re.compile(
    r"^(该|本)?((省|市|区|县|旗|州|盟|镇|乡|街道|地区|社区|村|自治区|师市|公司|集团|分公司|学校|学院|医院|酒店|"
    r"项目|园区|楼宇|系统|厂)[^市区县州镇乡]|(工会|联合会|服务队|党委|纪委|总工会|工委)$)")
_CN_DIG = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8,
           "玖": 9, "兩": 2}
_CN_UNIT = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_NUM = re.compile(r"[0-9０-９][0-9０-９.,，]*|[零〇一二两兩三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟]+")
_APPROX_MARK = {"余": "余", "餘": "余", "多": "多", "近": "近", "约": "约", "約": "约", "超": "超",
                "逾": "逾", "上": "上", "左右": "左右"}
_MONEY = ("元", "块", "圆")
_MEASURE = ("名|人次|人|家|个|個|项|項|场|場|次|户|戶|支|所|座|条|條|套|件|份|台|辆|艘|位|批|期|届|万元|"
            "亿元|元|块|%|％|处|處|间|张|本|册|箱|盒|袋|桶|床|只|篇|部|首|幅|堂|门|类|余|多|万|亿")
_COUNTLIKE = re.compile(
    r"(?:近|约|約|超|逾|上)?(?:[0-9][0-9.]*|[一二两三四五六七八九十百千]+)(?:万|亿|萬|億)?(?:余|多|餘)?"
    r"(?:" + _MEASURE + r")")


def load(splits=("train", "dev")) -> list[tuple[Path, dict]]:
    """Compile every source of the given splits; test sources are skipped unread past the header."""
    out = []
    for p in sorted(SRC.glob("*/*.txt")):
        head = p.read_text(encoding="utf-8").split("\n", 3)[:3]
        split = next((h.split(":", 1)[1].strip() for h in head if h.startswith("#split:")), None)
        if split not in splits:
            continue
        rec, _ = compile_source(p)
        out.append((p, rec))
    return out


def ctx(text: str, s: int, e: int, w: int = 12) -> str:
    return (text[max(0, s - w):s] + "【" + text[s:e] + "】" + text[e:e + w]).replace("\n", "⏎")


def emit(check: str, path: Path, msg: str) -> None:
    print(f"[{check}] {path.parent.name}/{path.name}: {msg}")


# ---------------------------------------------------------------- numbers
def cn_int(s: str) -> float | None:
    """Chinese numeral without 万/亿 → number (十二 → 12, 一千二百 → 1200, 三五 → None)."""
    if not s:
        return None
    if all(ch in _CN_DIG for ch in s):
        return float(int("".join(str(_CN_DIG[ch]) for ch in s))) if len(s) > 1 else float(_CN_DIG[s])
    total, cur = 0, 0
    for ch in s:
        if ch in _CN_DIG:
            cur = _CN_DIG[ch]
        elif ch in _CN_UNIT:
            total += (cur or 1) * _CN_UNIT[ch]
            cur = 0
        else:
            return None
    return float(total + cur)


def parse_value(surface: str) -> float | None:
    """Value of a COUNT surface: the first numeral, times 万/亿 that follow it."""
    s = surface.replace("，", "").replace(",", "")
    s = s.translate(str.maketrans("０１２３４５６７８９．％", "0123456789.%"))
    for a in ("近", "约", "約", "超", "逾", "上"):
        if s.startswith(a):
            s = s[len(a):]
            break
    if s[:1] in _BIG:  # 近万 / 上万 → 1 万
        s = "一" + s
    if s.startswith("百分之"):
        return parse_value(s[3:])
    m = _NUM.search(s)
    if not m:
        return None
    tok = m.group(0)
    if tok[0].isdigit():
        try:
            v = float(tok.rstrip("."))
        except ValueError:
            return None
    else:
        # 一千二百万 style: split at 万/亿 handled below; here pure numeral
        v = cn_int(tok)
        if v is None:
            return None
    rest = s[m.end():]
    if not tok[0].isdigit() and rest[:1] in _BIG:
        # 一万八千 / 三十二万五千: a second numeral after 万/亿 is added, not multiplied
        tail = _NUM.match(rest[1:])
        if tail and not tail.group(0)[0].isdigit():
            t = cn_int(tail.group(0))
            if t is not None:
                return v * _BIG[rest[0]] + t
    if rest[:1] in ("余", "多", "餘") and rest[1:2] in _BIG:
        rest = rest[1:]
    mult = 1
    while rest and rest[0] in _BIG:
        mult *= _BIG[rest[0]]
        rest = rest[1:]
        # 1万2千 style not expected in gold
    # chinese numerals with 万 inside (三万五千) → _NUM stops at 万
    if not tok[0].isdigit() and rest and cn_int(rest.split("余")[0].split("多")[0]) is not None:
        pass
    return v * mult


# ---------------------------------------------------------------- checks
def check_variant(docs) -> None:
    glob: dict[tuple, dict] = defaultdict(lambda: defaultdict(list))
    for path, rec in docs:
        local: dict[tuple, dict] = defaultdict(lambda: defaultdict(list))
        for e in rec["entities"]:
            a = e.get("attrs") or {}
            if e["label"] == "ORG":
                key = (a.get("kind"), a.get("level"), a.get("canonical"), a.get("parent"))
            elif e["label"] == "PROGRAM":
                key = (a.get("kind"), a.get("canonical"))
            elif e["label"] == "PERSON":
                key = (a.get("role"),)
            else:
                continue
            surf = e["text"].replace("\n", "")
            local[(e["label"], surf)][key].append(e["start"])
            simp = to_simplified(surf)
            if e["label"] != "ORG" or (not _CONTEXTUAL.match(simp) and re.search(r"[省市区县州镇乡旗盟村]", simp)):
                glob[(e["label"], surf)][key].append(path)
        same_can: dict[tuple, set] = defaultdict(set)
        for e in rec["entities"]:
            a = e.get("attrs") or {}
            if e["label"] in ("ORG", "PROGRAM"):
                can = a.get("canonical", e["text"])
                same_can[(e["label"], can)].add((a.get("kind"), a.get("level"), a.get("parent")))
        for (label, can), variants in same_can.items():
            if len(variants) > 1:
                emit("variant", path, f"{label} canonical {can!r} with different attrs in one document: "
                     f"{sorted(variants, key=str)}")
        for (label, surf), variants in local.items():
            if len(variants) > 1 and label != "PERSON":
                emit("variant", path, f"{label} {surf!r} annotated {len(variants)} ways in one document: "
                     + " | ".join(f"{k}×{len(v)}" for k, v in variants.items()))
            if label == "PERSON" and len(variants) > 1:
                emit("variant", path, f"PERSON {surf!r} roles differ in one document: {list(variants)}")
    by_can: dict[tuple, dict] = defaultdict(lambda: defaultdict(set))
    for path, rec in docs:
        for e in rec["entities"]:
            a = e.get("attrs") or {}
            if e["label"] == "ORG":
                can = a.get("canonical", e["text"])
                by_can[("ORG", can)][(a.get("kind"), a.get("level"), a.get("parent"))].add(path.stem)
            elif e["label"] == "PROGRAM":
                can = a.get("canonical", e["text"])
                by_can[("PROGRAM", can)][(a.get("kind"),)].add(path.stem)
    for (label, can), variants in sorted(by_can.items()):
        if len(variants) > 1:
            print(f"[variant] canonical: {label} {can!r}: "
                  + " | ".join(f"{k} in {','.join(sorted(v))}" for k, v in variants.items()))
    for (label, surf), variants in sorted(glob.items()):
        if label == "PERSON" or len(variants) < 2:
            continue
        files = {k: sorted({p.stem for p in v}) for k, v in variants.items()}
        if len({f for fs in files.values() for f in fs}) < 2 and label == "ORG":
            continue  # same file: already reported above
        print(f"[variant] corpus: {label} {surf!r}: " + " | ".join(f"{k} in {','.join(v)}" for k, v in files.items()))


def _covered(rec) -> list[bool]:
    cov = [False] * len(rec["text"])
    for e in rec["entities"]:
        for i in range(e["start"], e["end"]):
            cov[i] = True
    for d in rec.get("duplicates", []):
        for i in range(d["start"], d["end"]):
            cov[i] = True
    return cov


def check_unannotated(docs) -> None:
    surfaces: dict[str, set[str]] = defaultdict(set)
    for path, rec in docs:
        for e in rec["entities"]:
            if e["label"] in ("ORG", "PROGRAM") and len(e["text"]) >= 3 and "\n" not in e["text"]:
                surfaces[e["text"]].add(e["label"])
    # longest first so that a longer surface is reported instead of its parts
    ordered = sorted(surfaces, key=len, reverse=True)
    pat = re.compile("|".join(re.escape(s) for s in ordered)) if ordered else None
    for path, rec in docs:
        text = rec["text"]
        cov = _covered(rec)
        if pat:
            for m in pat.finditer(text):
                s, e = m.span()
                if any(cov[s:e]):
                    continue
                emit("unannotated", path, f"{'/'.join(sorted(surfaces[m.group(0)]))} surface unannotated: "
                     + ctx(text, s, e))
        for m in _COUNTLIKE.finditer(text):
            s, e = m.span()
            if any(cov[s:e]):
                continue
            before, after = text[max(0, s - 1):s], text[e:e + 2]
            if before.isdigit() or before in "第前年月日号届" or after[:1] in "年月日号时分米公亩吨度届":
                continue
            if m.group(0)[0] == "一" and len(m.group(0)) == 2:
                continue  # 一 + measure word: usually an article
            if re.match(r"\s*(小时|工作日|天|个月|多小时|多月|平方|公里|米)", text[e:e + 4]):
                continue
            emit("unannotated", path, "COUNT-like unannotated: " + ctx(text, s, e))


_UNION_LEVEL_SUFFIX = [
    (re.compile(r"(省|自治区)总工会$"), "provincial"),
    (re.compile(r"^(北京|天津|上海|重庆)市总工会$"), "provincial"),
    (re.compile(r"(州|盟)总工会$"), "municipal"),
    (re.compile(r"(?<!地)(区|县|旗)总工会$"), "district"),
    (re.compile(r"(街道|乡|镇)总工会$"), "township"),
    (re.compile(r"(社区|村)工会(联合会)?$"), "community"),
]


def check_parent_level(docs) -> None:
    union_cans = {(e.get("attrs") or {}).get("canonical", e["text"]) for _, rec in docs for e in rec["entities"]
                  if e["label"] == "ORG" and (e.get("attrs") or {}).get("kind") == "union"}
    for path, rec in docs:
        for e in rec["entities"]:
            par = (e.get("attrs") or {}).get("parent")
            if not par or par in union_cans:
                continue
            if _CONTEXTUAL.match(par) or re.match(r"^(省|市|区|县|州|盟|旗|镇|乡|街道)总工会$", par) or any(
                    c.endswith("自治州总工会") and c.startswith(par[:2]) and par.endswith("州总工会") for c in union_cans):
                emit("parent", path, f"parent {par!r} looks like a short form, not a canonical name")
    for path, rec in docs:
        text = rec["text"]
        for e in rec["entities"]:
            a = e.get("attrs") or {}
            if e["label"] != "ORG" or a.get("kind") != "union":
                continue
            can, lvl, par = a.get("canonical", e["text"]), a.get("level"), a.get("parent")
            c = ctx(text, e["start"], e["end"])
            if lvl == "national":
                if par:
                    emit("parent", path, f"national union with parent {par!r}: {c}")
                continue
            if lvl in ("provincial", "sector") and can.endswith("总工会") and par != "中华全国总工会" \
                    and lvl == "provincial":
                emit("parent", path, f"provincial union parent {par!r} (want 中华全国总工会): {c}")
            if par is None and lvl != "unit" and not re.search(r"部$|委员会$|办公室$|常委会$", can):
                emit("parent", path, f"{lvl} union {can!r} has parent null: {c}")
            if par is None and lvl == "unit":
                near = text[max(0, e["start"] - 40):e["end"] + 40]
                if re.search(r"隶属|指导下|所属|直属|下属", near):
                    emit("parent", path, f"unit union {can!r} parent null but text near says: "
                         + near.replace("\n", "⏎"))
            if par and par == can:
                emit("parent", path, f"union {can!r} is its own parent")
            for rx, want in _UNION_LEVEL_SUFFIX:
                if rx.search(can):
                    if lvl != want and not (want == "municipal" and lvl == "district" and can.endswith("州总工会")
                                            and False):
                        # county-level 市 and 地区 are not matched here; 区 of Guangxi etc. reported
                        emit("level", path, f"union {can!r} level {lvl} (suffix suggests {want}): {c}")
                    break
            if par and lvl and lvl != "unit":
                for rx, want in _UNION_LEVEL_SUFFIX:
                    if rx.search(par) and want == lvl and lvl not in ("sector",):
                        emit("level", path, f"union {can!r} ({lvl}) has parent {par!r} of the same tier")
                        break


def check_chain(docs) -> None:
    for path, rec in docs:
        text = rec["text"]
        ents = sorted(rec["entities"], key=lambda e: e["start"])
        byid = {e["id"]: e for e in ents}
        holds_t = defaultdict(list)
        for r in rec["relations"]:
            holds_t[r["title"]].append(r)
        for i, e in enumerate(ents):
            if e["label"] != "TITLE":
                continue
            rs = holds_t.get(e["id"], [])
            prev = ents[i - 1] if i else None
            # ORG written right before the title but holds says '-' or another org
            if prev and prev["label"] == "ORG" and prev["end"] == e["start"]:
                for r in rs:
                    if r["org"] != prev["id"]:
                        org = byid[r["org"]]["text"] if r["org"] else "-"
                        emit("chain", path, f"TITLE right after ORG {prev['text']!r} holds org {org!r}: "
                             + ctx(text, e["start"], e["end"]))
            # chained titles (、 / 兼 / nothing between) should hold for the same person(s)
            nxt = ents[i + 1] if i + 1 < len(ents) else None
            if nxt and nxt["label"] == "TITLE" and text[e["end"]:nxt["start"]] in ("、", "兼", "", "，"):
                p1 = {r["person"] for r in rs}
                p2 = {r["person"] for r in holds_t.get(nxt["id"], [])}
                if p1 != p2 and text[e["end"]:nxt["start"]] != "，":
                    emit("chain", path, f"chained TITLEs {e['text']!r}/{nxt['text']!r} held by different "
                         f"persons: " + ctx(text, e["start"], nxt["end"]))
        # a chain distributes: TITLE、TITLE (or 兼) with no ORG between hold with the same org
        chain_org = None
        for i, e in enumerate(ents):
            if e["label"] == "ORG":
                chain_org = e
                continue
            if e["label"] != "TITLE":
                chain_org = None if e["label"] != "PERSON" else chain_org
                continue
            prev = ents[i - 1] if i else None
            joined = prev is not None and prev["label"] == "TITLE" and text[prev["end"]:e["start"]] in ("、", "兼")
            adjacent = prev is not None and prev["label"] == "ORG" and prev["end"] == e["start"]
            if adjacent:
                chain_org = prev
            elif not joined:
                chain_org = None
            if joined and chain_org is not None:
                for r in holds_t.get(e["id"], []):
                    if r["org"] != chain_org["id"]:
                        org = byid[r["org"]]["text"] if r["org"] else "-"
                        emit("chain", path, f"chained TITLE {e['text']!r} holds org {org!r}, chain started at "
                             f"ORG {chain_org['text']!r}: " + ctx(text, chain_org["start"], e["end"], 6))
        # PERSON official with no holds; PERSON with holds not official/worker
        held = {r["person"] for r in rec["relations"]}
        for e in ents:
            if e["label"] != "PERSON":
                continue
            role = (e.get("attrs") or {}).get("role")
            c = ctx(text, e["start"], e["end"])
            if role == "official" and e["id"] not in held:
                # a later/earlier mention of the same name may carry the holds
                if not any(byid[p]["text"].replace("\n", "") == e["text"].replace("\n", "") for p in held):
                    emit("role", path, f"official {e['text']!r} holds no post anywhere: {c}")
            if role in ("reporter", "correspondent", "photographer", "editor") and e["id"] in held:
                emit("role", path, f"{role} {e['text']!r} holds a post: {c}")


_BYLINE = {
    "reporter": re.compile(r"记者|記者|作者|文／|文/|本报讯（|图文|文 ?/ ?图"),
    "correspondent": re.compile(r"通讯员|通訊員|供稿"),
    "photographer": re.compile(r"摄影|攝影|图片|图／|图/|摄"),
    "editor": re.compile(r"编辑|編輯|审核|審核|校对|实习生|美编|初审|终审|责编"),
}


def check_role(docs) -> None:
    for path, rec in docs:
        text = rec["text"]
        for e in rec["entities"]:
            if e["label"] != "PERSON":
                continue
            role = (e.get("attrs") or {}).get("role")
            before = text[max(0, e["start"] - 8):e["start"]]
            after = text[e["end"]:e["end"] + 3]
            c = ctx(text, e["start"], e["end"])
            if re.search(r"(记者|記者)\s*$", before) and role != "reporter":
                emit("role", path, f"{e['text']!r} after 记者 has role {role}: {c}")
            if re.search(r"(通讯员|通訊員)\s*$", before) and role != "correspondent":
                emit("role", path, f"{e['text']!r} after 通讯员 has role {role}: {c}")
            if re.search(r"(编辑|編輯|审核|審核|校对)[：:｜| ]*$", before) and role != "editor":
                emit("role", path, f"{e['text']!r} after an editor mark has role {role}: {c}")
            if role in _BYLINE and role != "reporter":
                if not _BYLINE[role].search(text[max(0, e["start"] - 25):e["end"] + 3]):
                    emit("role", path, f"{role} {e['text']!r} with no {role} mark nearby: {c}")
            if role == "reporter":
                near = text[max(0, e["start"] - 25):e["end"] + 6]
                if not (_BYLINE["reporter"].search(near) or re.search(r"[（(][^）)]{0,12}$", before)
                        or re.match(r"\s*[）)]", text[e["end"]:e["end"] + 8]) or "报道" in near):
                    emit("role", path, f"reporter {e['text']!r} not in a byline: {c}")
            if role in ("official", "worker", "other") and re.search(r"^\s*(摄|报道)", after):
                emit("role", path, f"{role} {e['text']!r} followed by a credit mark: {c}")


def check_count(docs) -> None:
    for path, rec in docs:
        text = rec["text"]
        for e in rec["entities"]:
            if e["label"] != "COUNT":
                continue
            a = e.get("attrs") or {}
            s = e["text"]
            c = ctx(text, e["start"], e["end"])
            v = parse_value(s)
            if v is not None and a.get("value") is not None and abs(float(a["value"]) - v) > 1e-6 * max(1, v):
                emit("count", path, f"value {a['value']} but surface reads {v:g}: {c}")
            if v is None:
                emit("count", path, f"cannot read a number in {s!r} (value {a.get('value')}): {c}")
            unit = a.get("unit")
            is_money = s.endswith(("元", "圆")) or (s.endswith("块") and not a.get("noun"))
            if is_money and unit != "元":
                emit("count", path, f"money surface with unit {unit!r} (want 元): {c}")
            if ("%" in s or "％" in s or s.startswith("百分之")) and unit != "%":
                emit("count", path, f"percentage with unit {unit!r}: {c}")
            if unit and unit not in ("元", "%") and unit not in s:
                emit("count", path, f"unit {unit!r} not written in the span: {c}")
            if unit is None and re.search(r"[名人家个項项场次户支所座条]$", s):
                emit("count", path, f"unit null but span ends in a measure word: {c}")
            # approx marker
            marks = [m for m in ("左右", "余", "餘", "多", "近", "约", "約", "超", "逾", "上") if m in s]
            ap = a.get("approx")
            if ap and not any(_APPROX_MARK[m] == ap for m in marks) and not (ap == "多" and "几" in s):
                emit("count", path, f"approx {ap!r} not written in the span: {c}")
            if not ap and marks and not re.search(r"[一二三四五六七八九十百千万\d]多", s) is None:
                emit("count", path, f"approx null but the span has {marks}: {c}")
            if not ap and marks and any(m in ("余", "餘", "近", "约", "約", "逾", "左右") for m in marks):
                emit("count", path, f"approx null but the span has {marks}: {c}")
            if "以上" in s or "超过" in s or "超過" in s:
                emit("count", path, f"超过/以上 inside the span (lead: outside, approx null): {c}")
            noun = a.get("noun")
            if noun:
                follow = text[e["end"]:e["end"] + len(noun) + 12].replace("\n", "")
                if not (follow.startswith(noun) or follow.startswith("的" + noun) or noun in follow[:len(noun) + 8]):
                    emit("count", path, f"noun {noun!r} does not follow the span: {c}")
            else:
                after = text[e["end"]:e["end"] + 1]
                if after and re.match(r"[\u4e00-\u9fff]", after) and after not in "，。、；的和与及在参获被共用到为是" \
                        and unit not in ("元", "%"):
                    emit("count", path, f"noun null but text continues {text[e['end']:e['end'] + 6]!r}: {c}")


def check_trad(docs) -> None:
    for path, rec in docs:
        for e in rec["entities"]:
            a = e.get("attrs") or {}
            for k in ("canonical", "parent"):
                v = a.get(k)
                if isinstance(v, str) and to_simplified(v) != v:
                    emit("trad", path, f"{e['label']} {k} {v!r} not simplified ({to_simplified(v)!r})")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--only", default=",".join(CHECKS), help="comma-separated checks: " + ",".join(CHECKS))
    args = ap.parse_args(argv)
    want = set(args.only.split(","))
    docs = load()
    print(f"# {len(docs)} train+dev documents")
    if "variant" in want:
        check_variant(docs)
    if "unannotated" in want:
        check_unannotated(docs)
    if want & {"parent", "level"}:
        check_parent_level(docs)
    if want & {"chain", "role"}:
        check_chain(docs)
    if "role" in want:
        check_role(docs)
    if "count" in want:
        check_count(docs)
    if "trad" in want:
        check_trad(docs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

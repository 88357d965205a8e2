"""Same-address keys for the ladder group buy (同址阶梯团): a structured address, spelled however the buyer
typed it, becomes one stable key per scope.  Pure rules, no I/O.

Scopes.  ``estate`` is province + city + district + estate; ``building`` adds the building; ``room`` adds the
unit (when there is one) and the room.  A unit (单元, 门) is one stairwell of a building, so neighbours in
1栋1单元 and 1栋2单元 share a building but never a room key.

What counts as one spelling:

- width, case, spaces and punctuation: ＡＢ１２ = ab12, 【阳光花园】 = 阳光花园.  Between two digit runs
  a punctuation mark separates (1-1栋 is not 11栋); elsewhere it is noise (A-1座 = A1座).
- traditional and simplified characters, through OpenCC ``t2s`` (棟 = 栋, 號 = 号, 單元 = 单元).
- provinces, cities and districts: compared by administrative division code (``divisions``), so 上海市 =
  上海, 广西壮族自治区 = 广西, 广州市 = 广州, a municipality's 市辖区 is the municipality, and 西湖 =
  西湖区 under 杭州; 朝阳区 and 朝阳县 are two places.  A name the division list does not know keeps its
  spelling (a city without a trailing 市), so it matches only itself.
- estates: a trailing 小区 is dropped, and a leading copy of the province, city or district written with
  its suffix (上海市浦东新区阳光花园) is dropped.  Nothing else: 阳光花园 and 阳光家园 stay apart.  An
  estate that is nothing but 小区 or a sub-area (东区) counts as missing.
- sub-areas (东区, 北一区, 南苑, A区, 一期, 3号院) belong to the estate wherever they were written, so
  estate 阳光花园东区 + 1栋 = estate 阳光花园 + 东区1栋.  At estate scope 阳光花园东区, 阳光花园西区 and
  阳光花园 with no sub-area are three groups: phases and sub-areas are often separate compounds.
- buildings: 1号楼 = 1栋 = 一号楼 = 1幢 = 1座 = 1号 = 第一栋 = 1# = 1#楼 = 01栋 = 1; A座 = A栋 = A楼.
  N号 is a building in the building field, or in free text when a unit or room follows it (301号 alone
  may be a room); N楼 is a building only in the building field, elsewhere a floor.
- numerals: formal ones (大写) are ordinary ones: 壹号楼 = 一号楼 = 1号楼, 贰单元 = 2单元, 叁零壹 = 301.
- units: 2单元 = 二单元 = 第二单元 = 2门 = 2 (in the unit field).  门 counts only after a number, so 东门 is
  a gate, not a unit.  梯 and other local words are kept as typed and match only themselves.
- rooms: 301 = 301室 = 301号 = 0301 = 三零一 = 三百零一.  Chinese numerals become digits only inside a
  labelled or field-bound number: digit-by-digit when there is no 十/百/千 (三零一), otherwise positionally,
  and only when well formed (一千二 is left as typed).  A floor that repeats the room's leading digits is
  dropped (3楼301 = 301); any other floor stays in the room (3楼01 → 3f1).  A bare number in free text is a
  room only with three digits or more.  1-2-301 in free text or the room field is building 1, unit 2,
  room 301; 2-301 right after a building is unit 2, room 301.
- building, unit and room are read from their fields, from the end of the estate string (strong labels
  only: 栋, 幢, 号楼, 座, #, 单元, 室) and from the free text, which is read only when it is nothing but an
  address; a note such as 放门口 makes it unreadable except for the sub-areas it names.  Text that cannot
  be read as a building, unit or room in its own field is kept as typed and matches only the same text.

When in doubt the addresses stay apart.  Every source that names a part must agree: building 1栋 with free
text 2栋301 leaves the building unreadable.  A scope that needs a part that is missing or unreadable raises
``IncompleteAddress`` naming it — callers answer 422 — so an address without a known building never joins
a building group.
A room key needs a building and a room; a unit, when given, is part of it (1栋301 and 1栋2单元301 stay
apart), and sources that disagree on the unit make it unreadable.

Keys read like ``上海|上海|浦东新区|阳光花园东区|b1|u2|r301``; one longer than 255 characters keeps its
head and ends in ``~`` and a hash of the whole.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any, Literal, get_args

import cn2an
import opencc

from services.orders.domain import divisions

Scope = Literal["room", "building", "estate"]
SCOPES: tuple[str, ...] = get_args(Scope)
MAX_KEY_LENGTH = 255

_T2S = opencc.OpenCC("t2s")

_CN_DIGITS = {"零": "0", "〇": "0", "一": "1", "幺": "1", "二": "2", "三": "3", "四": "4", "五": "5",
              "六": "6", "七": "7", "八": "8", "九": "9"}
_FORMAL = str.maketrans("壹贰叁肆伍陆柒捌玖拾佰仟", "一二三四五六七八九十百千")
_CN = "[零〇一二两三四五六七八九幺十百千壹贰叁肆伍陆柒捌玖拾佰仟]+"
_NUMERIC = rf"(?:[0-9]+|{_CN})"
_ALNUM = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_ID = rf"(?:{_ALNUM}|{_CN}|[{_STEMS}])"

_AREA = re.compile(
    rf"第?(?P<period>{_NUMERIC})期"
    rf"|(?P<side>东北|东南|西北|西南|[东西南北中])(?P<side_no>{_NUMERIC})?(?P<kind>[区院苑])"
    rf"|(?P<yard>{_NUMERIC})号院"
    rf"|(?P<zone>{_ALNUM}|{_CN})区"
)
_TOKEN = re.compile(rf"第?(?P<id>{_ID})(?P<label>号楼|栋|幢|座|#楼|#|单元|号|楼|门|层|室|房|户)?")
_BUILDING_UNIT_ROOM = re.compile(r"(?P<b>[a-z0-9]+)-(?P<u>[0-9]+)-(?P<r>[0-9]{3,}[a-z]?)")
_UNIT_ROOM = re.compile(r"(?P<u>[0-9]+)-(?P<r>[0-9]{3,}[a-z]?)")
_INFERRED_ROOM = re.compile(r"[a-z]?[0-9]{3,}[a-z]?")
_STRONG_BUILDING = {"号楼", "栋", "幢", "座", "#楼", "#"}
_ORDER = {"building": 1, "unit": 2, "floor": 3, "room": 4}


class IncompleteAddress(ValueError):
    """The scope needs a part of the address that is missing, or that its sources disagree on."""

    def __init__(self, field: str, scope: str) -> None:
        self.field = field
        self.scope = scope
        super().__init__(f"no single {field} can be read from the address, and a {scope}-scope group needs one")


@dataclass(frozen=True, slots=True)
class StructuredAddress:
    """An address as the buyer typed it: the fields of the membership address book."""

    province: str
    city: str
    district: str
    estate: str
    building: str = ""
    unit: str = ""
    room: str = ""
    detail: str = ""

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> StructuredAddress:
        """From an address-book record; other keys (recipient, phone, id ...) are ignored."""
        return cls(**{item.name: str(data.get(item.name) or "") for item in fields(cls)})


@dataclass(frozen=True, slots=True)
class NormalAddress:
    """One spelling per place.  ``unreadable`` names the parts whose sources disagree."""

    province: str
    city: str
    district: str
    estate: str
    building: str = ""
    unit: str = ""
    room: str = ""
    unreadable: frozenset[str] = field(default_factory=frozenset)

    def key(self, scope: Scope) -> str:
        if scope not in SCOPES:
            raise ValueError(f"unknown address scope {scope!r}; expected one of {', '.join(SCOPES)}")
        parts = [self._part("province", scope), self._part("city", scope), self._part("district", scope),
                 self._part("estate", scope)]
        if scope != "estate":
            parts.append("b" + self._part("building", scope))
        if scope == "room":
            if "unit" in self.unreadable:
                raise IncompleteAddress("unit", scope)
            if self.unit:
                parts.append("u" + self.unit)
            parts.append("r" + self._part("room", scope))
        return _bounded("|".join(parts))

    def _part(self, name: str, scope: str) -> str:
        value = getattr(self, name)
        if not value or name in self.unreadable:
            raise IncompleteAddress(name, scope)
        return value


def address_key(address: StructuredAddress, scope: Scope) -> str:
    """The key two buyers must share to join one group at ``scope``; raises ``IncompleteAddress``."""
    return normalise_address(address).key(scope)


@lru_cache(maxsize=4096)
def normalise_address(address: StructuredAddress) -> NormalAddress:
    """The address in one spelling per place.  A pure function of the typed fields, kept for the addresses
    seen last: every ladder order and group preview reads its building's key, and the same few addresses
    come back (a building's neighbours, a buyer's next order) — folding and parsing one took ~0.1 ms."""
    region = normalise_region(address.province, address.city, address.district)
    province, city, district = region.province, region.city, region.district
    prefixes = _region_prefixes(province, city, district)

    estate, areas, observed = _split_estate(fold(address.estate), prefixes)
    for text, context in ((address.building, "building"), (address.unit, "unit"), (address.room, "room")):
        folded = fold(text)
        if not folded:
            continue
        parsed = _parse(folded, context)
        if parsed is None:
            observed.append({context: folded})
        else:
            observed.append(parsed.parts)
            areas.extend(parsed.areas)
    detail = fold(address.detail)
    if detail:
        parsed = _parse(detail, "detail")
        if parsed is None:
            areas.extend(_area(match) for match in _AREA.finditer(detail))
        else:
            observed.append(parsed.parts)
            areas.extend(parsed.areas)

    resolved: dict[str, str] = {}
    unreadable: set[str] = set()
    for part in ("building", "unit", "room"):
        values = {parts[part] for parts in observed if part in parts}
        if len(values) == 1:
            resolved[part] = values.pop()
        elif values:
            unreadable.add(part)
    return NormalAddress(province=province, city=city, district=district, estate=_join_estate(estate, areas, prefixes),
                         unreadable=frozenset(unreadable), **resolved)


def fold(text: str) -> str:
    """Width, case, traditional characters, spaces and punctuation folded away; ``-`` marks where
    punctuation separated two things, ``#`` is kept (1# is a building)."""
    out = text or ""
    for _ in range(4):  # OpenCC t2s is not always idempotent (薴 → 苧 → 苎): fold to a fixed point
        again = _fold_once(out)
        if again == out:
            break
        out = again
    return out


def normalise_region(province: str, city: str, district: str) -> divisions.Region:
    """Province, city and district as keys write them: by division code where the division is known."""
    return divisions.region(_plain(fold(province)), _plain(fold(city)), _plain(fold(district)))


def normalise_estate(text: str, *, province: str = "", city: str = "", district: str = "") -> str:
    """The estate name with its sub-areas, without a trailing 小区 or a leading region."""
    prefixes = _region_prefixes(province, city, district)
    estate, areas, _ = _split_estate(fold(text), prefixes)
    return _join_estate(estate, areas, prefixes)


# --- characters --------------------------------------------------------------------------------------------


def _fold_once(text: str) -> str:
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if char == "#":
            kept.append(char)
        elif category[0] in "CZ":  # spaces, controls, zero-width marks, lone surrogates (OpenCC rejects them)
            continue
        elif category[0] in "PS":
            kept.append("-")
        else:
            kept.append(char)
    return re.sub(r"-{2,}", "-", _T2S.convert("".join(kept))).strip("-")


def _plain(folded: str) -> str:
    return folded.replace("-", "").replace("#", "")


def _bounded(key: str) -> str:
    if len(key) <= MAX_KEY_LENGTH:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return f"{key[: MAX_KEY_LENGTH - len(digest) - 1]}~{digest}"


# --- numbers -----------------------------------------------------------------------------------------------


def _cn_number(text: str) -> str | None:
    if len(text) > 12:
        return None
    text = text.translate(_FORMAL)
    if all(char in _CN_DIGITS for char in text):
        return "".join(_CN_DIGITS[char] for char in text).lstrip("0") or "0"
    try:
        value = cn2an.cn2an(text.replace("两", "二").replace("〇", "零").replace("幺", "一"), "strict")
    except ValueError:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value) if isinstance(value, int) and value >= 0 else None


def _identifier(raw: str) -> str | None:
    """One building, unit or room number in a single spelling: digits without leading zeros."""
    if re.fullmatch(_CN, raw):
        return _cn_number(raw)
    if raw in _STEMS:
        return raw
    out: list[str] = []
    previous = ""
    pieces = re.findall(r"[0-9]+|[a-z]+|-", raw)
    for index, piece in enumerate(pieces):
        if piece == "-":
            following = pieces[index + 1] if index + 1 < len(pieces) else ""
            if previous.isdigit() and following.isdigit():
                out.append("-")
            continue
        out.append((piece.lstrip("0") or "0") if piece.isdigit() else piece)
        previous = piece
    return "".join(out) or None


def _area(match: re.Match[str]) -> str:
    def number(group: str) -> str:
        raw = match[group] or ""
        return (_identifier(raw) or raw) if raw else ""

    if match["period"]:
        return f"{number('period')}期"
    if match["side"]:
        return f"{match['side']}{number('side_no')}{match['kind']}"
    if match["yard"]:
        return f"{number('yard')}号院"
    return f"{number('zone')}区"


# --- parsing -----------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Parsed:
    parts: dict[str, str] = field(default_factory=dict)
    areas: list[str] = field(default_factory=list)


def _parse(text: str, context: str) -> _Parsed | None:
    """Read ``text`` as nothing but address parts, in order; None when anything is left over or doubtful.
    ``context`` is the field it came from (building, unit, room), ``detail`` or ``estate``."""
    parsed = _Parsed()
    floor = ""
    last = 0
    weak_building = False
    position = 0
    while position < len(text):
        if text[position] in "-#":
            position += 1
            continue
        if last == 0 and (area := _AREA.match(text, position)):
            parsed.areas.append(_area(area))
            position = area.end()
            continue
        if context in ("detail", "room") and last == 0 and (triple := _BUILDING_UNIT_ROOM.fullmatch(text, position)):
            parsed.parts.update(building=_identifier(triple["b"]) or "", unit=_identifier(triple["u"]) or "",
                                room=_identifier(triple["r"]) or "")
            last, position = _ORDER["room"], len(text)
            continue
        if context != "estate" and last == _ORDER["building"] and (pair := _UNIT_ROOM.fullmatch(text, position)):
            parsed.parts.update(unit=_identifier(pair["u"]) or "", room=_identifier(pair["r"]) or "")
            last, position = _ORDER["room"], len(text)
            continue
        token = _TOKEN.match(text, position)
        if token is None:
            return None
        value = _identifier(token["id"])
        kind = _kind(token["id"], token["label"], value, context, last)
        if value is None or kind is None or _ORDER[kind] <= last:
            return None
        if kind == "floor":
            floor = value
        else:
            parsed.parts[kind] = value
        weak_building = weak_building or (kind == "building" and context == "detail" and token["label"] == "号")
        last, position = _ORDER[kind], token.end()
    if weak_building and not ({"unit", "room"} & parsed.parts.keys()):
        return None
    if floor and "room" in parsed.parts:
        room = parsed.parts["room"]
        if not (room.startswith(floor) and len(room) >= len(floor) + 2):
            parsed.parts["room"] = f"{floor}f{room}"
    return parsed


def _kind(raw: str, label: str | None, value: str | None, context: str, last: int) -> str | None:
    """Which part a number with this label is, read in this context after the parts found so far."""
    has_building = last >= _ORDER["building"]
    numeric = value is not None and value.replace("-", "").isdigit()
    if label in _STRONG_BUILDING:
        return "building"
    if label == "单元":
        return "unit"
    if label in ("室", "房", "户"):
        return "room" if label == "室" or context != "estate" else None
    if context == "estate":
        return None
    if label == "门":
        return "unit" if numeric else None
    if label == "层":
        return "floor" if numeric else None
    if label == "楼":
        if not has_building and (context == "building" or re.fullmatch("[a-z]+", raw)):
            return "building"
        return "floor" if numeric and (has_building or context in ("unit", "room")) else None
    if label == "号":
        if not has_building and context in ("building", "detail"):
            return "building"
        if context == "unit" and last < _ORDER["unit"]:
            return "unit"
        return "room"
    # A bare number: the field's own part, or a room once a building or unit has been read.
    if context in ("building", "unit", "room") and last < _ORDER[context]:
        return context
    if value is not None and _INFERRED_ROOM.fullmatch(value) and (has_building or context == "detail"):
        return "room"
    return None


# --- estates -----------------------------------------------------------------------------------------------


def _region_prefixes(province: str, city: str, district: str) -> tuple[str, ...]:
    """How the region may be repeated at the head of an estate: only spellings that carry their suffix."""
    prefixes = {spelling for spelling in divisions.province_spellings(province) if spelling != province}
    prefixes.update(f"{province}{suffix}" for suffix in ("省", "市") if province)
    if city:
        prefixes.add(f"{city}市")
        if city.endswith(("州", "盟", "地区")):
            prefixes.add(city)
    if district.endswith(("区", "县", "市", "旗")) and len(district) >= 2:
        prefixes.add(district)
    return tuple(sorted(prefixes, key=len, reverse=True))


def _split_estate(folded: str, prefixes: tuple[str, ...]) -> tuple[str, list[str], list[dict[str, str]]]:
    """The estate name, the sub-areas written after it, and any building/unit/room written after those."""
    name = folded
    areas: list[str] = []
    observed: list[dict[str, str]] = []
    changed = True
    while changed:
        changed = False
        for prefix in prefixes:  # longest first, from the top after each cut: 杭州市 before 杭州
            if name.startswith(prefix) and name[len(prefix):].strip("-#"):
                name, changed = name[len(prefix):].lstrip("-#"), True
                break
        if name.endswith("小区"):
            name, changed = name[:-2].rstrip("-#"), True
        tail = _estate_tail(name)
        if tail is not None:
            start, parsed = tail
            name, changed = name[:start].rstrip("-#"), True
            areas.extend(parsed.areas)
            if parsed.parts:
                observed.append(parsed.parts)
    return _plain(name), areas, observed


def _estate_tail(name: str) -> tuple[int, _Parsed] | None:
    """The longest readable tail of an estate string (东区, 1栋2单元301室), if any."""
    for start in range(max(0, len(name) - 40), len(name)):
        if start and name[start - 1] in "abcdefghijklmnopqrstuvwxyz0123456789" and name[start].isascii():
            continue  # a tail never starts inside a run of letters and digits
        parsed = _parse(name[start:], "estate")
        if parsed is not None and (parsed.parts or parsed.areas):
            return start, parsed
    return None


def _join_estate(name: str, areas: list[str], prefixes: tuple[str, ...]) -> str:
    """The name with its sub-areas in one order, re-read until it reads as itself.  No name, no estate:
    小区 or 东区 alone would put strangers of one district in one group."""
    if not name:
        return ""
    estate = name + "".join(sorted(set(areas)))
    for _ in range(4):
        name, areas, _ = _split_estate(estate, prefixes)
        if not name:  # dropping punctuation left only a sub-area: 东-区 → 东区
            return ""
        again = name + "".join(sorted(set(areas)))
        if again == estate:
            break
        estate = again
    return estate

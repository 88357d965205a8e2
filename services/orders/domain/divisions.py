"""Provinces, cities and districts compared by administrative division code (adcode), not by spelling.

Each part of a region is looked up under the part above it in the kept list of divisions
(``division_codes``, with its origin and date): a province among the provinces, a city among its
province's cities, a district among its city's districts. A part that is found is written in keys as
the one label of its code, so every spelling of one division gives one key and two divisions never
share one: 西湖 and 西湖区 under 杭州 are one place, 朝阳区 (北京) and 朝阳县 (辽宁 朝阳) are two.

The spellings that find a division:
- its official name: 杭州市, 西湖区, 广西壮族自治区, 延边朝鲜族自治州, 本溪满族自治县;
- its name without the suffix (省, 市, 区, 县, 旗, 盟, 地区, 新区, 林区, 特区, 矿区, 自治区/州/县/旗,
  特别行政区), an autonomous division's peoples dropped with it: 杭州, 西湖, 广西, 延边, 本溪; and for
  an autonomous division that name with the everyday suffix: 广西自治区, 延边州, 本溪县, 鄂温克旗;
- but a short name finds nothing when it has fewer than two characters, when two divisions under one
  parent would share it, or, for a district, when it is its own city's name (朝阳 under 朝阳市 may mean
  the city itself).
A spelling that carries a suffix must be one of these exactly: 朝阳县 never finds 朝阳区.

Municipalities and special administrative regions (北京, 天津, 上海, 重庆, 香港, 澳门) have one city,
themselves — spelled like the province, or 市辖区, or 县 — and all their districts are its districts.
County-level cities that a province governs directly (仙桃, 济源, 石河子) are cities of that province.

Labels: a province's short name (上海, 广西), a city's name without a trailing 市 (杭州, 延边朝鲜族自治州),
a district's official name (西湖区). Under one parent each code has one label and each label one code,
so comparing labels is comparing codes; labels rather than bare codes keep keys readable, and keep the
keys of addresses written with official names what they were before codes. Each label finds its own
division, so a part that is not found can never take the label of one that is.

Not found — an unknown, misspelt or outdated name, or a part under a parent that was not found — a part
keeps its normalised spelling (a city without a trailing 市): in doubt, addresses stay apart.

Lookups take spellings already folded (``address.fold``, punctuation removed) and are dictionary reads;
the index is built once, on first use.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from services.orders.domain.division_codes import DIVISIONS

SINGLE_CITY = frozenset({"11", "12", "31", "50", "81", "82"})
SINGLE_CITY_SPELLINGS = ("市辖区", "县")
DIRECTLY_GOVERNED = "90"  # the city digits of county-level divisions a province governs itself

SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "新区", "林区", "特区", "矿区",
            "省", "市", "区", "县", "旗", "盟")
EVERYDAY_SUFFIX = {"自治区": "自治区", "自治州": "州", "自治县": "县", "自治旗": "旗"}
PEOPLES = tuple(sorted(
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 "
    "柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 "
    "塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺".split(), key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class Division:
    code: str
    name: str
    label: str


@dataclass(frozen=True, slots=True)
class Region:
    """A region's three parts as keys write them, with the divisions that were found."""

    province: str
    city: str
    district: str
    codes: tuple[str | None, str | None, str | None]


# --- names -------------------------------------------------------------------------------------------------


def _without_peoples(base: str) -> str:
    """延边朝鲜族 → 延边, 恩施土家族苗族 → 恩施, 巴音郭楞蒙古 → 巴音郭楞, 鄂温克族 → 鄂温克; 内蒙古 stays."""
    while True:
        for people in PEOPLES:
            if base == people + "族":
                return people
            written = [people + "族", *([people] if len(people) >= 2 else [])]
            cut = next((w for w in written if base.endswith(w) and len(base) - len(w) >= 2), None)
            if cut:
                base = base[: -len(cut)]
                break
        else:
            return base


def short_forms(name: str) -> tuple[str, ...]:
    """The name without its suffix, then that name with an autonomous division's everyday suffix."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            base = name[: -len(suffix)]
            if suffix in EVERYDAY_SUFFIX:
                base = _without_peoples(base)
                return base, base + EVERYDAY_SUFFIX[suffix]
            return (base,)
    return ()


def _province_label(name: str) -> str:
    short = short_forms(name)
    return short[0] if short and len(short[0]) >= 2 else name


def _city_label(name: str) -> str:
    return name[:-1] if name.endswith("市") and len(name) >= 3 else name


# --- the index ---------------------------------------------------------------------------------------------


def _spellings(members: Iterable[Division], *, refused: frozenset[str] = frozenset()) -> dict[str, Division]:
    """Which division of one parent each spelling finds: names and labels first, then the unshared short forms."""
    members = list(members)
    found: dict[str, Division] = {}
    shared: set[str] = set()
    for member in members:
        for spelling in {member.name, member.label}:
            if spelling in found and found[spelling] != member:
                shared.add(spelling)
            found[spelling] = member
    primary = set(found)
    short: dict[str, set[Division]] = defaultdict(set)
    for member in members:
        for spelling in short_forms(member.name):
            if len(spelling) >= 2 and spelling not in primary and spelling not in refused:
                short[spelling].add(member)
    found.update({spelling: owners.pop() for spelling, owners in short.items() if len(owners) == 1})
    return {spelling: member for spelling, member in found.items() if spelling not in shared}


@dataclass(frozen=True, slots=True)
class _Index:
    provinces: dict[str, Division]
    cities: dict[tuple[str, str], Division]
    districts: dict[tuple[str, str], Division]
    province_spellings: dict[str, tuple[str, ...]]


def _rows() -> list[tuple[str, str]]:
    return [(line[:6], line[7:]) for line in DIVISIONS.splitlines() if line]


def _city_code(code: str) -> str:
    """The city a district belongs to (a single-city region's districts belong to the region)."""
    return code[:2] + "0100" if code[:2] in SINGLE_CITY else code[:4] + "00"


@functools.cache
def _index() -> _Index:
    provinces: dict[str, Division] = {}
    cities: dict[str, list[Division]] = defaultdict(list)
    districts: dict[str, list[Division]] = defaultdict(list)
    for code, name in _rows():
        if code[2:] == "0000":
            provinces[code[:2]] = Division(code, name, _province_label(name))
        elif code[:2] in SINGLE_CITY and code[4:] == "00":
            continue  # the region is its own city, made below
        elif code[4:] == "00" or code[2:4] == DIRECTLY_GOVERNED:
            cities[code[:2]].append(Division(code, name, _city_label(name)))
        else:
            districts[_city_code(code)].append(Division(code, name, name))
    for prefix in SINGLE_CITY & provinces.keys():
        province = provinces[prefix]
        cities[prefix] = [Division(prefix + "0100", province.name, province.label)]
    province_index = _spellings(provinces.values())
    city_index: dict[tuple[str, str], Division] = {}
    district_index: dict[tuple[str, str], Division] = {}
    for prefix, members in cities.items():
        spelled = _spellings(members)
        if prefix in SINGLE_CITY:
            spelled |= dict.fromkeys(SINGLE_CITY_SPELLINGS, members[0])
        city_index.update({(prefix, spelling): city for spelling, city in spelled.items()})
        for city in members:
            own = frozenset({city.label, *short_forms(city.name)})
            district_index.update({(city.code, spelling): district for spelling, district
                                   in _spellings(districts[city.code], refused=own).items()})
    by_province: dict[str, list[str]] = defaultdict(list)
    for spelling, province in province_index.items():
        by_province[province.label].append(spelling)
    return _Index(province_index, city_index, district_index,
                  {label: tuple(sorted(spellings, key=len, reverse=True)) for label, spellings in by_province.items()})


# --- lookups -----------------------------------------------------------------------------------------------


def find_province(spelling: str) -> Division | None:
    return _index().provinces.get(spelling)


def find_city(spelling: str, province: Division | None) -> Division | None:
    return _index().cities.get((province.code[:2], spelling)) if province else None


def find_district(spelling: str, city: Division | None) -> Division | None:
    return _index().districts.get((city.code, spelling)) if city else None


def _unfound_city(spelling: str, province: Division | None) -> str:
    stripped = _city_label(spelling)
    # 延边市 is no city, but 延边 is one: without its 市 it would find 延边朝鲜族自治州 when read again
    return spelling if stripped != spelling and find_city(stripped, province) else stripped


def region(province: str, city: str, district: str) -> Region:
    """The parts of a region as keys write them, from folded spellings."""
    found_province = find_province(province)
    found_city = find_city(city, found_province)
    found_district = find_district(district, found_city)
    return Region(
        province=found_province.label if found_province else province,
        city=found_city.label if found_city else _unfound_city(city, found_province),
        district=found_district.label if found_district else district,
        codes=(_code(found_province), _code(found_city), _code(found_district)))


def _code(division: Division | None) -> str | None:
    return division.code if division else None


def province_spellings(label: str) -> tuple[str, ...]:
    """Every spelling that finds the province with this label, longest first; none for an unknown one."""
    return _index().province_spellings.get(label, ())

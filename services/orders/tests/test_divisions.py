"""Provinces, cities and districts by division code: the kept list, the spellings that find a division,
and the labels keys are written with."""

from __future__ import annotations

import time
from collections import defaultdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.orders.domain import divisions
from services.orders.domain.divisions import find_city, find_district, find_province, region

ROWS = divisions._rows()


def _level(code: str) -> str:
    if code[2:] == "0000":
        return "province"
    if code[4:] == "00" or code[2:4] == divisions.DIRECTLY_GOVERNED:
        return "city"
    return "district"


def _placed() -> list[tuple[str, str, str, str]]:
    """(level, code, name, parent code) of every division the index holds."""
    out = []
    for code, name in ROWS:
        level = _level(code)
        if level == "city" and code[:2] in divisions.SINGLE_CITY:
            continue
        parent = {"province": "", "city": code[:2] + "0000", "district": divisions._city_code(code)}[level]
        out.append((level, code, name, parent))
    return out


PLACED = _placed()


def _find(level: str, spelling: str, parent: str) -> divisions.Division | None:
    if level == "province":
        return find_province(spelling)
    if level == "city":
        return find_city(spelling, find_province(_province_name(parent)))
    province = find_province(_province_name(parent[:2] + "0000"))
    city = find_city(_city_spelling(parent), province)
    return find_district(spelling, city)


_NAMES = dict(ROWS)


def _province_name(code: str) -> str:
    return _NAMES[code]


def _city_spelling(code: str) -> str:
    return _NAMES.get(code) or _NAMES[code[:2] + "0000"]


def test_the_kept_list_has_every_province_and_six_digit_codes():
    assert len(ROWS) > 3000 and len({code for code, _ in ROWS}) == len(ROWS)
    assert all(len(code) == 6 and code.isdigit() and name for code, name in ROWS)
    assert sum(1 for code, _ in ROWS if _level(code) == "province") == 34
    assert not any(name in ("市辖区", "县") or name.endswith("直辖") for _, name in ROWS)


def test_every_official_name_and_every_label_finds_its_own_division_under_its_parent():
    for level, code, name, parent in PLACED:
        found = _find(level, name, parent)
        assert found is not None and found.code == code, (level, code, name)
        assert _find(level, found.label, parent) == found, (level, code, found.label)


def test_no_two_divisions_under_one_parent_share_a_label():
    labels: dict[tuple[str, str], set[str]] = defaultdict(set)
    for level, code, name, parent in PLACED:
        found = _find(level, name, parent)
        labels[(parent, found.label)].add(code)
    assert {key: codes for key, codes in labels.items() if len(codes) > 1} == {}


@pytest.mark.parametrize(("province", "city", "district", "codes"), [
    ("浙江", "杭州", "西湖", ("330000", "330100", "330106")),
    ("浙江省", "杭州市", "西湖区", ("330000", "330100", "330106")),
    ("上海", "市辖区", "浦东", ("310000", "310100", "310115")),
    ("重庆", "县", "城口", ("500000", "500100", "500229")),
    ("重庆市", "重庆市", "沙坪坝区", ("500000", "500100", "500106")),
    ("广西自治区", "南宁", "青秀", ("450000", "450100", "450103")),
    ("内蒙古", "阿拉善", "阿拉善左旗", ("150000", "152900", "152921")),
    ("吉林", "延边州", "延吉", ("220000", "222400", "222401")),
    ("辽宁", "本溪", "本溪县", ("210000", "210500", "210521")),
    ("湖北", "仙桃", "", ("420000", "429004", None)),
    ("香港", "香港", "中西区", ("810000", "810100", "810101")),
    ("北京", "北京", "朝阳县", ("110000", "110100", None)),  # a suffix must be the right one
    ("辽宁", "朝阳", "朝阳", ("210000", "211300", None)),  # the city's own name: the city itself, or 朝阳县?
    ("河北", "石家庄", "井陉", ("130000", "130100", None)),  # 井陉县 or 井陉矿区
    ("吉林", "长春", "船营区", ("220000", "220100", None)),  # 船营区 is in 吉林市
    ("吉林", "延边市", "延吉", ("220000", None, None)),
    ("火星", "杭州", "西湖", (None, None, None)),
])
def test_spellings_find_divisions_or_nothing(province, city, district, codes):
    assert region(province, city, district).codes == codes


def test_the_same_name_in_two_places_is_two_divisions():
    beijing, liaoning = region("北京", "北京", "朝阳"), region("辽宁", "朝阳", "朝阳县")
    changchun = region("吉林", "长春", "朝阳")
    assert len({beijing.codes, liaoning.codes, changchun.codes}) == 3
    assert (beijing.district, changchun.district) == ("朝阳区", "朝阳区")


def test_autonomous_divisions_are_found_without_their_peoples():
    assert divisions.short_forms("恩施土家族苗族自治州") == ("恩施", "恩施州")
    assert divisions.short_forms("积石山保安族东乡族撒拉族自治县") == ("积石山", "积石山县")
    assert divisions.short_forms("巴音郭楞蒙古自治州") == ("巴音郭楞", "巴音郭楞州")
    assert divisions.short_forms("鄂温克族自治旗") == ("鄂温克", "鄂温克旗")
    assert divisions.short_forms("内蒙古自治区") == ("内蒙古", "内蒙古自治区")
    assert divisions.short_forms("西湖区") == ("西湖",)


def test_labels_are_what_keys_have_always_said_for_official_names():
    shanghai = region("上海市", "上海市", "浦东新区")
    assert (shanghai.province, shanghai.city, shanghai.district) == ("上海", "上海", "浦东新区")
    assert region("广西壮族自治区", "南宁市", "青秀区").province == "广西"
    assert region("吉林省", "延边朝鲜族自治州", "延吉市").city == "延边朝鲜族自治州"
    assert divisions.province_spellings("广西") == ("广西壮族自治区", "广西自治区", "广西")


def test_an_unknown_city_keeps_a_市_that_would_make_it_a_known_city():
    assert region("吉林", "延边市", "").city == "延边市"
    assert region("吉林", "松原新市", "").city == "松原新"
    assert region("火星", "奥林帕斯市", "").city == "奥林帕斯"


@given(st.sampled_from([row for row in PLACED if row[0] != "province"]), st.booleans())
def test_reading_a_region_twice_changes_nothing(row, short):
    level, code, name, parent = row
    spelling = (divisions.short_forms(name) or (name,))[0] if short else name
    province_name = _NAMES[code[:2] + "0000"]
    city = _city_spelling(parent) if level == "district" else spelling
    district = spelling if level == "district" else ""
    once = region(province_name, city, district)
    again = region(once.province, once.city, once.district)
    assert again == once


def test_a_lookup_is_a_dictionary_read():
    region("浙江", "杭州", "西湖")  # the index is built once, on first use
    started = time.perf_counter()
    for _ in range(10_000):
        region("浙江省", "杭州市", "西湖")
    assert time.perf_counter() - started < 0.5

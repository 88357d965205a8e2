"""Pinyin initials: the rule (GB2312's level-1 order), its properties, and the migration that fills the
initials of products that existed before it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from common.migrations import upgrade
from services.catalog.domain.search import initial, initials, may_be_initials, search_text


@pytest.mark.parametrize(("name", "expected"), [
    ("东北大米", "dbdm"),
    ("東北大米 5KG", "dbdm 5kg"),  # through the same normalisation as the search text
    ("五常大米", "wcdm"),
    ("山东烟台红富士苹果", "sdythfspg"),
    ("有机鸡蛋", "yjjd"),
    ("啊", "a"),  # the first level-1 character
    ("座", "z"),  # the last
])
def test_common_characters_give_their_initial(name, expected):
    assert initials(search_text(name)) == expected


def test_other_characters_stay_as_they_are():
    assert initial("a") is None and initial("5") is None and initial("|") is None
    assert initial("莓") is None  # level 2 (ordered by radical): no initial, never a wrong one
    assert initials("蓝莓 | 水果") == "l莓 | sg"


def test_only_latin_letters_may_be_initials():
    assert may_be_initials("dbdm") and may_be_initials("dm")
    assert not may_be_initials("大米") and not may_be_initials("5kg") and not may_be_initials("d-m")


@given(st.text(max_size=40))
def test_initials_keep_every_position_and_give_only_lowercase_letters_for_chinese(text):
    shown = initials(text)
    assert len(shown) == len(text)
    for before, after in zip(text, shown, strict=True):
        assert after == before or (after in "abcdefghjklmnopqrstwxyz" and "\u4e00" <= before <= "\u9fff")


def test_existing_products_get_their_initials(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path.as_posix()}/catalog.db"
    upgrade("catalog", url, "c1f8e2a9b4d7")
    engine = sa.create_engine(f"sqlite:///{tmp_path.as_posix()}/catalog.db")
    at = "2026-11-30 00:00:00.000000"
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO product (id, name, role, unit, description, kind, images, categories, published, "
            "search_text, min_price_fen, units_sold, created_at, updated_at) VALUES (1, '东北大米', 'regular', "
            "'袋', '', 'single', '[]', '[]', 1, '东北大米 | 粮油', 0, 0, :at, :at)"), {"at": at})
    upgrade("catalog", url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT search_initials FROM product")).scalar_one() == "dbdm | ly"
    engine.dispose()

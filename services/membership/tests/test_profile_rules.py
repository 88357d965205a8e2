"""The profile's rules: what a nickname and an avatar may be, and what strangers see of a buyer."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.membership.domain.profile import FALLBACK_INITIAL, avatar_problem, clean_nickname, initial

VISIBLE = st.characters(whitelist_categories=("L", "N", "P", "S"))


@given(st.text(VISIBLE, min_size=1, max_size=32))
def test_a_visible_nickname_is_kept_stable(nickname):
    cleaned = clean_nickname(nickname)
    assert cleaned == clean_nickname(cleaned)
    assert 1 <= len(cleaned) <= 32


@given(st.text(VISIBLE, min_size=1, max_size=10), st.sampled_from(["\u0000", "\u202e", "\u200b", "\ue000", "\u2028"]),
       st.text(VISIBLE, min_size=1, max_size=10))
def test_a_hidden_character_anywhere_refuses_the_nickname(before, hidden, after):
    with pytest.raises(ValueError, match="cannot hold"):
        clean_nickname(before + hidden + after)


@pytest.mark.parametrize("bad", ["", "   ", "\u3000", "字" * 33])
def test_blank_and_overlong_nicknames_are_refused(bad):
    with pytest.raises(ValueError, match="a nickname has"):
        clean_nickname(bad)


def test_a_nickname_is_trimmed_and_keeps_joined_emoji():
    assert clean_nickname("  王小二 ") == "王小二"
    assert clean_nickname("👩\u200d👩\u200d👧") == "👩\u200d👩\u200d👧"


@given(st.text(max_size=40))
def test_strangers_see_one_character_at_most(nickname):
    shown = initial(nickname)
    assert len(shown) == 1
    assert shown == FALLBACK_INITIAL or shown in nickname


def test_an_avatar_is_an_https_url_with_a_host_and_nothing_hidden():
    assert avatar_problem("https://thirdwx.qlogo.cn/mmopen/vi_32/abc/132") is None
    for bad in ("http://thirdwx.qlogo.cn/a.png", "https:///a.png", "https://user:pw@cdn.example.com/a.png",
                "https://cdn.example.com/a.png#x", "https://cdn.example.com/a b.png", "javascript:alert(1)",
                "https://cdn.example.com:port/a.png", "https://cdn.example.com/" + "a" * 500,
                "data:image/png;base64,xx"):
        assert avatar_problem(bad) is not None, bad

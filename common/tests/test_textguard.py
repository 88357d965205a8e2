"""The NUL guard: exactly the JSON texts holding U+0000 are refused, however they are escaped around it."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from common.textguard import holds_nul

texts = st.recursive(st.text() | st.integers() | st.none(),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                     max_leaves=12)


def has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list):
        return any(has_nul(item) for item in value)
    if isinstance(value, dict):
        return any(has_nul(key) or has_nul(item) for key, item in value.items())
    return False


@given(texts)
def test_a_json_body_is_refused_exactly_when_some_text_in_it_holds_nul(value) -> None:
    for ascii_only in (True, False):
        assert holds_nul(json.dumps(value, ensure_ascii=ascii_only).encode()) == has_nul(value)


def test_an_escaped_backslash_before_u0000_is_not_a_nul() -> None:
    assert not holds_nul(json.dumps({"path": "C:\\u0000"}).encode())
    assert holds_nul(json.dumps({"path": "C:\\\x00"}).encode())

"""The search normalisation and query rules, with properties over generated text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.catalog.domain.search import (
    MAX_TERMS,
    QueryError,
    like_pattern,
    normalise,
    query_terms,
    search_text,
)


@pytest.mark.parametrize(("typed", "stored"), [
    ("東北大米", "东北大米"),
    ("ＡＢＣ１２３", "abc123"),
    ("  五常　大米 ", "五常 大米"),
    ("Organic EGGS", "organic eggs"),
])
def test_spellings_meet(typed, stored):
    assert normalise(typed) == stored


def test_a_query_is_its_distinct_terms_and_blank_is_refused():
    assert query_terms(" 大米  東北 大米") == ["大米", "东北"]
    with pytest.raises(QueryError):
        query_terms(" 　 ")
    with pytest.raises(QueryError):
        query_terms(" ".join(f"w{n}" for n in range(MAX_TERMS + 1)))


def test_search_text_holds_the_name_labels_and_category_names_once():
    assert search_text("東北大米", ["粮油"], ["米面粮油", "粮油"]) == "东北大米 | 粮油 | 米面粮油"


def _like_matches(pattern: str, text: str) -> bool:
    """``LIKE pattern ESCAPE '\\'`` as the databases read it."""
    regex, chars = "", iter(pattern)
    for char in chars:
        if char == "\\":
            regex += re.escape(next(chars))
        elif char == "%":
            regex += ".*"
        elif char == "_":
            regex += "."
        else:
            regex += re.escape(char)
    return re.fullmatch(regex, text, flags=re.DOTALL) is not None


@given(st.text(max_size=30))
def test_normalising_twice_changes_nothing(text):
    assert normalise(normalise(text)) == normalise(text)


@given(st.text(alphabet="ab%_\\大米", min_size=1, max_size=6), st.text(alphabet="ab%_\\大米", max_size=12))
def test_a_term_matches_exactly_the_texts_that_contain_it(term, text):
    assert _like_matches(like_pattern(term), text) == (term in text)

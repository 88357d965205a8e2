"""Keyword search over product names, pure: the text a product is found by and the terms a query is.

Both sides go through one normalisation, so what a buyer types meets what ops wrote however either
spelled it: Unicode NFKC (full-width letters, digits and spaces become half-width), traditional
characters become simplified (OpenCC ``t2s``: 東北大米 → 东北大米), letters are case-folded and runs of
white space become one space.  A query is split on white space into at most ``MAX_TERMS`` terms that
must all occur (AND); each term is matched as a substring, so 大米 finds 东北大米 without a word
segmenter.  Terms are escaped for ``LIKE`` (``%``, ``_`` and the escape character itself match only
themselves).

Pinyin initials (``dbdm`` or ``dm`` → 东北大米): a term of Latin letters also matches the product's
``initials`` — each character of its search text replaced by the first letter of its pinyin.  No pinyin
table is shipped: GB2312's 3,755 level-1 characters (the common ones, which product names use) are
ordered by pinyin, so a character's initial is the letter whose first level-1 character comes at or
before it (``_INITIAL_STARTS``: 23 characters).  Rarer characters (level 2, ordered by radical) and
other scripts give no initial, and a character with two readings gets the one GB2312 files it under
(长 → c) — a convenience for typing on a phone, never the only way to find a product.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable

import opencc

MAX_QUERY_CHARS = 64
MAX_TERMS = 5
LIKE_ESCAPE = "\\"

_T2S = opencc.OpenCC("t2s")
_SPACES = re.compile(r"\s+")
_LETTERS = re.compile(r"[a-z]+")
# The first level-1 GB2312 character of each initial (no pinyin starts with i, u or v).
_INITIAL_STARTS = [int.from_bytes(c.encode("gb2312"), "big") for c in "啊芭擦搭蛾发噶哈击喀垃妈拿哦啪期然撒塌挖昔压匝"]
_INITIALS = "abcdefghjklmnopqrstwxyz"
_LEVEL_1_END = 0xD7F9


class QueryError(ValueError):
    """A query that cannot be searched for: blank, or too many terms."""


def normalise(text: str) -> str:
    """The searchable form of ``text``: half-width, simplified, case-folded, single-spaced."""
    folded = unicodedata.normalize("NFKC", text)
    return _SPACES.sub(" ", _T2S.convert(folded).casefold()).strip()


def search_text(name: str, labels: Iterable[str] = (), category_names: Iterable[str] = ()) -> str:
    """What a product is found by: its name, ops' free labels and the names of its categories (and of
    their parents), normalised; the parts are kept apart by a separator no query term can contain."""
    parts = [normalise(part) for part in (name, *labels, *category_names)]
    return " | ".join(dict.fromkeys(part for part in parts if part))


def initial(character: str) -> str | None:
    """The first letter of a common Chinese character's pinyin (东 → d); None for any other character."""
    try:
        code = int.from_bytes(character.encode("gb2312"), "big")
    except UnicodeEncodeError:
        return None
    if not _INITIAL_STARTS[0] <= code <= _LEVEL_1_END:
        return None
    return _INITIALS[bisect_right(_INITIAL_STARTS, code) - 1]


def initials(text: str) -> str:
    """``text`` (normalised) with each common Chinese character as its pinyin initial and every other
    character as it was: 东北大米 5kg → dbdm 5kg."""
    return "".join(initial(c) or c for c in text)


def may_be_initials(term: str) -> bool:
    """Whether a query term could be pinyin initials (Latin letters only), to match against ``initials``."""
    return _LETTERS.fullmatch(term) is not None


def query_terms(query: str) -> list[str]:
    """The distinct normalised terms of a buyer's query; ``QueryError`` when it has none or too many."""
    terms = list(dict.fromkeys(term for term in normalise(query).split(" ") if term and term != "|"))
    if not terms:
        raise QueryError("the query has no characters to search for")
    if len(terms) > MAX_TERMS:
        raise QueryError(f"at most {MAX_TERMS} words")
    return terms


def like_pattern(term: str) -> str:
    """A ``LIKE`` pattern (escape character ``\\``) matching any text that contains ``term`` literally."""
    escaped = term.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%").replace("_", LIKE_ESCAPE + "_")
    return f"%{escaped}%"

"""Keyword search over product names, pure: the text a product is found by and the terms a query is.

Both sides go through one normalisation, so what a buyer types meets what ops wrote however either
spelled it: Unicode NFKC (full-width letters, digits and spaces become half-width), traditional
characters become simplified (OpenCC ``t2s``: 東北大米 → 东北大米), letters are case-folded and runs of
white space become one space.  A query is split on white space into at most ``MAX_TERMS`` terms that
must all occur (AND); each term is matched as a substring, so 大米 finds 东北大米 without a word
segmenter.  Terms are escaped for ``LIKE`` (``%``, ``_`` and the escape character itself match only
themselves).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import opencc

MAX_QUERY_CHARS = 64
MAX_TERMS = 5
LIKE_ESCAPE = "\\"

_T2S = opencc.OpenCC("t2s")
_SPACES = re.compile(r"\s+")


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

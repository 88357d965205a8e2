"""What a buyer may set on their profile, and what others are shown of it.

- A nickname is 1–32 characters once trimmed, with no control, format (but the emoji joiner) or private
  use characters: it is printed on pickup lists, share cards and ledgers, and a hidden character there
  either breaks the layout or disguises one buyer as another.
- An avatar is an ``https`` URL (the mini-program can only load images over https) of at most 500
  characters, with a host, no user name or password and no fragment.
- Others see a buyer only masked: the first character of the nickname and the avatar (a group's share
  page); never the rest of the name, the phone or the address.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

NICKNAME_MAX = 32
AVATAR_MAX = 500
_REFUSED_CATEGORIES = {"Cc", "Cs", "Co", "Cn", "Zl", "Zp"}
_EMOJI_JOINER = "\u200d"
FALLBACK_INITIAL = "*"


def clean_nickname(raw: str) -> str:
    """The nickname as stored (NFC, trimmed); ``ValueError`` saying why it cannot be one."""
    nickname = unicodedata.normalize("NFC", raw).strip()
    if not nickname:
        raise ValueError("a nickname has at least one visible character")
    if len(nickname) > NICKNAME_MAX:
        raise ValueError(f"a nickname has at most {NICKNAME_MAX} characters")
    for char in nickname:
        category = unicodedata.category(char)
        if category in _REFUSED_CATEGORIES or (category == "Cf" and char != _EMOJI_JOINER):
            raise ValueError(f"a nickname cannot hold the character U+{ord(char):04X}")
    return nickname


def avatar_problem(url: str) -> str | None:
    """Why ``url`` cannot be an avatar, or None when it can."""
    if len(url) > AVATAR_MAX:
        return f"an avatar URL has at most {AVATAR_MAX} characters"
    if any(char.isspace() or unicodedata.category(char) == "Cc" for char in url):
        return "an avatar URL holds no spaces or control characters"
    try:
        parts = urlsplit(url)
        port = parts.port  # raises on a port that is not a number
    except ValueError:
        return "not a URL"
    if parts.scheme != "https":
        return "an avatar URL is https"
    if not parts.hostname:
        return "an avatar URL names a host"
    if parts.username is not None or parts.password is not None:
        return "an avatar URL holds no user name or password"
    if parts.fragment:
        return "an avatar URL has no fragment"
    del port
    return None


def initial(nickname: str) -> str:
    """张三丰 → 张: the first character, all that a stranger sees of a neighbour's name."""
    nickname = nickname.strip()
    return nickname[0] if nickname else FALLBACK_INITIAL

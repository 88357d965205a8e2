"""Random text for numbers and nonces, from the system's secure source in one read.

``secrets.choice`` per character asks the kernel for random bits once per character (a syscall each):
an order number, its payment's nonce and its signature's nonce cost dozens per order.  One read of
``os.urandom`` serves a whole string; bytes that would favour the first letters of the alphabet (those
at or above the largest multiple of its length) are dropped, so every letter stays equally likely."""

from __future__ import annotations

import os


def random_text(alphabet: str, length: int) -> str:
    """``length`` letters of ``alphabet``, each drawn uniformly and independently (at most 256 letters)."""
    size = len(alphabet)
    if not 0 < size <= 256:
        raise ValueError("the alphabet must have between 1 and 256 letters")
    limit = 256 - 256 % size  # bytes below it map onto the alphabet evenly
    drawn: list[str] = []
    while len(drawn) < length:
        drawn.extend(alphabet[byte % size] for byte in os.urandom(length - len(drawn) + 8) if byte < limit)
    return "".join(drawn[:length])

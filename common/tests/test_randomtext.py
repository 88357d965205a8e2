from collections import Counter

import pytest

from common.randomtext import random_text


def test_length_and_alphabet_kept():
    for length in (0, 1, 12, 32, 300):
        text = random_text("0123456789", length)
        assert len(text) == length
        assert set(text) <= set("0123456789")


def test_every_letter_about_equally_likely():
    # 62 letters: 256 is not a multiple of 62, so without dropping bytes the first 8 letters would come
    # up 5/4 as often as the rest; with 200,000 draws that bias is ~60 standard deviations.
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    counts = Counter(random_text(alphabet, 200_000))
    expected = 200_000 / len(alphabet)
    assert set(counts) == set(alphabet)
    assert max(abs(count - expected) for count in counts.values()) < 6 * expected ** 0.5


def test_draws_differ():
    assert len({random_text("0123456789", 12) for _ in range(1000)}) == 1000


def test_alphabet_size_checked():
    with pytest.raises(ValueError):
        random_text("", 3)

"""The share link's token opens exactly one group and fits a mini-program code's scene."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from services.orders.domain.share_link import TOKEN_LENGTH, opens, share_secret, share_token

SECRET = share_secret("a-long-enough-internal-key-for-tests-0123456789")
GROUP_IDS = st.integers(min_value=1, max_value=2**31 - 1)


@given(GROUP_IDS)
def test_a_groups_token_opens_it_and_fits_the_scene(group_id):
    token = share_token(SECRET, group_id)
    assert opens(SECRET, group_id, token)
    assert len(token) == TOKEN_LENGTH
    assert len(f"g={group_id}&t={token}") <= 32


@given(GROUP_IDS, GROUP_IDS)
def test_a_token_never_opens_another_group(group_id, other):
    if group_id != other:
        assert not opens(SECRET, other, share_token(SECRET, group_id))


@given(GROUP_IDS, st.text(max_size=20))
def test_made_up_tokens_open_nothing(group_id, guess):
    assert opens(SECRET, group_id, guess) == (guess == share_token(SECRET, group_id))


def test_another_secret_gives_other_tokens():
    assert share_token(share_secret("another-internal-key-of-enough-length-987654"), 7) != share_token(SECRET, 7)
    assert not opens(SECRET, 7, None)

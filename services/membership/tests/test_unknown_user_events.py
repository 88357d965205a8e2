"""An event naming a user membership has never seen is refused (the consumer retries it, then dead-letters
it), whichever handler takes it and whether or not it would change anything for a known user."""

from __future__ import annotations

import pytest

from services.membership.tests.test_stages import (
    apply,
    confirmed,
    db,  # noqa: F401 - the fixture
    new_id,
    paid,
    placed,
    referee_confirmed,
    referee_paid,
    shared,
)

UNKNOWN = 2**31 - 11


@pytest.mark.parametrize("event", [
    lambda: placed(UNKNOWN, new_id()),
    lambda: placed(UNKNOWN, new_id(), group_id=new_id()),
    lambda: paid(UNKNOWN, new_id()),
    lambda: shared(UNKNOWN),
    lambda: referee_paid(UNKNOWN, new_id()),
    lambda: referee_confirmed(UNKNOWN, new_id(), 1),
    lambda: referee_confirmed(UNKNOWN, new_id(), 3),
    lambda: confirmed(UNKNOWN, new_id(), 1_000),
])
async def test_an_event_for_an_unknown_user_is_refused(db, event):  # noqa: F811
    with pytest.raises(LookupError):
        await apply(db, event())

"""Where a join came from: the share a source names, and the funnel's rows per source kind."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from services.orders.domain.share_link import share_secret, share_token
from services.orders.domain.share_source import SOURCE_KINDS, funnel_rows, share_key
from services.orders.share_funnel import attribution
from services.orders.share_schemas import ShareSource, VisitCreate

SECRET = share_secret("a-long-enough-internal-key-for-tests-0123456789")
GROUP_IDS = st.integers(min_value=1, max_value=2**31 - 1)
SCENES = st.text(alphabet="23456789abcdefghjkmnpqrstuvwxyz", min_size=10, max_size=10)
COUNTS = st.dictionaries(st.sampled_from([*SOURCE_KINDS, "unknown"]), st.integers(min_value=0, max_value=1000))


@given(GROUP_IDS, SCENES)
def test_a_group_link_names_the_share_even_with_a_scene(group_id, scene):
    assert share_key(group_id=group_id, scene=scene) == f"g{group_id}"
    assert share_key(group_id=None, scene=scene) == f"s{scene}"
    assert share_key(group_id=None, scene=None) is None
    assert len(share_key(group_id=group_id, scene=None)) <= 40


@given(GROUP_IDS, st.sampled_from(SOURCE_KINDS))
def test_a_groups_own_token_is_kept_and_another_groups_is_refused(group_id, kind):
    token = share_token(SECRET, group_id)
    assert attribution(ShareSource(kind=kind, group_id=group_id, share_token=token), SECRET) == (kind, f"g{group_id}")
    with pytest.raises(Exception, match="does not belong"):
        attribution(ShareSource(kind=kind, group_id=group_id % (2**31 - 1) + 1, share_token=token), SECRET)
    assert attribution(None, SECRET) == (None, None)


def test_unknown_kinds_and_half_links_are_refused():
    for bad in ({"kind": "tiktok"}, {"kind": "poster", "group_id": 1}, {"kind": "poster", "share_token": "x"},
                {"kind": "poster", "extra": 1}):
        with pytest.raises(ValidationError):
            ShareSource.model_validate(bad)
    with pytest.raises(ValidationError):
        VisitCreate.model_validate({"kind": "code"})  # a visit names its share
    with pytest.raises(ValidationError):
        VisitCreate.model_validate({"kind": "scene", "scene": "abcdefghjk"})  # visits say code, card, poster


@given(COUNTS, COUNTS, st.booleans(), st.booleans())
def test_every_kind_has_a_row_and_unknown_figures_stay_unknown(visits, joins, shares_known, binds_known):
    rows = funnel_rows(shares={"scene": 3} if shares_known else None, visits=visits,
                       binds={kind: (n, n // 2) for kind, n in joins.items()} if binds_known else None,
                       joins={kind: (n, n // 3) for kind, n in joins.items()})
    assert [row["source"] for row in rows][:4] == list(SOURCE_KINDS)
    assert len({row["source"] for row in rows}) == len(rows)
    by_source = {row["source"]: row for row in rows}
    for kind, count in visits.items():
        assert by_source[kind]["visits"] == count
    for row in rows:
        assert (row["binds"] is None) == (not binds_known) and (row["shares"] is None) == (
            not shares_known or row["source"] != "scene")
        assert row["joins_first_paid"] <= row["joins"]

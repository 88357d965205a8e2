"""Quiet hours and message fields (``domain.reach``), as properties."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from services.membership.domain.reach import SCENES, SHANGHAI, quiet_until, send_at, thing, tier_message, yuan

moments = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 1, 1),  # noqa: DTZ001 - naive bounds
                       timezones=st.just(UTC))
hours = st.integers(min_value=0, max_value=23)


def _quiet(at: datetime, start: int, end: int) -> bool:
    hour = at.astimezone(SHANGHAI).hour
    return (start <= hour < end) if start < end else (hour >= start or hour < end) if start != end else False


@given(moments, hours, hours)
def test_a_message_never_goes_in_quiet_hours_and_waits_no_longer_than_they_last(at, start, end):
    released = send_at(at, "group_tier", start_hour=start, end_hour=end)
    assert released >= at
    assert not _quiet(released, start, end)
    assert released - at <= timedelta(hours=24)
    if not _quiet(at, start, end):
        assert released == at


@given(moments)
def test_the_default_window_releases_at_eight_shanghai(at):
    until = quiet_until(at, start_hour=22, end_hour=8)
    if until is not None:
        local = until.astimezone(SHANGHAI)
        assert (local.hour, local.minute, local.second) == (8, 0, 0)
        assert until - at <= timedelta(hours=10)


@given(moments)
def test_pickup_day_reminders_ignore_quiet_hours(at):
    for scene, rule in SCENES.items():
        if rule.pickup_day:
            assert send_at(at, scene, start_hour=22, end_hour=8) == at


def test_half_past_eleven_at_night_waits_for_the_morning():
    at = datetime(2026, 12, 5, 23, 30, tzinfo=SHANGHAI).astimezone(UTC)
    assert send_at(at, "group_tier", start_hour=22, end_hour=8) == datetime(2026, 12, 6, 8, tzinfo=SHANGHAI)
    assert send_at(at, "order_arrived", start_hour=22, end_hour=8) == at


@given(st.integers(min_value=-10**9, max_value=10**9))
def test_amounts_read_back_to_the_same_fen(fen):
    shown = yuan(fen)
    assert shown.endswith("元")
    assert round(float(shown[:-1]) * 100) == fen


@given(st.text(max_size=60))
def test_things_fit_wechats_twenty_characters(text):
    assert len(thing(text)) <= 20
    if len(text) <= 20:
        assert thing(text) == text


def test_the_tier_message_says_how_many_more_and_the_price_they_bring():
    assert tier_message(unit_price_fen=9000, needed=1, next_unit_price_fen=8500) == {
        "amount1": "90.00元", "thing2": "再1位邻居下单 每份85.00元"}
    top = tier_message(unit_price_fen=7500, needed=None, next_unit_price_fen=None)
    assert top["thing2"] == "已达最高档，成团价最低"

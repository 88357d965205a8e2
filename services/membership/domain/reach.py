"""Subscription messages (订阅消息), as rules: the scenes a buyer can consent to, what each message
says and opens, and quiet hours.  No I/O.

A *scene* is one kind of message the mini-program asks consent for with ``wx.requestSubscribeMessage``
(one template id each, configured in ``ReachSettings.templates``).  Consents are one-time: one accepted
request allows one message.  The field names (``thing1``, ``amount2`` …) are the keys of the template
registered in the mini-program's admin console; WeChat limits a ``thing`` to 20 characters, a
``phrase`` to 5, so values are cut here rather than refused there (47003).

Quiet hours: nothing is sent between ``start`` and ``end`` o'clock, Asia/Shanghai (default 22:00–08:00);
a message due then waits until ``end``.  Pickup-day reminders (goods arrived, goods waiting) go at once:
a buyer who is told at 07:50 can still pick up on the way to work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Scene:
    page: str
    pickup_day: bool = False


SCENES: dict[str, Scene] = {
    "group_tier": Scene(page="pages/group/detail"),
    "group_succeeded": Scene(page="pages/group/detail"),
    "group_failed": Scene(page="pages/group/detail"),
    "order_arrived": Scene(page="pages/order/detail", pickup_day=True),
    "order_uncollected": Scene(page="pages/order/detail", pickup_day=True),
    "refund_paid": Scene(page="pages/order/detail"),
    "order_shipped": Scene(page="pages/order/detail"),
    "rebate_credited": Scene(page="pages/rebates/index"),
    "withdrawal_paid": Scene(page="pages/withdrawals/detail"),
}

EARNING_KINDS = {"rebate": "推广返利", "commission": "团长佣金", "reward": "拉新奖励"}


def yuan(fen: int) -> str:
    """Integer fen as WeChat's ``amount`` field shows it: ``8500`` → ``85.00元``."""
    sign = "-" if fen < 0 else ""
    fen = abs(fen)
    return f"{sign}{fen // 100}.{fen % 100:02d}元"


def thing(text: str) -> str:
    """A ``thing`` field: at most 20 characters."""
    return text if len(text) <= 20 else text[:19] + "…"


def business_time(at: datetime) -> str:
    """A ``time`` field: the Shanghai wall clock, ``2026-12-05 20:30``."""
    return at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


def field_values(values: dict[str, str]) -> dict[str, dict[str, str]]:
    """The ``data`` object of ``message/subscribe/send``: every value wrapped as ``{"value": …}``."""
    return {name: {"value": value} for name, value in values.items()}


def tier_message(*, unit_price_fen: int, needed: int | None, next_unit_price_fen: int | None) -> dict[str, str]:
    """"1 more neighbour → ¥85": the price now, and what one or more buyers would bring."""
    if needed is None or next_unit_price_fen is None:
        hint = "已达最高档，成团价最低"
    else:
        hint = f"再{needed}位邻居下单 每份{yuan(next_unit_price_fen)}"
    return {"amount1": yuan(unit_price_fen), "thing2": thing(hint)}


def group_closed_message(*, succeeded: bool, final_unit_price_fen: int | None, closed_at: datetime) -> dict[str, str]:
    outcome = "拼团成功" if succeeded else "未成团，已全额退款"
    values = {"phrase1": outcome[:5], "time3": business_time(closed_at)}
    if final_unit_price_fen is not None:
        values["amount2"] = yuan(final_unit_price_fen)
    return values


def shipped_message(*, order_no: str, delivery_date: date, pickup_point: str, shipped_at: datetime) -> dict[str, str]:
    """"On its way": when and where to pick it up."""
    return {"character_string1": order_no[:32],
            "thing2": thing(f"{delivery_date.month}月{delivery_date.day}日到{pickup_point}取货"),
            "time3": business_time(shipped_at)}


def credited_message(*, kind: str, amount_fen: int, credited_at: datetime) -> dict[str, str]:
    """An earning became withdrawable: how much, what for."""
    return {"amount1": yuan(amount_fen), "thing2": thing(f"{EARNING_KINDS.get(kind, '收益')}已到账，可提现"),
            "time3": business_time(credited_at)}


def withdrawal_paid_message(*, payout_fen: int, paid_at: datetime) -> dict[str, str]:
    return {"amount1": yuan(payout_fen), "thing2": thing("提现已到账微信零钱"), "time3": business_time(paid_at)}


def quiet_until(at: datetime, *, start_hour: int, end_hour: int) -> datetime | None:
    """When quiet hours that cover ``at`` end (UTC), or None when ``at`` is outside them.

    ``start_hour == end_hour`` means no quiet hours.  The window may wrap midnight (22 → 8) or not
    (13 → 14)."""
    if start_hour == end_hour:
        return None
    local = at.astimezone(SHANGHAI)
    hour = local.hour
    inside = (start_hour <= hour < end_hour) if start_hour < end_hour else (hour >= start_hour or hour < end_hour)
    if not inside:
        return None
    end_day = local.date()
    if start_hour > end_hour and hour >= start_hour:
        end_day += timedelta(days=1)
    end = datetime.combine(end_day, time(end_hour), tzinfo=SHANGHAI)
    return end.astimezone(UTC)


def send_at(at: datetime, scene: str, *, start_hour: int, end_hour: int) -> datetime:
    """When a message of ``scene`` due at ``at`` may go: at once, or when quiet hours end."""
    if SCENES[scene].pickup_day:
        return at
    return quiet_until(at, start_hour=start_hour, end_hour=end_hour) or at

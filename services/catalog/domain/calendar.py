"""The campaign calendar's rule: which concrete activities a recurring template yields in a span of
time.  Templates are RFC 5545 RRULEs read on the business calendar (Asia/Shanghai); pure, no I/O."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

BUSINESS_TZ = ZoneInfo("Asia/Shanghai")
MAX_OCCURRENCES = 1_000


def local_midnight(day: date) -> datetime:
    """The start of a business-calendar day."""
    return datetime.combine(day, time(0), tzinfo=BUSINESS_TZ)


def parse_rule(rule: str, *, first_day: datetime) -> None:
    """Raise ValueError unless ``rule`` is an RRULE dateutil accepts (no DTSTART/UNTIL games)."""
    text = rule.strip()
    if not text.startswith("FREQ=") and not text.startswith("RRULE:"):
        raise ValueError("rrule must be an RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=MO,TU,WE,TH")
    if "DTSTART" in text.upper():
        raise ValueError("rrule must not carry DTSTART: the template's start_date and start_time give it")
    rrulestr(text, dtstart=first_day)


def occurrences(*, rule: str, start_date: datetime, start_time: time, window_from: datetime,
                window_to: datetime) -> list[datetime]:
    """Start times (aware UTC) of the template's occurrences with ``window_from <= t < window_to``.

    ``start_date`` is the first local day the rule may fire; ``start_time`` the local time of day.
    Days the rule names that do not exist (the 31st of a 30-day month) are skipped, as RFC 5545 says.
    """
    local_first = datetime.combine(start_date.date(), start_time, tzinfo=BUSINESS_TZ)
    rule_set = rrulestr(rule.strip(), dtstart=local_first)
    found: list[datetime] = []
    after = window_from.astimezone(BUSINESS_TZ) - timedelta(microseconds=1)
    before = window_to.astimezone(BUSINESS_TZ)
    for moment in rule_set.xafter(after, count=MAX_OCCURRENCES, inc=False):
        if moment >= before:
            break
        found.append(moment.astimezone(UTC))
    return found

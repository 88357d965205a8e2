"""Stock rules: what a gift pack can sell given its components.  Pure, no I/O."""

from __future__ import annotations

from collections.abc import Iterable


def bundle_stock(components: Iterable[tuple[int, int]]) -> int:
    """Packs buildable from ``(component stock, units per pack)`` pairs: the scarcest component decides."""
    counts = [stock // per_pack for stock, per_pack in components if per_pack > 0]
    return max(0, min(counts)) if counts else 0

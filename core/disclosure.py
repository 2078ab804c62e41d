"""The small-count rule: no public figure about children is below 5.

A count of children from 1 to 4 is shown as "<5" (0 discloses nobody and is shown as 0). Suppressing one cell is not
enough when a total is shown beside its parts: the hidden cell would be the total minus the others. So within a group
of cells that add up to a shown total, if exactly one cell is hidden, the smallest other non-zero cell is hidden with it
(complementary suppression), and a group whose total itself is small hides everything.

Every public page, chart, map, download and the open-data API passes counts of children through this module; officers'
own screens (who may see their region's files) do not.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

THRESHOLD = 5
HIDDEN = "<5"


@dataclass(frozen=True, slots=True)
class Count:
    """A count of children as the public may see it: ``value`` is None when hidden."""

    value: int | None

    @property
    def hidden(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return HIDDEN if self.value is None else f"{self.value:,}"

    def for_json(self) -> int | str:
        """The number, or the string "<5" (what the API and CSV downloads carry)."""
        return HIDDEN if self.value is None else self.value


def is_small(value: int | None) -> bool:
    return value is not None and 0 < value < THRESHOLD


def public_count(value: int | None) -> Count:
    """One count on its own (no total beside it)."""
    return Count(None if is_small(value) else (value or 0))


def public_counts(counts: Mapping[Hashable, int | None]) -> tuple[dict[Hashable, Count], Count]:
    """A group of counts and their total, suppressed together so that no hidden cell can be recovered by subtraction.

    Returns ``(cells, total)``. The total is hidden when it is small itself; then every cell is hidden too.
    """
    values = {key: value or 0 for key, value in counts.items()}
    total = sum(values.values())
    if is_small(total):
        return {key: Count(None) if value else Count(0) for key, value in values.items()}, Count(None)
    hidden = {key for key, value in values.items() if is_small(value)}
    if len(hidden) == 1:
        candidates = sorted((value, str(key), key) for key, value in values.items() if value and key not in hidden)
        if candidates:
            hidden.add(candidates[0][2])
    return {key: Count(None if key in hidden else value) for key, value in values.items()}, Count(total)

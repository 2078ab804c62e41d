"""The small-count rule, including the total that would reveal a hidden cell by subtraction."""

from core.disclosure import HIDDEN, public_count, public_counts


def test_counts_from_one_to_four_are_hidden_and_zero_is_not():
    assert [str(public_count(n)) for n in (0, 1, 4, 5, 1234)] == ["0", HIDDEN, HIDDEN, "5", "1,234"]
    assert public_count(3).for_json() == "<5" and public_count(7).for_json() == 7


def test_one_hidden_cell_hides_the_next_smallest_so_the_total_cannot_reveal_it():
    cells, total = public_counts({"留守儿童": 40, "困境儿童": 3, "孤儿": 9, "其他": 0})
    assert total.value == 52
    assert cells["困境儿童"].hidden and cells["孤儿"].hidden
    assert cells["留守儿童"].value == 40 and cells["其他"].value == 0
    # Whatever is shown, the hidden ones can only be recovered as a sum (12), never one by one.
    shown = sum(c.value for c in cells.values() if not c.hidden)
    assert total.value - shown == 12


def test_two_hidden_cells_need_nothing_more():
    cells, _ = public_counts({"a": 2, "b": 3, "c": 50})
    assert [cells[k].hidden for k in "abc"] == [True, True, False]


def test_a_small_total_hides_every_non_zero_cell():
    cells, total = public_counts({"a": 2, "b": 0})
    assert total.hidden and cells["a"].hidden and cells["b"].value == 0

"""Complementary suppression: in a group whose total is visible, no "< 5" can be worked out by subtraction.

Expected outputs are written from the rule (core/smallcounts.py docstring, docs/guide-statistiques.md):
counts 1–4 show "< 5"; when that leaves a single hidden cell, the next smallest non-zero cell is hidden too
("masqué"); more are hidden while the total would still pin a hidden cell to one value; zeros show "0".
"""

import pytest

from tremplin.core.smallcounts import display_group, suppressed_cells

M, S = "< 5", "masqué"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # The example: total 12, rows 9 and 3. Alone, "< 5" would be 12 − 9 = 3; the 9 is hidden too.
        ([9, 3, 0], [S, M, "0"]),
        # The next *smallest* non-zero cell is the complement, not the largest.
        ([20, 3, 7, 0, 12], ["20", M, S, "0", "12"]),
        # Two "< 5" summing to 5 (1+4, 2+3, 3+2, 4+1): neither can be told, the group stays as is.
        ([10, 2, 3], ["10", M, M]),
        # Two "< 5" summing to 2 can only be 1 and 1: the next smallest cell is hidden as well.
        ([10, 1, 1], [S, M, M]),
        # Two "< 5" summing to 8 can only be 4 and 4: same.
        ([30, 4, 4, 6], ["30", M, M, S]),
        # Three "< 5" summing to 6: many combinations, nothing more to hide.
        ([15, 1, 2, 3], ["15", M, M, M]),
        # A total under 5: every non-zero cell is "< 5", zeros stay.
        ([3, 0, 0], [M, "0", "0"]),
        ([2, 1], [M, M]),
        # Nothing small: nothing hidden, zeros included.
        ([0, 0, 7], ["0", "0", "7"]),
        ([5, 6, 0], ["5", "6", "0"]),
        # None ("no figure") is never hidden nor chosen as the complement.
        ([None, 3, 8], ["—", M, S]),
    ],
)
def test_a_group_hides_enough_cells_that_none_comes_back_by_subtraction(values, expected):
    assert display_group(values, mask=True) == expected


def test_the_complement_ties_go_to_the_first_row():
    assert suppressed_cells([6, 2, 6]) == frozenset({0, 1})


def test_exact_figures_for_site_managers_and_the_national_team():
    assert display_group([9, 3, 0], mask=False) == ["9", "3", "0"]
    assert suppressed_cells([9, 3, 0], mask=False) == frozenset()


def test_cells_hidden_by_another_group_count_as_hidden():
    # The 8 was hidden as a complement in a sub-group (e.g. the in-stock statuses): with the "< 5" of this
    # group that already makes two hidden cells whose sum (11) leaves the "< 5" 1 to 4: nothing more.
    assert suppressed_cells([8, 3, 20], already=[0]) == frozenset({0, 1})
    # A zero never becomes hidden, even when another group hid it.
    assert suppressed_cells([0, 3, 20], already=[0]) == frozenset({1, 2})

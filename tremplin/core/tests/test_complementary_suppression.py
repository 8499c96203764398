"""Complementary suppression: in a group whose total is visible, no "< 5" can be worked out by subtraction.

Expected outputs are written from the rule (core/smallcounts.py docstring, docs/guide-statistiques.md):
counts 1–4 show "< 5"; when that leaves a single hidden cell, the next smallest non-zero cell is hidden too
("masqué"); more are hidden while the total would still pin a hidden cell to one value; zeros show "0".
"""

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tremplin.core.smallcounts import Relation, display_group, suppress, suppressed_cells

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
        # Two cells under a shown total of 6: "< 5" (1–4) + "masqué" (5 or more) = 6 can only be 1 + 5. There is
        # no other cell to hide and the total stays: both show "masqué", which does not say which is small
        # (a + b = 6 with a, b ≥ 1 has five answers).
        ([5, 1], [S, S]),
        ([1, 5, 0], [S, S, "0"]),
        # Under a total of 8, "< 5" + "masqué" leaves 1–3 and 5–7: the usual labels are kept.
        ([7, 1], [S, M]),
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


def test_a_headline_total_with_its_parts_is_a_group():
    # People helped 43 = 3 new + 40 already followed: the 40 would give the 3 back; the total stays.
    found = suppress({"helped": 43, "new": 3, "already": 40}, [Relation("helped", ("new", "already"))])
    assert found.hidden == {"new", "already"} and not found.plain


def test_a_nested_count_must_not_leave_a_difference_of_one_to_four():
    # 20 referred, 17 contacted: 3 people were not contacted; the 17 is hidden (the 20 is the total).
    assert suppress({"referred": 20, "contacted": 17}, [Relation("referred", ("contacted",), exact=False)]).hidden == {
        "contacted"
    }
    # 20 and 14: 6 not contacted, nothing to hide.
    assert not suppress({"referred": 20, "contacted": 14}, [Relation("referred", ("contacted",), exact=False)]).hidden


def test_a_count_shown_twice_is_hidden_twice():
    # The table's 9 is the headline figure "individual": hidden as the 3's complement, hidden as a figure too.
    found = suppress(
        {"individual": 9, "row_individual": 9, "row_collective": 3},
        [Relation(None, ("row_individual", "row_collective"))],
        links=[{"individual", "row_individual"}],
    )
    assert found.hidden == {"individual", "row_individual", "row_collective"}


def test_a_hidden_total_does_not_come_back_from_its_visible_parts():
    # 43 activities = 40 individual + 3 collective: the 40 is hidden; its breakdown 20 + 15 + 5 would add up
    # to it: the 5 goes too (the 40 is then 40 or more, the 5 is 5 or more).
    found = suppress(
        {"activities": 43, "individual": 40, "collective": 3, "a": 20, "b": 15, "c": 5},
        [Relation("activities", ("individual", "collective")), Relation("individual", ("a", "b", "c"))],
    )
    assert found.hidden == {"individual", "collective", "c"}


def _told(texts, values):
    """Brute force, independent of suppress(): the hidden cells (texts "< 5" / "masqué") a viewer can pin to one
    value, knowing the total (exactly from 5 on, as "< 5" under 5). "< 5" is 1–4; "masqué" is 5 or more — or 1
    or more when that reading has no answer (a group showing all its cells "masqué")."""
    import itertools

    total = sum(values)
    visible = sum(value for text, value in zip(texts, values, strict=True) if text not in (M, S))
    totals = {total} if total >= 5 else set(range(1, 5))
    hidden = [text for text in texts if text in (M, S)]
    for masked_low in (5, 1):
        ranges = [range(1, 5) if text == M else range(masked_low, total + 1) for text in hidden]
        answers = [
            combo for combo in itertools.product(*ranges) if any(sum(combo) + visible == known for known in totals)
        ]
        if answers:
            return [index for index in range(len(hidden)) if len({combo[index] for combo in answers}) == 1]
    return []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=5))
def test_no_hidden_cell_of_a_group_can_be_told(values):
    # Known limit (docs/guide-statistiques.md): four or more non-zero cells that add up to their number (four under
    # a total shown "< 5", five under a total of 5…) can only be 1 each; nothing but the zeros (never hidden) and
    # the total (kept) is left to hide.
    nonzero = [value for value in values if value]
    assume(not (len(nonzero) >= 4 and all(value == 1 for value in nonzero)))
    texts = display_group(values, mask=True)
    # A cell shows its count or is hidden; a count of 1 to 4 is never shown; a zero is never hidden.
    assert all(text in (M, S) or text == str(value) for text, value in zip(texts, values, strict=True))
    assert not any(text == str(value) for text, value in zip(texts, values, strict=True) if 0 < value < 5)
    assert all(text == "0" for text, value in zip(texts, values, strict=True) if value == 0)
    assert not _told(texts, values), (values, texts)

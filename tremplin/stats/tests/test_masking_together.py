"""Relations that are safe one by one but not together, and a previous period's rows that are not listed.

Expected texts from the rule (docs/guide-statistiques.md, « Masquage : ce que l'intrus peut calculer »):
"< 5" for 1–4; "masqué" for a complement (5 or more) — and, when the relations taken together still pin a
count of 1 to 4 and no shown part is left to hide, for every hidden cell of the relations that pin it (which
of them are under 5 is not told); a total stays shown.
"""

from tremplin.stats.tests.test_intruder import E, R, blocks_of, board, compare, people

from .disclosure import leaks
from .test_masking_relations import M, S, figure_cells, stats_table


def texts(block, table_key, column):
    table = block.table(table_key)
    return [row["cells"][column]["value"] for row in stats_table(table, True, True, block)["rows"]]


def test_relations_that_pin_a_count_together_show_their_hidden_cells_masque():
    # 6 referrals (shown); 5 accepted; 1 declined, at the first partner, for the first reason.
    # Partner rows (referrals, accepted, declined): p0 (3, 2, 1), p1 (1, 1, 0), p2 (2, 2, 0).
    # One by one: the 5 accepted are hidden ("masqué", 5 or more) since 6 − 5 gives the 1 not accepted back.
    # Together: Σ referrals 6 ≥ Σ accepted (5 or more) + Σ declined (1 or more) gives 5 and 1: the declined
    # count, its partner cell and its reason cell, with the partner row that pins them, show "masqué".
    now = E(referrals=[R(0, 2), R(0, 2), R(0, 1, True), R(1, 2), R(2, 2), R(2, 2)])
    blocks = [compare(c, p) for c, p in zip(blocks_of(now), blocks_of(E()), strict=True)]
    board(blocks)
    funnel, partners = blocks[2], blocks[3]
    assert texts(funnel, "funnel", 0) == ["6", "6", S, "0", "0", "0", "0"]
    assert [figure_cells(partners, row, True)["value"] for row in partners.figures] == ["6", S]
    per_partner = partners.table("per_partner")
    rows = stats_table(per_partner, True, True, partners)["rows"]
    assert [[row["cells"][column]["value"] for column in (0, 1, 3)] for row in rows] == [
        [S, S, S],
        [M, M, "0"],
        [M, M, "0"],
    ]
    assert texts(partners, "decline_reasons", 0) == [S, "0"]
    assert not leaks(board(blocks))


def test_a_previous_periods_rows_not_listed_do_not_give_their_people_back():
    # This period: 5 people, all in commune c0. Before: 6 in c0 and 2 in c1, which is not listed this period
    # (dashboard.compare keeps this period's rows): 8 helped − 6 in c0 would give the 2 back. The 6 is hidden
    # ("masqué"): 8 − (5 or more) leaves 0 to 3 people elsewhere.
    now = E(people=[people(0)] * 5)
    before = E(people=[people(0)] * 6 + [people(1)] * 2)
    blocks = [compare(c, p) for c, p in zip(blocks_of(now), blocks_of(before), strict=True)]
    board(blocks)
    block = blocks[1]
    communes = stats_table(block.table("communes"), True, True, block)["rows"]
    assert [(cell["value"], cell["previous"]) for cell in (row["cells"][0] for row in communes)] == [("5", S)]
    assert figure_cells(block, block.figure("helped"), True)["previous"] == "8"
    assert not leaks(board(blocks))


def test_four_people_in_four_communes_hide_their_total_too():
    # 1 + 1 + 1 + 1 under a total "< 5" (so 4 at most): four cells of at least 1 are 1 each, even all "masqué".
    # The total must go too: every hidden count of the relations that pin them (helped, already followed, the
    # four communes, the one age band and gender with people) shows "masqué" — a sum of four cells of 1 or more
    # under a total of 1 or more has many answers.
    now = E(people=[people(commune) for commune in range(4)])
    blocks = [compare(c, p) for c, p in zip(blocks_of(now), blocks_of(E()), strict=True)]
    board(blocks)
    block = blocks[1]
    assert [figure_cells(block, row, True)["value"] for row in block.figures] == [S, "0", S, "0"]
    assert texts(block, "communes", 0) == [S, S, S, S]
    assert texts(block, "age_bands", 0) == [S, "0", "0"]
    assert texts(block, "gender", 0) == [S, "0", "0"]
    assert not leaks(board(blocks))

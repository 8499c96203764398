"""suppress() with relations that pin a small count only together (core/smallcounts.py, step 4).

Expected cells from the rule (docs/guide-statistiques.md, « Masquage : ce que l'intrus peut calculer »)."""

from tremplin.core.smallcounts import Relation, suppress

COMMUNES = tuple(f"commune {number}" for number in range(6))


def test_six_people_in_six_communes_hide_the_total_and_what_gives_it_back():
    # 6 = 1 + 1 + 1 + 1 + 1 + 1: six cells of at least 1 under a shown 6 are 1 each, even all "masqué" (plain).
    # The total 6 is hidden ("masqué", 5 or more): the six cells then have many answers. 6 = new 0 + already 6
    # would give the total back: "already" is hidden too; the 0 stays.
    values = {"helped": 6, "new": 0, "already": 6, **dict.fromkeys(COMMUNES, 1)}
    found = suppress(values, [Relation("helped", ("new", "already")), Relation("helped", COMMUNES)])
    assert found.hidden == {"helped", "already", *COMMUNES}
    assert found.plain >= set(COMMUNES)


def test_two_nested_counts_under_a_shown_total_show_masque():
    # referrals 6 = a 3 + b 3 (both "< 5"); accepted 5 (hidden: 6 − 5 gives 1); declined 1 ("< 5").
    # referrals ≥ accepted + declined gives 6 ≥ (5 or more) + (1 or more): 5 and 1 — so the hidden cells of
    # that relation show "masqué" (plain): a "masqué" of 1 or more plus another leaves several answers.
    values = {"referrals": 6, "accepted": 5, "declined": 1, "a": 3, "b": 3}
    relations = [
        Relation("referrals", ("a", "b")),
        Relation("referrals", ("accepted",), exact=False),
        Relation("referrals", ("accepted", "declined"), exact=False),
    ]
    found = suppress(values, relations)
    assert found.hidden == {"accepted", "declined", "a", "b"}
    assert {"accepted", "declined"} <= found.plain

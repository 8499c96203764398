"""Every additive relation a page shows is a suppression group: no "< 5" comes back by subtraction.

The expected texts are worked out by hand from the rule (docs/guide-statistiques.md, « Masquage
complémentaire », and the list of relations there): counts 1–4 show "< 5"; in a relation whose other cells
are shown, the smallest shown non-zero part is hidden too ("masqué", 5 or more); a total stays shown; a
nested count (contacted among referred) must not leave its difference (referred but not contacted) at 1–4;
a rate computed from a hidden count is not shown ("—"); each period is masked on its own figures and bases.
"""

import io
from datetime import date

from tremplin.api.endpoints.stats import _board_out
from tremplin.stats.exports import headline_rows, table_rows
from tremplin.stats.figures import COUNT, DAYS, PERCENT, Block, Dashboard, Row, Table, compare
from tremplin.stats.filters import Filters
from tremplin.stats.periods import Period
from tremplin.stats.scope import StatsScope
from tremplin.stats.templatetags.stats_tags import figure_cells, stats_table

M, S = "< 5", "masqué"
PERIOD = Period(date(2026, 1, 1), date(2026, 3, 31))


def board(*blocks, mask=True):
    return Dashboard(StatsScope.network(mask_small_counts=mask), PERIOD, PERIOD.previous(), Filters(), list(blocks))


def people_block():
    """43 people helped: 3 new, 40 already followed; the previous period 30 = 12 + 18 (nothing small)."""
    return Block(
        "people",
        "Personnes accompagnées",
        "",
        "",
        figures=[
            Row("helped", "Personnes accompagnées (uniques)", (43,), previous=(30,)),
            Row("new", "Nouvelles personnes", (3,), previous=(12,)),
            Row("already", "Personnes déjà suivies", (40,), previous=(18,)),
            Row("anonymous", "Accompagnements anonymes", (0,), previous=(0,)),
        ],
    )


def shown(block, mask=True):
    return {row.key: figure_cells(block, row, mask) for row in block.figures}


def test_new_and_already_followed_are_a_group_under_people_helped():
    block = people_block()
    board(block)
    cells = shown(block)
    # 43 − 40 would give the 3 back: the 40 is hidden too; the total stays.
    assert [cells[key]["value"] for key in ("helped", "new", "already")] == ["43", M, S]
    assert cells["new"]["delta"] == cells["already"]["delta"] == ""
    # The previous period (30 = 12 + 18) has nothing small: shown, on its own figures.
    assert [cells[key]["previous"] for key in ("helped", "new", "already")] == ["30", "12", "18"]


def test_the_national_team_sees_the_exact_headline_figures():
    block = people_block()
    board(block, mask=False)
    assert [cell["value"] for cell in shown(block, mask=False).values()] == ["43", "3", "40", "0"]


def test_the_export_the_api_and_the_pdf_hide_the_same_headline_figures():
    from pypdf import PdfReader

    from tremplin.stats.report_pdf import build_report

    block = people_block()
    whole = board(block)
    lines = {line[1]: line[3] for line in headline_rows(whole)[1:]}
    assert lines["Nouvelles personnes"] == M and lines["Personnes déjà suivies"] == S
    assert getattr(lines["Personnes accompagnées (uniques)"], "value", None) == 43
    api = {figure["key"]: figure["value"] for figure in _board_out(whole)["blocks"][0]["figures"]}
    assert (api["helped"], api["new"], api["already"]) == (43, M, S)
    pdf = bytes(build_report(title="T", introduction="", board=whole).output())
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Personnes déjà suivies masqué 18" in text and "Nouvelles personnes < 5 12" in text


def activities_block():
    """40 individual activities and 3 collective ones (12 participations): 43 activities, 52 accompaniments;
    autonomy of the 40 individual ones: 20, 15, 5, 0."""
    return Block(
        "activities",
        "Activités",
        "",
        "",
        figures=[
            Row("activities", "Activités", (43,)),
            Row("accompaniments", "Accompagnements", (52,)),
            Row("individual", "Accompagnements individuels", (40,)),
            Row("collective", "Ateliers collectifs", (3,)),
            Row("collective_participants", "Participations aux ateliers collectifs", (12,)),
        ],
        tables=[
            Table(
                "by_kind",
                "Par type",
                ("Activités", "Accompagnements"),
                (COUNT, COUNT),
                [Row("individuel", "Individuel", (40, 40)), Row("collectif", "Collectif", (3, 12))],
                share_column=0,
            ),
            Table(
                "by_autonomy",
                "Autonomie",
                ("Accompagnements individuels",),
                (COUNT,),
                [Row("a", "A", (20,)), Row("b", "B", (15,)), Row("c", "C", (5,)), Row("", "Non renseignée", (0,))],
                share_column=0,
            ),
        ],
    )


def test_a_count_shown_twice_is_hidden_in_both_places_and_its_breakdown_follows():
    block = activities_block()
    board(block)
    cells = shown(block)
    # 43 = individual + "< 5": the 40 goes; 52 = 40 (now hidden) + 12: the 12 goes too.
    assert [cells[key]["value"] for key in ("activities", "accompaniments", "individual", "collective")] == [
        "43",
        "52",
        S,
        M,
    ]
    assert cells["collective_participants"]["value"] == S
    kinds = stats_table(block.tables[0], True, True, block)["rows"]
    assert [[cell["value"] for cell in row["cells"]] for row in kinds] == [[S, S], [M, S]]
    # The autonomy column adds up to the hidden 40: its smallest cell goes, and no share is shown (20 at
    # 50 % would give the 40 back).
    autonomy = stats_table(block.tables[1], True, True, block)["rows"]
    assert [row["cells"][0]["value"] for row in autonomy] == ["20", "15", S, "0"]
    assert [row["cells"][0]["share"] for row in autonomy] == ["—", "—", "—", "—"]  # a hidden share: "—"
    exported = table_rows(block.tables[1], True, compare=False, block=block)
    assert [line[1] for line in exported[1:]][2] == S


def funnel_block():
    """20 referrals, 17 contacted, 15 accepted, 9 diagnosed, 6 at a workshop, none equipped or followed up."""
    steps = [("referred", 20), ("contacted", 17), ("accepted", 15), ("diagnosed", 9), ("workshop", 6)]
    steps += [("equipped", 0), ("follow_up", 0)]
    return Block(
        "funnel",
        "Parcours",
        "",
        "",
        tables=[
            Table(
                "funnel",
                "Étapes du parcours",
                ("Personnes", "Part des orientées"),
                (COUNT, PERCENT),
                [
                    Row(key, key, (count, round(100 * count / 20)), base=(None, min(count, 20) or 20))
                    for key, count in steps
                ],
                chart="funnel",
            )
        ],
    )


def test_a_nested_step_does_not_give_the_people_it_lost_back():
    block = funnel_block()
    board(block)
    rows = stats_table(block.tables[0], True, True, block)["rows"]
    # 20 − 17 = 3 referrals never contacted: the 17 is hidden, and so is its share (85 % of 20 is 17);
    # 17 − 15 = 2 is then unknown (17 hidden); 20 − 15 = 5, 15 − 9 = 6, 15 − 6 = 9: nothing else to hide.
    assert [row["cells"][0]["value"] for row in rows] == ["20", S, "15", "9", "6", "0", "0"]
    assert [row["cells"][1]["value"] for row in rows] == ["100 %", "—", "75 %", "45 %", "30 %", "0 %", "0 %"]


def test_the_funnels_referrals_and_the_partners_are_one_cohort():
    funnel = funnel_block()
    partners = Block(
        "partners",
        "Partenaires",
        "",
        "",
        figures=[Row("referrals", "Orientations reçues", (20,)), Row("declined", "Orientations refusées", (0,))],
        tables=[
            Table(
                "per_partner",
                "Par structure",
                ("Orientations", "Acceptées", "Taux d'acceptation", "Refusées", "Délai"),
                (COUNT, COUNT, PERCENT, COUNT, DAYS),
                [
                    Row("CCAS", "CCAS", (14, 13, 93, 0, 2.0), base=(None, None, 13, None, 14)),
                    Row("CAF", "CAF", (6, 2, 33, 0, 1.0), base=(None, None, 2, None, 6)),
                ],
            )
        ],
    )
    board(funnel, partners)
    rows = stats_table(partners.tables[0], True, True, partners)["rows"]
    # CAF: 2 accepted ("< 5"); the accepted column adds up to the funnel's 15 accepted: the 13 goes too, and
    # its rate (93 % of 14). CCAS: 14 − 13 = 1 referral not accepted is then unknown; CAF: 6 − 2 = 4 not
    # accepted, with the 2 hidden as "< 5": 2 to 5, not told.
    assert [[cell["value"] for cell in row["cells"][:3]] for row in rows] == [["14", S, "—"], ["6", M, "—"]]


def test_a_two_cell_group_under_a_shown_total_hides_both_without_telling_which_is_small():
    table = Table(
        "t", "Deux cases", ("Personnes",), (COUNT,), [Row("a", "A", (5,)), Row("b", "B", (1,))], share_column=0
    )
    rows = stats_table(table, True)["rows"]
    # "< 5" and "masqué" (5 or more) under a total of 6 would give 1 and 5: both show "masqué".
    assert [row["cells"][0]["value"] for row in rows] == [S, S]


def test_each_period_masks_its_rates_and_medians_on_its_own_base():
    def workshops(fill, base, delay, people):
        return Block(
            "workshops",
            "Ateliers",
            "",
            "",
            figures=[
                Row("fill_rate", "Taux de remplissage", (fill,), base=(base,)),
                Row("delay", "Délai médian", (delay,), base=(people,)),
            ],
            figure_units={"fill_rate": PERCENT, "delay": DAYS},
        )

    # This period: 50 % of 20 seats (10 bookings), a median over 8 people; the previous one: 50 % of 8 seats
    # (4 bookings) and a median over 3 people.
    current = compare(workshops(50, 10, 12, 8), workshops(50, 4, 9, 3))
    board(current)
    cells = shown(current)
    assert (cells["fill_rate"]["value"], cells["fill_rate"]["previous"]) == ("50 %", "—")
    assert (cells["delay"]["value"], cells["delay"]["previous"]) == ("12 j", "—")
    # The other way round: the current period is the small one.
    current = compare(workshops(50, 4, 9, 3), workshops(50, 10, 12, 8))
    board(current)
    cells = shown(current)
    assert (cells["fill_rate"]["value"], cells["fill_rate"]["previous"]) == ("—", "50 %")
    assert (cells["delay"]["value"], cells["delay"]["previous"]) == ("—", "12 j")
    lines = headline_rows(board(current))
    assert lines[1][3] == "—" and getattr(lines[1][4], "value", None) == 50  # fill rate: now, before


def test_hours_of_training_per_person_present_do_not_give_the_people_back():
    # One 2-hour session, 2 people present ("< 5"): 4 hours of training would give the 2 back.
    block = Block(
        "workshops",
        "Ateliers",
        "",
        "",
        figures=[
            Row("sessions", "Séances tenues", (1,)),
            Row("enrolled", "Inscriptions confirmées", (6,)),
            Row("present", "Présences", (2,)),
            Row("hours", "Heures d'ateliers animées", (2.0,)),
            Row("person_hours", "Heures de formation suivies", (4.0,)),
        ],
        figure_units={"hours": "hours", "person_hours": "hours"},
    )
    board(block)
    cells = shown(block)
    # 6 enrolled, 2 present: the 4 not present are a small count too, and 6 is the total: the 6 stays and
    # nothing else can be hidden there ("< 5" present: 2 to 5 not present).
    assert [cells[key]["value"] for key in ("enrolled", "present", "person_hours")] == ["6", M, "—"]

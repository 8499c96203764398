"""An intruder's attack on what an observer sees for one period and filter (tests/disclosure.py): no count of 1
to 4 may be read or worked out exactly, by linear algebra over every number published (page, exports, API)
and every relation the guide documents, the previous period and the changes included.

Random small data sets are built from records (people, activities, referrals, diagnostics) so that the blocks'
figures satisfy their definitions like the real ones; the previous period's rows are matched to the current
rows as dashboard.compare() does (a commune with nobody this period is not listed, even if it had people
before).
"""

from datetime import date

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tremplin.core.smallcounts import rate_base
from tremplin.stats.figures import COUNT, DAYS, PERCENT, Block, Dashboard, Row, Table, compare
from tremplin.stats.filters import Filters
from tremplin.stats.periods import Period
from tremplin.stats.scope import StatsScope

from .disclosure import Audit, leaks
from .disclosure_derived import derived_leaks

PERIOD = Period(date(2026, 1, 1), date(2026, 3, 31))


def board(blocks):
    return Dashboard(StatsScope.network(mask_small_counts=True), PERIOD, PERIOD.previous(), Filters(), blocks)


def count(records, **wanted):
    return sum(1 for record in records if all(record[key] == value for key, value in wanted.items()))


def people_block(people):
    """people: [{"new": bool, "age": 0–2, "commune": 0–3, "gender": 0–2}]."""
    helped = len(people)
    new = count(people, new=True)
    communes = [(f"c{c}", count(people, commune=c)) for c in range(4)]
    return Block(
        "people",
        "Personnes",
        "",
        "",
        figures=[
            Row("helped", "Personnes accompagnées", (helped,)),
            Row("new", "Nouvelles", (new,)),
            Row("already", "Déjà suivies", (helped - new,)),
            Row("anonymous", "Anonymes", (0,)),
        ],
        tables=[
            Table(
                "age_bands",
                "Âge",
                ("Personnes",),
                (COUNT,),
                [Row(f"a{a}", f"a{a}", (count(people, age=a),)) for a in range(3)],
                share_column=0,
            ),
            # Like people.py: only the communes somebody lives in this period.
            Table(
                "communes",
                "Communes",
                ("Personnes",),
                (COUNT,),
                [Row(k, k, (n,)) for k, n in communes if n],
                share_column=0,
            ),
            Table(
                "gender",
                "Genre",
                ("Personnes",),
                (COUNT,),
                [Row(f"g{g}", f"g{g}", (count(people, gender=g),)) for g in range(3)],
            ),
        ],
    )


def activities_block(individual, collective):
    """individual: [{"autonomy": 0–2, "long": bool}]; collective: [{"participants": 1–6, "long": bool}]."""
    participants = sum(item["participants"] for item in collective)
    ind, col = len(individual), len(collective)

    def durations(long):
        acts = count(individual, long=long) + count(collective, long=long)
        accs = count(individual, long=long) + sum(item["participants"] for item in collective if item["long"] == long)
        return (acts, accs)

    return Block(
        "activities",
        "Activités",
        "",
        "",
        figures=[
            Row("activities", "Activités", (ind + col,)),
            Row("accompaniments", "Accompagnements", (ind + participants,)),
            Row("individual", "Individuels", (ind,)),
            Row("collective", "Collectifs", (col,)),
            Row("collective_participants", "Participations", (participants,)),
        ],
        tables=[
            Table(
                "by_kind",
                "Par type",
                ("Activités", "Accompagnements"),
                (COUNT, COUNT),
                [Row("individuel", "Individuel", (ind, ind)), Row("collectif", "Collectif", (col, participants))],
                share_column=0,
            ),
            Table(
                "by_duration",
                "Durée",
                ("Activités", "Accompagnements"),
                (COUNT, COUNT),
                [Row("court", "court", durations(False)), Row("long", "long", durations(True))],
                share_column=0,
            ),
            Table(
                "by_autonomy",
                "Autonomie",
                ("Individuels",),
                (COUNT,),
                [Row(f"u{u}", f"u{u}", (count(individual, autonomy=u),)) for u in range(3)],
                share_column=0,
            ),
        ],
    )


STEPS = ("referred", "contacted", "accepted", "diagnosed", "workshop", "equipped", "follow_up")


def journey_blocks(referrals):
    """referrals: [{"partner": 0–2, "stage": 0–4, "declined": bool, "reason": 0–1}] — stage 0 referred, 1 contacted,
    2 accepted, 3 diagnosed, 4 diagnosed and followed up; declined only before acceptance (contacted)."""
    referred = len(referrals)
    steps = {
        "referred": referred,
        "contacted": sum(1 for r in referrals if r["stage"] >= 1),
        "accepted": sum(1 for r in referrals if r["stage"] >= 2),
        "diagnosed": sum(1 for r in referrals if r["stage"] >= 3),
        "workshop": sum(1 for r in referrals if r["stage"] >= 3 and r["partner"] == 0),
        "equipped": 0,
        "follow_up": sum(1 for r in referrals if r["stage"] >= 4),
    }
    funnel = Block(
        "funnel",
        "Parcours",
        "",
        "",
        tables=[
            Table(
                "funnel",
                "Étapes",
                ("Personnes", "Part des orientées"),
                (COUNT, PERCENT),
                [
                    Row(
                        k,
                        k,
                        (steps[k], round(100 * steps[k] / referred) if referred else None),
                        base=(None, min(steps[k], referred) or referred),
                    )
                    for k in STEPS
                ],
            )
        ],
    )
    declined = [r for r in referrals if r["declined"]]
    per_partner = []
    for p in range(3):
        mine = [r for r in referrals if r["partner"] == p]
        if not mine:
            continue
        accepted = sum(1 for r in mine if r["stage"] >= 2)
        refused = sum(1 for r in mine if r["declined"])
        per_partner.append(
            Row(
                f"p{p}",
                f"p{p}",
                (len(mine), accepted, round(100 * accepted / len(mine)), refused, 1.0),
                base=(None, None, accepted, None, len(mine)),
            )
        )
    partners = Block(
        "partners",
        "Partenaires",
        "",
        "",
        figures=[Row("referrals", "Orientations reçues", (referred,)), Row("declined", "Refusées", (len(declined),))],
        tables=[
            Table(
                "per_partner",
                "Par structure",
                ("Orientations", "Acceptées", "Taux", "Refusées", "Délai"),
                (COUNT, COUNT, PERCENT, COUNT, DAYS),
                per_partner,
                share_column=0,
            ),
            Table(
                "decline_reasons",
                "Motifs",
                ("Orientations",),
                (COUNT,),
                [Row(f"m{m}", f"m{m}", (count(declined, reason=m),)) for m in range(2)],
                share_column=0,
            ),
        ],
    )
    return funnel, partners


def skills_block(people):
    """people: [{"first": bool, "follow_up": bool, "profile": 0–2}] — people who finished a diagnostic."""
    first = [p for p in people if p["first"]]
    followed = count(first, follow_up=True)
    return Block(
        "skills",
        "Compétences",
        "",
        "",
        figures=[
            Row("assessments", "Diagnostics", (len(people),)),
            Row("first", "Premiers", (len(first),)),
            Row("with_follow_up", "Dont suivi", (followed,)),
            # A share and a median over the people followed up, as skills_figures gives them (derived figures:
            # disclosure_derived.py).
            Row(
                "follow_up_share",
                "Part suivie",
                (round(100 * followed / len(first)) if first else None,),
                base=(rate_base(followed, len(first)),),
            ),
            Row("median_days_to_follow_up", "Délai médian", (30 if followed else None,), base=(followed,)),
        ],
        figure_units={"follow_up_share": PERCENT, "median_days_to_follow_up": DAYS},
        tables=[
            Table(
                "profiles",
                "Profils",
                ("Personnes",),
                (COUNT,),
                [Row(f"r{r}", f"r{r}", (count(first, profile=r),)) for r in range(3)],
                share_column=0,
            )
        ],
    )


def small_list(record, most=12):
    return st.lists(st.fixed_dictionaries(record), max_size=most)


PERIOD_DATA = st.fixed_dictionaries(
    {
        "people": small_list(
            {"new": st.booleans(), "age": st.integers(0, 2), "commune": st.integers(0, 3), "gender": st.integers(0, 2)}
        ),
        "individual": small_list({"autonomy": st.integers(0, 2), "long": st.booleans()}),
        "collective": small_list({"participants": st.integers(1, 6), "long": st.booleans()}, 4),
        "referrals": small_list(
            {
                "partner": st.integers(0, 2),
                "stage": st.integers(0, 4),
                "declined": st.booleans(),
                "reason": st.integers(0, 1),
            }
        ),
        "skills": small_list({"first": st.booleans(), "follow_up": st.booleans(), "profile": st.integers(0, 2)}),
    }
)


def blocks_of(data):
    for r in data["referrals"]:
        if r["declined"]:
            r["stage"] = min(r["stage"], 1)
    for p in data["skills"]:
        p["follow_up"] = p["follow_up"] and p["first"]
    return [
        activities_block(data["individual"], data["collective"]),
        people_block(data["people"]),
        *journey_blocks(data["referrals"]),
        skills_block(data["skills"]),
    ]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(PERIOD_DATA, PERIOD_DATA)
def test_no_small_count_can_be_worked_out(now, before):
    blocks = [compare(current, previous) for current, previous in zip(blocks_of(now), blocks_of(before), strict=True)]
    found = leaks(board(blocks))
    assert not found, found
    found = derived_leaks(board(blocks))  # rates, shares and medians over hidden or small counts
    assert not found, found


def E(**data):
    """A period's records: nothing but what is given."""
    return {"people": [], "individual": [], "collective": [], "referrals": [], "skills": [], **data}


def R(partner, stage, declined=False, reason=0):
    """A referral (see journey_blocks)."""
    return {"partner": partner, "stage": stage, "declined": declined, "reason": reason}


def people(commune, new=False):
    """A person helped (see people_block)."""
    return {"new": new, "age": 0, "commune": commune, "gender": 0}


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--quiet-accounts")


def test_the_demo_gives_no_small_count_back(demo, client, django_user_model):
    """What the demo's funder sees (this year, and this quarter with the previous quarter beside it)."""
    from django.urls import reverse
    from django.utils import timezone

    funder = django_user_model.objects.get(email__startswith="financeur.metropole@")
    client.force_login(funder, backend="allauth.account.auth_backends.AuthenticationBackend")
    today = timezone.localdate()
    quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    checked = 0
    for start in (date(today.year, 1, 1), quarter):
        params = {"periode": "personnalisee", "du": start.isoformat(), "au": today.isoformat()}
        response = client.get(reverse("stats:dashboard"), params)
        assert response.status_code == 200
        audit = Audit(response.context["board"])
        assert not audit.leaks(), audit.leaks()
        assert not derived_leaks(response.context["board"]), derived_leaks(response.context["board"])
        checked += sum(
            1
            for cell in audit.values
            if cell not in audit.unknowns and audit.knowledge(cell)[0] != audit.knowledge(cell)[1]
        )
    print(f"{checked} hidden counts attacked")
    assert checked  # some counts of the demo are hidden: the attack attacked something

"""The activity block (Coop definitions) and the activity per month."""

from datetime import date

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from tremplin.activities import choices

from .activity_cube import activity_cube, activity_per_month, cube_sum, cube_values
from .base import COUNT, HOURS, Block, Row, Table
from .common import _label

# Coop statistics ranges (enumerations.json "Duree.statistics_ranges", labels "Moins de 30 min" … "2 h et
# plus"): lower bound included, upper bound excluded — 30 min is in "30 min à 1 h", 2 h in "2 h et plus".
DURATION_BUCKETS = (
    ("30", 0, 30),
    ("60", 30, 60),
    ("120", 60, 120),
    ("more", 120, None),
)


def _duration_q(low, high):
    condition = Q(duration__gte=low) if low else Q()
    if high is not None:
        condition &= Q(duration__lt=high)
    return condition


def duration_bucket_labels():
    return {
        "30": _("Moins de 30 min"),
        "60": _("30 min à 1 h"),
        "120": _("1 h à 2 h"),
        "more": _("2 h et plus"),
    }


def activity_figures(scope, period, filters):
    """Activities on the national definitions (Coop de la médiation numérique, getTotalCountsStats).

    - activité: one record (CRA); a collective workshop with N people is 1 activity;
    - accompagnement: one person taking part in one activity = SUM(participant_count) (the Coop's
      accompagnements_count): an individual activity is 1 accompaniment, a collective one N;
    - individual / collective: by the activity type; thématiques: an activity counts once under each of its
      thématiques (so the column adds up to more than the total); durations in the Coop's statistics ranges
      (under 30 min, 30 min to under 1 h, 1 h to under 2 h, 2 h and more); place: lieu d'activité, domicile,
      à distance, autre; equipment used: an activity counts once per equipment ticked; autonomy: individual
      activities only (blank when not recorded).
    Source: activities room (Activity), date of the activity.
    """
    return activity_block(scope, period, filters)


def activity_block(scope, period, filters, use_aggregates=True):
    """activity_figures(), from the monthly aggregates and raw days (default) or from the raw records only."""
    cube = activity_cube(scope, period, filters, use_aggregates)
    individual, collective = choices.INDIVIDUAL, choices.COLLECTIVE
    totals = {
        "activities": cube_sum(cube, "", "", 0),
        "accompaniments": cube_sum(cube, "", "", 1),
        "minutes": cube_sum(cube, "", "", 2),
        "individual": cube_sum(cube, "", "", 0, individual),
        "collective": cube_sum(cube, "", "", 0, collective),
        "collective_participants": cube_sum(cube, "", "", 1, collective),
    }
    for key, _low, _high in DURATION_BUCKETS:
        totals[f"d_{key}"] = cube_sum(cube, "duree", key, 0)
        totals[f"da_{key}"] = cube_sum(cube, "duree", key, 1)
    for value, _label_text in choices.place_choices():
        totals[f"p_{value}"] = cube_sum(cube, "lieu", value, 0)
        totals[f"pa_{value}"] = cube_sum(cube, "lieu", value, 1)
    for value, _label_text in choices.autonomy_choices():
        totals[f"a_{value}"] = cube_sum(cube, "autonomie", value, 0, individual)
    totals["a_"] = cube_sum(cube, "autonomie", "", 0, individual)
    thematiques = cube_values(cube, "thematique")
    equipment = cube_values(cube, "materiel")

    figures = [
        Row("activities", _("Activités"), (totals["activities"],)),
        Row("accompaniments", _("Accompagnements"), (totals["accompaniments"],)),
        Row("individual", _("Accompagnements individuels"), (totals["individual"],)),
        Row("collective", _("Ateliers collectifs"), (totals["collective"],)),
        Row(
            "collective_participants", _("Participations aux ateliers collectifs"), (totals["collective_participants"],)
        ),
        Row("hours", _("Heures d'accompagnement"), (round(totals["minutes"] / 60, 1),)),
    ]
    two_columns = (_("Activités"), _("Accompagnements"))
    tables = [
        Table(
            "by_kind",
            _("Par type d'activité"),
            two_columns,
            (COUNT, COUNT),
            [
                Row(
                    choices.INDIVIDUAL,
                    _label(choices.kind_choices(), choices.INDIVIDUAL),
                    (totals["individual"], totals["individual"]),
                ),
                Row(
                    choices.COLLECTIVE,
                    _label(choices.kind_choices(), choices.COLLECTIVE),
                    (totals["collective"], totals["collective_participants"]),
                ),
            ],
            share_column=0,
        ),
        Table(
            "by_thematique",
            _("Par thématique"),
            two_columns,
            (COUNT, COUNT),
            [
                Row(value, str(label), thematiques.get(value, (0, 0)))
                for value, label in choices.thematique_choices()
                if value in thematiques
            ],
            chart="bar",
            definition=_("Une activité compte une fois pour chacune de ses thématiques."),
        ),
        Table(
            "by_duration",
            _("Par durée"),
            two_columns,
            (COUNT, COUNT),
            [
                Row(key, str(label), (totals[f"d_{key}"], totals[f"da_{key}"]))
                for key, label in duration_bucket_labels().items()
            ],
            share_column=0,
        ),
        Table(
            "by_place",
            _("Par lieu"),
            two_columns,
            (COUNT, COUNT),
            [
                Row(value, str(label), (totals[f"p_{value}"], totals[f"pa_{value}"]))
                for value, label in choices.place_choices()
            ],
            share_column=0,
        ),
        Table(
            "by_equipment",
            _("Matériel utilisé"),
            two_columns,
            (COUNT, COUNT),
            [Row(value, str(label), equipment.get(value, (0, 0))) for value, label in choices.equipment_choices()],
            definition=_("Une activité compte une fois pour chaque matériel utilisé."),
        ),
        Table(
            "by_autonomy",
            _("Autonomie en fin d'accompagnement individuel"),
            (_("Accompagnements individuels"),),
            (COUNT,),
            [
                *(Row(value, str(label), (totals[f"a_{value}"],)) for value, label in choices.autonomy_choices()),
                Row("", _("Non renseignée"), (totals["a_"],)),
            ],
            share_column=0,
        ),
    ]
    return Block(
        "activities",
        _("Activités"),
        _(
            "Une activité est un compte rendu (CRA) ; un atelier collectif de N personnes compte pour une "
            "activité et N accompagnements."
        ),
        _(
            "Comptes rendus d'activité saisis par les médiateur·rices (définitions de la Coop de la médiation "
            "numérique)."
        ),
        figures=figures,
        figure_units={"hours": HOURS},
        tables=tables,
    )


def _explode(qs, field_name):
    """{value: (activities, accompaniments)} for a JSON list field, counting each activity once per value."""
    counts = {}
    rows = qs.values(field_name).annotate(n=Count("pk"), acc=Sum("participant_count")).order_by()
    for row in rows:
        for value in set(row[field_name] or []):
            activities, accompaniments = counts.get(value, (0, 0))
            counts[value] = (activities + row["n"], accompaniments + (row["acc"] or 0))
    return counts


def activity_over_time(scope, period, filters, use_aggregates=True):
    """Activities and accompaniments per month of the period (chart "activité dans le temps")."""
    found = activity_per_month(scope, period, filters, use_aggregates)
    months = []
    cursor = period.start.replace(day=1)
    while cursor <= period.end:
        months.append(cursor)
        cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
    return Table(
        "over_time",
        _("Activité dans le temps (par mois)"),
        (_("Activités"), _("Accompagnements")),
        (COUNT, COUNT),
        [Row(month.isoformat(), month.strftime("%m/%Y"), found.get(month, (0, 0))) for month in months],
        chart="line",
    )

"""The activity block (Coop definitions) and the activity per month."""

from datetime import date

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from tremplin.activities import choices

from .base import COUNT, HOURS, Block, Row, Table
from .common import _as_date, _label, scoped_activities

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
    qs = scoped_activities(scope, period, filters)
    aggregates = {
        "activities": Count("pk"),
        "accompaniments": Sum("participant_count"),
        "minutes": Sum("duration"),
        "individual": Count("pk", filter=Q(kind=choices.INDIVIDUAL)),
        "collective": Count("pk", filter=Q(kind=choices.COLLECTIVE)),
        "collective_participants": Sum("participant_count", filter=Q(kind=choices.COLLECTIVE)),
    }
    for key, low, high in DURATION_BUCKETS:
        aggregates[f"d_{key}"] = Count("pk", filter=_duration_q(low, high))
        aggregates[f"da_{key}"] = Sum("participant_count", filter=_duration_q(low, high))
    for value, _label_text in choices.place_choices():
        aggregates[f"p_{value}"] = Count("pk", filter=Q(place=value))
        aggregates[f"pa_{value}"] = Sum("participant_count", filter=Q(place=value))
    for value, _label_text in choices.autonomy_choices():
        aggregates[f"a_{value}"] = Count("pk", filter=Q(kind=choices.INDIVIDUAL, autonomy=value))
    aggregates["a_"] = Count("pk", filter=Q(kind=choices.INDIVIDUAL, autonomy=""))
    totals = {key: value or 0 for key, value in qs.aggregate(**aggregates).items()}

    # JSON lists are grouped by their whole value (few distinct combinations), then split here: one query
    # each whatever the number of activities, portable across SQLite and PostgreSQL.
    thematiques = _explode(qs, "thematiques")
    equipment = _explode(qs, "equipment")

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


def activity_over_time(scope, period, filters):
    """Activities and accompaniments per month of the period (chart "activité dans le temps")."""
    qs = scoped_activities(scope, period, filters)
    rows = (
        qs.annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(n=Count("pk"), acc=Sum("participant_count"))
        .order_by("month")
    )
    found = {_as_date(row["month"]): (row["n"], row["acc"] or 0) for row in rows}
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

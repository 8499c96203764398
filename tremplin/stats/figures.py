"""The figures of the statistics room: pure functions returning plain dataclasses, one per block.

Every block function has the signature `xxx_figures(scope, period, filters) -> Block`, reads the other
rooms' models (never the reverse) and runs a fixed number of queries whatever the period. Each docstring
gives the national definition used and where the data comes from; docs/guide-statistiques.md says the same
for users. `dashboard(scope, period, filters)` gathers every block for the period and the previous one.

Values are raw numbers: the small-count rule (smallcounts.py) is applied at display/export time from
`scope.mask_small_counts`, so exports and pages share one rule.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from tremplin.activities import choices
from tremplin.activities.models import Activity

from .filters import Filters
from .periods import Period
from .scope import StatsScope

# Units tell the display and exports how to show a value (and whether the small-count rule applies).
COUNT = "count"  # a number of activities, people, devices… (small-count rule applies)
HOURS = "hours"
DAYS = "days"  # a median delay in days
EUROS = "euros"
PERCENT = "percent"  # 0–100; `base` holds the count it is computed on (small-count rule on the base)


@dataclass
class Row:
    """One line of a table or one headline figure. `values` has one entry per table column."""

    key: str
    label: str
    values: tuple
    previous: tuple | None = None
    # For PERCENT values: the count each percentage is computed on (masked under the rule).
    base: tuple | None = None

    @property
    def value(self):
        return self.values[0]

    @property
    def previous_value(self):
        return self.previous[0] if self.previous else None


@dataclass
class Table:
    key: str
    title: str
    columns: tuple  # column headers of the values (the first column, the row label, is implicit)
    units: tuple  # one unit per column
    rows: list
    # Chart kind drawn from this table when JS is on ("bar", "line", "funnel", "doughnut") or "".
    chart: str = ""
    definition: str = ""
    # Index of a column whose share of the column total is shown next to it (None: no share column).
    share_column: int | None = None

    def total(self, column=0):
        return sum(row.values[column] or 0 for row in self.rows)


@dataclass
class Block:
    key: str
    title: str
    definition: str
    source: str
    figures: list = field(default_factory=list)  # headline Rows, one value each (units in figure_units)
    figure_units: dict = field(default_factory=dict)  # row key -> unit (default COUNT)
    tables: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def figure(self, key):
        return next(row for row in self.figures if row.key == key)

    def table(self, key):
        return next(table for table in self.tables if table.key == key)


@dataclass
class Dashboard:
    scope: StatsScope
    period: Period
    previous_period: Period
    filters: Filters
    blocks: list

    def block(self, key):
        return next(block for block in self.blocks if block.key == key)


# --------------------------------------------------------------------------------------------------------
# Shared query helpers


def scoped_activities(scope, period, filters):
    """Activities (CRA) of the scope, period and filters — the base of the activity and people blocks."""
    qs = Activity.objects.filter(date__gte=period.start, date__lte=period.end)
    if scope.site_ids is not None:
        qs = qs.filter(site_id__in=scope.site_ids)
    if scope.partner_ids is not None:
        qs = qs.filter(_referred_by(scope.partner_ids))
    if filters.site_id:
        qs = qs.filter(site_id=filters.site_id)
    if filters.partner_id:
        qs = qs.filter(_referred_by({filters.partner_id}))
    if filters.mediator_id:
        qs = qs.filter(recorded_by_id=filters.mediator_id)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.thematique:
        # JSON list of national values: match the quoted value in its text form (portable SQLite/PostgreSQL).
        qs = qs.filter(thematiques__icontains=f'"{filters.thematique}"')
    return qs.order_by()


def _referred_by(partner_ids):
    """Activities of people a partner referred (individual: the person; collective: a named participant)."""
    from tremplin.referrals.models import Referral

    people = Referral.objects.filter(partner_id__in=partner_ids, beneficiary__isnull=False).values("beneficiary_id")
    return Q(beneficiary_id__in=people) | Q(
        pk__in=Activity.participants.through.objects.filter(beneficiary_id__in=people).values("activity_id")
    )


def _label(pairs, value):
    return str(dict(pairs).get(value, value))


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


# --------------------------------------------------------------------------------------------------------
# Activities


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


def _as_date(value):
    return value.date() if hasattr(value, "date") and callable(value.date) else value


# --------------------------------------------------------------------------------------------------------
# Comparison with the previous period and the whole dashboard

BLOCKS = (activity_figures,)


def compare(current, previous):
    """Copy the previous period's values into `current` rows (matched by key), in place; returns current."""
    previous_figures = {row.key: row for row in previous.figures}
    for row in current.figures:
        if row.key in previous_figures:
            row.previous = previous_figures[row.key].values
    previous_tables = {table.key: table for table in previous.tables}
    for table in current.tables:
        if table.key not in previous_tables:
            continue
        previous_rows = {row.key: row for row in previous_tables[table.key].rows}
        for row in table.rows:
            if row.key in previous_rows:
                row.previous = previous_rows[row.key].values
            else:
                row.previous = tuple(0 for _value in row.values)
    return current


def dashboard(scope, period, filters=None):
    """Every block for `period`, each row carrying the previous period's values (Period.previous())."""
    filters = filters or Filters()
    previous_period = period.previous()
    blocks = []
    for function in BLOCKS:
        blocks.append(compare(function(scope, period, filters), function(scope, previous_period, filters)))
    over_time = activity_over_time(scope, period, filters)
    blocks[0].tables.insert(0, over_time)
    return Dashboard(scope, period, previous_period, filters, blocks)

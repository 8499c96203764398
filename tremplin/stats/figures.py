"""The figures of the statistics room: pure functions returning plain dataclasses, one per block.

Every block function has the signature `xxx_figures(scope, period, filters) -> Block`, reads the other
rooms' models (never the reverse) and runs a fixed number of queries whatever the period. Each docstring
gives the national definition used and where the data comes from; docs/guide-statistiques.md says the same
for users. `dashboard(scope, period, filters)` gathers every block for the period and the previous one.

Values are raw numbers: the small-count rule (smallcounts.py) is applied at display/export time from
`scope.mask_small_counts`, so exports and pages share one rule.
"""

import contextvars
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
# People

# Coop age bands (enumerations.json Beneficiaire.TrancheAge): thresholds 12/18/25/40/60/70.
AGE_BANDS = (
    ("moins_de_douze", 0, 12),
    ("douze_dix_huit", 12, 18),
    ("dix_huit_vingt_quatre", 18, 25),
    ("vingt_cinq_trente_neuf", 25, 40),
    ("quarante_cinquante_neuf", 40, 60),
    ("soixante_soixante_neuf", 60, 70),
    ("soixante_dix_plus", 70, None),
)
NOT_GIVEN = "non_communique"


def age_band_labels():
    return {
        "moins_de_douze": _("Moins de 12 ans"),
        "douze_dix_huit": _("12 - 17 ans"),
        "dix_huit_vingt_quatre": _("18 - 24 ans"),
        "vingt_cinq_trente_neuf": _("25 - 39 ans"),
        "quarante_cinquante_neuf": _("40 - 59 ans"),
        "soixante_soixante_neuf": _("60 - 69 ans"),
        "soixante_dix_plus": _("70 ans et plus"),
        NOT_GIVEN: _("Non communiqué"),
    }


def age_band(birth_year, reference_year):
    """The Coop band of a person born in `birth_year`, by the age reached in `reference_year`."""
    if not birth_year:
        return NOT_GIVEN
    age = reference_year - birth_year
    for key, low, high in AGE_BANDS:
        if age >= low and (high is None or age < high):
            return key
    return NOT_GIVEN


# Hooks for optional person fields (the reports branch adds genre / statut social to Beneficiary):
# append (field_name, table_key, title, choices) and the people block adds a table when the field exists.
PERSON_FIELD_BREAKDOWNS = []
# Hooks for anonymous headcounts recorded per band on collective activities:
# callables (activity_queryset) -> {band_key: count}, added to the age-band table's accompaniments column.
ANONYMOUS_AGE_BAND_PROVIDERS = []
TOP_COMMUNES = 15


def person_field_breakdowns():
    """(field, table key, title, choices) of the people room's optional statistics fields (Coop values)."""
    from tremplin.people.models.beneficiary import Gender, SocialStatus

    return [
        ("gender", "gender", _("Genre"), Gender.choices),
        ("social_status", "social_status", _("Statut social"), SocialStatus.choices),
    ]


def anonymous_age_bands(qs):
    """{band: anonymous participants} counted per Coop age band on the collective activities of `qs`
    (activities room, Activity.anonymous_age_bands); one query, summed here (portable JSON)."""
    counts = {}
    rows = (
        qs.filter(kind=choices.COLLECTIVE)
        .exclude(anonymous_age_bands={})
        .values("anonymous_age_bands")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        for band, count in (row["anonymous_age_bands"] or {}).items():
            counts[band] = counts.get(band, 0) + count * row["n"]
    return counts


def register_people_hooks():
    """Called once by StatsConfig.ready(): genre, statut social and the anonymous participants per band."""
    if not PERSON_FIELD_BREAKDOWNS:
        PERSON_FIELD_BREAKDOWNS.extend(person_field_breakdowns())
    if anonymous_age_bands not in ANONYMOUS_AGE_BAND_PROVIDERS:
        ANONYMOUS_AGE_BAND_PROVIDERS.append(anonymous_age_bands)


def helped_people(qs):
    """Queryset of the distinct people named on the activities `qs` (individual person or participant)."""
    from tremplin.people.models import Beneficiary

    individual = qs.filter(beneficiary__isnull=False).values("beneficiary_id")
    collective = Activity.participants.through.objects.filter(activity_id__in=qs.values("pk")).values("beneficiary_id")
    return Beneficiary.objects.filter(Q(pk__in=individual) | Q(pk__in=collective)).order_by()


def people_figures(scope, period, filters):
    """People helped, on the Coop definitions (beneficiaires):

    - unique people helped: distinct named people over the period's accompaniments (the person of an
      individual activity, or a participant named at a collective one), counted once however often helped;
    - new: helped in the period with no accompaniment in the scope before its first day; already followed:
      the others (Coop "premier accompagnement");
    - anonymous accompaniments: accompaniments with no named person (an individual activity without a person,
      and the unnamed part of a collective headcount: participant_count minus named participants);
    - age band from the birth year (Coop bands 12/18/25/40/60/70, age reached in the period's last year),
      "non communiqué" when unknown; commune of residence as written on the person's record.
    Source: activities (Activity and its participants) and people (Beneficiary: birth year, commune).
    """
    from tremplin.people.models import Beneficiary

    qs = scoped_activities(scope, period, filters)
    people = helped_people(qs)
    before = scoped_activities(scope, Period(date(1900, 1, 1), period.start - date.resolution), Filters())
    earlier = helped_people(before).values("pk")
    totals = people.aggregate(helped=Count("pk"), already=Count("pk", filter=Q(pk__in=earlier)))
    activity_totals = qs.aggregate(
        accompaniments=Sum("participant_count"),
        named_individual=Count("pk", filter=Q(beneficiary__isnull=False)),
    )
    named_participants = Activity.participants.through.objects.filter(activity_id__in=qs.values("pk")).count()
    accompaniments = activity_totals["accompaniments"] or 0
    anonymous = max(0, accompaniments - activity_totals["named_individual"] - named_participants)
    helped = totals["helped"]
    already = totals["already"]

    bands = dict.fromkeys(age_band_labels(), 0)
    for birth_year, count in people.values_list("birth_year").annotate(n=Count("pk")).order_by():
        bands[age_band(birth_year, period.end.year)] += count
    anonymous_bands = dict.fromkeys(age_band_labels(), 0)
    for provider in ANONYMOUS_AGE_BAND_PROVIDERS:
        for key, count in provider(qs).items():
            anonymous_bands[key] = anonymous_bands.get(key, 0) + count
    if ANONYMOUS_AGE_BAND_PROVIDERS:
        # The anonymous accompaniments no band was given for are "non communiqué": the column adds up to the
        # "Accompagnements anonymes" figure.
        anonymous_bands[NOT_GIVEN] += max(0, anonymous - sum(anonymous_bands.values()))

    communes = list(people.exclude(commune="").values_list("commune").annotate(n=Count("pk")).order_by("-n", "commune"))
    commune_rows = [Row(name, name, (count,)) for name, count in communes[:TOP_COMMUNES]]
    others = sum(count for _name, count in communes[TOP_COMMUNES:])
    if others:
        commune_rows.append(Row("__autres", _("Autres communes"), (others,)))
    unknown_commune = helped - sum(count for _name, count in communes)
    if unknown_commune:
        commune_rows.append(Row("__inconnue", _("Non renseignée"), (unknown_commune,)))

    tables = [
        Table(
            "age_bands",
            _("Tranches d'âge"),
            (_("Personnes"),) + ((_("Participants anonymes"),) if ANONYMOUS_AGE_BAND_PROVIDERS else ()),
            (COUNT, COUNT) if ANONYMOUS_AGE_BAND_PROVIDERS else (COUNT,),
            [
                Row(
                    key,
                    str(label),
                    (bands[key], anonymous_bands[key]) if ANONYMOUS_AGE_BAND_PROVIDERS else (bands[key],),
                )
                for key, label in age_band_labels().items()
            ],
            share_column=0,
            definition=_("Âge atteint dans l'année de fin de période, d'après l'année de naissance."),
        ),
        Table("communes", _("Communes de résidence"), (_("Personnes"),), (COUNT,), commune_rows, share_column=0),
    ]
    field_names = {f.name for f in Beneficiary._meta.get_fields()}
    for field_name, key, title, pairs in PERSON_FIELD_BREAKDOWNS:
        if field_name not in field_names:
            continue
        found = dict(people.values_list(field_name).annotate(n=Count("pk")).order_by())
        tables.append(
            Table(key, title, (_("Personnes"),), (COUNT,), [Row(v, str(lab), (found.get(v, 0),)) for v, lab in pairs])
        )
    return Block(
        "people",
        _("Personnes accompagnées"),
        _("Une personne aidée plusieurs fois sur la période compte une seule fois."),
        _("Comptes rendus d'activité et fiches des personnes (année de naissance, commune)."),
        figures=[
            Row("helped", _("Personnes accompagnées (uniques)"), (helped,)),
            Row("new", _("Nouvelles personnes"), (helped - already,)),
            Row("already", _("Personnes déjà suivies"), (already,)),
            Row("anonymous", _("Accompagnements anonymes"), (anonymous,)),
        ],
        tables=tables,
    )


# --------------------------------------------------------------------------------------------------------
# Referrals: the journey funnel and the partners


def _local_bounds(period):
    """Aware datetimes [start, end) covering the period's days in the server's time zone."""
    from datetime import datetime, time

    from django.utils import timezone

    start = timezone.make_aware(datetime.combine(period.start, time.min))
    end = timezone.make_aware(datetime.combine(period.end + date.resolution, time.min))
    return start, end


def _people_of_partners(partner_ids):
    from tremplin.referrals.models import Referral

    return Referral.objects.filter(partner_id__in=partner_ids, beneficiary__isnull=False).values("beneficiary_id")


def scoped_referrals(scope, period, filters):
    """Referrals received by the scope's sites during the period (the funnel's cohort)."""
    from tremplin.referrals.models import Referral

    start, end = _local_bounds(period)
    qs = Referral.objects.filter(received_at__gte=start, received_at__lt=end)
    if scope.site_ids is not None:
        qs = qs.filter(target_site_id__in=scope.site_ids)
    if scope.partner_ids is not None:
        qs = qs.filter(partner_id__in=scope.partner_ids)
    if filters.site_id:
        qs = qs.filter(target_site_id=filters.site_id)
    if filters.partner_id:
        qs = qs.filter(partner_id=filters.partner_id)
    return qs.order_by()


# Within one dashboard() call, the funnel and partners blocks share the referral rows (same query).
_JOURNEY_CACHE = contextvars.ContextVar("stats_journey_cache", default=None)


def _referral_journeys(scope, period, filters):
    """One row per referral of the cohort with the date of each journey step (None when not reached).

    One query: every step is a correlated MIN() subquery on the step's own table, dated after the referral.
    """
    cache = _JOURNEY_CACHE.get()
    key = (scope, period.start, period.end, filters)
    if cache is not None and key in cache:
        return cache[key]
    result = _query_referral_journeys(scope, period, filters)
    if cache is not None:
        cache[key] = result
    return result


def _query_referral_journeys(scope, period, filters):
    from django.db.models import DateTimeField, OuterRef, Subquery
    from django.db.models import Min as MinAgg

    from tremplin.assessments.models import Assessment
    from tremplin.referrals.choices import SUCCESSFUL_OUTCOMES, Status
    from tremplin.referrals.models import ContactAttempt, ReferralStatusChange
    from tremplin.till.models import Sale, SaleLine
    from tremplin.workshops.models import Attendance, Enrollment

    contact_attempt = (
        ContactAttempt.objects.filter(referral_id=OuterRef("pk"), outcome__in=SUCCESSFUL_OUTCOMES)
        .values("referral_id")
        .annotate(first=MinAgg("at"))
        .values("first")[:1]
    )
    contact_status = (
        ReferralStatusChange.objects.filter(referral_id=OuterRef("pk"), status__in=[Status.CONTACTED, Status.ACCEPTED])
        .values("referral_id")
        .annotate(first=MinAgg("at"))
        .values("first")[:1]
    )
    diagnosed = (
        Assessment.objects.filter(
            beneficiary_id=OuterRef("beneficiary_id"),
            completed_at__isnull=False,
            completed_at__gte=OuterRef("received_at"),
        )
        .values("beneficiary_id")
        .annotate(first=MinAgg("completed_at"))
        .values("first")[:1]
    )
    second_diagnostic = (
        Assessment.objects.filter(
            beneficiary_id=OuterRef("beneficiary_id"),
            completed_at__isnull=False,
            completed_at__gte=OuterRef("received_at"),
        )
        .order_by("completed_at")
        .values("completed_at")[1:2]
    )
    workshop = (
        Enrollment.objects.filter(
            beneficiary_id=OuterRef("beneficiary_id"),
            attendance=Attendance.PRESENT,
            session__starts_at__gte=OuterRef("received_at"),
        )
        .values("beneficiary_id")
        .annotate(first=MinAgg("session__starts_at"))
        .values("first")[:1]
    )
    equipped_sales = SaleLine.objects.filter(Q(device__isnull=False) | Q(product__isnull=False), quantity__gt=0).values(
        "sale_id"
    )
    equipped = (
        Sale.objects.filter(
            beneficiary_id=OuterRef("beneficiary_id"),
            training=False,
            kind="sale",
            finalised_at__gte=OuterRef("received_at"),
            pk__in=equipped_sales,
        )
        .values("beneficiary_id")
        .annotate(first=MinAgg("finalised_at"))
        .values("first")[:1]
    )
    accepted = Status.ACCEPTED
    return list(
        scoped_referrals(scope, period, filters)
        .annotate(
            first_attempt=Subquery(contact_attempt, output_field=DateTimeField()),
            first_contact_status=Subquery(contact_status, output_field=DateTimeField()),
            diagnosed_at=Subquery(diagnosed, output_field=DateTimeField()),
            workshop_at=Subquery(workshop, output_field=DateTimeField()),
            equipped_at=Subquery(equipped, output_field=DateTimeField()),
            follow_up_at=Subquery(second_diagnostic, output_field=DateTimeField()),
        )
        .values_list(
            "partner__name",
            "status",
            "decline_reason",
            "received_at",
            "first_attempt",
            "first_contact_status",
            "diagnosed_at",
            "workshop_at",
            "equipped_at",
            "follow_up_at",
        )
    ), accepted


def _median(values):
    values = sorted(values)
    if not values:
        return None
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    return (values[middle - 1] + values[middle]) / 2


def _days(later, earlier):
    return (later - earlier).total_seconds() / 86400


FUNNEL_STEPS = (
    ("referred", "Orientées"),
    ("contacted", "Contactées"),
    ("accepted", "Accueillies (orientation acceptée)"),
    ("diagnosed", "Diagnostic réalisé"),
    ("workshop", "Ont suivi un atelier"),
    ("equipped", "Équipées ou connectées"),
    ("follow_up", "Diagnostic de suivi"),
)


def funnel_steps(rows, accepted):
    """{step: [delays…]} per referral reaching each step, from _referral_journeys rows (pure function)."""
    reached = {key: 0 for key, _label in FUNNEL_STEPS}
    delays = {"contact": [], "workshop": [], "equipment": []}
    for _partner, status, _reason, received, attempt, contact_status, diag, workshop, equip, follow in rows:
        reached["referred"] += 1
        contacted = min((d for d in (attempt, contact_status) if d is not None), default=None)
        if contacted is None and status == accepted:
            contacted = received  # accepted without a recorded contact: contacted at the latest then
        if contacted is not None:
            reached["contacted"] += 1
            delays["contact"].append(max(0.0, _days(contacted, received)))
        if status != accepted:
            continue
        reached["accepted"] += 1
        if diag:
            reached["diagnosed"] += 1
        if workshop:
            reached["workshop"] += 1
            delays["workshop"].append(_days(workshop, received))
        if equip:
            reached["equipped"] += 1
            delays["equipment"].append(_days(equip, received))
        if follow:
            reached["follow_up"] += 1
    return reached, delays


def funnel_figures(scope, period, filters):
    """The journey funnel, on the referrals RECEIVED during the period (a cohort followed to today):

    referred (received by a site of the scope) → contacted (a successful contact attempt — person reached or
    appointment — or the referral marked contacted/accepted) → accepted (the site welcomed the person: status
    accepted) → diagnosed (a completed diagnostic after the referral) → attended a workshop (marked present
    at a session starting after the referral) → equipped or connected (a real till sale — not training
    mode — of a device or a connectivity product to the person after the referral) → follow-up diagnostic
    (a second completed diagnostic after the referral). Steps after "accepted" count accepted referrals only.
    Share: of the referrals received. Median delays in days from the referral's reception to the first
    contact, the first workshop attended and the first equipment.
    Source: referrals (Referral, ContactAttempt, ReferralStatusChange), assessments, workshops, till.
    """
    rows, accepted = _referral_journeys(scope, period, filters)
    reached, delays = funnel_steps(rows, accepted)
    total = reached["referred"]
    step_rows = [
        Row(key, _(label), (reached[key], round(100 * reached[key] / total) if total else None), base=(None, total))
        for key, label in FUNNEL_STEPS
    ]
    median_rows = [
        Row("delay_contact", _("Délai médian orientation → premier contact"), (_round(_median(delays["contact"])),)),
        Row("delay_workshop", _("Délai médian orientation → premier atelier"), (_round(_median(delays["workshop"])),)),
        Row("delay_equipment", _("Délai médian orientation → équipement"), (_round(_median(delays["equipment"])),)),
    ]
    return Block(
        "funnel",
        _("Parcours des personnes orientées"),
        _(
            "Les orientations reçues pendant la période, suivies jusqu'à aujourd'hui : combien atteignent chaque "
            "étape du parcours."
        ),
        _("Orientations, diagnostics, ateliers et caisse."),
        figures=median_rows,
        figure_units={row.key: DAYS for row in median_rows},
        tables=[
            Table(
                "funnel",
                _("Étapes du parcours"),
                (_("Personnes"), _("Part des orientées")),
                (COUNT, PERCENT),
                step_rows,
                chart="funnel",
            )
        ],
    )


def _round(value):
    return None if value is None else round(value, 1)


def partner_figures(scope, period, filters):
    """Partners (structures prescriptrices), on the referrals received during the period:

    referrals per partner; acceptance rate = accepted / referrals received (those still open count in the
    denominator); declines by reason (the reason the site chose); median delay from reception to the first
    contact (as in the funnel). Source: referrals (Referral, ContactAttempt, ReferralStatusChange).
    """
    from tremplin.referrals.choices import DeclineReason, Status

    rows, accepted = _referral_journeys(scope, period, filters)
    per_partner = {}
    reasons = {}
    for row in rows:
        partner_name, status, reason = row[0], row[1], row[2]
        entry = per_partner.setdefault(partner_name, [0, 0, 0, []])
        entry[0] += 1
        if status == Status.ACCEPTED:
            entry[1] += 1
        if status == Status.DECLINED:
            entry[2] += 1
            reasons[reason] = reasons.get(reason, 0) + 1
        _reached, delays = funnel_steps([row], accepted)
        entry[3].extend(delays["contact"])
    partner_rows = [
        Row(
            name,
            name,
            (n, accepted_n, round(100 * accepted_n / n) if n else None, declined, _round(_median(contact))),
            base=(None, None, n, None, None),
        )
        for name, (n, accepted_n, declined, contact) in sorted(
            per_partner.items(), key=lambda item: (-item[1][0], item[0])
        )
    ]
    return Block(
        "partners",
        _("Structures partenaires"),
        _("Orientations reçues pendant la période, par structure qui oriente."),
        _("Orientations."),
        figures=[
            Row("referrals", _("Orientations reçues"), (len(rows),)),
            Row("declined", _("Orientations refusées"), (sum(reasons.values()),)),
        ],
        tables=[
            Table(
                "per_partner",
                _("Par structure partenaire"),
                (
                    _("Orientations"),
                    _("Acceptées"),
                    _("Taux d'acceptation"),
                    _("Refusées"),
                    _("Délai médian avant contact"),
                ),
                (COUNT, COUNT, PERCENT, COUNT, DAYS),
                partner_rows,
                share_column=0,
            ),
            Table(
                "decline_reasons",
                _("Motifs de refus"),
                (_("Orientations"),),
                (COUNT,),
                [Row(value, str(label), (reasons.get(value, 0),)) for value, label in DeclineReason.choices],
                share_column=0,
            ),
        ],
    )


# --------------------------------------------------------------------------------------------------------
# Workshops


def workshop_figures(scope, period, filters):
    """Workshops (ateliers) held during the period:

    sessions held = sessions not cancelled that started during the period (up to now); seats offered = their
    seats; fill rate = confirmed enrolments / seats offered; no-show rate = absent / (present + absent) among
    confirmed enrolments whose attendance was taken (excused absences are not no-shows); hours of workshops =
    sum of the sessions' lengths; hours of training received = each present person × the session's length.
    Source: workshops (Session, Enrollment).
    """
    from django.utils import timezone

    from tremplin.workshops.models import Attendance, EnrollmentStatus, Session, SessionStatus

    start, end = _local_bounds(period)
    sessions = Session.objects.filter(starts_at__gte=start, starts_at__lt=min(end, timezone.now())).exclude(
        status=SessionStatus.CANCELLED
    )
    if scope.site_ids is not None:
        sessions = sessions.filter(site_id__in=scope.site_ids)
    if filters.site_id:
        sessions = sessions.filter(site_id=filters.site_id)
    if filters.mediator_id:
        sessions = sessions.filter(facilitators=filters.mediator_id)
    if filters.thematique:
        sessions = sessions.filter(workshop__thematiques__icontains=f'"{filters.thematique}"')
    enrolment = Q(enrollments__status=EnrollmentStatus.CONFIRMED)
    partners = scope.partner_ids if scope.partner_ids is not None else None
    if filters.partner_id:
        partners = {filters.partner_id} if partners is None else partners & {filters.partner_id}
    if partners is not None:
        people = _people_of_partners(partners)
        enrolment &= Q(enrollments__beneficiary_id__in=people)
        sessions = sessions.filter(enrollments__beneficiary_id__in=people)
    rows = (
        sessions.order_by()
        .values("pk", "starts_at", "ends_at", "seats")
        .annotate(
            confirmed=Count("enrollments", filter=enrolment, distinct=True),
            present=Count(
                "enrollments", filter=enrolment & Q(enrollments__attendance=Attendance.PRESENT), distinct=True
            ),
            absent=Count("enrollments", filter=enrolment & Q(enrollments__attendance=Attendance.ABSENT), distinct=True),
        )
    )
    held = seats = confirmed = present = absent = 0
    minutes = person_minutes = 0.0
    for row in rows:
        length = max(0.0, (row["ends_at"] - row["starts_at"]).total_seconds() / 60)
        held += 1
        seats += row["seats"]
        confirmed += row["confirmed"]
        present += row["present"]
        absent += row["absent"]
        minutes += length
        person_minutes += length * row["present"]
    figures = [
        Row("sessions", _("Séances tenues"), (held,)),
        Row("seats", _("Places offertes"), (seats,)),
        Row("enrolled", _("Inscriptions confirmées"), (confirmed,)),
        Row("present", _("Présences"), (present,)),
        Row("fill_rate", _("Taux de remplissage"), (round(100 * confirmed / seats) if seats else None,), base=(seats,)),
        Row(
            "no_show_rate",
            _("Taux d'absence non excusée"),
            (round(100 * absent / (present + absent)) if present + absent else None,),
            base=(present + absent,),
        ),
        Row("hours", _("Heures d'ateliers animées"), (round(minutes / 60, 1),)),
        Row("person_hours", _("Heures de formation suivies (par personne présente)"), (round(person_minutes / 60, 1),)),
    ]
    return Block(
        "workshops",
        _("Ateliers"),
        _("Séances non annulées commencées pendant la période."),
        _("Ateliers (séances, inscriptions, émargement)."),
        figures=figures,
        figure_units={"fill_rate": PERCENT, "no_show_rate": PERCENT, "hours": HOURS, "person_hours": HOURS},
    )


# --------------------------------------------------------------------------------------------------------
# Equipment and connectivity (till) and inventory


def scoped_sale_lines(scope, period, filters):
    """Lines of real tickets (training mode excluded; returns included, negative) finalised in the period."""
    from tremplin.till.models import SaleLine

    start, end = _local_bounds(period)
    qs = SaleLine.objects.filter(sale__training=False, sale__finalised_at__gte=start, sale__finalised_at__lt=end)
    if scope.site_ids is not None:
        qs = qs.filter(sale__register__site_id__in=scope.site_ids)
    if filters.site_id:
        qs = qs.filter(sale__register__site_id=filters.site_id)
    partners = scope.partner_ids
    if filters.partner_id:
        partners = {filters.partner_id} if partners is None else partners & {filters.partner_id}
    if partners is not None:
        qs = qs.filter(sale__beneficiary_id__in=_people_of_partners(partners))
    return qs.order_by()


def equipment_figures(scope, period, filters):
    """Equipment and connectivity from the till (training-mode tickets excluded; returns subtract):

    devices sold by category and grade (net quantity: a returned device comes off); total paid = Σ quantity ×
    price paid; total saved = Σ quantity × (reference/market price − price paid); recharges, SIM cards and
    boxes sold by kind (net quantity); partner-paid share = payments by a partner ("prise en charge") /
    all payments of those tickets. Source: till (Sale, SaleLine, Payment), inventory (device grade).
    """
    from django.db.models import F

    from tremplin.inventory.models import Category, Grade, ProductKind
    from tremplin.till.models import Payment

    lines = scoped_sale_lines(scope, period, filters)
    money = lines.aggregate(
        paid=Sum(F("quantity") * F("unit_price_cents")),
        market=Sum(F("quantity") * F("market_price_cents")),
        devices=Sum("quantity", filter=Q(device__isnull=False)),
    )
    paid = (money["paid"] or 0) / 100
    saved = ((money["market"] or 0) - (money["paid"] or 0)) / 100
    by_device = {
        (category, grade or ""): quantity
        for category, grade, quantity in lines.filter(device__isnull=False)
        .values_list("device__category", "device__grade")
        .annotate(q=Sum("quantity"))
    }
    by_product = dict(lines.filter(product__isnull=False).values_list("product__kind").annotate(q=Sum("quantity")))
    payments = Payment.objects.filter(sale_id__in=lines.values("sale_id")).aggregate(
        total=Sum("amount_cents"), partner=Sum("amount_cents", filter=Q(method="partner"))
    )
    partner_share = round(100 * (payments["partner"] or 0) / payments["total"]) if payments["total"] else None
    grades = [value for value, _label in Grade.choices]
    device_rows = []
    for category, label in Category.choices:
        values = tuple(by_device.get((category, grade), 0) for grade in grades)
        total = sum(by_device.get((category, grade), 0) for grade in [*grades, ""])
        if total:
            device_rows.append(Row(category, str(label), (*values, total)))
    return Block(
        "equipment",
        _("Équipement et connexion"),
        _("Ventes en caisse de la période (hors mode formation ; les retours viennent en déduction)."),
        _("Caisse (tickets, lignes, paiements) et inventaire (grade des appareils)."),
        figures=[
            Row("devices", _("Appareils remis"), (money["devices"] or 0,)),
            Row("paid", _("Total payé"), (paid,)),
            Row("saved", _("Économie par rapport au prix de référence"), (saved,)),
            Row("partner_share", _("Part payée par des partenaires"), (partner_share,), base=(None,)),
        ],
        figure_units={"paid": EUROS, "saved": EUROS, "partner_share": PERCENT},
        tables=[
            Table(
                "devices_sold",
                _("Appareils remis par catégorie et grade"),
                (*(str(label) for _value, label in Grade.choices), _("Total")),
                tuple(COUNT for _grade in range(len(grades) + 1)),
                device_rows,
                chart="doughnut",
            ),
            Table(
                "connectivity_sold",
                _("Recharges, cartes SIM et box"),
                (_("Quantité"),),
                (COUNT,),
                [
                    Row(value, str(label), (by_product.get(value, 0),))
                    for value, label in ProductKind.choices
                    if value != ProductKind.ACCESSORY or by_product.get(value)
                ],
            ),
        ],
    )


def inventory_figures(scope, period, filters):
    """Devices through the workshop (inventory), during the period, at the scope's sites:

    received = devices whose reception date falls in the period, by category and by donor (donors who are
    private individuals are grouped as "Particuliers": a person's name is never shown); refurbished =
    distinct devices that reached the status "Reconditionné" in the period; recycled = devices recycled
    (DEEE) in the period. Not available for a partner-only scope (devices are not linked to partners).
    Source: inventory (Device, DeviceEvent, DonationBatch, Donor).
    """
    from tremplin.inventory.models import Category, Device, DeviceEvent, DonorKind
    from tremplin.inventory.models import Status as DeviceStatus

    start, end = _local_bounds(period)
    devices = Device.objects.order_by()
    events = DeviceEvent.objects.order_by()
    if scope.site_ids is not None:
        devices = devices.filter(site_id__in=scope.site_ids)
    if filters.site_id:
        devices = devices.filter(site_id=filters.site_id)
    if scope.partner_ids is not None or filters.partner_id:
        devices = devices.none()
    events = events.filter(device__in=devices)
    received = devices.filter(received_at__gte=start, received_at__lt=end)
    per_category = dict(received.values_list("category").annotate(n=Count("pk")))
    refurbished = (
        events.filter(to_status=DeviceStatus.REFURBISHED, at__gte=start, at__lt=end)
        .values("device_id")
        .distinct()
        .count()
    )
    recycled = devices.filter(recycled_on__gte=period.start, recycled_on__lte=period.end).count()
    donors = {}
    for name, kind, count in received.values_list("batch__donor__name", "batch__donor__kind").annotate(n=Count("pk")):
        if name is None:
            key, label = "__none", _("Sans donateur enregistré")
        elif kind == DonorKind.INDIVIDUAL:
            key, label = "__individuals", _("Particuliers")
        else:
            key, label = name, name
        previous = donors.get(key, (label, 0))
        donors[key] = (label, previous[1] + count)
    return Block(
        "inventory",
        _("Matériel reçu et reconditionné"),
        _("Appareils reçus, reconditionnés et recyclés pendant la période."),
        _("Inventaire (appareils, historique des statuts, dons)."),
        figures=[
            Row("received", _("Appareils reçus"), (sum(per_category.values()),)),
            Row("refurbished", _("Appareils reconditionnés"), (refurbished,)),
            Row("recycled", _("Appareils recyclés"), (recycled,)),
        ],
        tables=[
            Table(
                "received_by_category",
                _("Appareils reçus par catégorie"),
                (_("Appareils"),),
                (COUNT,),
                [Row(value, str(label), (per_category.get(value, 0),)) for value, label in Category.choices],
                share_column=0,
            ),
            Table(
                "received_by_donor",
                _("Appareils reçus par donateur"),
                (_("Appareils"),),
                (COUNT,),
                [Row(key, label, (count,)) for key, (label, count) in sorted(donors.items(), key=lambda i: -i[1][1])],
                share_column=0,
            ),
        ],
    )


# --------------------------------------------------------------------------------------------------------
# Skills (diagnostic)


def skills_figures(scope, period, filters):
    """Skills from the diagnostic, on the assessments room's definitions (one definition, not recomputed here):
    tremplin/assessments/aggregates.py `diagnostic_aggregates` for the scope's sites (narrowed by the site
    filter) and, for a partner scope or filter, the people the partner referred.

    - people diagnosed: people with at least one completed diagnostic in the period;
    - first diagnostics: people whose first completed diagnostic (ever) was taken in the period at those
      sites, by the profile of that first diagnostic (à initier, débutant·e, en progression, autonome);
    - follow-up: those with a later completed diagnostic by the end of the period (share of the first
      diagnostics), median days between the first and the latest follow-up;
    - progress per area: among them, those with a level in the area on both, who gained at least one level.
    Source: assessments (Assessment.profile, Assessment.levels, Area). Three queries whatever the period.
    """
    from tremplin.assessments.aggregates import diagnostic_aggregates
    from tremplin.assessments.models import Area, Profile

    site_ids = scope.site_ids
    if filters.site_id:
        site_ids = {filters.site_id} if site_ids is None else set(site_ids) & {filters.site_id}
    partners = scope.partner_ids
    if filters.partner_id:
        partners = {filters.partner_id} if partners is None else partners & {filters.partner_id}
    people = _people_of_partners(partners) if partners is not None else None
    found = diagnostic_aggregates(site_ids=site_ids, start=period.start, end=period.end, people=people)

    area_names = {}
    for code, names in Area.objects.order_by("questionnaire__version").values_list("code", "names"):
        area_names[code] = (names or {}).get("fr") or code
    profiles = found.profiles_at_first
    profile_rows = [Row(value, str(label), (profiles.get(value, 0),)) for value, label in Profile.choices]
    if profiles.get(""):
        profile_rows.append(Row("", _("Non déterminé"), (profiles[""],)))
    gains = found.gained_per_area
    median_days = found.median_days_to_follow_up
    return Block(
        "skills",
        _("Compétences (diagnostic)"),
        _(
            "Personnes ayant terminé un diagnostic pendant la période ; premiers diagnostics par profil ; "
            "progression entre le premier diagnostic et le dernier diagnostic de suivi."
        ),
        _("Diagnostics (profil et niveau par domaine)."),
        figures=[
            Row("assessments", _("Personnes ayant terminé un diagnostic"), (found.people_diagnosed,)),
            Row("first", _("Premiers diagnostics"), (found.cohort,)),
            Row("with_follow_up", _("Dont diagnostic de suivi"), (found.with_follow_up,)),
            Row(
                "follow_up_share",
                _("Part avec un diagnostic de suivi"),
                (round(100 * found.follow_up_share) if found.follow_up_share is not None else None,),
                base=(found.cohort,),
            ),
            Row(
                "median_days_to_follow_up",
                _("Délai médian jusqu'au suivi"),
                (round(median_days, 1) if median_days is not None else None,),
            ),
        ],
        figure_units={"follow_up_share": PERCENT, "median_days_to_follow_up": DAYS},
        tables=[
            Table(
                "profiles",
                _("Profil au premier diagnostic"),
                (_("Personnes"),),
                (COUNT,),
                profile_rows,
                share_column=0,
            ),
            Table(
                "progress",
                _("Progression par domaine"),
                (_("Personnes comparées"), _("Ont progressé"), _("Part")),
                (COUNT, COUNT, PERCENT),
                [
                    Row(
                        code,
                        area_names.get(code, code),
                        (gains[code].people, gains[code].gained, round(100 * gains[code].share)),
                        base=(None, None, gains[code].people),
                    )
                    for code in sorted(gains, key=lambda c: str(area_names.get(c, c)))
                    if gains[code].people
                ],
                definition=_(
                    "Parmi les personnes ayant un diagnostic de suivi et un niveau dans le domaine aux deux "
                    "diagnostics : celles qui ont gagné au moins un niveau."
                ),
            ),
        ],
    )


# --------------------------------------------------------------------------------------------------------
# Comparison with the previous period and the whole dashboard

BLOCKS = (
    activity_figures,
    people_figures,
    funnel_figures,
    partner_figures,
    workshop_figures,
    equipment_figures,
    inventory_figures,
    skills_figures,
)


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
                row.previous = tuple(0 if unit == COUNT else None for unit in table.units)
    return current


def dashboard(scope, period, filters=None, blocks=BLOCKS):
    """Every block for `period`, each row carrying the previous period's values (Period.previous())."""
    filters = filters or Filters()
    previous_period = period.previous()
    result = []
    token = _JOURNEY_CACHE.set({})
    try:
        for function in blocks:
            result.append(compare(function(scope, period, filters), function(scope, previous_period, filters)))
    finally:
        _JOURNEY_CACHE.reset(token)
    if result and result[0].key == "activities":
        result[0].tables.insert(0, activity_over_time(scope, period, filters))
    return Dashboard(scope, period, previous_period, filters, result)

"""The people block: unique people helped, new and already followed, age bands, communes."""

from datetime import date

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, Sum
from django.utils.translation import gettext as _

from tremplin.activities import choices
from tremplin.activities.models import Activity

from ..filters import Filters
from ..periods import Period
from .base import COUNT, Block, Row, Table
from .common import scoped_activities

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

    individual = qs.filter(beneficiary__isnull=False).order_by().values("beneficiary_id")
    collective = (
        Activity.participants.through.objects.filter(activity_id__in=qs.values("pk"))
        .order_by()
        .values("beneficiary_id")
    )
    # One IN over a UNION (a semi-join PostgreSQL can hash and spill to disk) rather than IN … OR IN …, whose two
    # sub-plans are only hashed when they fit in work_mem: at 1,000,000 activities they did not, and the query
    # re-scanned the activities once per person (stopped after 14 minutes).
    return Beneficiary.objects.filter(pk__in=individual.union(collective)).order_by()


def _record_counts(qs):
    """(accompaniments, named individual records, named participants, {band: anonymous}) of the records."""
    totals = qs.aggregate(
        accompaniments=Sum("participant_count"),
        named_individual=Count("pk", filter=Q(beneficiary__isnull=False)),
    )
    named_participants = Activity.participants.through.objects.filter(activity_id__in=qs.values("pk")).count()
    bands = {}
    for provider in ANONYMOUS_AGE_BAND_PROVIDERS:
        for key, count in provider(qs).items():
            bands[key] = bands.get(key, 0) + count
    return totals["accompaniments"] or 0, totals["named_individual"], named_participants, bands


def _stored_counts(stored):
    """The same counts from the monthly aggregates' rows (dimensions "", "nommes", "anonymes")."""
    accompaniments = named_individual = named_participants = 0
    bands = {}
    rows = (
        stored.filter(dimension__in=("", "nommes", "anonymes"))
        .values_list("dimension", "value")
        .annotate(Sum("activities"), Sum("participants"))
    )
    for dimension, value, activities, participants in rows:
        if dimension == "":
            accompaniments += participants or 0
        elif (dimension, value) == ("nommes", "individuel"):
            named_individual += activities
        elif (dimension, value) == ("nommes", "participants"):
            named_participants += activities
        elif dimension == "anonymes":
            bands[value] = bands.get(value, 0) + activities
    return accompaniments, named_individual, named_participants, bands


def _served_by_stored_data(scope, filters):
    """The presence rows serve the filters the activity aggregates serve (site, type), when the anonymous
    age bands come from the activities room's own provider (the one the aggregates pre-sum)."""
    from .activity_cube import served_by_aggregates

    return served_by_aggregates(scope, filters) and all(
        provider is anonymous_age_bands for provider in ANONYMOUS_AGE_BAND_PROVIDERS
    )


def _people_from_stored_data(scope, period, filters):
    """(people helped, "already followed", aggregate rows, records of the other days) from the stored data:
    the period's whole months from the presence rows and the monthly aggregates, its other days from the
    records; "already followed" from the first accompaniments per person and site. Same queries whatever
    the period."""
    from tremplin.people.models import Beneficiary

    from ..aggregates import ActivityMonthAggregate
    from ..aggregates_sync import month_split, refresh
    from ..presence import PersonMonthPresence, PersonSiteFirst
    from .activity_cube import _days_q

    refresh()
    months, ranges = month_split(period.start, period.end)
    # No whole month: an empty month range (end before start), so that the queries still run.
    first, last = months or (period.end + date.resolution, period.start)
    presence = PersonMonthPresence.objects.filter(month__gte=first, month__lte=last).order_by()
    stored = ActivityMonthAggregate.objects.filter(month__gte=first, month__lte=last).order_by()
    firsts = PersonSiteFirst.objects.filter(beneficiary_id=OuterRef("pk"), first_day__lt=period.start)
    if scope.site_ids is not None:
        presence = presence.filter(site_id__in=scope.site_ids)
        stored = stored.filter(site_id__in=scope.site_ids)
        firsts = firsts.filter(site_id__in=scope.site_ids)
    if filters.site_id:
        presence = presence.filter(site_id=filters.site_id)
        stored = stored.filter(site_id=filters.site_id)
    if filters.kind:
        presence = presence.filter(kind=filters.kind)
        stored = stored.filter(kind=filters.kind)
    raw = scoped_activities(scope, period, filters).filter(_days_q(ranges, period))
    individual = raw.filter(beneficiary__isnull=False).values("beneficiary_id")
    collective = (
        Activity.participants.through.objects.filter(activity_id__in=raw.values("pk"))
        .order_by()
        .values("beneficiary_id")
    )
    people = Beneficiary.objects.filter(
        pk__in=presence.values("beneficiary_id").union(individual, collective)
    ).order_by()
    return people, Exists(firsts), stored, raw


def people_figures(scope, period, filters, use_stored=True):
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
    Served (use_stored and a filter the stored data know, as the activity block) from the presence rows,
    first accompaniments and monthly aggregates of stats/presence.py and aggregates.py for the period's
    whole months, the records for its other days; for whole months of the network or of one site, the people
    from the months with their previous month (people_months.py); otherwise from the records only (same
    figures).
    """
    from tremplin.people.models import Beneficiary

    from .people_months import grouped_people

    field_names = {f.name for f in Beneficiary._meta.get_fields()}
    breakdowns = [entry for entry in PERSON_FIELD_BREAKDOWNS if entry[0] in field_names]
    grouped = None
    if use_stored and _served_by_stored_data(scope, filters):
        people, earlier, stored, raw = _people_from_stored_data(scope, period, filters)
        stored_counts, raw_counts = _stored_counts(stored), _record_counts(raw)
        accompaniments, named_individual, named_participants = (
            a + b for a, b in zip(stored_counts[:3], raw_counts[:3], strict=True)
        )
        anonymous_bands = dict(stored_counts[3])
        for key, count in raw_counts[3].items():
            anonymous_bands[key] = anonymous_bands.get(key, 0) + count
        # Whole months of the network or of one site: one row per person from the months with their previous
        # month (people_months.py) instead of the distinct people of every presence row.
        grouped = grouped_people(scope, period, filters, [entry[0] for entry in breakdowns])
    else:
        qs = scoped_activities(scope, period, filters)
        people = helped_people(qs)
        before = scoped_activities(scope, Period(date(1900, 1, 1), period.start - date.resolution), Filters())
        # "Already followed": an accompaniment in the scope before the period, as two EXISTS probes per person
        # helped (the person's own activities, the activities naming them) on the indexes by person.
        earlier = Exists(before.filter(beneficiary_id=OuterRef("pk"))) | Exists(
            before.filter(participants=OuterRef("pk"))
        )
        accompaniments, named_individual, named_participants, anonymous_bands = _record_counts(qs)
    # One pass over the distinct people gives the totals, "already followed", the birth years, the communes and
    # the optional fields (grouped by all of them: a few thousand rows), instead of one pass per figure: each pass
    # recomputes the distinct people of the period (≈ 1 s at 1,000,000 activities).
    if grouped is None:
        grouped = (
            people.annotate(already=ExpressionWrapper(earlier, output_field=BooleanField()))
            .values_list("already", "birth_year", "commune", *(entry[0] for entry in breakdowns))
            .annotate(n=Count("pk"))
            .order_by()
        )
    helped = already = 0
    bands = dict.fromkeys(age_band_labels(), 0)
    per_commune = {}
    per_field = [{} for _entry in breakdowns]
    for is_already, birth_year, commune, *rest in grouped:
        *field_values, count = rest
        helped += count
        already += count if is_already else 0
        bands[age_band(birth_year, period.end.year)] += count
        if commune:
            per_commune[commune] = per_commune.get(commune, 0) + count
        for found, value in zip(per_field, field_values, strict=True):
            found[value] = found.get(value, 0) + count
    anonymous = max(0, accompaniments - named_individual - named_participants)
    anonymous_bands = {**dict.fromkeys(age_band_labels(), 0), **anonymous_bands}
    if ANONYMOUS_AGE_BAND_PROVIDERS:
        # The anonymous accompaniments no band was given for are "non communiqué": the column adds up to the
        # "Accompagnements anonymes" figure.
        anonymous_bands[NOT_GIVEN] += max(0, anonymous - sum(anonymous_bands.values()))

    communes = sorted(per_commune.items(), key=lambda item: (-item[1], item[0]))
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
    for (_field_name, key, title, pairs), found in zip(breakdowns, per_field, strict=True):
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

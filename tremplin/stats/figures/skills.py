"""The skills block (diagnostic), on the assessments room's aggregates."""

from django.utils.translation import gettext as _

from tremplin.core.smallcounts import rate_base

from .base import COUNT, DAYS, PERCENT, Block, Row, Table
from .common import _people_of_partners


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
                base=(rate_base(found.with_follow_up, found.cohort),),
            ),
            # A median over 1 to 4 people is hidden like their count: its base is the people it is over.
            Row(
                "median_days_to_follow_up",
                _("Délai médian jusqu'au suivi"),
                (round(median_days, 1) if median_days is not None else None,),
                base=(found.with_follow_up,),
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
                        base=(None, None, rate_base(gains[code].gained, gains[code].people)),
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

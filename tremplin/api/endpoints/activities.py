"""The national team's tools: the network's activities in the layout of the Coop de la médiation numérique."""

from datetime import date

from django.utils.translation import gettext as _
from ninja import Query, Router

from tremplin.activities.models import Activity
from tremplin.stats import coop_export

from .. import pagination, problems, schemas
from ..common import TokenAuth, errors, require_scope
from ..models import Scope

router = Router(tags=["Export des activités (jeton de l'équipe nationale)"], auth=TokenAuth())


@router.get(
    "/activities/coop",
    response={200: schemas.CoopActivitePage, **errors(401, 403, 422, 429)},
    summary="Activités du réseau au format de la Coop de la médiation numérique",
    description=(
        "Les comptes rendus d'activité de tout le réseau, un objet `activite` de l'API v1 de la Coop par "
        "activité (mêmes lignes que l'export « format Coop » des statistiques), triés par date puis ordre de "
        "saisie, par pages (next_cursor). Période : du=AAAA-MM-JJ et/ou au=AAAA-MM-JJ (dates des activités, "
        "bornes incluses). Aucune donnée personnelle. Jeton avec le droit activities:export, délivré pour un "
        "compte de l'équipe nationale."
    ),
)
def export_activities_coop(
    request,
    du: date | None = None,
    au: date | None = None,
    cursor: str | None = None,
    limit: int = Query(50, ge=1, le=pagination.MAX_LIMIT),
):
    require_scope(request, Scope.ACTIVITIES_EXPORT)
    if du and au and du > au:
        message = _("La date de début doit précéder la date de fin.")
        raise problems.ApiProblem(
            422,
            _("Paramètres invalides"),
            message,
            slug="parametres-invalides",
            errors=[{"field": "du", "message": message}],
        )
    activities = Activity.objects.order_by()
    if du:
        activities = activities.filter(date__gte=du)
    if au:
        activities = activities.filter(date__lte=au)
    page, next_cursor = pagination.paginate(activities.only("pk", "date"), ["date", "pk"], cursor, limit)
    rows = coop_export.coop_rows(Activity.objects.filter(pk__in=[activity.pk for activity in page]))
    return {"items": [coop_export.coop_record(row) for row in rows], "next_cursor": next_cursor}

"""Funders' systems read the aggregated statistics of their account's scope, with the small-count rule."""

from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Router

from tremplin.stats import masking
from tremplin.stats.figures import COUNT, dashboard
from tremplin.stats.filters import FilterError, filters_from_query
from tremplin.stats.periods import PeriodError, period_from_query
from tremplin.stats.scope import scope_for
from tremplin.stats.views import effective_scope

from .. import problems, schemas
from ..common import TokenAuth, errors, require_scope
from ..models import Scope

router = Router(tags=["Statistiques (jeton de financeur)"], auth=TokenAuth())


def _value(value, replacement=None):
    """A figure for the API: the text that replaces it under the small-count rule (stats/masking.py: "< 5",
    "masqué", "—"), or the number."""
    if replacement is not None:
        return replacement
    return float(value) if isinstance(value, Decimal) else value


def _period(period):
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}


def _board_out(board):
    mask = board.scope.mask_small_counts
    blocks = []
    for block in board.blocks:
        figures = []
        for row in block.figures:
            unit = block.figure_units.get(row.key, COUNT)
            figures.append(
                {
                    "key": row.key,
                    "label": str(row.label),
                    "unit": unit,
                    "value": _value(row.values[0], masking.figure_replacement(block, row, mask)),
                    "previous": _value(
                        row.previous[0] if row.previous else None,
                        masking.figure_replacement(block, row, mask, previous=True),
                    ),
                }
            )
        tables = []
        for table in block.tables:
            rows = []
            for number, row in enumerate(table.rows):
                rows.append(
                    {
                        "key": str(row.key),
                        "label": str(row.label),
                        "values": [
                            _value(value, masking.cell_replacement(block, table, number, index, mask))
                            for index, value in enumerate(row.values)
                        ],
                        "previous": [
                            _value(value, masking.cell_replacement(block, table, number, index, mask, previous=True))
                            for index, value in enumerate(row.previous)
                        ]
                        if row.previous
                        else None,
                    }
                )
            tables.append(
                {
                    "key": table.key,
                    "title": str(table.title),
                    "definition": str(table.definition),
                    "columns": [str(c) for c in table.columns],
                    "units": list(table.units),
                    "rows": rows,
                }
            )
        blocks.append(
            {
                "key": block.key,
                "title": str(block.title),
                "definition": str(block.definition),
                "figures": figures,
                "tables": tables,
            }
        )
    return {
        "scope": str(board.scope.label),
        "small_counts_masked": mask,
        "period": _period(board.period),
        "previous_period": _period(board.previous_period),
        "blocks": blocks,
    }


@router.get(
    "/stats",
    response={200: schemas.StatsOut, **errors(401, 403, 404, 422, 429)},
    summary="Statistiques agrégées du périmètre du compte financeur",
    description=(
        "Les chiffres du tableau de bord des statistiques, pour le périmètre du compte financeur rattaché au "
        "jeton, avec la règle des petits effectifs (« < 5 »). Période : periode=mois|trimestre|annee|12_mois… "
        "ou periode=personnalisee&du=AAAA-MM-JJ&au=AAAA-MM-JJ (défaut : l'année en cours). Filtres : espace, "
        "partenaire (identifiants), thematique, type."
    ),
)
def get_stats(
    request,
    periode: str | None = None,
    du: str | None = None,
    au: str | None = None,
    espace: str | None = None,
    partenaire: str | None = None,
    thematique: str | None = None,
    type: str | None = None,
):
    require_scope(request, Scope.STATS_READ)
    params = {
        key: value
        for key, value in {
            "periode": periode,
            "du": du,
            "au": au,
            "espace": espace,
            "partenaire": partenaire,
            "thematique": thematique,
            "type": type,
        }.items()
        if value is not None
    }
    try:
        period = period_from_query(params)
        filters = filters_from_query(params, mediator=False)  # no mediator filter in the API
    except (PeriodError, FilterError) as error:
        raise problems.ApiProblem(
            422,
            _("Paramètres invalides"),
            str(error),
            slug="parametres-invalides",
            errors=[{"field": error.field, "message": str(error)}],
        ) from None
    # The statistics pages' own rules: the account's scope (Http404 without one), narrowed by the site filter.
    scope = effective_scope(scope_for(request.auth.account), filters)
    with translation.override("fr"):
        return _board_out(dashboard(scope, period, filters.replace(site_id=None)))

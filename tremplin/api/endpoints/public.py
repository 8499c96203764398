"""Public reads: the network's sites (fields of the "Lieux de médiation numérique" schema), the public sessions."""

from django.http import Http404
from django.utils import translation
from ninja import Path, Query, Router

from tremplin.opendata import lieux
from tremplin.people.models import EligibilityProofType
from tremplin.public.queries import public_sessions

from .. import pagination, schemas
from ..common import errors

router = Router(tags=["Public"])


@router.get(
    "/sites",
    response={200: schemas.LieuPage, **errors(422, 429)},
    summary="Espaces du réseau (schéma Lieux de médiation numérique)",
)
def list_sites(request, cursor: str | None = None, limit: int = Query(50, ge=1, le=pagination.MAX_LIMIT)):
    sites, next_cursor = pagination.paginate(lieux.published_sites(), ["pk"], cursor, limit)
    with translation.override("fr"):
        return {"items": lieux.lieux(sites), "next_cursor": next_cursor}


@router.get(
    "/sites/{site_id}",
    response={200: schemas.Lieu, **errors(404, 422, 429)},
    summary="Un espace",
)
def get_site(request, site_id: int = Path(..., ge=1, le=schemas.MAX_ID)):
    site = lieux.published_sites().filter(pk=site_id).first()
    if site is None:
        raise Http404
    with translation.override("fr"):
        return lieux.lieux([site])[0]


@router.get(
    "/sessions",
    response={200: schemas.SessionPage, **errors(422, 429)},
    summary="Ateliers à venir ouverts au public (ceux de l'agenda public), avec les places restantes",
)
def list_sessions(
    request,
    site_id: int | None = Query(None, ge=1, le=schemas.MAX_ID),
    starts_after: schemas.IsoDateTime | None = None,
    cursor: str | None = None,
    limit: int = Query(50, ge=1, le=pagination.MAX_LIMIT),
):
    # The public agenda's rule (public room): the API lists exactly the sessions the public pages show.
    sessions = public_sessions()
    if site_id is not None:
        sessions = sessions.filter(site_id=site_id)
    if starts_after is not None:
        sessions = sessions.filter(starts_at__gte=starts_after)
    items, next_cursor = pagination.paginate(sessions, ["starts_at", "pk"], cursor, limit)
    return {
        "items": [
            {
                "id": s.pk,
                "site_id": s.site_id,
                "site_name": s.site.name,
                "workshop": s.workshop.title,
                "description": s.workshop.description,
                "thematiques": list(s.workshop.thematiques),
                "level": s.workshop.level,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "seats": s.seats,
                "seats_left": s.seats_left,
            }
            for s in items
        ],
        "next_cursor": next_cursor,
    }


@router.get(
    "/reference/justificatifs",
    response={200: list[schemas.ProofType], **errors(429)},
    summary="Types de justificatifs d'éligibilité (pour proof_type_id)",
)
def list_proof_types(request):
    return [{"id": p.pk, "name": p.name} for p in EligibilityProofType.objects.filter(is_active=True)]

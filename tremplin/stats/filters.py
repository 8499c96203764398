"""Filters of the statistics pages (besides scope and period), read from GET with French errors."""

from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

from tremplin.activities import choices
from tremplin.core.formfields import parse_id


class FilterError(ValueError):
    """A filter value that cannot be used; str(error) is a French sentence, `field` the query parameter."""

    def __init__(self, message, field=""):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Filters:
    site_id: int | None = None
    partner_id: int | None = None
    mediator_id: int | None = None
    thematique: str = ""
    kind: str = ""
    # Hook for the programmes room (stats-reports): a programme narrows the scope to its sites and period;
    # the figures themselves never read it, `apply_programme` in views does (see docs/guide-statistiques.md).
    programme_id: int | None = None

    def replace(self, **changes):
        return replace(self, **changes)

    def query_params(self):
        params = {}
        for name, key in FILTER_KEYS:
            value = getattr(self, name)
            if value not in (None, ""):
                params[key] = str(value)
        return params

    @property
    def is_empty(self):
        return not self.query_params()


FILTER_KEYS = (
    ("site_id", "espace"),
    ("partner_id", "partenaire"),
    ("mediator_id", "mediateur"),
    ("thematique", "thematique"),
    ("kind", "type"),
    ("programme_id", "programme"),
)


def _id(params, key, label):
    raw = (params.get(key) or "").strip()
    if not raw:
        return None
    value = parse_id(raw)
    if value is None:
        raise FilterError(_("Le filtre « %(filter)s » n'est pas valide.") % {"filter": label}, key)
    return value


def filters_from_query(params, *, mediator=True):
    """Filters from GET-like `params`; French FilterError on a bad value. mediator=False: `mediateur` is
    ignored (observers have no mediator filter: it would name staff and narrow to a few people; the API
    never takes it) — a hand-written ?mediateur= in the URL changes nothing."""
    thematique = (params.get("thematique") or "").strip()
    if thematique and thematique not in {value for value, _label in choices.thematique_choices()}:
        raise FilterError(_("Thématique inconnue."), "thematique")
    kind = (params.get("type") or "").strip()
    if kind and kind not in {value for value, _label in choices.kind_choices()}:
        raise FilterError(_("Type d'activité inconnu."), "type")
    return Filters(
        site_id=_id(params, "espace", _("espace")),
        partner_id=_id(params, "partenaire", _("partenaire")),
        mediator_id=_id(params, "mediateur", _("médiateur·rice")) if mediator else None,
        thematique=thematique,
        kind=kind,
        programme_id=_id(params, "programme", _("programme")),
    )

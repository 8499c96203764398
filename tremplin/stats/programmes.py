"""Programmes: what funders fund — a funder, a period, the sites covered, and targets with their progress.

A programme's figures are the statistics room's own figures (the figures package) for the scope of its sites and the
period of the programme: a target kind names a figure (block function + row key), so "300 personnes
accompagnées" is measured exactly as the dashboard counts "Personnes accompagnées (uniques)".

An observer (financeur) can be granted a programme (`ProgrammeGrant`, kept here since the accounts room must
not import statistics): `programme_grants` hands the grants to core/observer_scope.py, whose one rule gives
every room (statistics, stock dashboard, site directory, home page) the programme's sites.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tremplin.core.roles import Role
from tremplin.core.text import fill

from .periods import Period
from .scope import StatsScope


@dataclass(frozen=True)
class TargetKind:
    key: str
    label: str  # lazy, plural noun after a number ("300 personnes accompagnées")
    function: str  # name of the block function in the figures package
    figure: str  # key of the headline row in that block
    unit: str = "count"


TARGET_KINDS = (
    TargetKind("people", _("personnes accompagnées (uniques)"), "people_figures", "helped"),
    TargetKind("accompaniments", _("accompagnements"), "activity_figures", "accompaniments"),
    TargetKind("activities", _("activités (comptes rendus)"), "activity_figures", "activities"),
    TargetKind("support_hours", _("heures d'accompagnement"), "activity_figures", "hours", "hours"),
    TargetKind("devices", _("appareils remis"), "equipment_figures", "devices"),
    TargetKind("sessions", _("séances d'ateliers tenues"), "workshop_figures", "sessions"),
    TargetKind("workshop_hours", _("heures d'ateliers animées"), "workshop_figures", "hours", "hours"),
    TargetKind("training_hours", _("heures de formation suivies"), "workshop_figures", "person_hours", "hours"),
    TargetKind("assessments", _("personnes ayant terminé un diagnostic"), "skills_figures", "assessments"),
    TargetKind("referrals", _("orientations reçues"), "partner_figures", "referrals"),
)
KINDS = {kind.key: kind for kind in TARGET_KINDS}


def target_kind_choices():
    return [(kind.key, kind.label) for kind in TARGET_KINDS]


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Network admin: all. Others: the programmes granted to them, and those covering at least one site
        of their statistics scope (a site manager sees the programmes that fund one of their sites; its
        figures are then limited to those sites, see `programme_site_ids`)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_network_admin:
            return self
        from django.http import Http404

        from .scope import scope_for

        try:
            scope = scope_for(user)
        except Http404:
            return self.none()
        granted = Q(grants__user=user)
        if scope.partner_ids is not None:
            return self.filter(granted).distinct()
        if scope.site_ids is None:
            return self
        return self.filter(granted | Q(sites__in=scope.site_ids)).distinct()


class Programme(models.Model):
    name = models.CharField(_("nom du programme"), max_length=150)
    funder_partner = models.ForeignKey(
        "network.PartnerOrganisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_programmes",
        verbose_name=_("financeur (structure partenaire)"),
    )
    funder_name = models.CharField(
        _("financeur (autre)"),
        max_length=150,
        blank=True,
        help_text=_("Si le financeur n'est pas une structure partenaire, par exemple « Fondation Orange »."),
    )
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    sites = models.ManyToManyField("network.Site", related_name="programmes", verbose_name=_("espaces couverts"))
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                name="programme_period_order",
                condition=Q(ends_on__gte=models.F("starts_on")),
                violation_error_message=_("La fin du programme doit être postérieure ou égale à son début."),
            ),
            models.CheckConstraint(
                name="programme_has_funder",
                condition=Q(funder_partner__isnull=False) | ~Q(funder_name=""),
                violation_error_message=_("Indiquez le financeur : une structure partenaire ou un nom."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("stats:programme_detail", args=[self.pk])

    @property
    def funder(self):
        return str(self.funder_partner) if self.funder_partner_id else self.funder_name

    @property
    def period(self):
        return Period(self.starts_on, self.ends_on, "personnalisee")

    def scope(self, *, mask_small_counts=False, site_ids=None):
        """The programme's sites; `site_ids` (not None) keeps only those of them (a site manager's own)."""
        sites = set(self.sites.values_list("pk", flat=True))
        label = fill(_("Programme « %(name)s »"), name=self.name)
        if site_ids is not None:
            sites &= set(site_ids)
            names = ", ".join(self.sites.filter(pk__in=sites).order_by("name").values_list("name", flat=True))
            label = fill(_("%(programme)s, limité à : %(sites)s"), programme=label, sites=names)
        return StatsScope.for_sites(
            sites,
            label=label,
            mask_small_counts=mask_small_counts,
            origin=f"programme:{self.pk}",
        )


class ProgrammeTarget(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="targets")
    kind = models.CharField(_("indicateur"), max_length=30, choices=target_kind_choices)
    value = models.PositiveIntegerField(_("objectif"))

    class Meta:
        verbose_name = _("objectif")
        verbose_name_plural = _("objectifs")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind"],
                name="programme_target_unique_kind",
                violation_error_message=_("Cet indicateur a déjà un objectif dans ce programme."),
            ),
            models.CheckConstraint(
                name="programme_target_positive",
                condition=Q(value__gte=1),
                violation_error_message=_("L'objectif doit être un nombre supérieur à zéro."),
            ),
        ]

    def __str__(self):
        return f"{self.value} {self.kind_label}"

    @property
    def kind_label(self):
        kind = KINDS.get(self.kind)
        return str(kind.label) if kind else self.kind


class ProgrammeGrant(models.Model):
    """An observer (financeur) may see this programme's statistics (its sites, see scope.scope_for)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_grants", verbose_name=_("compte")
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("accès à un programme")
        verbose_name_plural = _("accès aux programmes")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "user"],
                name="programme_grant_unique",
                violation_error_message=_("Ce compte a déjà accès à ce programme."),
            )
        ]

    def __str__(self):
        return f"{self.programme} — {self.user}"


def programme_site_ids(programme, user):
    """The programme's site ids whose figures `user` sees, or None for all of them.

    Always the programme's sites within the user's statistics scope (scope_for): all of them for the national
    team, a network-wide observer or an observer granted the programme (its sites are in their scope); those
    of their own sites for a site manager or an observer of some sites.
    """
    from django.http import Http404

    from .scope import scope_for

    try:
        scope = scope_for(user)
    except Http404:
        return frozenset()
    if scope.site_ids is None:
        return None
    sites = set(programme.sites.values_list("pk", flat=True))
    within = sites & set(scope.site_ids)
    return None if within == sites else frozenset(within)


def granted_programmes(user):
    """[(programme id, name, [site ids])] granted to `user`."""
    rows = {}
    granted = Programme.objects.filter(grants__user=user).values_list("pk", "name", "sites__pk")
    for programme_id, name, site_id in granted:
        _name, sites = rows.setdefault(programme_id, (name, []))
        if site_id:
            sites.append(site_id)
    return [(pk, name, sites) for pk, (name, sites) in sorted(rows.items())]


def programme_grants(user):
    """The programmes granted to `user` as core observer-scope grants (registered in StatsConfig.ready():
    core/observer_scope.py narrows every room's observer scope to these programmes' sites)."""
    from tremplin.core.observer_scope import Grant

    if not user.has_role(Role.OBSERVER):
        return []
    return [Grant("programme", pk, name, frozenset(sites)) for pk, name, sites in granted_programmes(user)]


# --------------------------------------------------------------------------------------------------------
# Progress against targets


@dataclass
class Progress:
    target: ProgrammeTarget
    kind: TargetKind | None
    achieved: float | None  # None: the figure is not available (yet) in the statistics room

    @property
    def percent(self):
        """Share of the target reached, 0–100+ (not capped: a target can be exceeded)."""
        if self.achieved is None:
            return None
        return round(100 * self.achieved / self.target.value)

    @property
    def bar_percent(self):
        """Width of the bar, 0–100."""
        return min(100, self.percent or 0)

    @property
    def reached(self):
        return self.achieved is not None and self.achieved >= self.target.value


def figure_values(scope, period, kinds, filters=None):
    """{kind key: value} for target kinds, calling each figures block once (None when unavailable)."""
    from . import figures
    from .filters import Filters

    filters = filters or Filters()
    blocks = {}
    values = {}
    for kind in kinds:
        function = getattr(figures, kind.function, None)
        if function is None:
            values[kind.key] = None
            continue
        if kind.function not in blocks:
            blocks[kind.function] = function(scope, period, filters)
        try:
            values[kind.key] = blocks[kind.function].figure(kind.figure).value
        except StopIteration:
            values[kind.key] = None
    return values


def programme_progress(programme, *, mask_small_counts=False, site_ids=None):
    """[Progress] for each target of the programme, over its sites (or those of them in `site_ids`) and its
    whole period."""
    targets = list(programme.targets.all())
    kinds = [KINDS[target.kind] for target in targets if target.kind in KINDS]
    scope = programme.scope(mask_small_counts=mask_small_counts, site_ids=site_ids)
    values = figure_values(scope, programme.period, kinds)
    return [Progress(target, KINDS.get(target.kind), values.get(target.kind)) for target in targets]


def check_target_kinds(kinds):
    seen = set()
    for kind in kinds:
        if kind in seen:
            raise ValidationError(_("Un même indicateur ne peut avoir qu'un objectif."))
        seen.add(kind)


def programme_choices(user):
    """[(id, name)] of the programmes `user` may filter the statistics by."""
    return [
        (str(pk), name) for pk, name in Programme.objects.visible_to(user).order_by("name").values_list("pk", "name")
    ]


def apply_programme(user, scope, filters):
    """The scope narrowed to the programme of the filters (its sites, within the user's scope).

    A programme the user may not see gives an empty scope, never more than the user's own.
    """
    if not filters.programme_id:
        return scope
    programme = Programme.objects.visible_to(user).filter(pk=filters.programme_id).first()
    if programme is None:
        return StatsScope.for_sites((), label=scope.label, mask_small_counts=scope.mask_small_counts)
    site_ids = set(programme.sites.values_list("pk", flat=True))
    if scope.site_ids is not None:  # granted programmes' sites are already in the observer's scope
        site_ids &= set(scope.site_ids)
    return StatsScope(
        frozenset(site_ids),
        scope.partner_ids,
        fill(_("Programme « %(name)s »"), name=programme.name),
        scope.mask_small_counts,
        f"programme:{programme.pk}",
    )

"""The filter form of the statistics pages: a GET form whose cleaning uses periods.py and filters.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.activities import choices
from tremplin.core.formfields import DateField, DateInput, parse_id
from tremplin.core.roles import SITE_ROLES

from .filters import FilterError, Filters, filters_from_query
from .periods import DEFAULT_PRESET, PRESETS, PeriodError, period_from_query

# What is shown instead when a filter names something outside the user's scope (StatsFilterForm.notices).
OUT_OF_SCOPE = {
    "espace": _("Cet espace n'est pas dans votre périmètre ; tous les espaces de votre périmètre sont affichés."),
    "partenaire": _(
        "Cette structure partenaire n'est pas dans votre périmètre ; toutes les structures de votre périmètre "
        "sont comptées."
    ),
    "mediateur": _(
        "Ce filtre « médiateur·rice » n'est pas disponible ; les activités de tous les médiateur·rices de votre "
        "périmètre sont comptées."
    ),
    "programme": _("Ce programme n'est pas dans votre périmètre ; tous les espaces de votre périmètre sont affichés."),
}


class StatsFilterForm(forms.Form):
    periode = forms.ChoiceField(label=_("Période"), choices=PRESETS, required=False)
    du = DateField(label=_("Du"), required=False, widget=DateInput)
    au = DateField(label=_("Au"), required=False, widget=DateInput)
    espace = forms.ChoiceField(label=_("Espace"), required=False)
    partenaire = forms.ChoiceField(label=_("Structure partenaire"), required=False)
    mediateur = forms.ChoiceField(label=_("Médiateur·rice"), required=False)
    thematique = forms.ChoiceField(label=_("Thématique"), required=False)
    type = forms.ChoiceField(label=_("Type d'activité"), required=False)

    def __init__(self, data, *, scope, show_mediators=True, programme_choices=None):
        from tremplin.accounts.models import User
        from tremplin.network.models import PartnerOrganisation, Site

        super().__init__(data)
        self.scope = scope
        everything = [("", _("Tous"))]
        sites = Site.objects.order_by("name")
        if scope.site_ids is not None:
            sites = sites.filter(pk__in=scope.site_ids)
        self.fields["espace"].choices = everything + [(str(pk), name) for pk, name in sites.values_list("pk", "name")]
        partners = PartnerOrganisation.objects.order_by("name")
        if scope.partner_ids is not None:
            partners = partners.filter(pk__in=scope.partner_ids)
        self.fields["partenaire"].choices = everything + [
            (str(pk), name) for pk, name in partners.values_list("pk", "name")
        ]
        if show_mediators:
            staff = User.objects.filter(memberships__role__in=sorted(SITE_ROLES), memberships__is_active=True)
            if scope.site_ids is not None:
                staff = staff.filter(memberships__site_id__in=scope.site_ids)
            self.fields["mediateur"].choices = everything + [
                (str(pk), name or email)
                for pk, name, email in staff.distinct().order_by("full_name").values_list("pk", "full_name", "email")
            ]
        else:
            del self.fields["mediateur"]
        self.fields["thematique"].choices = [("", _("Toutes")), *list(choices.thematique_choices())]
        self.fields["type"].choices = everything + list(choices.kind_choices())
        # Hook for the programmes room: views pass [(id, name)] once programmes exist.
        if programme_choices:
            self.fields["programme"] = forms.ChoiceField(
                label=_("Programme"), required=False, choices=everything + list(programme_choices)
            )
        self.period = None
        self.filters = Filters()
        self.dropped = []  # the query keys dropped (exports refuse them: views_exports._refused)
        self.notices = self._drop_out_of_scope(data)

    def _drop_out_of_scope(self, data):
        """A site, partner, mediator or programme outside the user's scope (an old link, an id typed in the
        address): the filter is dropped, the other filters kept, and a sentence says what is shown instead —
        never figures of that site (StatsScope.narrowed_to_site), and never a silent "whole scope". The same
        sentence whether the id exists or not: it tells nothing about other sites."""
        notices = []
        for key, message in OUT_OF_SCOPE.items():
            raw = (data.get(key) or "").strip() if data is not None else ""
            if not raw or parse_id(raw) is None:
                continue  # empty, or malformed: the form's own error
            field = self.fields.get(key)
            if field is not None and raw in {str(value) for value, _label in field.choices}:
                continue
            # Not among the choices; or no such field (an observer has no mediator filter, a user who may see
            # no programme has no programme filter).
            data.pop(key, None)
            self.dropped.append(key)
            notices.append(message)
        return notices

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            self.period = period_from_query(self.data)
        except PeriodError as error:
            self.add_error("du" if (self.data.get("periode") == "personnalisee") else "periode", str(error))
        try:
            # Without the mediator field (observers), ?mediateur= typed in the URL is ignored.
            self.filters = filters_from_query(self.data, mediator="mediateur" in self.fields)
        except FilterError as error:
            raise forms.ValidationError(str(error)) from error
        return cleaned


def read_filters(request, scope, **kwargs):
    """(form, period, filters) from the request's GET; on error the form carries the French message and the
    period/filters fall back to the defaults so the page still shows figures."""
    data = request.GET.copy()
    if not data.get("periode"):
        data["periode"] = DEFAULT_PRESET
    form = StatsFilterForm(data, scope=scope, **kwargs)
    if form.is_valid():
        return form, form.period, form.filters
    return form, period_from_query({"periode": DEFAULT_PRESET}), Filters()

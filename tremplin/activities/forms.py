"""The quick entry form: one screen, radio and checkbox groups, sensible defaults (under 30 seconds)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.formfields import DateField, DateInput
from tremplin.core.roles import Role
from tremplin.network.models import Site
from tremplin.people.models import Beneficiary
from tremplin.people.visibility import check_people, may_see_person, pseudonym

from . import choices
from .models import Activity

OTHER_DURATION = "autre"
AGE_BAND_PREFIX = "anonymous_"


def age_band_field_name(band):
    return f"{AGE_BAND_PREFIX}{band}"


def person_label(person):
    return f"{person} ({person.birth_year})" if person.birth_year else str(person)


class QuickActivityForm(forms.ModelForm):
    duration_choice = forms.ChoiceField(
        label=_("Durée"),
        widget=forms.RadioSelect,
        initial="30",
    )
    other_duration = forms.IntegerField(
        label=_("Autre durée (en minutes)"),
        required=False,
        min_value=1,
        max_value=720,
        help_text=_("Seulement si vous avez coché « autre durée »."),
    )
    thematiques = forms.MultipleChoiceField(label=_("Thématiques"), widget=forms.CheckboxSelectMultiple, required=False)
    admin_thematiques = forms.MultipleChoiceField(
        label=_("Démarches administratives (précisez le domaine)"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    equipment = forms.MultipleChoiceField(
        label=_("Matériel utilisé"), widget=forms.CheckboxSelectMultiple, required=False
    )
    beneficiary = forms.ModelChoiceField(
        label=_("Personne accompagnée"),
        queryset=Beneficiary.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
    )

    class Meta:
        model = Activity
        fields = [
            "site",
            "kind",
            "date",
            "beneficiary",
            "autonomy",
            "place",
            "place_postal_code",
            "place_commune",
            "redirected_to",
            "title",
            "level",
            "participant_count",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "date": DateInput(),
            "autonomy": forms.RadioSelect,
            "place": forms.RadioSelect,
            "level": forms.RadioSelect,
        }
        field_classes = {"date": DateField}
        help_texts = {
            "participant_count": _("Pour un atelier collectif : toutes les personnes présentes, nommées ou non."),
        }

    def __init__(self, *args, user, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.instance.recorded_by = user
        sites = Site.objects.order_by("name")
        if not user.is_network_admin:
            sites = sites.filter(pk__in=user.site_ids(Role.SITE_MANAGER, Role.MEDIATOR, Role.VOLUNTEER))
        self.fields["site"].queryset = sites
        self.fields["site"].empty_label = None
        if len(sites) == 1:
            self.fields["site"].initial = sites[0].pk
            self.fields["site"].widget = forms.HiddenInput()
        self.fields["kind"].choices = choices.kind_choices()
        self.fields["kind"].initial = choices.INDIVIDUAL
        self.fields["place"].choices = choices.place_choices()
        self.fields["date"].initial = timezone.localdate()
        presets = [(str(minutes), choices.duration_label(minutes)) for minutes in choices.duration_presets()]
        self.fields["duration_choice"].choices = [*presets, (OTHER_DURATION, _("autre durée"))]
        self.fields["thematiques"].choices = choices.thematique_choices("non_administratives")
        self.fields["admin_thematiques"].choices = choices.thematique_choices("administratives")
        self.fields["equipment"].choices = choices.equipment_choices()
        self.fields["autonomy"].choices = [("", _("non renseigné")), *choices.autonomy_choices()]
        self.fields["level"].choices = [("", _("non renseigné")), *choices.level_choices()]
        self.fields["redirected_to"].choices = [("", _("non, pas de réorientation")), *choices.redirection_choices()]
        self.fields["participant_count"].initial = 1
        # Any person the user may see is accepted; only the few found by the search are offered.
        people = Beneficiary.objects.visible_to(user).active()
        current = self.instance.beneficiary_id if self.instance.pk else None
        check_people(user, [current, *candidates])  # one query for the names offered below
        if current and not may_see_person(user, current):
            # The national team may correct a record of any site, but reads its person as a pseudonym only.
            people = Beneficiary.objects.filter(pk=current) | people
        self.fields["beneficiary"].queryset = people
        offered = [("", _("Personne anonyme (non enregistrée)"))]
        offered += [
            (person.pk, person_label(person) if may_see_person(user, person) else pseudonym(person))
            for person in candidates
        ]
        self.fields["beneficiary"].widget.choices = offered
        if candidates and not self.is_bound and not self.instance.pk:
            self.fields["beneficiary"].initial = candidates[0].pk if len(candidates) == 1 else ""
        # Anonymous participants of a collective activity, counted per Coop age band (all optional).
        for band, band_label in choices.age_band_choices():
            self.fields[age_band_field_name(band)] = forms.IntegerField(
                label=band_label, required=False, min_value=0, max_value=999
            )
        if self.instance.pk:
            self._initial_from_instance()

    def age_band_fields(self):
        return [self[age_band_field_name(band)] for band, _label in choices.age_band_choices()]

    def _initial_from_instance(self):
        activity = self.instance
        presets = {str(minutes) for minutes in choices.duration_presets()}
        if str(activity.duration) in presets:
            self.initial["duration_choice"] = str(activity.duration)
        else:
            self.initial["duration_choice"] = OTHER_DURATION
            self.initial["other_duration"] = activity.duration
        admin = dict(choices.thematique_choices("administratives"))
        self.initial["thematiques"] = [value for value in activity.thematiques if value not in admin]
        self.initial["admin_thematiques"] = [value for value in activity.thematiques if value in admin]
        self.initial["equipment"] = list(activity.equipment)
        for band, count in (activity.anonymous_age_bands or {}).items():
            self.initial[age_band_field_name(band)] = count

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("duration_choice")
        if choice == OTHER_DURATION and not cleaned.get("other_duration"):
            self.add_error("other_duration", _("Indiquez la durée en minutes."))
        if cleaned.get("date") and cleaned["date"] > timezone.localdate():
            self.add_error("date", _("La date ne peut pas être dans le futur."))
        # Only the section of the chosen type is shown (CSS hides the other): what the hidden section still
        # holds (typed before switching type, or shown where the browser cannot hide it) is ignored.
        if cleaned.get("kind") == choices.INDIVIDUAL:
            cleaned["participant_count"] = 1
            cleaned["title"] = ""
            cleaned["level"] = ""
        elif cleaned.get("kind") == choices.COLLECTIVE:
            cleaned["autonomy"] = ""
            cleaned["redirected_to"] = ""
        return cleaned

    def _anonymous_age_bands(self):
        if self.cleaned_data.get("kind") != choices.COLLECTIVE:
            return {}
        bands = {}
        for band, _label in choices.age_band_choices():
            count = self.cleaned_data.get(age_band_field_name(band))
            if count:
                bands[band] = count
        return bands

    def _post_clean(self):
        data = self.cleaned_data
        choice = data.get("duration_choice")
        if choice and choice != OTHER_DURATION:
            self.instance.duration = int(choice)
        elif data.get("other_duration"):
            self.instance.duration = data["other_duration"]
        thematiques = list(data.get("thematiques") or [])
        admin = list(data.get("admin_thematiques") or [])
        if admin and choices.ADMIN_PROCEDURES not in thematiques:
            thematiques.append(choices.ADMIN_PROCEDURES)
        self.instance.thematiques = thematiques + admin
        self.instance.equipment = list(data.get("equipment") or [])
        self.instance.anonymous_age_bands = self._anonymous_age_bands()
        super()._post_clean()

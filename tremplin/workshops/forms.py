"""Forms of the workshops room. Every rule with a user-facing message lives in the services too."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.models import User
from tremplin.core.formfields import DateField, DateInput, FreeTextLimitsMixin, IdMultipleChoiceField, TimeInput
from tremplin.core.roles import SITE_CASEWORK_ROLES, SITE_ROLES, Role
from tremplin.network.models import Site
from tremplin.network.timezones import site_datetime
from tremplin.people.models import Beneficiary
from tremplin.people.search import search_by_name

from .models import Attendance, Workshop, WorkshopKind
from .thematiques import thematique_choices

PERSON_CHOICES_LIMIT = 50


class WorkshopForm(FreeTextLimitsMixin, forms.ModelForm):
    thematiques = forms.MultipleChoiceField(
        label=_("Thématiques"),
        choices=thematique_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Liste nationale de la Coop de la médiation numérique."),
        error_messages={"required": _("Choisissez au moins une thématique.")},
    )

    class Meta:
        model = Workshop
        fields = [
            "title",
            "description",
            "thematiques",
            "level",
            "kind",
            "duration_minutes",
            "default_seats",
            "session_count",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        data = super().clean()
        if data.get("kind") != WorkshopKind.COURSE and data.get("session_count", 1) != 1:
            self.add_error("session_count", _("Seul un parcours compte plusieurs séances."))
        if data.get("kind") == WorkshopKind.COURSE and (data.get("session_count") or 0) < 2:
            self.add_error("session_count", _("Un parcours compte au moins 2 séances."))
        return data


def _aware(day, time, site):
    """Times are typed in the site's own zone (09:30 in Pointe-à-Pitre is 09:30 America/Guadeloupe)."""
    return site_datetime(day, time, site)


class _PlanningForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Espace"), queryset=Site.objects.none(), empty_label=None)
    workshop = forms.ModelChoiceField(label=_("Atelier"), queryset=Workshop.objects.none())
    date = DateField(label=_("Date (première séance)"), widget=DateInput())
    start_time = forms.TimeField(label=_("Heure de début"), widget=TimeInput())
    end_time = forms.TimeField(
        label=_("Heure de fin"),
        required=False,
        widget=TimeInput(),
        help_text=_("Laisser vide : la durée prévue au catalogue."),
    )
    room = forms.CharField(label=_("Salle"), max_length=100, required=False)
    seats = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=500,
        required=False,
        help_text=_("Laisser vide : le nombre de places prévu au catalogue."),
    )
    facilitators = IdMultipleChoiceField(
        label=_("Animateur·rices"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    workshop_kinds = (WorkshopKind.ONE_OFF, WorkshopKind.DROP_IN, WorkshopKind.COURSE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        sites = Site.objects.active().filter(pk__in=user.site_ids(Role.SITE_MANAGER)).order_by("name")
        self.fields["site"].queryset = sites
        self.fields["workshop"].queryset = Workshop.objects.active().filter(kind__in=self.workshop_kinds)
        self.fields["facilitators"].queryset = (
            User.objects.filter(
                is_active=True,
                memberships__site__in=sites,
                memberships__is_active=True,
                memberships__role__in=[r.value for r in SITE_ROLES],
            )
            .distinct()
            .order_by("full_name")
        )

    def clean(self):
        data = super().clean()
        if {"date", "start_time", "workshop", "site"} <= data.keys():
            data["starts_at"] = _aware(data["date"], data["start_time"], data["site"])
            if data.get("end_time"):
                data["ends_at"] = _aware(data["date"], data["end_time"], data["site"])
                if data["ends_at"] <= data["starts_at"]:
                    self.add_error("end_time", _("L'heure de fin doit suivre l'heure de début."))
            else:
                data["ends_at"] = data["starts_at"] + data["workshop"].duration
            if data["starts_at"] <= timezone.now():
                self.add_error("date", _("Choisissez une date et une heure à venir."))
        return data


class SessionForm(_PlanningForm):
    workshop_kinds = (WorkshopKind.ONE_OFF, WorkshopKind.DROP_IN)
    weeks = forms.IntegerField(
        label=_("Répéter chaque semaine pendant"),
        min_value=1,
        max_value=52,
        initial=1,
        help_text=_("Nombre de semaines (1 : une seule séance)."),
    )


class CourseForm(_PlanningForm):
    workshop_kinds = (WorkshopKind.COURSE,)
    label = forms.CharField(
        label=_("Nom du groupe"),
        max_length=120,
        required=False,
        help_text=_("Par exemple « Groupe du mardi — printemps »."),
    )
    session_count = forms.IntegerField(
        label=_("Nombre de séances"),
        min_value=1,
        max_value=30,
        required=False,
        help_text=_("Laisser vide : le nombre prévu au catalogue."),
    )
    every_days = forms.IntegerField(label=_("Une séance tous les (jours)"), min_value=1, max_value=31, initial=7)

    def clean(self):
        data = super().clean()
        if "starts_at" in data:
            count = data.get("session_count") or data["workshop"].session_count
            every = data.get("every_days") or 7
            from .services.scheduling import weekly_starts

            data["starts"] = weekly_starts(data["starts_at"], count, every, tz=data["site"].tzinfo)
            data["length"] = data["ends_at"] - data["starts_at"]
        return data


class CancelSessionForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif (communiqué à l'équipe, pas aux personnes)"), max_length=200, required=False
    )


class MoveSessionForm(forms.Form):
    date = DateField(label=_("Nouvelle date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Heure de début"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Heure de fin"), widget=TimeInput())
    room = forms.CharField(label=_("Salle"), max_length=100, required=False)

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.site = site

    def clean(self):
        data = super().clean()
        if {"date", "start_time", "end_time"} <= data.keys():
            data["starts_at"] = _aware(data["date"], data["start_time"], self.site)
            data["ends_at"] = _aware(data["date"], data["end_time"], self.site)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end_time", _("L'heure de fin doit suivre l'heure de début."))
            elif data["starts_at"] <= timezone.now():
                self.add_error("date", _("Choisissez une date et une heure à venir."))
        return data


class SeatsForm(forms.Form):
    seats = forms.IntegerField(label=_("Nombre de places"), min_value=1, max_value=500)


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Rechercher une personne (nom ou prénom)"), max_length=100, required=False)


class PersonChoiceForm(forms.Form):
    """Pick one person the user may see; the list is narrowed by the search, the check is not."""

    beneficiary = forms.ModelChoiceField(
        label=_("Personne"),
        queryset=Beneficiary.objects.none(),
        error_messages={
            "required": _("Choisissez une personne."),
            "invalid_choice": _("Cette personne n'est pas dans la liste de votre espace."),
        },
    )

    def __init__(self, *args, user, query="", **kwargs):
        super().__init__(*args, **kwargs)
        visible = Beneficiary.objects.visible_to(user).active()
        self.fields["beneficiary"].queryset = visible
        shown = search_by_name(visible, query, user=user) if query else visible
        # The birth year tells namesakes apart; volunteers see names only.
        with_year = bool(user.site_ids(*SITE_CASEWORK_ROLES))

        def label(person):
            year = f" ({person.birth_year})" if with_year and person.birth_year else ""
            return f"{person.last_name.upper()} {person.first_name}{year}"

        self.fields["beneficiary"].choices = [("", _("— choisir —"))] + [
            (b.pk, label(b)) for b in shown.in_list_order()[:PERSON_CHOICES_LIMIT]
        ]


ATTENDANCE_CHOICES = [(a.value, a.label) for a in Attendance if a != Attendance.UNKNOWN]


def parse_marks(post, enrollments):
    """{enrolment id: attendance} from the sheet's radio buttons (`mark-<uuid>`); unknown values dropped."""
    valid = {value for value, _label in ATTENDANCE_CHOICES}
    marks = {}
    for enrollment in enrollments:
        value = post.get(f"mark-{enrollment.pk}")
        if value in valid:
            marks[str(enrollment.pk)] = value
    return marks


def week_start(day):
    return day - timedelta(days=day.weekday())

"""Skills diagnostic: a versioned questionnaire (areas → items), and each person's diagnostics with answers.

A published questionnaire is frozen: its areas and items can no longer be changed or deleted, so an
answer always keeps the exact wording and scale it was given with. Editing means a new draft version.
Levels and profile are computed by `scoring` (the rules are written there and in docs/guide-diagnostic.md).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tremplin.core.text import RTL_LANGUAGES  # noqa: F401 (re-exported: the room reads it from its models)

from .crcn import validate_crcn_codes

LANGUAGES = [("fr", "Français"), ("en", "English"), ("ar", "العربية")]


def validate_texts(value):
    """{"fr": "…", "en": "…"}: French is required, languages come from LANGUAGES."""
    if not isinstance(value, dict) or not str(value.get("fr", "")).strip():
        raise ValidationError(_("Le texte en français est obligatoire."))
    known = {code for code, _label in LANGUAGES}
    unknown = sorted(set(value) - known)
    if unknown:
        raise ValidationError(_("Langue inconnue : %(codes)s."), params={"codes": ", ".join(unknown)})


def text_in(texts, language=None):
    """The text in `language` (default: the active one), falling back to French."""
    language = (language or get_language() or "fr")[:2]
    return texts.get(language) or texts.get("fr", "")


class FrozenError(ValidationError):
    pass


class QuestionnaireStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    PUBLISHED = "published", _("Publiée")
    RETIRED = "retired", _("Retirée")


class QuestionnaireQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=QuestionnaireStatus.PUBLISHED)

    def current(self):
        """The published version to use for a new diagnostic (the highest version number)."""
        return self.published().order_by("-version").first()


class Questionnaire(models.Model):
    version = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("titre"), max_length=120)
    status = models.CharField(
        _("état"), max_length=20, choices=QuestionnaireStatus.choices, default=QuestionnaireStatus.DRAFT
    )
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("questionnaire de diagnostic")

    def __str__(self):
        return f"{self.title} (v{self.version})"

    def save(self, *args, **kwargs):
        if self.pk:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored in (QuestionnaireStatus.PUBLISHED, QuestionnaireStatus.RETIRED):
                raise FrozenError(_("Une version publiée ne se modifie plus : créez une nouvelle version."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_frozen:
            raise FrozenError(_("Une version publiée ne se supprime pas."))
        return super().delete(*args, **kwargs)

    @property
    def is_frozen(self):
        """Published or retired: answers were (or may have been) given on it, it never changes again."""
        return self.status != QuestionnaireStatus.DRAFT

    def publish(self):
        if self.is_frozen:
            raise FrozenError(_("Cette version est déjà publiée."))
        if not self.areas.exists() or not Item.objects.filter(area__questionnaire=self).exists():
            raise ValidationError(_("Une version sans domaine ni question ne peut pas être publiée."))
        self.status = QuestionnaireStatus.PUBLISHED
        self.published_at = timezone.now()
        super().save(update_fields=["status", "published_at"])


class _FrozenWithQuestionnaire(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._questionnaire().is_frozen:
            raise FrozenError(_("Une version publiée ne se modifie plus : créez une nouvelle version."))
        self.full_clean()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._questionnaire().is_frozen:
            raise FrozenError(_("Une version publiée ne se supprime pas."))
        return super().delete(*args, **kwargs)

    def _questionnaire(self):
        raise NotImplementedError


class Area(_FrozenWithQuestionnaire):
    """A skills area in plain language, read against the national CRCN competences."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="areas")
    code = models.SlugField(_("code"), max_length=40, help_text=_("Stable d'une version à l'autre."))
    order = models.PositiveSmallIntegerField(_("ordre"), default=1)
    names = models.JSONField(_("nom (par langue)"), validators=[validate_texts])
    crcn_codes = models.JSONField(_("compétences CRCN"), validators=[validate_crcn_codes])
    thematiques = models.JSONField(_("thématiques des ateliers qui y répondent"), default=list, blank=True)
    translated_from = models.JSONField(_("nom français traduit (par langue)"), default=dict, blank=True)

    class Meta:
        ordering = ["questionnaire", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "code"], name="area_code_unique_per_version")]

    def __str__(self):
        return self.name

    def _questionnaire(self):
        return self.questionnaire

    @property
    def name(self):
        return text_in(self.names)


class ItemKind(models.TextChoices):
    OBSERVED = "observed", _("Mise en situation (observée)")
    SELF = "self", _("Auto-évaluation")
    CONTEXT = "context", _("Question de contexte (non notée)")


# The kinds the person answers alone at the kiosk (observed tasks need the mediator).
KIOSK_KINDS = (ItemKind.SELF, ItemKind.CONTEXT)


class Item(_FrozenWithQuestionnaire):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("ordre"), default=1)
    kind = models.CharField(_("type"), max_length=20, choices=ItemKind.choices)
    texts = models.JSONField(_("texte (par langue)"), validators=[validate_texts])
    # {"en": "<the French text the English was written from>", …}: editor.track_translations keeps it, and a
    # translation whose French has changed since is listed « à revoir » before publishing (editor.guidance_warnings).
    translated_from = models.JSONField(_("texte français traduit (par langue)"), default=dict, blank=True)

    class Meta:
        ordering = ["area__order", "order", "pk"]

    def __str__(self):
        return self.text

    def _questionnaire(self):
        return self.area.questionnaire

    @property
    def text(self):
        return text_in(self.texts)


# Answer values. Observed tasks and self-assessment have their own scale; scoring.py gives the points.
class Answer(models.TextChoices):
    ALONE = "alone", _("Réussi seul·e")
    WITH_HELP = "with_help", _("Réussi avec aide")
    FAILED = "failed", _("Pas réussi")
    NOT_ASSESSED = "not_assessed", _("Non évalué")
    YES_ALONE = "yes_alone", _("Oui, seul·e")
    YES_HELP = "yes_help", _("Avec de l'aide")
    NO = "no", _("Non")
    DONT_KNOW = "dont_know", _("Je ne sais pas")
    YES = "yes", _("Oui")


OBSERVED_ANSWERS = [Answer.ALONE, Answer.WITH_HELP, Answer.FAILED, Answer.NOT_ASSESSED]
SELF_ANSWERS = [Answer.YES_ALONE, Answer.YES_HELP, Answer.NO, Answer.DONT_KNOW]
CONTEXT_ANSWERS = [Answer.YES, Answer.NO, Answer.DONT_KNOW]  # not scored: they inform the mediator


def answers_for(kind):
    if kind == ItemKind.OBSERVED:
        return OBSERVED_ANSWERS
    return CONTEXT_ANSWERS if kind == ItemKind.CONTEXT else SELF_ANSWERS


# Context questions (fixed list, never sensitive): they feed the pathway proposal.
class Device(models.TextChoices):
    NONE = "none", _("Aucun")
    SMARTPHONE = "smartphone", _("Smartphone")
    COMPUTER = "computer", _("Ordinateur")
    TABLET = "tablet", _("Tablette")


class Internet(models.TextChoices):
    NONE = "none", _("Pas d'internet")
    MOBILE = "mobile", _("Données mobiles seulement")
    BOX = "box", _("Box internet")


class Goal(models.TextChoices):
    FAMILY = "family", _("Garder le contact avec ma famille")
    JOB = "job", _("Chercher un emploi")
    PROCEDURES = "procedures", _("Faire mes démarches en ligne")
    HEALTH = "health", _("Prendre des rendez-vous de santé")
    SCHOOL = "school", _("Suivre la scolarité de mes enfants")
    OTHER = "other", _("Autre chose")


class Profile(models.TextChoices):
    TO_INITIATE = "a_initier", _("À initier")
    BEGINNER = "debutant", _("Débutant·e")
    PROGRESSING = "en_progression", _("En progression")
    AUTONOMOUS = "autonome", _("Autonome")


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Diagnostics of the people the user may read (views check casework access on top)."""
        from tremplin.people.models import Beneficiary

        return self.filter(beneficiary__in=Beneficiary.objects.visible_to(user))

    def completed(self):
        return self.filter(completed_at__isnull=False)

    def unfinished(self):
        return self.filter(completed_at__isnull=True)


class Assessment(models.Model):
    """One diagnostic of one person, taken with a mediator, on one questionnaire version."""

    beneficiary = models.ForeignKey("people.Beneficiary", on_delete=models.PROTECT, related_name="assessments")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="assessments")
    site = models.ForeignKey("network.Site", on_delete=models.PROTECT, related_name="assessments")
    conducted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(_("langue"), max_length=5, choices=LANGUAGES, default="fr")
    devices = models.JSONField(_("appareils de la personne"), default=list, blank=True)
    internet = models.CharField(_("internet à la maison"), max_length=20, choices=Internet.choices, blank=True)
    email_access = models.BooleanField(_("a une adresse e-mail qu'elle sait ouvrir"), null=True, blank=True)
    goals = models.JSONField(_("ce que la personne veut pouvoir faire"), default=list, blank=True)
    levels = models.JSONField(_("niveau par domaine"), default=dict, blank=True)  # {area code: 0–3 or null}
    profile = models.CharField(_("profil"), max_length=20, choices=Profile.choices, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("diagnostic")

    def __str__(self):
        return f"Diagnostic {self.pk}"

    def get_absolute_url(self):
        return reverse("assessments:result", args=[self.pk])

    @property
    def is_completed(self):
        return self.completed_at is not None

    @property
    def device_labels(self):
        return [str(Device(value).label) for value in self.devices if value in Device.values]

    @property
    def goal_labels(self):
        return [str(Goal(value).label) for value in self.goals if value in Goal.values]


class Response(models.Model):
    """The answer to one item, on the item of the version the diagnostic was taken with."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="responses")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    value = models.CharField(max_length=20, choices=Answer.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "item"], name="one_response_per_item")]

    def __str__(self):
        return f"{self.item_id}: {self.value}"

    def clean(self):
        if self.value not in answers_for(self.item.kind):
            raise ValidationError(_("Réponse impossible pour ce type de question."))


class StepKind(models.TextChoices):
    WORKSHOP = "workshop", _("Atelier")
    COURSE = "course", _("Parcours (plusieurs séances)")
    DEVICE = "device", _("Appareil")
    CONNECTIVITY = "connectivity", _("Connexion internet")
    ORIENTATION = "orientation", _("Orientation vers une autre structure")


class StepState(models.TextChoices):
    PROPOSED = "proposed", _("Proposé")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Fait")
    IGNORED = "ignored", _("Écarté")


class PathwayStepQuerySet(models.QuerySet):
    def accepted(self):
        """The steps of the person's pathway (the ignored proposals are kept apart, not shown)."""
        return self.exclude(state=StepState.IGNORED)

    def open(self):
        return self.filter(state__in=[StepState.PROPOSED, StepState.IN_PROGRESS])


class PathwayStep(models.Model):
    """One step of a person's pathway, decided by the mediator from a diagnostic's proposal.

    `target` depends on the kind: a session (workshop), a course, a device category (and the reserved device),
    nothing (connectivity) or a national "structure de redirection" (orientation). The state advances from
    real events (pathway.sync_states): enrolled → in progress, attended / course over → done, device sold →
    done. An ignored proposal is stored too, so that it is not proposed again from the same diagnostic.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="steps")
    beneficiary = models.ForeignKey("people.Beneficiary", on_delete=models.CASCADE, related_name="pathway_steps")
    kind = models.CharField(_("type"), max_length=20, choices=StepKind.choices)
    area_code = models.SlugField(_("domaine"), max_length=40, blank=True)
    session = models.ForeignKey("workshops.Session", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    course = models.ForeignKey("workshops.Course", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    device_category = models.CharField(_("catégorie d'appareil"), max_length=20, blank=True)
    device = models.ForeignKey("inventory.Device", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    redirection = models.CharField(_("structure de redirection"), max_length=40, blank=True)
    label = models.CharField(_("intitulé"), max_length=200)
    note = models.CharField(_("remarque"), max_length=200, blank=True)
    state = models.CharField(_("état"), max_length=20, choices=StepState.choices, default=StepState.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("décidé le"), default=timezone.now)
    state_changed_at = models.DateTimeField(_("état changé le"), default=timezone.now)
    follow_up_reminded_at = models.DateTimeField(null=True, blank=True)

    objects = PathwayStepQuerySet.as_manager()

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("étape du parcours")
        verbose_name_plural = _("étapes du parcours")
        indexes = [models.Index(fields=["beneficiary", "state"], name="pathway_step_person_state_idx")]

    def __str__(self):
        return self.label


class FollowUpReminder(models.Model):
    """ "Diagnostic de suivi à faire": a person finished a course without a follow-up diagnostic.

    Written once per (person, course) by reminders.remind_missing_followups (the unique constraint keeps
    it so however often the command runs); shown in the site's home list until a diagnostic is completed.
    """

    beneficiary = models.ForeignKey("people.Beneficiary", on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey("workshops.Course", on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey("network.Site", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("rappel de diagnostic de suivi")
        verbose_name_plural = _("rappels de diagnostic de suivi")
        constraints = [
            models.UniqueConstraint(fields=["beneficiary", "course"], name="followup_reminder_once_per_course")
        ]

    def __str__(self):
        return f"Suivi {self.beneficiary_id} / {self.course_id}"

"""Workshop catalogue, courses (cohorts), dated sessions and enrolments (ARCHITECTURE.md §3)."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.roles import SITE_ROLES, Role
from tremplin.network.timezones import site_localtime, site_today

from .thematiques import thematique_label, validate_thematiques


class Level(models.TextChoices):
    BEGINNER = "beginner", _("Débutant")
    INTERMEDIATE = "intermediate", _("Intermédiaire")
    ADVANCED = "advanced", _("Avancé")


class WorkshopKind(models.TextChoices):
    ONE_OFF = "one_off", _("Coup de pouce (atelier ponctuel)")
    COURSE = "course", _("Parcours de plusieurs séances")
    DROP_IN = "drop_in", _("Permanence (créneaux individuels)")


class WorkshopQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Workshop(models.Model):
    """A catalogue entry kept by the national team; sites schedule sessions of it."""

    title = models.CharField(_("titre"), max_length=120)
    description = models.TextField(_("description en langage simple"))
    thematiques = models.JSONField(_("thématiques"), default=list, validators=[validate_thematiques])
    level = models.CharField(_("niveau"), max_length=20, choices=Level.choices, default=Level.BEGINNER)
    kind = models.CharField(_("format"), max_length=20, choices=WorkshopKind.choices, default=WorkshopKind.ONE_OFF)
    duration_minutes = models.PositiveSmallIntegerField(_("durée d'une séance (minutes)"), default=120)
    default_seats = models.PositiveSmallIntegerField(_("places par défaut"), default=8)
    session_count = models.PositiveSmallIntegerField(
        _("nombre de séances du parcours"), default=1, help_text=_("Pour un parcours, par exemple 5 séances.")
    )
    is_active = models.BooleanField(_("proposé"), default=True)

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        verbose_name = _("atelier")
        verbose_name_plural = _("ateliers")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                name="workshop_duration_positive",
                condition=Q(duration_minutes__gte=5),
                violation_error_message=_("Une séance dure au moins 5 minutes."),
            ),
            models.CheckConstraint(
                name="workshop_seats_positive",
                condition=Q(default_seats__gte=1),
                violation_error_message=_("Il faut au moins une place."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workshops:workshop_detail", args=[self.pk])

    @property
    def thematique_labels(self):
        return [thematique_label(value) for value in self.thematiques]

    @property
    def duration(self):
        return timedelta(minutes=self.duration_minutes)


def _site_scope(user, roles):
    if user.is_network_admin:
        return None
    return user.site_ids(*roles)


class CourseQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        site_ids = _site_scope(user, SITE_ROLES)
        return self if site_ids is None else self.filter(site_id__in=site_ids)


class Course(models.Model):
    """A cohort following a multi-session workshop at one site: its sessions share one enrolment."""

    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="courses", verbose_name=_("atelier"))
    site = models.ForeignKey("network.Site", on_delete=models.PROTECT, related_name="courses", verbose_name=_("espace"))
    label = models.CharField(_("nom du groupe"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("parcours")
        verbose_name_plural = _("parcours")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.workshop.title} — {self.label}" if self.label else self.workshop.title

    def get_absolute_url(self):
        return reverse("workshops:course_detail", args=[self.pk])


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Prévue")
    CANCELLED = "cancelled", _("Annulée")


class SessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Network admins see every site; site staff the sessions of their sites."""
        if not user.is_authenticated:
            return self.none()
        site_ids = _site_scope(user, SITE_ROLES)
        return self if site_ids is None else self.filter(site_id__in=site_ids)

    def managed_by(self, user):
        return self.filter(site_id__in=user.site_ids(Role.SITE_MANAGER))

    def enrolling_by(self, user):
        """Sessions where the user may enrol people (mediators and managers of the site)."""
        return self.filter(site_id__in=user.site_ids(Role.SITE_MANAGER, Role.MEDIATOR))

    def scheduled(self):
        return self.filter(status=SessionStatus.SCHEDULED)

    def upcoming(self, now=None):
        return self.scheduled().filter(starts_at__gte=now or timezone.now())

    def overlapping(self, starts_at, ends_at):
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)

    def with_counts(self):
        """Annotate confirmed, waiting, present and absent counts (one query, no N+1)."""
        return self.annotate(
            confirmed_count=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.CONFIRMED)),
            waitlist_count=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.WAITLISTED)),
            present_count=Count(
                "enrollments",
                filter=Q(enrollments__status=EnrollmentStatus.CONFIRMED, enrollments__attendance=Attendance.PRESENT),
            ),
            absent_count=Count(
                "enrollments",
                filter=Q(enrollments__status=EnrollmentStatus.CONFIRMED, enrollments__attendance=Attendance.ABSENT),
            ),
        )


class Session(models.Model):
    """A dated occurrence of a workshop at a site (séance)."""

    site = models.ForeignKey(
        "network.Site", on_delete=models.PROTECT, related_name="sessions", verbose_name=_("espace")
    )
    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("atelier"))
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions", verbose_name=_("parcours")
    )
    starts_at = models.DateTimeField(_("début"), db_index=True)
    ends_at = models.DateTimeField(_("fin"))
    room = models.CharField(_("salle"), max_length=100, blank=True)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_sessions", verbose_name=_("animateur·rices")
    )
    seats = models.PositiveSmallIntegerField(_("places"))
    status = models.CharField(_("état"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(_("motif d'annulation"), max_length=200, blank=True)
    attendance_taken_at = models.DateTimeField(_("émargement fait le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["site", "starts_at"], name="session_site_start_idx")]
        constraints = [
            models.CheckConstraint(
                name="session_ends_after_start",
                condition=Q(ends_at__gt=F("starts_at")),
                violation_error_message=_("La fin de la séance doit suivre son début."),
            ),
            models.CheckConstraint(
                name="session_seats_positive",
                condition=Q(seats__gte=1),
                violation_error_message=_("Il faut au moins une place."),
            ),
        ]

    def __str__(self):
        local = site_localtime(self.starts_at, self.site)
        return f"{self.workshop.title} — {local:%d/%m/%Y %H:%M}"

    def get_absolute_url(self):
        return reverse("workshops:session_detail", args=[self.pk])

    @property
    def duration(self):
        """For the activities room: the collective activity lasts as long as the session."""
        return self.ends_at - self.starts_at

    @property
    def thematiques(self):
        return list(self.workshop.thematiques)

    @property
    def is_cancelled(self):
        return self.status == SessionStatus.CANCELLED

    def has_started(self, now=None):
        return self.starts_at <= (now or timezone.now())

    def is_over(self, now=None):
        return self.ends_at <= (now or timezone.now())

    @property
    def state(self):
        """ "cancelled", "finished" (ended: show attendance, never free seats), "ongoing" or "scheduled"."""
        if self.is_cancelled:
            return "cancelled"
        now = timezone.now()
        if self.is_over(now):
            return "finished"
        return "ongoing" if self.has_started(now) else "scheduled"

    @property
    def state_label(self):
        return {
            "cancelled": _("annulée"),
            "finished": _("terminée"),
            "ongoing": _("en cours"),
            "scheduled": _("prévue"),
        }[self.state]

    @property
    def attendance_recorded(self):
        # Needs with_counts().
        return bool(self.attendance_taken_at) or bool(self.present_count or self.absent_count)

    def attendance_open(self, now=None):
        """The sheet opens on the day of the session (the site's local date) and stays open afterwards."""
        return not self.is_cancelled and site_localtime(self.starts_at, self.site).date() <= site_today(self.site, now)

    @property
    def seats_left(self):
        # Needs with_counts(); the views always annotate.
        return max(self.seats - self.confirmed_count, 0)

    @property
    def fill_rate(self):
        return round(100 * self.confirmed_count / self.seats) if self.seats else 0

    @property
    def no_show_rate(self):
        marked = self.present_count + self.absent_count
        return round(100 * self.absent_count / marked) if marked else None


class EnrollmentStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmée")  # the enrolment (« l'inscription »), not the person: no gender
    WAITLISTED = "waitlisted", _("En liste d'attente")
    CANCELLED = "cancelled", _("Annulée")


class Attendance(models.TextChoices):
    UNKNOWN = "unknown", _("Non renseigné")
    PRESENT = "present", _("Présent·e")
    ABSENT = "absent", _("Absent·e")
    EXCUSED = "excused", _("Excusé·e")


class EnrollmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Enrolments of sessions at the user's sites (the person's name is shown, nothing more)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(session__site_id__in=user.site_ids())

    def active(self):
        return self.exclude(status=EnrollmentStatus.CANCELLED)

    def confirmed(self):
        return self.filter(status=EnrollmentStatus.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=EnrollmentStatus.WAITLISTED).order_by("position", "created_at")


class Enrollment(models.Model):
    """A person's place in a session (inscription), or their rank on its waiting list."""

    # Opaque id: the signed link in reminders carries it, and nothing personal.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="enrollments")
    beneficiary = models.ForeignKey("people.Beneficiary", on_delete=models.PROTECT, related_name="workshop_enrollments")
    status = models.CharField(_("état"), max_length=20, choices=EnrollmentStatus.choices)
    position = models.PositiveIntegerField(_("rang en liste d'attente"), null=True, blank=True)
    attendance = models.CharField(_("présence"), max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN)
    is_walk_in = models.BooleanField(_("venue sans inscription"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_by_person_at = models.DateTimeField(_("confirmée par la personne le"), null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "beneficiary"],
                condition=~Q(status="cancelled"),
                name="enrollment_once_per_session",
                violation_error_message=_("Cette personne est déjà inscrite à cette séance."),
            ),
            models.CheckConstraint(
                name="enrollment_position_only_when_waiting",
                condition=Q(status="waitlisted", position__isnull=False) | (~Q(status="waitlisted") & Q(position=None)),
                violation_error_message=_("Seule une personne en liste d'attente a un rang."),
            ),
        ]

    def __str__(self):
        return f"{self.get_status_display()} #{self.pk}"

    @property
    def is_active(self):
        return self.status != EnrollmentStatus.CANCELLED

    def dedupe_prefix(self):
        """Prefix of every message queued for this enrolment, to cancel pending reminders at once."""
        return f"workshops:enrollment:{self.pk}:"

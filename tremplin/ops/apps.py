from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_schedules_after_migrate(sender, **kwargs):
    from .jobs import sync_schedules

    sync_schedules()


class OpsConfig(AppConfig):
    """Running it for real: scheduled jobs, the personal-data lifecycle, health and logs."""

    name = "tremplin.ops"
    label = "ops"
    verbose_name = _("Exploitation")

    def ready(self):
        from tremplin.core import home_counts
        from tremplin.core.navigation import NavEntry, register
        from tremplin.core.roles import Role
        from tremplin.notifications.services import register_contact_refusal
        from tremplin.people.actions import register_action, register_current

        from . import home, retention, views

        register_contact_refusal(retention.consent_withdrawn)

        post_migrate.connect(sync_schedules_after_migrate, sender=self, dispatch_uid="ops.sync_schedules")
        home_counts.register(home.late_jobs_counts)
        home_counts.register(home.retention_counts)
        register_action(views.consent_withdrawal_action)
        register_current(views.consent_withdrawn_item)
        register(NavEntry(_("Tâches planifiées"), "ops:jobs", (Role.NETWORK_ADMIN,)))

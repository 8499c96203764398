from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "tremplin.assessments"
    label = "assessments"
    verbose_name = _("Diagnostic")

    def ready(self):
        from tremplin.core import home_counts

        from . import hooks
        from .reminders import followups_to_do

        hooks.connect()
        home_counts.register_list(followups_to_do)

        from tremplin.people import actions

        from .kiosk import kiosk_action

        actions.register_action(kiosk_action)

        from tremplin.core.navigation import NavEntry, register
        from tremplin.core.roles import Role

        register(NavEntry(_("Questionnaire du diagnostic"), "assessments:editor_list", (Role.NETWORK_ADMIN,)))

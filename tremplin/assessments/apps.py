from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "tremplin.assessments"
    label = "assessments"
    verbose_name = _("Diagnostic")

    def ready(self):
        from . import hooks

        hooks.connect()

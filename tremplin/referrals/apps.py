from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "tremplin.referrals"
    label = "referrals"

    def ready(self):
        from . import integration

        integration.connect()

from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "tremplin.referrals"
    label = "referrals"

    def ready(self):
        from . import integration

        integration.connect()

        from tremplin.core import home_counts

        from .home import my_open_referrals, referral_counts

        home_counts.register(referral_counts)
        home_counts.register_list(my_open_referrals)

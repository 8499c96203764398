from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tremplin.accounts"
    label = "accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_save

        from tremplin.core.middleware import stamp_session_start

        from .models import User
        from .signals import record_verified_email

        # The absolute session timeout counts from login (tremplin.core.middleware).
        user_logged_in.connect(stamp_session_start, dispatch_uid="tremplin_stamp_session_start")
        post_save.connect(record_verified_email, sender=User, dispatch_uid="tremplin_record_verified_email")

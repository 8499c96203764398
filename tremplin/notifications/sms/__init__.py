"""Pluggable SMS backends, chosen by settings.TREMPLIN_SMS_BACKEND (see base.get_backend)."""

"""The scheduled jobs: adding one is one line here (a management command, how often, when, and the function of
summaries.py that says its run in French from the counts the command reports).

A job whose command is not installed (a room not merged yet) is listed as such and not scheduled.
Every command here must be idempotent and safe to run twice at once (tested in ops/tests/test_jobs.py).
"""

from datetime import time, timedelta

from django.utils.translation import gettext_lazy as _

from . import summaries as say
from .jobs import Job

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)

JOBS = [
    Job(
        "send_due_messages",
        _("Envoi des SMS et e-mails dus (rappels d'ateliers…)"),
        every=MINUTE,
        describe=say.due_messages,
    ),
    Job(
        "release_expired_reservations",
        _("Fin des réservations d'appareils expirées"),
        every=HOUR,
        describe=say.released_reservations,
    ),
    Job(
        "expire_referrals",
        _("Expiration des orientations sans contact"),
        every=DAY,
        at=time(2, 0),
        describe=say.expired_referrals,
    ),
    Job(
        "send_referral_reminders",
        _("Rappel quotidien des orientations en attente"),
        every=DAY,
        at=time(8, 0),
        describe=say.referral_reminders,
    ),
    Job(
        "remind_missing_followups",
        _("Rappel des suivis de diagnostic manquants"),
        every=DAY,
        at=time(8, 30),
        describe=say.followup_reminders,
    ),
    Job(
        "refresh_open_data",
        _("Dates de mise à jour des données ouvertes"),
        every=DAY,
        at=time(4, 0),
        describe=say.open_data,
    ),
    Job(
        "check_stats_aggregates",
        _("Vérification des agrégats des statistiques"),
        every=DAY,
        at=time(4, 15),
        describe=say.stats_aggregates,
    ),
    Job(
        "close_cash_periods",
        _("Clôtures mensuelles et annuelles des caisses"),
        every=DAY,
        at=time(0, 30),
        describe=say.cash_closures,
    ),
    Job(
        "verify_cash_journal",
        _("Vérification du journal de caisse"),
        every=DAY,
        at=time(1, 30),
        describe=say.cash_journal,
    ),
    Job(
        "check_stock_counts",
        _("Vérification des compteurs du stock"),
        every=DAY,
        at=time(1, 45),
        describe=say.stock_counts,
    ),
    Job(
        "apply_retention",
        _("Anonymisation des fiches sans contact depuis 24 mois"),
        every=DAY,
        at=time(3, 0),
        describe=say.retention,
    ),
    Job(
        "purge_access_log",
        _("Journal d'accès : décomptes mensuels au-delà de 12 mois"),
        every=DAY,
        at=time(3, 30),
        describe=say.access_log,
    ),
    Job(
        "purge_message_bodies",
        _("Effacement du texte des messages de plus de 3 mois"),
        every=DAY,
        at=time(3, 45),
        describe=say.message_bodies,
    ),
]

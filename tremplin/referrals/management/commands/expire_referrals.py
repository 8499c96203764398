from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from tremplin.core.jobreport import report
from tremplin.referrals.services import delete_old_callback_requests, expire_referrals


class Command(BaseCommand):
    help = (
        "Fait expirer les orientations restées sans contact au-delà du délai "
        "(TREMPLIN_REFERRAL_EXPIRY_DAYS, 30 jours par défaut) et supprime les demandes de rappel "
        "plus anciennes que TREMPLIN_CALLBACK_RETENTION_DAYS (90 jours par défaut). À lancer chaque jour."
    )

    def handle(self, *args, **options):
        count = expire_referrals()
        deleted = delete_old_callback_requests()
        report(expired=count, callbacks_deleted=deleted)
        if options["verbosity"]:
            self.stdout.write(
                ngettext("%(count)s orientation expirée.", "%(count)s orientations expirées.", count) % {"count": count}
            )
            self.stdout.write(
                ngettext("%(count)s demande de rappel supprimée.", "%(count)s demandes de rappel supprimées.", deleted)
                % {"count": deleted}
            )

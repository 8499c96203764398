"""Back up the database into a folder (core/backup.py): pg_dump custom format or SQLite's online backup.

manage.py backup                       # into var/backups/ (TREMPLIN_BACKUP_DIR)
manage.py backup --output /srv/backups
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tremplin.core.backup import SECRETS_NOT_IN_BACKUP, BackupError, create_backup


class Command(BaseCommand):
    help = "Sauvegarde la base (PostgreSQL : pg_dump format custom ; SQLite : API de sauvegarde en ligne)."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=settings.TREMPLIN_BACKUP_DIR, help="dossier où créer la sauvegarde")

    def handle(self, *args, output, **options):
        try:
            target = create_backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(_("Sauvegarde écrite : %(path)s") % {"path": target})
        for item in sorted(target.iterdir()):
            self.stdout.write(f"  {item.name} ({item.stat().st_size} o)")
        self.stdout.write(_("Vérifiez-la : manage.py restore_drill %(path)s") % {"path": target})
        self.stdout.write("")
        self.stdout.write(_("RAPPEL : ces secrets ne sont PAS dans la sauvegarde ; gardez-les dans le coffre"))
        self.stdout.write(_("à secrets, à part des sauvegardes. Sans eux, une restauration est incomplète :"))
        for name, why in SECRETS_NOT_IN_BACKUP:
            self.stdout.write(f"  - {name} : {why}")
        self.stdout.write(
            _(
                "Le fichier d'ancrage du journal de caisse est copié dans la sauvegarde ; les archives annuelles "
                "(%(dir)s) ne le sont pas : sauvegardez-les sur un autre support."
            )
            % {"dir": settings.TREMPLIN_JOURNAL_ARCHIVE_DIR}
        )

"""Re-check the whole cash journal (services/verify.py); exit code 1 when it is broken.

manage.py verify_cash_journal                # every register and the technical event journal
manage.py verify_cash_journal --register LY-C1
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tremplin.core.jobreport import report
from tremplin.till.models import Register
from tremplin.till.services.verify import verify_journal


def registers_by_code(codes):
    """Registers named by their business code (LY-C1); refuses an unknown one."""
    wanted = {code.strip().upper() for code in codes}
    found = [register for register in Register.objects.select_related("site") if register.full_code in wanted]
    unknown = wanted - {register.full_code for register in found}
    if unknown:
        raise CommandError(_("Caisse inconnue : %(codes)s.") % {"codes": ", ".join(sorted(unknown))})
    return found


class Command(BaseCommand):
    help = "Vérifie le journal de caisse (chaînage, numérotation, troncature) ; code de sortie 1 s'il est altéré."

    def add_arguments(self, parser):
        parser.add_argument(
            "--register", action="append", default=[], help="code de la caisse (LY-C1) ; répétable ; défaut : toutes"
        )

    def handle(self, *args, register, **options):
        registers = registers_by_code(register) if register else None
        result = verify_journal(registers, include_jet=registers is None)
        report(tickets=result.tickets, closures=result.closures, problems=result.problem_count)
        for line in result.lines():
            self.stdout.write(line)
        if not result.ok:
            raise SystemExit(1)

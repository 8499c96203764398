"""Make every due monthly and yearly closure of every register (run daily by the scheduler).

manage.py close_cash_periods                       # closures signed by the first active network admin
manage.py close_cash_periods --user compta@example.org
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tremplin.accounts.models import User
from tremplin.core.jobreport import report
from tremplin.core.roles import Role
from tremplin.till.models import Register
from tremplin.till.services.periods import close_due_periods


class Command(BaseCommand):
    help = "Fait toutes les clôtures mensuelles et annuelles dues (périodes terminées)."

    def add_arguments(self, parser):
        parser.add_argument("--user", help="e-mail du compte qui signe les clôtures (défaut : l'équipe nationale)")

    def handle(self, *args, user=None, **options):
        actor = self.actor(user)
        registers = Register.objects.select_related("site").order_by("site__code", "code")
        made, refused = close_due_periods(registers, actor)
        report(closed=len(made), refused=len(refused))
        for closure in made:
            self.stdout.write(
                _("Caisse %(register)s : %(kind)s du %(start)s faite (empreinte %(hash)s).")
                % {
                    "register": closure.register.full_code,
                    "kind": closure.get_kind_display(),
                    "start": closure.period_start.strftime("%d/%m/%Y"),
                    "hash": closure.hash[:16],
                }
            )
        for period, message in refused:
            self.stderr.write(
                _("Caisse %(register)s, période %(period)s : %(message)s")
                % {"register": period.register.full_code, "period": period.label, "message": message}
            )
        if not made and not refused:
            self.stdout.write(_("Aucune clôture mensuelle ou annuelle à faire."))

    def actor(self, email):
        users = User.objects.filter(is_active=True)
        if email:
            actor = users.filter(email__iexact=email).first()
        else:
            actor = (
                users.filter(memberships__role=Role.NETWORK_ADMIN, memberships__is_active=True).order_by("pk").first()
            )
        if actor is None:
            raise CommandError(_("Aucun compte actif pour signer les clôtures : donnez --user."))
        return actor

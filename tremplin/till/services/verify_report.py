"""What a verification of the cash journal finds: each problem with where it is (register, chain, number),
the warnings, and the counts checked — printed by `verify_cash_journal`, shown on the journal page, recorded
in the JET (`verify.verify_journal` fills it).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# A broken journal can hold millions of problems (a wrong key): keep the first ones and count the rest.
MAX_PROBLEMS = 500


@dataclass(frozen=True)
class Problem:
    """One anomaly: where (chain, register, entry number) and what is wrong, in French."""

    kind: str  # "hash", "link", "gap", "key", "truncation", "anchor"
    chain: str  # "ticket", "training", "closure", "event", "anchor"
    register: str  # the register's business code (LY-C1), "" for the JET
    number: int | None
    message: str

    def __str__(self):
        where = {
            "ticket": _("Caisse %(register)s, ticket n°%(number)s"),
            "training": _("Caisse %(register)s, ticket de formation n°%(number)s"),
            "closure": _("Caisse %(register)s, clôture n°%(number)s"),
            "event": _("Journal des événements techniques, événement n°%(number)s"),
            "anchor": _("Fichier d'ancrage, caisse %(register)s, clôture n°%(number)s"),
        }[self.chain]
        if self.number is None:
            where = {
                "ticket": _("Caisse %(register)s, tickets"),
                "training": _("Caisse %(register)s, tickets de formation"),
                "closure": _("Caisse %(register)s, clôtures"),
                "event": _("Journal des événements techniques"),
                "anchor": _("Fichier d'ancrage"),
            }[self.chain]
        return f"{where % {'register': self.register, 'number': self.number}} : {self.message}"


@dataclass
class Report:
    tickets: int = 0
    closures: int = 0
    events: int = 0
    registers: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    problem_count: int = 0
    warnings: list = field(default_factory=list)
    jet_checked: bool = True

    @property
    def ok(self):
        return self.problem_count == 0

    @property
    def first_broken(self):
        """The first broken link of the journal (gaps aside): what a certification body asks first."""
        for problem in self.problems:
            if problem.kind != "gap":
                return problem
        return self.problems[0] if self.problems else None

    @property
    def gaps(self):
        return [problem for problem in self.problems if problem.kind == "gap"]

    def add(self, kind, chain_name, register, number, message):
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(kind, chain_name, register, number, message))

    def summary(self):
        counts = _("%(tickets)s, %(closures)s, %(events)s") % {
            "tickets": ngettext("%(count)s ticket", "%(count)s tickets", self.tickets) % {"count": self.tickets},
            "closures": ngettext("%(count)s clôture", "%(count)s clôtures", self.closures) % {"count": self.closures},
            "events": ngettext(
                "%(count)s événement technique vérifié", "%(count)s événements techniques vérifiés", self.events
            )
            % {"count": self.events},
        }
        if self.ok:
            return _("Journal de caisse intègre : %(counts)s.") % {"counts": counts}
        return ngettext(
            "Journal de caisse ALTÉRÉ : %(count)s anomalie (%(counts)s).",
            "Journal de caisse ALTÉRÉ : %(count)s anomalies (%(counts)s).",
            self.problem_count,
        ) % {
            "count": self.problem_count,
            "counts": counts,
        }

    def lines(self):
        """The report as French lines, as the command prints it."""
        lines = [self.summary()]
        if not self.ok:
            lines.append(_("Premier lien rompu — %(problem)s") % {"problem": self.first_broken})
            gaps = self.gaps
            if gaps:
                lines.append(_("Trous dans la numérotation :"))
                lines += [f"  - {gap}" for gap in gaps]
            others = [p for p in self.problems if p.kind != "gap" and p is not self.first_broken]
            if others:
                lines.append(_("Autres anomalies :"))
                lines += [f"  - {problem}" for problem in others]
            if self.problem_count > len(self.problems):
                lines.append(
                    _("… et %(count)s autres anomalies non détaillées.")
                    % {"count": self.problem_count - len(self.problems)}
                )
        lines += [_("Avertissement : %(text)s") % {"text": warning} for warning in self.warnings]
        return lines

    def details(self):
        """What the JET records of this run: counts and the first problem, never personal data."""
        first = self.first_broken
        return {
            "ok": self.ok,
            "tickets": self.tickets,
            "closures": self.closures,
            "events": self.events,
            "problems": self.problem_count,
            "registers": self.registers,
            "first": str(first)[:300] if first else "",
        }

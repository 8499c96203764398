"""The French sentence of each job's last run on the jobs page, from the counts it reported.

Each function takes (counts, output) and returns a short translatable sentence; counts come from
`tremplin.core.jobreport.report()` in the command (numbers only, so nothing personal can reach the page).
Translated when the page is shown, in the reader's language. Nothing done reads « Aucun… » rather than
« 0 … » (French puts 0 in the singular, the source strings' plural rule would not).
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _n(singular, plural, count):
    return ngettext(singular, plural, count) % {"count": count}


def _sentence(parts, nothing):
    """The non-empty parts joined into one sentence, or `nothing` when every count was 0."""
    parts = [part for part in parts if part]
    if not parts:
        return nothing
    text = " ; ".join(parts)  # French puts a space before the semicolon
    return text[0].upper() + text[1:] + "."


def _count(counts, name, singular, plural):
    value = counts.get(name, 0)
    return _n(singular, plural, value) if value else ""


def due_messages(counts, output):
    parts = [
        _count(counts, "sent", "%(count)s message envoyé", "%(count)s messages envoyés"),
        _count(counts, "retried", "%(count)s à réessayer", "%(count)s à réessayer"),
        _count(counts, "failed", "%(count)s en échec", "%(count)s en échec"),
        _count(counts, "expired", "%(count)s trop tardif, abandonné", "%(count)s trop tardifs, abandonnés"),
        _count(
            counts,
            "to_call",
            "%(count)s message à transmettre par téléphone",
            "%(count)s messages à transmettre par téléphone",
        ),
        _("passage interrompu, la suite au suivant") if counts.get("interrupted") else "",
    ]
    return _sentence(parts, _("Aucun message à envoyer."))


def released_reservations(counts, output):
    parts = [
        _count(counts, "released", "%(count)s réservation expirée levée", "%(count)s réservations expirées levées")
    ]
    return _sentence(parts, _("Aucune réservation expirée."))


def expired_referrals(counts, output):
    parts = [
        _count(counts, "expired", "%(count)s orientation expirée", "%(count)s orientations expirées"),
        _count(
            counts,
            "callbacks_deleted",
            "%(count)s demande de rappel supprimée",
            "%(count)s demandes de rappel supprimées",
        ),
    ]
    return _sentence(parts, _("Aucune orientation à faire expirer, aucune demande de rappel à supprimer."))


def referral_reminders(counts, output):
    parts = [_count(counts, "sites", "%(count)s espace rappelé", "%(count)s espaces rappelés")]
    return _sentence(parts, _("Aucun espace à rappeler."))


def followup_reminders(counts, output):
    parts = [
        _count(
            counts,
            "created",
            "%(count)s rappel de diagnostic de suivi créé",
            "%(count)s rappels de diagnostic de suivi créés",
        )
    ]
    return _sentence(parts, _("Aucun rappel de diagnostic de suivi à créer."))


_PLACES = re.compile(r"^(\d+) lieux$")


def open_data(counts, output):
    # The open-data command prints « N lieux » and reports no counts (its room is not changed here).
    found = _PLACES.match(output or "")
    if "places" not in counts and not found:
        return ""
    places = {"places": counts.get("places", int(found.group(1)) if found else 0)}
    parts = [_count(places, "places", "%(count)s lieu publié à jour", "%(count)s lieux publiés à jour")]
    return _sentence(parts, _("Aucun lieu publié."))


def cash_closures(counts, output):
    parts = [
        _count(counts, "closed", "%(count)s clôture faite", "%(count)s clôtures faites"),
        _count(counts, "refused", "%(count)s refusée (voir la sortie)", "%(count)s refusées (voir la sortie)"),
    ]
    return _sentence(parts, _("Aucune clôture mensuelle ou annuelle à faire."))


def cash_journal(counts, output):
    problems = _count(counts, "problems", "%(count)s anomalie", "%(count)s anomalies")
    checked = _count(counts, "tickets", "%(count)s ticket vérifié", "%(count)s tickets vérifiés")
    if problems:
        return _sentence([_("journal de caisse altéré"), problems, checked], "")
    return _sentence([_("journal de caisse intègre"), checked or _("aucun ticket à vérifier")], "")


def stock_counts(counts, output):
    wrong = _count(counts, "differences", "%(count)s compteur faux", "%(count)s compteurs faux")
    if wrong:
        return _sentence([_("compteurs du stock à recalculer"), wrong], "")
    return _sentence([_("compteurs du stock exacts")], "")


def retention(counts, output):
    parts = [
        _count(counts, "anonymised", "%(count)s fiche anonymisée", "%(count)s fiches anonymisées"),
        _count(counts, "skipped", "%(count)s déjà traitée entre-temps", "%(count)s déjà traitées entre-temps"),
        _count(
            counts,
            "referrals",
            "%(count)s orientation sans fiche anonymisée",
            "%(count)s orientations sans fiche anonymisées",
        ),
    ]
    return _sentence(parts, _("Aucune fiche à anonymiser."))


def access_log(counts, output):
    parts = [
        _count(
            counts,
            "summarised",
            "%(count)s entrée ancienne remplacée par les décomptes mensuels",
            "%(count)s entrées anciennes remplacées par les décomptes mensuels",
        )
    ]
    return _sentence(parts, _("Aucune entrée ancienne à résumer."))


def message_bodies(counts, output):
    parts = [_count(counts, "erased", "%(count)s texte de message effacé", "%(count)s textes de messages effacés")]
    return _sentence(parts, _("Aucun texte de message à effacer."))


def stats_aggregates(counts, output):
    parts = [
        _count(
            counts,
            "repaired",
            "%(count)s ligne d'agrégat différait des activités, recalculée",
            "%(count)s lignes d'agrégats différaient des activités, recalculées",
        )
    ]
    return _sentence(parts, _("Agrégats des statistiques conformes aux activités."))

"""The closed lists of the referral room: needs, statuses, outcomes and reasons."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Need(models.TextChoices):
    CONNECTIVITY = "connectivity", _("Connexion internet (forfait, carte SIM, box)")
    EQUIPMENT = "equipment", _("Équipement (ordinateur, tablette, téléphone)")
    INITIATION = "initiation", _("Ateliers d'initiation au numérique")
    TRAINING = "training", _("Formation (parcours de plusieurs séances)")
    PROCEDURE = "procedure", _("Aide pour une démarche en ligne")


# Which services of the national "lieux de médiation numérique" list answer each need.
NEED_SERVICES = {
    Need.CONNECTIVITY: {"Accès internet et matériel informatique"},
    Need.EQUIPMENT: {
        "Acquisition de matériel informatique à prix solidaire",
        "Accès internet et matériel informatique",
    },
    Need.INITIATION: {"Maîtrise des outils numériques du quotidien", "Utilisation sécurisée du numérique"},
    Need.TRAINING: {"Maîtrise des outils numériques du quotidien", "Insertion professionnelle via le numérique"},
    Need.PROCEDURE: {"Aide aux démarches administratives"},
}


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Envoyée")
    CONTACTED = "contacted", _("Personne contactée")
    ACCEPTED = "accepted", _("Acceptée")
    DECLINED = "declined", _("Refusée")
    TRANSFERRED = "transferred", _("Transférée")
    EXPIRED = "expired", _("Expirée")


# Still waiting for the site to act; a transferred referral waits in the new site's inbox.
OPEN_STATUSES = (Status.SUBMITTED, Status.CONTACTED, Status.TRANSFERRED)
# Nobody has reached the person yet: these expire after the configured delay.
UNCONTACTED_STATUSES = (Status.SUBMITTED, Status.TRANSFERRED)
CLOSED_STATUSES = (Status.ACCEPTED, Status.DECLINED, Status.EXPIRED)


class ContactOutcome(models.TextChoices):
    REACHED = "reached", _("Personne jointe")
    APPOINTMENT = "appointment", _("Rendez-vous fixé")
    NO_ANSWER = "no_answer", _("Pas de réponse")
    MESSAGE_LEFT = "message_left", _("Message laissé")
    WRONG_NUMBER = "wrong_number", _("Coordonnées erronées")


# Outcomes that mean the site did talk with the person (the referral becomes "contacted").
SUCCESSFUL_OUTCOMES = (ContactOutcome.REACHED, ContactOutcome.APPOINTMENT)


class DeclineReason(models.TextChoices):
    UNREACHABLE = "unreachable", _("Personne injoignable")
    PERSON_DECLINED = "person_declined", _("La personne ne souhaite plus être accompagnée")
    NOT_ELIGIBLE = "not_eligible", _("La personne ne remplit pas les critères du réseau")
    NEED_NOT_OFFERED = "need_not_offered", _("Le besoin ne correspond pas à l'offre de l'espace")
    ALREADY_FOLLOWED = "already_followed", _("La personne est déjà accompagnée")
    DUPLICATE = "duplicate", _("Orientation en double")
    OTHER = "other", _("Autre raison")

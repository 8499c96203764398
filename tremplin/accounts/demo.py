"""Demo accounts: at least one per role of ARCHITECTURE.md §1, all with the demo password."""

from tremplin.accounts.models import Membership, User
from tremplin.core.demodata import DEMO_DOMAIN, DEMO_PASSWORD
from tremplin.core.roles import Role

# (local part, full name, [(role, site key or None, partner key or None)], description)
ACCOUNTS = [
    ("admin", "Nadia Benali", [(Role.NETWORK_ADMIN, None, None)], "équipe nationale"),
    ("responsable.lyon", "Julien Moreau", [(Role.SITE_MANAGER, "lyon", None)], "responsable d'espace (Lyon)"),
    (
        "responsable.saint-etienne",
        "Claire Fontaine",
        [(Role.SITE_MANAGER, "saint-etienne", None)],
        "responsable d'espace (Saint-Étienne)",
    ),
    (
        "mediatrice.lyon",
        "Inès Garnier",
        [(Role.MEDIATOR, "lyon", None), (Role.MEDIATOR, "villeurbanne", None)],
        "médiatrice (Lyon et Villeurbanne)",
    ),
    ("mediateur.villeurbanne", "Karim Haddad", [(Role.MEDIATOR, "villeurbanne", None)], "médiateur (Villeurbanne)"),
    ("benevole.lyon", "Odile Perret", [(Role.VOLUNTEER, "lyon", None)], "bénévole (Lyon)"),
    ("prescripteur.ccas", "Sophie Lambert", [(Role.REFERRER, None, "ccas")], "prescriptrice (CCAS de Lyon)"),
    (
        "prescripteur.francetravail",
        "Thomas Girard",
        [(Role.REFERRER, None, "france-travail")],
        "prescripteur (France Travail)",
    ),
    ("financeur", "Agnès Roussel", [(Role.OBSERVER, None, None)], "financeur (tout le réseau)"),
]


def seed(demo):
    for local_part, full_name, memberships, description in ACCOUNTS:
        email = f"{local_part}@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name)
        for role, site_key, partner_key in memberships:
            Membership.objects.get_or_create(
                user=user,
                role=role,
                site=demo.sites.get(site_key),
                partner=demo.partners.get(partner_key),
            )
        demo.users[local_part] = user
        demo.accounts.append((email, description))

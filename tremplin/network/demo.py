"""Demo sites and partner organisations (fictitious, in real towns)."""

from datetime import date

from stdnum import luhn

from tremplin.network.models import PartnerOrganisation, Site

SITES = [
    {
        "key": "lyon",
        "code": "LY",
        "name": "Tremplin Lyon Guillotière",
        "address": "12 rue de Marseille",
        "postal_code": "69007",
        "commune": "Lyon",
        "insee_code": "69387",
        "latitude": "45.751900",
        "longitude": "4.842100",
        "phone": "+33478000001",
        "email": "lyon@demo.tremplin.example",
        "opening_hours": "Mo-Fr 09:00-12:30,13:30-17:30; Sa 09:00-12:00; PH off",
        "services": [
            "Aide aux démarches administratives",
            "Maîtrise des outils numériques du quotidien",
            "Acquisition de matériel informatique à prix solidaire",
            "Accès internet et matériel informatique",
        ],
        "accessibility_notes": "Plain-pied, boucle magnétique à l'accueil.",
        "directions": (
            "Tram T1 ou métro D, arrêt Saxe-Gambetta. Entrée à côté de la boulangerie, sonnette « Tremplin »."
        ),
    },
    {
        "key": "villeurbanne",
        "code": "VB",
        "name": "Tremplin Villeurbanne Gratte-Ciel",
        "address": "5 avenue Henri Barbusse",
        "postal_code": "69100",
        "commune": "Villeurbanne",
        "insee_code": "69266",
        "latitude": "45.768300",
        "longitude": "4.880100",
        "phone": "+33478000002",
        "email": "villeurbanne@demo.tremplin.example",
        "opening_hours": "Tu-Fr 10:00-18:00",
        "services": ["Maîtrise des outils numériques du quotidien", "Insertion professionnelle via le numérique"],
        "accessibility_notes": "Ascenseur, toilettes adaptées.",
        "directions": "Métro A, arrêt Gratte-Ciel. Au fond de la cour, 1er étage (ascenseur).",
    },
    {
        "key": "saint-etienne",
        "code": "SE",
        "name": "Tremplin Saint-Étienne Tarentaize",
        "address": "3 rue Polignais",
        "postal_code": "42000",
        "commune": "Saint-Étienne",
        "insee_code": "42218",
        "latitude": "45.437800",
        "longitude": "4.383900",
        "phone": "+33477000003",
        "email": "saint-etienne@demo.tremplin.example",
        "opening_hours": "Mo,We,Fr 09:00-12:00,14:00-17:00",
        "services": ["Aide aux démarches administratives", "Acquisition de matériel informatique à prix solidaire"],
        "accessibility_notes": "Entrée par la cour, une marche de 5 cm.",
        "directions": "Tram T3, arrêt Tarentaize. Porte bleue entre la pharmacie et la médiathèque.",
        "accepts_self_referrals": False,
    },
]

PARTNERS = [
    {
        "key": "ccas",
        "name": "CCAS de Lyon (démo)",
        "kind": "CCAS",
        "address": "4 rue Garibaldi",
        "postal_code": "69006",
        "commune": "Lyon",
        "contact_name": "Accueil social",
        "contact_email": "ccas@demo.tremplin.example",
    },
    {
        "key": "france-travail",
        "name": "France Travail Lyon Part-Dieu (démo)",
        "kind": "FT",
        "address": "20 rue Garibaldi",
        "postal_code": "69003",
        "commune": "Lyon",
        "contact_name": "Conseillère référente",
        "contact_email": "francetravail@demo.tremplin.example",
    },
    {
        "key": "caf",
        "name": "CAF du Rhône — accueil Villeurbanne (démo)",
        "kind": "CAF",
        "address": "1 cours Émile Zola",
        "postal_code": "69100",
        "commune": "Villeurbanne",
        "contact_name": "Travailleur social",
        "contact_email": "caf@demo.tremplin.example",
    },
    {
        "key": "asso",
        "name": "Association Entraide Tarentaize (démo)",
        "kind": "ASSO",
        "address": "8 place Jacquard",
        "postal_code": "42000",
        "commune": "Saint-Étienne",
        "contact_name": "Coordinatrice",
        "contact_email": "asso@demo.tremplin.example",
    },
]


def fake_siret(seed):
    """A 14-digit number that passes the SIREN and SIRET checks; fictitious by construction."""
    siren = f"{seed:08d}"[-8:]
    siren += luhn.calc_check_digit(siren)
    base = siren + "0001"
    return base + luhn.calc_check_digit(base)


def seed(demo):
    for index, data in enumerate(SITES, start=1):
        data = dict(data)
        key = data.pop("key")
        data.setdefault("siret", fake_siret(99_000_000 + index * 1_001))
        site, _created = Site.objects.update_or_create(code=data["code"], defaults=data)
        demo.sites[key] = site
    for data in PARTNERS:
        data = dict(data)
        key = data.pop("key")
        data.update(agreement_start=date(2026, 1, 1), agreement_end=date(2028, 12, 31))
        partner, _created = PartnerOrganisation.objects.update_or_create(name=data["name"], defaults=data)
        demo.partners[key] = partner

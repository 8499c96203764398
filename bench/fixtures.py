"""The known rows the generator writes and the measurements look up (all fictitious)."""

from _setup import BENCH_EMAIL_DOMAIN

PASSWORD = "bench-only-password"  # noqa: S105 — fake accounts of a throw-away database
ADMIN_EMAIL = f"admin@{BENCH_EMAIL_DOMAIN}"
# The mediator of the busiest site (about 14 % of the network's people and records).
MEDIATOR_EMAIL = f"mediatrice@{BENCH_EMAIL_DOMAIN}"

HELENE = {
    "first_name": "Hélène",
    "last_name": "Lefèvre",
    "birth_year": 1961,
    "phone": "+33612345678",
    "email": "helene.lefevre@example.org",
    "postal_code": "69007",
    "commune": "Lyon",
}
# An accepted referral of Hélène's: typing its code in the people search finds her.
HELENE_VOUCHER = "MEDA4T7K"
HELENE_VOUCHER_TYPED = "MEDA-4T7K"
# How many records of each kind Hélène gets, so that her page and timeline have something to show.
HELENE_ACTIVITIES = 30
HELENE_SESSIONS = 12

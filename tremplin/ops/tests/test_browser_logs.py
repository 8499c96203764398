"""The suite's browser journeys, run again with every log record captured (JSON, as in production, at DEBUG):
no name, phone number or e-mail address of the people they handle may reach the logs.

The journeys are the suite's own test functions (the referral from the referrer's phone to an accepted person,
and a person enrolled on a workshop from their page), called here with their fixtures: a change to a journey
is checked here too. The live server runs in this process, so its records reach the captured root handler.
"""

import inspect
import urllib.request

import pytest

from tremplin.people.models import Beneficiary
from tremplin.referrals.models import Referral
from tremplin.referrals.tests.conftest import proof_type  # noqa: F401 — a fixture the referral journey needs
from tremplin.referrals.tests.test_browser_journey import (
    test_a_referral_goes_from_the_referrers_phone_to_an_accepted_person as referral_journey,
)
from tremplin.workshops.tests.test_browser_person_journey import (
    test_a_mediator_enrols_a_person_from_their_page_on_a_phone as enrolment_journey,
)


def _personal_strings():
    """Every name, phone (as stored, national, spaced) and e-mail of the people and referrals in the database."""
    found = set()
    for person in [*Beneficiary.objects.all(), *Referral.objects.all()]:
        found.update(part for part in (person.first_name, person.last_name, person.email) if part and len(part) > 2)
        if person.phone:
            national = "0" + str(person.phone.national_number)
            found.update({str(person.phone), national, " ".join(national[i : i + 2] for i in range(0, 10, 2))})
    return found


@pytest.mark.browser
@pytest.mark.parametrize("journey", [referral_journey, enrolment_journey], ids=["referral", "enrolment"])
def test_the_browser_journeys_log_no_name_phone_or_e_mail(
    journey,
    request,
    captured_logs,
    live_url,
    browser_page,
    phone_page,
    make_user,
    site,
    partner,
    proof_type,  # noqa: F811
):
    # Every fixture a journey takes is named above, so pytest sets them up as for the journey itself (the live
    # server's database emptied after the test); they are handed over by name.
    names = inspect.signature(journey).parameters
    assert set(names) <= set(inspect.signature(test_the_browser_journeys_log_no_name_phone_or_e_mail).parameters)
    # The first page of a fresh live server is slow with every logger at DEBUG (templates compiled and logged):
    # open it once, unhurried, so the journey's own 10-second waits measure the journey.
    with urllib.request.urlopen(f"{live_url}/comptes/login/", timeout=120) as response:  # noqa: S310 — http only
        assert response.status == 200
    journey(**{name: request.getfixturevalue(name) for name in names})
    secrets = _personal_strings()
    # The journeys typed and showed these: the check looks for real data, not for nothing.
    assert {"Amina", "Diallo"} <= secrets or {"Hélène", "Lefèvre"} <= secrets, secrets
    logs = captured_logs.getvalue()
    assert logs.count("\n") >= 1, "the journey should have logged something (the capture works)"
    leaked = sorted(secret for secret in secrets if secret.casefold() in logs.casefold())
    assert not leaked, f"in the logs: {leaked}\n{logs[-3000:]}"

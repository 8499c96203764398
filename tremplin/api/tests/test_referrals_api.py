"""Partners' systems send referrals and follow them: same rules as the form, one partner never sees another's."""

import json
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from tremplin.api.models import ApiToken, ApiTokenUse, Scope
from tremplin.core.models import AccessLog
from tremplin.core.roles import Role
from tremplin.core.testing.factories import MembershipFactory
from tremplin.referrals.models import Referral

pytestmark = pytest.mark.django_db
URL = "/api/v1/referrals"


@pytest.fixture
def payload(proof_type, site):
    return {
        "first_name": "Awa",
        "last_name": "Diallo",
        "birth_year": 1980,
        "preferred_channel": "sms",
        "phone": "06 12 34 56 78",
        "postal_code": "69001",
        "commune": "Lyon",
        "needs": ["procedure"],
        "consent_attested": True,
        "eligibility_attested": True,
        "proof_type_id": proof_type.pk,
        "target_site_id": site.pk,
    }


def post(client, secret, body, key=None, **headers):
    return client.post(
        URL,
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
        HTTP_IDEMPOTENCY_KEY=str(key or uuid.uuid4()),
        **headers,
    )


def assert_problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def test_a_partner_system_sends_a_referral_with_the_form_rules(client, issue, payload, partner, site):
    token, secret = issue()
    response = post(client, secret, payload)
    assert response.status_code == 201, response.content
    body = response.json()
    referral = Referral.objects.get(pk=body["id"])
    assert referral.partner == partner and referral.referrer == token.account and referral.target_site == site
    assert referral.phone == "+33612345678"  # normalised by the form's phone field
    assert body["status"] == "submitted" and body["voucher_code"] == referral.display_code
    assert AccessLog.objects.for_object(referral).filter(action="create", actor=token.account).count() == 1
    use = ApiTokenUse.objects.get(token=token)
    assert (use.method, use.status_code) == ("POST", 201)
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


def test_the_same_idempotency_key_returns_the_first_referral(client, issue, payload):
    _token, secret = issue()
    key = uuid.uuid4()
    first = post(client, secret, payload, key=key)
    again = post(client, secret, payload, key=key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Referral.objects.count() == 1


def test_without_idempotency_key_the_request_is_refused(client, issue, payload):
    _token, secret = issue()
    response = client.post(
        URL, data=json.dumps(payload), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    body = assert_problem(response, 422)
    assert [e["field"] for e in body["errors"]] == ["Idempotency-Key"]
    assert not Referral.objects.exists()


def test_form_rules_answer_with_the_forms_french_messages(client, issue, payload):
    _token, secret = issue()
    payload.update(consent_attested=False, postal_code="38000", birth_year=2020)
    body = assert_problem(post(client, secret, payload), 422)
    fields = {e["field"]: e["message"] for e in body["errors"]}
    assert fields["consent_attested"] == "L'accord de la personne est obligatoire pour l'orienter."
    assert "année de naissance" in fields["birth_year"]
    assert {"consent_attested", "birth_year"} <= set(fields)
    assert not Referral.objects.exists()


def test_an_sms_needs_a_phone_number(client, issue, payload):
    _token, secret = issue()
    payload.update(phone="")
    body = assert_problem(post(client, secret, payload), 422)
    assert [e["field"] for e in body["errors"]] == ["phone"]


@pytest.mark.parametrize(
    ("postal_code", "commune", "stored"),
    [
        (" 42 000 ", "  saint etienne ", ("42000", "Saint-Étienne")),  # pasted from a spreadsheet
        ("97400", "Saint-Denis", ("97400", "Saint-Denis")),  # La Réunion
        ("20000", "ajaccio", ("20000", "Ajaccio")),  # Corse-du-Sud
        ("76600", "le havre", ("76600", "Le Havre")),
    ],
)
def test_postal_codes_and_communes_as_partners_software_send_them(client, issue, payload, postal_code, commune, stored):
    # The form's rules, also for what it tolerates: separators in the code, any case, no hyphens, overseas.
    _token, secret = issue()
    payload.update(postal_code=postal_code, commune=commune)
    response = post(client, secret, payload)
    assert response.status_code == 201, response.content
    referral = Referral.objects.get(pk=response.json()["id"])
    assert (referral.postal_code, referral.commune) == stored


def test_a_malformed_body_is_explained_in_french_field_by_field(client, issue, payload):
    _token, secret = issue()
    body = assert_problem(post(client, secret, {"first_name": 3, "birth_year": "mille", "needs": "procedure"}), 422)
    fields = {e["field"]: e["message"] for e in body["errors"]}
    assert fields["first_name"] == "Un texte est attendu."
    assert fields["birth_year"] == "Un nombre entier est attendu."
    assert fields["needs"] == 'Une liste est attendue, par exemple ["procedure"].'
    assert fields["consent_attested"] == "Ce champ est obligatoire."
    payload.update(needs=["cuisine"], preferred_channel="pigeon", birth_year=1850)
    fields = {e["field"]: e["message"] for e in assert_problem(post(client, secret, payload), 422)["errors"]}
    assert fields["needs.0"].startswith("Valeur inconnue ; valeurs possibles : 'connectivity', ")
    assert fields["preferred_channel"].startswith("Valeur inconnue ; valeurs possibles : ")
    assert fields["birth_year"] == "La valeur doit être au moins 1900."
    payload.update(birth_year=1e30)
    fields = {e["field"]: e["message"] for e in assert_problem(post(client, secret, payload), 422)["errors"]}
    assert fields["birth_year"] == "Un nombre entier est attendu."
    response = post(client, secret, payload, key="pas-un-uuid")
    errors = assert_problem(response, 422)["errors"]
    uuid_expected = "Un UUID est attendu (par exemple 0b6c5f3e-2f4a-4b1e-9c1d-3a5e7f9b2c4d)."
    assert {"field": "Idempotency-Key", "message": uuid_expected} in errors


def test_partner_a_token_cannot_read_or_create_anything_for_partner_b(
    client, issue, payload, partner, other_partner, make_user
):
    """Token of A: its referrals only; B's referral is 404; even an account referring for both A and B gives
    a token of A nothing of B, and nothing it sends lands at B."""
    both = make_user(Role.REFERRER, at=partner)
    MembershipFactory(user=both, role=Role.REFERRER, site=None, partner=other_partner)
    _token_a, secret_a = issue(account=both)
    _token_b, secret_b = issue(at=other_partner)
    _token_ab, secret_b_same_account = issue(at=other_partner, account=both)

    of_b = post(client, secret_b, payload).json()
    of_b_same_account = post(client, secret_b_same_account, payload).json()
    of_a = post(client, secret_a, {**payload, "partner": other_partner.pk, "partner_id": other_partner.pk}).json()

    assert Referral.objects.get(pk=of_a["id"]).partner == partner  # a partner field in the body is ignored
    listed = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {secret_a}").json()
    assert [item["id"] for item in listed["items"]] == [of_a["id"]]
    for other in (of_b, of_b_same_account):
        assert_problem(client.get(f"{URL}/{other['id']}", HTTP_AUTHORIZATION=f"Bearer {secret_a}"), 404)
    # Replaying B's idempotency key with A's token creates nothing for B and reveals nothing of it.
    b_key = Referral.objects.get(pk=of_b["id"]).idempotency_key
    replay = post(client, secret_a, payload, key=b_key)
    assert_problem(replay, 422)
    assert of_b["id"] not in replay.content.decode()
    assert Referral.objects.filter(partner=other_partner).count() == 2
    # Same account behind both tokens: B's key replayed with A's token is refused too, never B's referral.
    b_same_account_key = Referral.objects.get(pk=of_b_same_account["id"]).idempotency_key
    replay = post(client, secret_a, payload, key=b_same_account_key)
    assert_problem(replay, 422)
    assert of_b_same_account["id"] not in replay.content.decode()
    assert Referral.objects.filter(partner=partner).count() == 1


def test_reading_a_referral_writes_the_access_log(client, issue, payload):
    token, secret = issue()
    created = post(client, secret, payload).json()
    response = client.get(f"{URL}/{created['id']}", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert [h["status"] for h in response.json()["history"]] == ["submitted"]
    entry = AccessLog.objects.filter(action="view", object_id=created["id"]).get()
    assert entry.actor == token.account and entry.reason == f"API, jeton #{token.pk}"


def test_a_token_without_the_scope_is_refused(client, issue, payload):
    _token, secret = issue(scopes=[Scope.REFERRALS_READ])
    body = assert_problem(post(client, secret, payload), 403)
    assert "referrals:write" in body["detail"]
    _token, secret = issue(scopes=[Scope.REFERRALS_WRITE])
    assert_problem(client.get(URL, HTTP_AUTHORIZATION=f"Bearer {secret}"), 403)


@pytest.mark.parametrize("how", ["missing", "unknown", "revoked", "expired", "account_left"])
def test_unusable_tokens_get_401(client, issue, payload, admin, how):
    token, secret = issue()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    if how == "missing":
        headers = {}
    elif how == "unknown":
        headers = {"HTTP_AUTHORIZATION": "Bearer trp_nope"}
    elif how == "revoked":
        from tremplin.api.tokens import revoke_token

        revoke_token(admin, token)
    elif how == "expired":
        ApiToken.objects.filter(pk=token.pk).update(
            created_at=timezone.now() - timedelta(days=10), expires_at=timezone.now() - timedelta(seconds=1)
        )
    elif how == "account_left":
        token.account.memberships.update(is_active=False)
    response = client.get(URL, **headers)
    assert_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_secret_is_stored_hashed_and_shown_once(issue):
    token, secret = issue()
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret.startswith("trp_") and len(secret) > 40
    assert stored.token_hash != secret and secret not in stored.token_hash
    assert stored.prefix == secret[:10]
    assert not any(secret in str(value) for value in ApiToken.objects.values().get(pk=token.pk).values())


def test_rate_limit_per_token(client, issue, settings):
    settings.TREMPLIN_API_RATE_TOKEN = "2/m"
    _token, secret = issue()
    _other, other_secret = issue()
    answers = [client.get(URL, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    response = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert_problem(response, 429)
    assert int(response["Retry-After"]) >= 1
    # Another token has its own allowance.
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {other_secret}").status_code == 200


def test_referrals_are_paged_by_an_opaque_cursor(client, issue, payload):
    _token, secret = issue()
    ids = [post(client, secret, payload).json()["id"] for _ in range(3)]
    first = client.get(URL, {"limit": 2}, HTTP_AUTHORIZATION=f"Bearer {secret}").json()
    assert first["next_cursor"] and not any(i in first["next_cursor"] for i in ids)
    second = client.get(URL, {"limit": 2, "cursor": first["next_cursor"]}, HTTP_AUTHORIZATION=f"Bearer {secret}")
    second = second.json()
    assert [r["id"] for r in first["items"] + second["items"]] == ids
    assert second["next_cursor"] is None
    tampered = first["next_cursor"][:-2] + "xx"
    response = client.get(URL, {"cursor": tampered}, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert_problem(response, 422)

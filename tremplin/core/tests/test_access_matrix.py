"""The access matrix: what each role gets on every named URL of core, accounts and network.

200 = the page opens; 404 = refused without revealing anything; 405 = allowed, but the action only
accepts POST (the role check comes first, so a refused role still gets 404); 410 = invitation link
that is not valid. Objects are the user's own ones (their site, their partner) unless stated.
"""

import pytest
from django.urls import reverse

from tremplin.accounts.models import Invitation, Membership
from tremplin.core.roles import Role
from tremplin.core.tests.test_access_control import all_routes

ROLES = ["network_admin", "site_manager", "mediator", "volunteer", "referrer", "observer"]

# url name: expected status for (network_admin, site_manager, mediator, volunteer, referrer, observer)
MATRIX = {
    "core:home":                  (200, 200, 200, 200, 200, 200),
    "core:health":                (200, 200, 200, 200, 200, 200),
    "core:ready":                 (200, 200, 200, 200, 200, 200),
    "core:remember_search":       (405, 405, 405, 405, 405, 405),
    "accounts:profile":           (200, 200, 200, 200, 200, 200),
    "accounts:user_list":         (200, 200, 404, 404, 404, 404),
    "accounts:invite":            (200, 200, 404, 404, 404, 404),
    "accounts:revoke_invitation": (405, 405, 404, 404, 404, 404),
    "accounts:accept_invitation": (410, 410, 410, 410, 410, 410),
    "accounts:user_detail":       (200, 200, 404, 404, 404, 404),
    "accounts:membership_add":    (405, 405, 404, 404, 404, 404),
    "accounts:membership_end":    (405, 405, 404, 404, 404, 404),
    "accounts:deactivate":        (405, 405, 404, 404, 404, 404),
    "accounts:reactivate":        (405, 405, 404, 404, 404, 404),
    "network:site_list":          (200, 200, 200, 200, 404, 200),
    "network:site_create":        (200, 404, 404, 404, 404, 404),
    "network:site_detail":        (200, 200, 200, 200, 404, 200),
    "network:site_edit":          (200, 404, 404, 404, 404, 404),
    "network:site_hours":         (200, 200, 404, 404, 404, 404),
    "network:partner_list":       (200, 200, 200, 200, 200, 404),
    "network:partner_create":     (200, 404, 404, 404, 404, 404),
    "network:partner_detail":     (200, 200, 200, 200, 200, 404),
    "network:partner_edit":       (200, 404, 404, 404, 404, 404),
}  # fmt: skip

COVERED_NAMESPACES = ("core:", "accounts:", "network:")


@pytest.fixture
def targets(make_user, site, partner):
    """The objects the URLs point at: a colleague at `site`, their membership, a pending invitation."""
    admin = make_user("network_admin")
    colleague = make_user("mediator", at=site)
    invitation = Invitation.objects.create(
        email="nouvelle@test.tremplin.example",
        full_name="Nouvelle Personne",
        role=Role.MEDIATOR,
        site=site,
        token_hash=Invitation.new_token()[1],
        invited_by=admin,
    )
    return {
        "accounts:revoke_invitation": [invitation.pk],
        "accounts:accept_invitation": ["jeton-inconnu"],
        "accounts:user_detail": [colleague.uuid],
        "accounts:membership_add": [colleague.uuid],
        "accounts:membership_end": [Membership.objects.get(user=colleague).pk],
        "accounts:deactivate": [colleague.uuid],
        "accounts:reactivate": [colleague.uuid],
        "network:site_detail": [site.pk],
        "network:site_edit": [site.pk],
        "network:site_hours": [site.pk],
        "network:partner_detail": [partner.pk],
        "network:partner_edit": [partner.pk],
    }


def test_the_matrix_names_every_url_of_core_accounts_and_network():
    names = {name for _route, name in all_routes() if name and name.startswith(COVERED_NAMESPACES)}
    assert names == set(MATRIX)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_on_every_url(client_as, targets, role):
    client = client_as(role)
    column = ROLES.index(role)
    answers = {}
    for name, expected in MATRIX.items():
        url = reverse(name, args=targets.get(name, []))
        answers[name] = (client.get(url).status_code, expected[column])
    wrong = {name: f"got {got}, expected {expected}" for name, (got, expected) in answers.items() if got != expected}
    assert not wrong, f"{role}: {wrong}"


@pytest.mark.parametrize("role", ["mediator", "volunteer", "referrer", "observer"])
def test_refused_roles_cannot_post_to_account_actions_either(client_as, targets, role):
    client = client_as(role)
    for name in ("accounts:revoke_invitation", "accounts:membership_end", "accounts:deactivate"):
        assert client.post(reverse(name, args=targets[name])).status_code == 404, name
    assert Invitation.objects.pending().count() == 1

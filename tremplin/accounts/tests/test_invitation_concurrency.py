"""Two people opening the same invitation link at the same moment: exactly one account is created."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tremplin.accounts import services
from tremplin.accounts.models import Invitation, User
from tremplin.core.testing.factories import SiteFactory, UserFactory


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_link_accepted_twice_at_the_same_time_creates_one_account():
    site = SiteFactory()
    admin = UserFactory()
    admin.memberships.create(role="network_admin")
    _invitation, token = services.invite_user(
        admin, email="double@test.tremplin.example", full_name="Double Clic", role="mediator", site=site
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def accept():
        try:
            barrier.wait()
            services.accept_invitation(token, full_name="Double Clic", password="une phrase de passe solide")
            outcomes.append("created")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == sorted(
        ["created", "Ce lien d'invitation a déjà été utilisé. Connectez-vous avec votre adresse e-mail."]
    )
    assert User.objects.filter(email="double@test.tremplin.example").count() == 1
    assert Invitation.objects.get().accepted_at is not None

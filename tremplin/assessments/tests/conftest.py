import pytest

from tremplin.assessments.questionnaire_data import create_default_questionnaire
from tremplin.workshops.tests.conftest import Outbox
from tremplin.workshops.tests.factories import BeneficiaryFactory


@pytest.fixture(autouse=True)
def outbox(monkeypatch):
    box = Outbox()
    monkeypatch.setattr("tremplin.workshops.services.notify._notifications", lambda: box)
    return box


@pytest.fixture
def questionnaire(db):
    return create_default_questionnaire()


@pytest.fixture
def person(site):
    return BeneficiaryFactory(sites=[site], first_name="Hélène", last_name="Lefèvre")


@pytest.fixture
def mediator(make_user, site):
    return make_user("mediator", at=site)

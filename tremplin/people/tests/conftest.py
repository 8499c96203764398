import pytest

from .factories import BeneficiaryFactory


@pytest.fixture
def helene(site):
    return BeneficiaryFactory(
        first_name="Hélène",
        last_name="Lefèvre",
        birth_year=1975,
        phone="+33639980001",
        email="helene@example.org",
        sites=[site],
    )

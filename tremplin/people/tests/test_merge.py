import pytest
from django.core.exceptions import PermissionDenied

from tremplin.core.models import AccessLog
from tremplin.people.models import Beneficiary, EligibilityRecord
from tremplin.people.services import MergeConflict, merge_beneficiaries, merge_plan
from tremplin.people.services import merge as merge_module

from .factories import BeneficiaryFactory, ConsentFactory, EligibilityRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(site, other_site):
    keep = BeneficiaryFactory(first_name="Hélène", last_name="Lefèvre", phone="", birth_year=None, sites=[site])
    remove = BeneficiaryFactory(
        first_name="Helene", last_name="Lefebvre", phone="+33639980001", birth_year=1975, sites=[site, other_site]
    )
    return keep, remove


def test_merging_moves_consents_eligibility_sites_and_fills_blanks(make_user, pair, site, other_site):
    keep, remove = pair
    manager = make_user("site_manager")
    consent = ConsentFactory(beneficiary=remove)
    record = EligibilityRecordFactory(beneficiary=remove)
    earlier = BeneficiaryFactory(sites=[site], merged_into=remove)

    merge_beneficiaries(manager, keep, remove)

    keep.refresh_from_db()
    remove.refresh_from_db()
    assert list(keep.consents.all()) == [consent]
    assert list(keep.eligibility_records.all()) == [record]
    assert set(keep.sites.all()) == {site, other_site}
    assert str(keep.phone) == "+33639980001" and keep.birth_year == 1975
    assert remove.merged_into == keep
    assert Beneficiary.objects.get(pk=earlier.pk).merged_into == keep
    # The removed record keeps its own identity: nothing is silently lost.
    assert remove.last_name == "Lefebvre"
    assert AccessLog.objects.for_object(keep).filter(action="merge", reason=f"from:{remove.pk}").exists()
    assert AccessLog.objects.for_object(remove).filter(action="merge", reason=f"into:{keep.pk}").exists()


def test_the_kept_record_keeps_its_own_values_when_both_have_one(make_user, site):
    keep = BeneficiaryFactory(email="keep@example.org", sites=[site])
    remove = BeneficiaryFactory(email="remove@example.org", sites=[site])
    merge_beneficiaries(make_user("site_manager"), keep, remove)
    keep.refresh_from_db()
    remove.refresh_from_db()
    assert keep.email == "keep@example.org" and remove.email == "remove@example.org"


def test_the_plan_lists_what_moves_before_confirmation(pair):
    keep, remove = pair
    ConsentFactory(beneficiary=remove)
    plan = merge_plan(keep, remove)
    assert plan.possible
    assert ("informations et accords", 1) in [(str(label), count) for label, count in plan.moves]
    assert "téléphone" in plan.filled


def test_a_move_that_would_break_a_uniqueness_rule_refuses_the_whole_merge(make_user, pair, monkeypatch):
    keep, remove = pair
    original = EligibilityRecordFactory(beneficiary=keep)
    EligibilityRecordFactory(beneficiary=remove, proof_type=original.proof_type)
    ConsentFactory(beneficiary=remove)
    # Later rooms bring real rules (one enrolment per person and session); stand one in here:
    # "one eligibility record per person and proof type".
    real_rules = merge_module._unique_field_sets

    def rules(model, fk_name):
        if model is EligibilityRecord:
            return [(("beneficiary", "proof_type"), None)]
        return real_rules(model, fk_name)

    monkeypatch.setattr(merge_module, "_unique_field_sets", rules)
    with pytest.raises(MergeConflict) as caught:
        merge_beneficiaries(make_user("site_manager"), keep, remove)
    assert "vérifications d'éligibilité" in caught.value.messages[0]
    remove.refresh_from_db()
    assert remove.merged_into is None
    assert remove.consents.count() == 1 and remove.eligibility_records.count() == 1


def test_merging_a_record_with_itself_or_an_already_merged_one_is_refused(make_user, pair, site):
    keep, remove = pair
    manager = make_user("site_manager")
    with pytest.raises(MergeConflict):
        merge_beneficiaries(manager, keep, keep)
    merge_beneficiaries(manager, keep, remove)
    with pytest.raises(MergeConflict):
        merge_beneficiaries(manager, keep, remove)


def test_a_volunteer_or_staff_of_another_site_cannot_merge(make_user, pair, other_site):
    keep, remove = pair
    with pytest.raises(PermissionDenied):
        merge_beneficiaries(make_user("volunteer"), keep, remove)
    with pytest.raises(PermissionDenied):
        merge_beneficiaries(make_user("mediator", at=other_site), keep, remove)

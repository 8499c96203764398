"""The access log is append-only and names objects by opaque id only."""

import pytest

from tremplin.core.models import AccessLog, AppendOnlyError, log_access


@pytest.fixture
def entry(make_user):
    actor = make_user("mediator")
    return log_access(actor, actor, AccessLog.Action.VIEW, reason="contrôle")


def test_log_access_records_who_what_which_object_and_when(entry):
    stored = AccessLog.objects.get(pk=entry.pk)
    assert stored.actor_id is not None
    assert stored.action == "view"
    assert stored.object_type == "accounts.user"
    assert stored.at is not None
    assert stored.reason == "contrôle"


def test_an_entry_names_the_object_by_primary_key_without_personal_data(make_user):
    person = make_user("volunteer", email="camille.martin@test.tremplin.example", full_name="Camille Martin")
    entry = log_access(person, person, AccessLog.Action.UPDATE)
    assert entry.object_id == str(person.pk)
    stored = " ".join(str(value) for value in AccessLog.objects.filter(pk=entry.pk).values().get().values())
    assert "camille" not in stored.lower()
    assert "martin" not in stored.lower()
    assert "camille" not in str(entry).lower()


def test_saving_an_existing_entry_again_is_refused(entry):
    entry.reason = "réécrit"
    with pytest.raises(AppendOnlyError):
        entry.save()
    assert AccessLog.objects.get(pk=entry.pk).reason == "contrôle"


def test_deleting_an_entry_is_refused(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert AccessLog.objects.filter(pk=entry.pk).exists()


def test_queryset_update_is_refused(entry):
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=entry.pk).update(reason="réécrit")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().update(reason="réécrit")


def test_queryset_delete_is_refused(entry):
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()
    assert AccessLog.objects.count() == 1


def test_bulk_update_is_refused(entry):
    entry.reason = "réécrit"
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.bulk_update([entry], ["reason"])


def test_an_anonymous_actor_is_recorded_as_nobody(make_user):
    from django.contrib.auth.models import AnonymousUser

    target = make_user("volunteer")
    entry = log_access(AnonymousUser(), target, AccessLog.Action.VIEW)
    assert entry.actor is None


def test_a_long_reason_is_cut_to_the_column_size(make_user):
    actor = make_user("mediator")
    assert len(log_access(actor, actor, AccessLog.Action.EXPORT, reason="x" * 500).reason) == 200

from django.core import mail

from tremplin.accounts import demo as accounts_demo
from tremplin.core.demodata import DemoData
from tremplin.network import demo as network_demo
from tremplin.people import demo as people_demo
from tremplin.referrals import demo as referrals_demo
from tremplin.referrals.choices import Status
from tremplin.referrals.models import Referral


def load(django_capture_on_commit_callbacks):
    demo = DemoData()
    with django_capture_on_commit_callbacks(execute=True):
        for module in (network_demo, accounts_demo, people_demo, referrals_demo):
            module.seed(demo)


def test_the_demo_loads_referrals_in_every_status_once_and_sends_no_mail(
    db, settings, django_capture_on_commit_callbacks
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # demo accounts, fast
    load(django_capture_on_commit_callbacks)
    load(django_capture_on_commit_callbacks)
    assert Referral.objects.count() == len(referrals_demo.REFERRALS)
    assert set(Referral.objects.values_list("status", flat=True)) == set(Status.values)
    assert Referral.objects.waiting_too_long().exists()
    assert mail.outbox == []

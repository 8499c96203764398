"""Message texts: short GSM-7 SMS, no personal data beyond the first name, signed link."""

from tremplin.workshops.messages import GSM7, compose, gsm7

from .factories import EnrollmentFactory


def test_sms_fits_one_gsm7_segment_and_holds_no_last_name(session, people):
    session.workshop.title = "E-mail"
    session.workshop.save()
    person = people(1)[0]
    enrollment = EnrollmentFactory(session=session, beneficiary=person)
    for kind in (
        "enrolment_confirmation",
        "reminder_2_days",
        "reminder_same_day",
        "cancellation",
        "move",
        "waitlist_promotion",
    ):
        subject, body, sms, _url = compose(kind, enrollment)
        assert len(sms) <= 160, sms
        assert set(sms) <= GSM7
        assert person.last_name not in sms + subject + body
        assert person.first_name not in subject


def test_gsm7_folds_quotes_and_accents_outside_the_alphabet():
    assert gsm7("« Prêt » à l'œuvre — ç") == '"Pret" à l\'?uvre - c'

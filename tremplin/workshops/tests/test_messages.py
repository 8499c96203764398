"""Message texts: short GSM-7 SMS, no personal data beyond the first name, signed link."""

from tremplin.core.sms_text import is_gsm7
from tremplin.workshops.messages import compose, gsm7

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
        assert is_gsm7(sms)
        assert person.last_name not in sms + subject + body
        assert person.first_name not in subject


def test_gsm7_folds_quotes_and_accents_outside_the_alphabet():
    assert gsm7("« Prêt » à l'œuvre — ç") == '"Pret" à l\'oeuvre - c'


def test_a_long_title_is_shortened_in_the_sms_but_not_in_the_email(session, people):
    session.workshop.title = "Mes démarches en ligne : CAF, impôts, France Travail, Ameli et tous les autres"
    session.workshop.save()
    enrollment = EnrollmentFactory(session=session, beneficiary=people(1)[0])
    _subject, body, sms, url = compose("reminder_2_days", enrollment)
    assert len(sms) <= 160
    assert url in sms
    assert session.workshop.title in body


def test_a_move_message_gives_the_old_and_new_time(session, people):
    from datetime import timedelta

    enrollment = EnrollmentFactory(session=session, beneficiary=people(1)[0])
    _subject, body, _sms, _url = compose("move", enrollment, previous_start=session.starts_at - timedelta(days=1))
    assert "change d'horaire" in body
    assert "au lieu du" in body


def test_a_price_in_euros_reaches_the_sms_and_it_still_fits_one_segment(session, people):
    from tremplin.core.sms_text import gsm7_length

    session.workshop.title = "Box internet à 5 €"
    session.workshop.save()
    enrollment = EnrollmentFactory(session=session, beneficiary=people(1)[0])
    _subject, _body, sms, _url = compose("reminder_same_day", enrollment)
    assert '"Box internet à 5 €"' in sms
    assert "?" not in sms.split("http")[0]
    assert gsm7_length(sms) <= 160


def test_a_title_that_holds_quotes_is_never_put_in_quotes_twice(session, people):
    session.workshop.title = "Parcours « Débuter »"
    session.workshop.save()
    enrollment = EnrollmentFactory(session=session, beneficiary=people(1)[0])
    _subject, body, sms, _url = compose("reminder_2_days", enrollment)
    # French second-level quotes inside « » in the e-mail; single quotes inside the SMS's plain double quotes.
    assert "Rappel : atelier « Parcours “Débuter” »" in body
    assert "\"Parcours 'Débuter'\"" in sms

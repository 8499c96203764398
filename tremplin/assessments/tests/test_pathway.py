"""The pathway proposed from the result: workshops for weak areas, enrolment in one click, device, connectivity;
and the follow-up diagnostic's before → after table."""

from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from tremplin.assessments import pathway, proposals, services
from tremplin.workshops.models import Enrollment
from tremplin.workshops.tests.factories import EnrollmentFactory, SessionFactory

ALONE = {"observed": "alone", "self": "yes_alone"}


def finish(mediator, person, answer, *, devices=(), internet="box", goals=(), weak=()):
    """answer(area code, kind) -> value; a diagnostic taken and completed through the services."""
    assessment = services.start_assessment(mediator, person)
    services.save_context(
        mediator, assessment, devices=list(devices), internet=internet, email_access=True, goals=list(goals)
    )
    values = {
        item.pk: answer(area.code, item.kind)
        for area in assessment.questionnaire.areas.all()
        for item in area.items.all()
    }
    services.save_answers(mediator, assessment, values)
    return services.complete_assessment(mediator, assessment)


def weak_in(*codes):
    return lambda code, kind: ("failed" if kind == "observed" else "no") if code in codes else ALONE[kind]


def test_weak_areas_get_the_next_sessions_with_seats_whose_workshop_covers_them(
    mediator, person, questionnaire, site, other_site
):
    email = SessionFactory(site=site, workshop__title="Mon e-mail", workshop__thematiques=["email"], seats=2)
    later = SessionFactory(
        site=site,
        workshop=email.workshop,
        starts_at=email.starts_at + timedelta(days=7),
        ends_at=email.ends_at + timedelta(days=7),
    )
    full = SessionFactory(site=site, workshop=email.workshop, seats=1, starts_at=email.starts_at - timedelta(days=1))
    full.ends_at = full.starts_at + timedelta(hours=2)
    full.save()
    EnrollmentFactory(session=full)  # full, and the same workshop has room later: that one is offered
    SessionFactory(site=other_site, workshop__thematiques=["email"])  # not the person's site
    SessionFactory(site=site, workshop__thematiques=["securite_numerique"])  # area not weak
    SessionFactory(site=site, workshop__thematiques=["email"], status="cancelled")
    assessment = finish(mediator, person, weak_in("communiquer"))
    proposal = proposals.propose(assessment, mediator)
    [(area, sessions)] = proposal.weak_areas
    assert area.code == "communiquer"
    assert sessions == [email, later]


def test_no_workshop_is_proposed_when_no_area_is_weak(mediator, person, questionnaire, site):
    SessionFactory(site=site, workshop__thematiques=["email"])
    assessment = finish(mediator, person, lambda code, kind: ALONE[kind], devices=["computer"])
    proposal = proposals.propose(assessment, mediator)
    assert proposal.weak_areas == [] and proposal.device_url == "" and proposal.connectivity_url == ""


def test_a_device_is_proposed_with_no_device_or_only_a_smartphone_for_a_job_search(
    mediator, person, questionnaire, site
):
    no_device = finish(mediator, person, weak_in(), devices=["none"])
    assert f"personne={person.pk}" in proposals.propose(no_device, mediator).device_url
    phone_for_job = finish(mediator, person, weak_in(), devices=["smartphone"], goals=["job"])
    assert proposals.propose(phone_for_job, mediator).device_url
    phone_for_family = finish(mediator, person, weak_in(), devices=["smartphone"], goals=["family"])
    assert proposals.propose(phone_for_family, mediator).device_url == ""


def test_a_connectivity_offer_is_proposed_without_internet_at_home(mediator, person, questionnaire):
    assert proposals.propose(finish(mediator, person, weak_in(), internet="none"), mediator).connectivity_url
    assert not proposals.propose(finish(mediator, person, weak_in(), internet="mobile"), mediator).connectivity_url


def test_the_result_page_lists_the_proposal_and_enrols_in_one_click(login, mediator, person, questionnaire, site):
    session = SessionFactory(site=site, workshop__title="Mon e-mail", workshop__thematiques=["email"])
    assessment = finish(mediator, person, weak_in("communiquer"), internet="none", devices=["none"])
    client = login(mediator)
    content = client.get(assessment.get_absolute_url()).content.decode()
    assert "Mon e-mail" in content and "Réserver un appareil de cette catégorie" in content
    assert "Voir les offres de connectivité" in content
    response = client.post(f"{assessment.get_absolute_url()}inscrire/", {"session": session.pk})
    assert response.url == assessment.get_absolute_url()
    assert Enrollment.objects.get(beneficiary=person, session=session).status == "confirmed"


def test_enrolling_in_a_session_that_is_not_proposed_is_refused(login, mediator, person, questionnaire, site):
    not_matching = SessionFactory(site=site, workshop__thematiques=["securite_numerique"])
    assessment = finish(mediator, person, weak_in("communiquer"))
    login(mediator).post(f"{assessment.get_absolute_url()}inscrire/", {"session": not_matching.pk})
    login(mediator).post(f"{assessment.get_absolute_url()}inscrire/", {"session": "x"})
    assert not Enrollment.objects.exists()


def test_a_follow_up_shows_each_area_before_and_after(login, mediator, person, questionnaire):
    first = finish(mediator, person, weak_in("communiquer", "securite"))
    first.completed_at = timezone.now() - timedelta(days=30)
    first.save(update_fields=["completed_at"])
    second = finish(mediator, person, weak_in("securite"))
    assert services.previous_of(second) == first
    rows = {name: (before, after) for name, before, after in services.progress_rows(first, second)}
    assert rows["Communiquer : e-mail, messagerie, visio"] == (0, 3)
    assert rows["Sécurité et données personnelles"] == (0, 0)
    assert rows["Smartphone"] == (3, 3)
    content = login(mediator).get(second.get_absolute_url()).content.decode()
    assert "avant → après" in content


def test_the_persons_diagnostic_page_shows_the_profile_change_beside_the_levels(login, mediator, person, questionnaire):
    # Levels 0, 0, 0, 0, 3, 3: average 1 → débutant·e; then only "démarches" at 0: average 2.5 but one area
    # below 2 → en progression (docs/guide-diagnostic.md, « Profil »).
    first = finish(mediator, person, weak_in("appareil", "naviguer", "communiquer", "demarches"))
    first.completed_at = timezone.now() - timedelta(days=30)
    first.save(update_fields=["completed_at"])
    finish(mediator, person, weak_in("demarches"))
    content = login(mediator).get(reverse("assessments:person", args=[person.pk])).content.decode()
    assert "Profil : Débutant·e → En progression." in content


def test_a_first_diagnostic_has_no_before_after_table(login, mediator, person, questionnaire):
    assessment = finish(mediator, person, weak_in())
    assert services.previous_of(assessment) is None
    assert "avant → après" not in login(mediator).get(assessment.get_absolute_url()).content.decode()


# --- sessions the person is already on, full sessions ------------------------------------------------------


def in_days(days, hours=2):
    """A session `days` days from today starting at 09:00 in Paris (the test site's zone), `hours` long.

    At a fixed hour, not "now + days": a test run at 23:40 put the "same morning" slots of a drop-in on two days."""
    day = timezone.localdate() + timedelta(days=days)
    start = timezone.make_aware(datetime.combine(day, time(9, 0)))
    return {"starts_at": start, "ends_at": start + timedelta(hours=hours)}


def test_sessions_the_person_is_already_enrolled_or_waiting_on_are_not_proposed(mediator, person, questionnaire, site):
    enrolled = SessionFactory(site=site, workshop__thematiques=["email"], **in_days(3))
    waiting = SessionFactory(site=site, workshop__thematiques=["email"], seats=1, **in_days(4))
    EnrollmentFactory(session=waiting)
    EnrollmentFactory(session=waiting, beneficiary=person, status="waitlisted", position=1)
    EnrollmentFactory(session=enrolled, beneficiary=person)
    cancelled = SessionFactory(site=site, workshop__thematiques=["email"], **in_days(5))
    EnrollmentFactory(session=cancelled, beneficiary=person, status="cancelled")  # cancelled: may join again
    assessment = finish(mediator, person, weak_in("communiquer"))

    [(_area, sessions)] = proposals.propose(assessment, mediator).weak_areas

    assert sessions == [cancelled]
    # …and enrolling through the proposal cannot reach them any more.
    assert pathway.enrol_from_proposal(mediator, assessment, enrolled.pk) is None


def test_a_session_at_the_same_time_as_one_of_theirs_is_not_proposed(mediator, person, questionnaire, site):
    theirs = SessionFactory(site=site, workshop__thematiques=["achats_en_ligne"], **in_days(3))
    EnrollmentFactory(session=theirs, beneficiary=person)
    same_time = SessionFactory(site=site, workshop__thematiques=["email"], **in_days(3, hours=1))
    next_day = SessionFactory(site=site, workshop__thematiques=["email"], **in_days(4))
    assessment = finish(mediator, person, weak_in("communiquer"))

    [(_area, sessions)] = proposals.propose(assessment, mediator).weak_areas

    assert same_time not in sessions and sessions == [next_day]


def test_a_full_session_with_no_other_date_is_offered_on_its_waiting_list(login, mediator, person, questionnaire, site):
    full = SessionFactory(site=site, workshop__title="Mon e-mail", workshop__thematiques=["email"], seats=1)
    EnrollmentFactory(session=full)
    assessment = finish(mediator, person, weak_in("communiquer"))

    [(_area, sessions)] = proposals.propose(assessment, mediator).weak_areas
    assert sessions == [full] and sessions[0].is_full

    client = login(mediator)
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert "complet, liste d'attente ouverte" in page and "Mettre en liste d'attente" in page
    response = client.post(reverse("assessments:enrol", args=[assessment.pk]), {"session": full.pk}, follow=True)
    assert "La séance est complète : Hélène Lefèvre est en liste d&#x27;attente (rang 1)." in response.content.decode()
    assert Enrollment.objects.get(session=full, beneficiary=person).status == "waitlisted"


# --- a workshop already booked or attended, a workshop serving two areas ------------------------------------


def test_other_dates_of_a_workshop_the_person_is_booked_on_are_not_proposed(mediator, person, questionnaire, site):
    booked = SessionFactory(site=site, workshop__thematiques=["email"], **in_days(3))
    EnrollmentFactory(session=booked, beneficiary=person)
    SessionFactory(site=site, workshop=booked.workshop, **in_days(10))  # same workshop, another date
    waiting = SessionFactory(site=site, workshop__thematiques=["email"], seats=1, **in_days(4))
    EnrollmentFactory(session=waiting)
    EnrollmentFactory(session=waiting, beneficiary=person, status="waitlisted", position=1)
    SessionFactory(site=site, workshop=waiting.workshop, **in_days(11))  # on its waiting list: not again
    other = SessionFactory(site=site, workshop__thematiques=["email"], **in_days(12))
    assessment = finish(mediator, person, weak_in("communiquer"))

    [(_area, sessions)] = proposals.propose(assessment, mediator).weak_areas

    assert sessions == [other]


def test_other_slots_of_a_drop_in_booked_the_same_morning_are_not_proposed(mediator, person, questionnaire, site):
    nine = in_days(3, hours=0.5)
    permanence = SessionFactory(site=site, workshop__title="Permanence", workshop__thematiques=["email"], **nine)
    EnrollmentFactory(session=permanence, beneficiary=person)
    for minutes in (30, 60, 90):  # 09:30, 10:00, 10:30
        start = nine["starts_at"] + timedelta(minutes=minutes)
        SessionFactory(site=site, workshop=permanence.workshop, starts_at=start, ends_at=start + timedelta(minutes=30))
    assessment = finish(mediator, person, weak_in("communiquer"))

    [(_area, sessions)] = proposals.propose(assessment, mediator).weak_areas

    assert sessions == []


def test_a_workshop_already_attended_is_not_proposed_again(mediator, person, questionnaire, site):
    past = SessionFactory(site=site, workshop__thematiques=["email"], **in_days(-7))
    EnrollmentFactory(session=past, beneficiary=person, attendance="present")
    SessionFactory(site=site, workshop=past.workshop, **in_days(7))
    missed = SessionFactory(site=site, workshop__thematiques=["email"], **in_days(-6))
    EnrollmentFactory(session=missed, beneficiary=person, attendance="absent")
    again = SessionFactory(site=site, workshop=missed.workshop, **in_days(8))  # absent last time: offered
    assessment = finish(mediator, person, weak_in("communiquer"))

    [(_area, sessions)] = proposals.propose(assessment, mediator).weak_areas

    assert sessions == [again]


def test_a_workshop_serving_two_weak_areas_is_proposed_once_under_the_weakest(
    login, mediator, person, questionnaire, site
):
    # "Utiliser un appareil" and "Smartphone" both list prendre_en_main_du_materiel.
    device = SessionFactory(site=site, workshop__thematiques=["prendre_en_main_du_materiel"], **in_days(3))
    areas = [a for a in questionnaire.areas.all() if "prendre_en_main_du_materiel" in a.thematiques]
    first, second = areas

    # The second area at level 0 (everything failed), the first at level 1 (observed failed, said "alone").
    def answer(code, kind):
        if code == second.code:
            return "failed" if kind == "observed" else "no"
        if code == first.code:
            return "failed" if kind == "observed" else "yes_alone"
        return ALONE[kind]

    assessment = finish(mediator, person, answer)
    assert (assessment.levels[first.code], assessment.levels[second.code]) == (1, 0)

    proposed = {area.code: sessions for area, sessions in proposals.propose(assessment, mediator).weak_areas}

    assert proposed == {first.code: [], second.code: [device]}
    # The result page says where the sessions of the first area went, rather than "nothing to offer".
    page = login(mediator).get(assessment.get_absolute_url()).content.decode()
    assert f"proposées plus haut ou plus bas, sous : {second.name}." in page
    assert page.count(f'name="session" value="{device.pk}"') == 1


def test_of_a_drop_in_mornings_slots_only_the_first_is_proposed(mediator, person, questionnaire, site):
    nine = in_days(3, hours=0.5)
    first = SessionFactory(site=site, workshop__title="Permanence", workshop__thematiques=["email"], **nine)
    for minutes in (30, 60):  # 09:30, 10:00 the same morning
        start = nine["starts_at"] + timedelta(minutes=minutes)
        SessionFactory(site=site, workshop=first.workshop, starts_at=start, ends_at=start + timedelta(minutes=30))
    next_week = SessionFactory(site=site, workshop=first.workshop, **in_days(10, hours=0.5))
    assessment = finish(mediator, person, weak_in("communiquer"))

    [(_area, sessions)] = proposals.propose(assessment, mediator).weak_areas

    assert sessions == [first, next_week]

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tremplin.activities.models import Activity
from tremplin.activities.timeline import activity_events
from tremplin.core.models import AccessLog
from tremplin.people.visibility import pseudonym


@pytest.fixture
def make_activity(site, make_user):
    author = make_user("mediator", full_name="Camille Médiatrice")

    def factory(**fields):
        fields.setdefault("site", site)
        fields.setdefault("recorded_by", author)
        fields.setdefault("date", date(2026, 3, 2))
        fields.setdefault("kind", "individuel")
        fields.setdefault("duration", 30)
        fields.setdefault("thematiques", ["email"])
        return Activity.objects.create(**fields)

    return factory


@pytest.mark.django_db
class TestActivityList:
    @pytest.mark.parametrize("role", ["site_manager", "mediator", "volunteer"])
    def test_site_staff_see_their_sites_activities(self, client_as, make_activity, make_person, role):
        make_activity(beneficiary=make_person())
        response = client_as(role).get(reverse("activities:list"))
        assert response.status_code == 200
        assert b"Awa Diallo" in response.content

    def test_activities_of_another_site_are_not_listed(self, client_as, make_activity, other_site):
        make_activity(site=other_site, title="Atelier ailleurs", kind="collectif", participant_count=3)
        response = client_as("mediator").get(reverse("activities:list"))
        assert b"Atelier ailleurs" not in response.content

    def test_the_list_paginates_with_a_bounded_number_of_queries(
        self, client_as, make_activity, make_person, django_assert_max_num_queries
    ):
        for _ in range(30):
            make_activity(beneficiary=make_person())
        client = client_as("mediator")
        with django_assert_max_num_queries(10):
            response = client.get(reverse("activities:list"))
        assert len(response.context["page"]) == 25

    def test_a_later_page_lists_the_next_records_newest_first_with_a_bounded_number_of_queries(
        self, client_as, make_activity, make_person, django_assert_max_num_queries
    ):
        person = make_person()
        created = [make_activity(beneficiary=person, date=date(2026, 1, 1 + day % 28)) for day in range(30)]
        expected = sorted(created, key=lambda activity: (activity.date, activity.pk), reverse=True)[25:]
        client = client_as("mediator")
        with django_assert_max_num_queries(10):
            response = client.get(reverse("activities:list"), {"page": 2})
        page = response.context["page"]
        assert [activity.pk for activity in page] == [activity.pk for activity in expected]
        assert page.number == 2
        assert page.paginator.count == 30
        assert b"Awa Diallo" in response.content

    def test_names_are_checked_for_the_page_s_people_only(self, client_as, make_activity, make_person, other_site):
        # issue #14: one query over the people shown, never the ids of everyone the site follows.
        unseen = [make_person(first_name="Jamais", last_name=f"Affiché{n}") for n in range(5)]
        elsewhere = make_person(first_name="Zoé", last_name="Ailleurs", at=other_site)
        shown = make_person(first_name="Inès", last_name="Martin")
        make_activity(beneficiary=shown, date=date(2026, 3, 3))
        make_activity(beneficiary=elsewhere, date=date(2026, 3, 2))  # recorded here, followed elsewhere only
        with CaptureQueriesContext(connection) as queries:
            response = client_as("mediator").get(reverse("activities:list"))
        assert "Inès Martin" in response.content.decode()
        assert "Ailleurs" not in response.content.decode()
        assert pseudonym(elsewhere) in response.content.decode()
        checks = [query["sql"].replace("-", "") for query in queries if 'FROM "people_beneficiary"' in query["sql"]]
        assert len(checks) == 1
        assert shown.pk.hex in checks[0] and elsewhere.pk.hex in checks[0]
        assert not any(person.pk.hex in checks[0] for person in unseen)

    @pytest.mark.parametrize("role", ["referrer", "observer"])
    def test_referrers_and_observers_get_a_404(self, client_as, role):
        assert client_as(role).get(reverse("activities:list")).status_code == 404


@pytest.mark.django_db
class TestActivityDetail:
    def test_a_mediator_reads_a_record_and_the_view_is_logged(self, client_as, make_activity, make_person):
        person = make_person()
        activity = make_activity(beneficiary=person, equipment=["telephone"], autonomy="autonome")
        response = client_as("mediator").get(activity.get_absolute_url())
        content = response.content.decode()
        assert response.status_code == 200
        assert "E-mail" in content
        assert "Téléphone" in content
        assert AccessLog.objects.for_object(person).filter(action="view").exists()

    def test_a_record_of_another_site_is_a_404(self, client_as, make_activity, other_site):
        activity = make_activity(site=other_site)
        assert client_as("mediator").get(activity.get_absolute_url()).status_code == 404

    @pytest.mark.parametrize("role", ["referrer", "observer"])
    def test_referrers_and_observers_get_a_404(self, client_as, make_activity, role):
        assert client_as(role).get(make_activity().get_absolute_url()).status_code == 404

    def test_the_national_team_reads_any_record(self, client_as, make_activity, other_site):
        activity = make_activity(site=other_site)
        assert client_as("network_admin").get(activity.get_absolute_url()).status_code == 200


@pytest.mark.django_db
class TestTimeline:
    def test_a_persons_activities_appear_on_their_timeline(self, make_activity, make_person, make_user):
        person = make_person()
        make_activity(beneficiary=person)
        collective = make_activity(kind="collectif", participant_count=4, title="Café numérique")
        collective.participants.add(person)
        events = list(activity_events(person, make_user("mediator")))
        assert [event.kind for event in events] == ["activity", "activity"]
        assert any("Café numérique" in str(event.title) for event in events)

    def test_a_record_naming_the_person_both_as_beneficiary_and_as_participant_shows_once(
        self, make_activity, make_person, make_user
    ):
        person, other = make_person(), make_person(first_name="Karim")
        both = make_activity(beneficiary=person, kind="collectif", participant_count=2, title="Café numérique")
        both.participants.add(person, other)
        make_activity(beneficiary=other)
        assert list(Activity.objects.involving(person)) == [both]
        assert len(list(activity_events(person, make_user("mediator")))) == 1

    def test_only_the_persons_records_are_involved_newest_first(self, make_activity, make_person):
        person, other = make_person(), make_person(first_name="Karim")
        individual = make_activity(beneficiary=person, date=date(2026, 3, 1))
        collective = make_activity(kind="collectif", participant_count=3, date=date(2026, 3, 5))
        collective.participants.add(person, other)
        make_activity(beneficiary=other, date=date(2026, 3, 9))
        assert list(Activity.objects.involving(person)) == [collective, individual]

    def test_staff_of_another_site_see_nothing(self, make_activity, make_person, make_user, other_site):
        person = make_person()
        make_activity(beneficiary=person)
        assert list(activity_events(person, make_user("mediator", at=other_site))) == []


@pytest.mark.django_db
class TestActivityFilters:
    def test_the_list_filters_by_type_and_by_author(self, client_as, make_activity):
        make_activity(title="", kind="individuel")
        make_activity(title="Café numérique", kind="collectif", participant_count=5)
        client = client_as("mediator")
        collective = client.get(reverse("activities:list"), {"type": "collectif"}).context["page"]
        assert [activity.kind for activity in collective] == ["collectif"]
        assert list(client.get(reverse("activities:list"), {"mine": "1"}).context["page"]) == []

    def test_an_unknown_type_filter_is_ignored(self, client_as, make_activity):
        make_activity()
        response = client_as("mediator").get(reverse("activities:list"), {"type": "nimporte"})
        assert len(response.context["page"]) == 1

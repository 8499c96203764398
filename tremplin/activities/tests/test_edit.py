from datetime import date

import pytest
from django.urls import reverse

from tremplin.activities.models import Activity


@pytest.fixture
def author(make_user):
    return make_user("mediator")


@pytest.fixture
def activity(site, author):
    return Activity.objects.create(
        site=site,
        recorded_by=author,
        date=date(2026, 3, 2),
        kind="individuel",
        duration=20,
        thematiques=["email", "logement"],
        equipment=["telephone"],
    )


def edit_url(activity):
    return reverse("activities:edit", args=[activity.uuid])


@pytest.mark.django_db
class TestEditActivity:
    def test_the_form_shows_the_recorded_values(self, login, author, activity):
        form = login(author).get(edit_url(activity)).context["form"]
        assert form["duration_choice"].value() == "autre"
        assert form["other_duration"].value() == 20
        assert form["thematiques"].value() == ["email"]
        assert form["admin_thematiques"].value() == ["logement"]

    def test_the_author_corrects_a_record(self, login, author, activity, site):
        response = login(author).post(
            edit_url(activity),
            {
                "site": site.pk,
                "kind": "individuel",
                "date": "2026-03-02",
                "duration_choice": "60",
                "thematiques": ["bureautique"],
                "equipment": ["ordinateur"],
                "place": "lieu_activite",
                "participant_count": "1",
            },
        )
        assert response.status_code == 302
        activity.refresh_from_db()
        assert (activity.duration, activity.thematiques, activity.equipment) == (60, ["bureautique"], ["ordinateur"])

    def test_a_site_manager_may_correct_a_record_of_their_site(self, client_as, activity):
        assert client_as("site_manager").get(edit_url(activity)).status_code == 200

    def test_another_mediator_may_read_but_not_correct(self, client_as, activity):
        client = client_as("mediator")
        assert client.get(activity.get_absolute_url()).status_code == 200
        assert client.get(edit_url(activity)).status_code == 404

    def test_a_record_from_attendance_is_not_corrected_by_hand(self, login, author, activity):
        Activity.objects.filter(pk=activity.pk).update(source="workshops.session", source_id="3")
        assert login(author).get(edit_url(activity)).status_code == 404

    @pytest.mark.parametrize("role", ["referrer", "observer"])
    def test_referrers_and_observers_get_a_404(self, client_as, activity, role):
        assert client_as(role).get(edit_url(activity)).status_code == 404

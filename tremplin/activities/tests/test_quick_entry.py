from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tremplin.activities import choices
from tremplin.activities.models import Activity
from tremplin.core.models import AccessLog

URL = reverse("activities:quick_entry")


def post(client, data, **extra):
    data = {**data, "date": data["date"] or timezone.localdate().isoformat(), **extra}
    return client.post(URL, data)


@pytest.mark.django_db
class TestQuickEntry:
    def test_the_form_opens_with_sensible_defaults(self, client_as):
        response = client_as("mediator").get(URL)
        assert response.status_code == 200
        form = response.context["form"]
        assert form["kind"].value() == "individuel"
        assert form["duration_choice"].value() == "30"
        assert form["place"].value() == "lieu_activite"

    def test_a_mediator_records_an_anonymous_quick_help(self, client_as, quick_data, site):
        response = post(client_as("mediator"), quick_data)
        activity = Activity.objects.get()
        assert response.status_code == 302
        assert response.url == activity.get_absolute_url()
        assert activity.beneficiary is None
        assert (activity.kind, activity.duration, activity.participant_count) == ("individuel", 30, 1)
        assert activity.site == site

    def test_stored_values_are_the_national_enumeration_values(self, client_as, quick_data):
        post(client_as("volunteer"), quick_data, admin_thematiques=["logement"], equipment=["ordinateur", "tablette"])
        activity = Activity.objects.get()
        national = choices.enumerations()
        assert activity.kind in {value["db"] for value in national["TypeActivite"]["values"]}
        assert activity.autonomy in {value["db"] for value in national["Autonomie"]["values"]}
        assert activity.place in {value["db"] for value in national["TypeLieu"]["values"]}
        assert set(activity.equipment) <= {value["db"] for value in national["Materiel"]["values"]}
        assert activity.thematiques == [
            "email",
            "navigation_sur_internet",
            "aide_aux_demarches_administratives",
            "logement",
        ]

    def test_a_named_person_is_linked_and_the_access_log_notes_it(self, client_as, quick_data, make_person):
        person = make_person()
        post(client_as("mediator"), quick_data, beneficiary=str(person.pk))
        assert Activity.objects.get().beneficiary == person
        assert AccessLog.objects.for_object(person).filter(action="update").exists()

    def test_the_person_search_offers_matching_people(self, client_as, make_person):
        make_person()
        response = client_as("mediator").post(URL, {"action": "search", "q": "diallo"})
        assert b"Awa Diallo" in response.content
        assert not Activity.objects.exists()

    def test_the_person_search_is_not_read_from_the_url(self, client_as, make_person):
        make_person()
        response = client_as("mediator").get(URL, {"q": "diallo"})
        assert b"Awa Diallo" not in response.content

    def test_a_person_of_another_site_cannot_be_attached(self, client_as, quick_data, make_person, other_site):
        stranger = make_person(at=other_site)
        response = post(client_as("mediator"), quick_data, beneficiary=str(stranger.pk))
        assert response.status_code == 200
        assert "beneficiary" in response.context["form"].errors
        assert not Activity.objects.exists()

    def test_a_custom_duration_is_accepted(self, client_as, quick_data):
        post(client_as("mediator"), quick_data, duration_choice="autre", other_duration="20")
        assert Activity.objects.get().duration == 20

    def test_a_collective_workshop_counts_its_participants(self, client_as, quick_data):
        post(
            client_as("mediator"),
            quick_data,
            kind="collectif",
            autonomy="",
            participant_count="7",
            title="Café numérique",
            level="debutant",
        )
        activity = Activity.objects.get()
        assert (activity.kind, activity.participant_count, activity.level) == ("collectif", 7, "debutant")

    def test_a_collective_workshop_ignores_what_the_hidden_individual_section_still_holds(self, client_as, quick_data):
        # quick_data carries an autonomy (individual section), typed before switching the type to collective.
        post(client_as("mediator"), quick_data, kind="collectif", participant_count="5", title="Café numérique")

        activity = Activity.objects.get()
        assert (activity.kind, activity.autonomy, activity.participant_count) == ("collectif", "", 5)

    def test_an_individual_help_ignores_what_the_hidden_collective_section_still_holds(self, client_as, quick_data):
        post(client_as("mediator"), quick_data, title="Café numérique", level="debutant", participant_count="6")

        activity = Activity.objects.get()
        assert (activity.kind, activity.title, activity.level, activity.participant_count) == ("individuel", "", "", 1)

    def test_each_type_section_is_marked_so_only_the_chosen_one_shows(self, client_as):
        html = client_as("mediator").get(URL).content.decode()

        assert 'class="form-group kind-section kind-individuel"' in html
        assert 'class="form-group kind-section kind-collectif"' in html

    def test_save_and_again_returns_to_an_empty_form(self, client_as, quick_data):
        response = post(client_as("mediator"), quick_data, again="1")
        assert response.url == URL


@pytest.mark.django_db
class TestQuickEntryErrors:
    def errors(self, client, data, **extra):
        response = post(client, data, **extra)
        assert response.status_code == 200
        assert not Activity.objects.exists()
        return response.context["form"].errors

    def test_a_thematique_is_required(self, client_as, quick_data):
        errors = self.errors(client_as("mediator"), quick_data, thematiques=[])
        assert errors["thematiques"] == ["Choisissez au moins une thématique."]

    def test_an_unknown_value_is_refused(self, client_as, quick_data):
        errors = self.errors(client_as("mediator"), quick_data, kind="demarche", equipment=["drone"])
        assert "kind" in errors
        assert "equipment" in errors

    def test_no_equipment_cannot_be_ticked_with_a_device(self, client_as, quick_data):
        errors = self.errors(client_as("mediator"), quick_data, equipment=["aucun", "telephone"])
        assert errors["equipment"] == ["« Pas de matériel » ne peut pas être coché avec un matériel."]

    def test_other_duration_needs_minutes(self, client_as, quick_data):
        errors = self.errors(client_as("mediator"), quick_data, duration_choice="autre")
        assert errors["other_duration"] == ["Indiquez la durée en minutes."]

    def test_a_home_visit_needs_its_commune(self, client_as, quick_data):
        errors = self.errors(client_as("mediator"), quick_data, place="domicile")
        assert errors["place_commune"] == ["Indiquez la commune du lieu."]

    def test_a_date_in_the_future_is_refused(self, client_as, quick_data):
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        errors = self.errors(client_as("mediator"), quick_data, date=tomorrow)
        assert errors["date"] == ["La date ne peut pas être dans le futur."]

    def test_the_page_says_the_activity_was_not_saved(self, client_as, quick_data):
        response = post(client_as("mediator"), quick_data, thematiques=[])
        assert "L'activité n'est pas enregistrée" in response.content.decode()

    def test_a_site_outside_the_users_scope_is_refused(self, client_as, quick_data, other_site):
        errors = self.errors(client_as("mediator"), quick_data, site=other_site.pk)
        assert "site" in errors

    @pytest.mark.parametrize("role", ["referrer", "observer"])
    def test_referrers_and_observers_get_a_404(self, client_as, role, quick_data):
        client = client_as(role)
        assert client.get(URL).status_code == 404
        assert post(client, quick_data).status_code == 404
        assert not Activity.objects.exists()


@pytest.mark.django_db
def test_a_link_from_a_persons_record_preselects_them(client_as, make_person):
    person = make_person()
    response = client_as("mediator").get(URL, {"personne": str(person.pk)})
    assert response.context["form"]["beneficiary"].value() == person.pk


@pytest.mark.django_db
def test_a_malformed_person_id_is_ignored(client_as):
    response = client_as("mediator").get(URL, {"personne": "pas-un-uuid"})
    assert response.status_code == 200

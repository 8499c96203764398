from tremplin.core.testing.factories import UserFactory
from tremplin.inventory.models import Device

from .factories import BatchFactory, DeviceFactory, erase


def test_the_label_sheet_is_a_pdf(client_as, site):
    for _ in range(30):  # more than one page of 24 labels
        DeviceFactory(site=site)
    response = client_as("volunteer").get("/materiel/etiquettes.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_single_label_for_one_device(client_as, site, other_site):
    mine, theirs = DeviceFactory(site=site), DeviceFactory(site=other_site)
    client = client_as("mediator")
    assert client.get(f"/materiel/etiquettes.pdf?device={mine.pk}").content.startswith(b"%PDF")
    assert client.get(f"/materiel/etiquettes.pdf?device={theirs.pk}").status_code == 404


def test_the_batch_erasure_certificate_is_a_pdf(client_as, site):
    batch = BatchFactory(site=site)
    erased = DeviceFactory(site=site, batch=batch)
    erase(erased, operator=UserFactory(full_name="Opératrice Test"))
    DeviceFactory(site=site, batch=batch, status="recycled", recycler="Ecologic", recycled_on="2026-01-01")
    response = client_as("site_manager").get(f"/materiel/lots/{batch.pk}/certificat.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert Device.objects.filter(batch=batch).count() == 2


def test_another_sites_certificate_is_not_found(client_as, other_site):
    batch = BatchFactory(site=other_site)
    assert client_as("site_manager").get(f"/materiel/lots/{batch.pk}/certificat.pdf").status_code == 404

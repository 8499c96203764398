import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from tremplin.core.models import AccessLog
from tremplin.core.tests.production import run_python
from tremplin.inventory.models import RechargeCode
from tremplin.inventory.services import crypto
from tremplin.inventory.services.connectivity import (
    import_recharge_codes,
    parse_codes,
    reveal_code_for_sale,
    stock_levels,
)

from .factories import recharge_product

CODES = ["1234567890123456", "9876543210987654", "1111222233334444"]


def test_codes_are_stored_encrypted_with_only_the_last_four_in_clear(db, site, make_user):
    import_recharge_codes(make_user("site_manager"), recharge_product(), site, CODES)
    code = RechargeCode.objects.get(last4="3456")
    assert "1234567890123456" not in code.encrypted_code
    assert code.masked == "•••• 3456"
    assert crypto.decrypt(code.encrypted_code) == "1234567890123456"


def test_a_code_is_revealed_once_for_the_sale_and_logged(db, site, make_user):
    seller = make_user("mediator")
    import_recharge_codes(seller, recharge_product(), site, CODES[:1])
    code = RechargeCode.objects.get()
    assert reveal_code_for_sale(seller, code) == CODES[0]
    code.refresh_from_db()
    assert (code.status, code.sold_by) == ("sold", seller)
    assert AccessLog.objects.for_object(code).filter(action="export").count() == 1
    with pytest.raises(ValidationError, match="déjà été vendu"):
        reveal_code_for_sale(seller, code)


def test_duplicates_are_refused_in_the_file_and_against_the_stock(db, site, make_user):
    import_recharge_codes(make_user("site_manager"), recharge_product(), site, CODES[:1])
    codes, errors = parse_codes("code\n1234-5678-9012-3456\nABCD\n5555666677778888\n5555 6666 7777 8888\n")
    assert codes == ["5555666677778888"]
    messages = {line: message for line, _masked, message in errors}
    assert "déjà été importé" in messages[2]
    assert "8 à 32" in messages[3]
    assert "double" in messages[5]
    assert all("1234567890" not in masked for _line, masked, _message in errors)


def test_the_database_refuses_a_duplicate_code(db, site, make_user):
    product, actor = recharge_product(), make_user("site_manager")
    import_recharge_codes(actor, product, site, CODES[:1])
    with pytest.raises(IntegrityError):
        import_recharge_codes(actor, product, site, CODES[:1])


def test_stock_levels_flag_low_stock(db, site, make_user):
    product = recharge_product(low_stock_threshold=2)
    import_recharge_codes(make_user("site_manager"), product, site, CODES)
    [row] = stock_levels([site])
    assert (row["available"], row["low"]) == (3, False)
    reveal_code_for_sale(make_user("mediator"), RechargeCode.objects.first())
    [row] = stock_levels([site])
    assert (row["available"], row["low"]) == (2, True)


def test_production_refuses_to_run_without_a_field_key():
    result = run_python("-c", "import tremplin.settings", without=["TREMPLIN_FIELD_KEY"])
    assert result.returncode != 0
    assert "TREMPLIN_FIELD_KEY must be set in production" in result.stderr


def test_the_import_view_is_all_or_nothing_and_never_shows_codes(client_as, site):
    product = recharge_product()
    client = client_as("site_manager")
    bad = SimpleUploadedFile("codes.csv", b"1234567890123456\n1234567890123456\n")
    response = client.post(
        "/materiel/connectivite/codes/import/", {"product": product.pk, "site": site.pk, "file": bad}
    )
    assert response.status_code == 200 and RechargeCode.objects.count() == 0
    assert "1234567890123456" not in response.content.decode()
    good = SimpleUploadedFile("codes.csv", "\n".join(CODES).encode())
    response = client.post(
        "/materiel/connectivite/codes/import/", {"product": product.pk, "site": site.pk, "file": good}
    )
    assert response.status_code == 302 and RechargeCode.objects.count() == 3
    stock = client.get("/materiel/connectivite/stock/").content.decode()
    assert "3456" in stock and "1234567890123456" not in stock


@pytest.mark.parametrize("role", ["volunteer", "referrer", "observer"])
def test_code_pages_are_hidden_from_volunteers_referrers_and_observers(client_as, role):
    client = client_as(role)
    for url in ("/materiel/connectivite/", "/materiel/connectivite/stock/", "/materiel/connectivite/codes/import/"):
        assert client.get(url).status_code == 404


def test_the_till_claims_the_oldest_available_code_until_none_is_left(db, site, make_user):
    from tremplin.inventory.services.connectivity import claim_code_for_sale

    product, seller = recharge_product(), make_user("mediator")
    import_recharge_codes(seller, product, site, CODES[:2])
    sold = {claim_code_for_sale(seller, site, product)[1] for _ in range(2)}
    assert sold == set(CODES[:2])
    with pytest.raises(ValidationError, match="Plus aucun code"):
        claim_code_for_sale(seller, site, product)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_tills_revealing_the_same_code_at_once_sell_it_once(site, make_user):
    import threading

    from django.db import connection

    seller = make_user("mediator")
    import_recharge_codes(seller, recharge_product(), site, CODES[:1])
    code_id = RechargeCode.objects.get().pk
    barrier, outcomes = threading.Barrier(2), []

    def sell():
        try:
            code = RechargeCode.objects.get(pk=code_id)
            barrier.wait()
            outcomes.append(reveal_code_for_sale(seller, code))
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=sell) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == sorted([CODES[0], "refused"])
    assert AccessLog.objects.filter(object_type="inventory.rechargecode").count() == 1


def test_sim_cards_are_counted_and_never_go_below_zero(db, site, make_user):
    from tremplin.inventory.services.connectivity import adjust_stock

    sim, actor = recharge_product(kind="sim", name="Carte SIM", low_stock_threshold=3), make_user("site_manager")
    adjust_stock(actor, site, sim, 5, "Livraison opérateur")
    stock = adjust_stock(actor, site, sim, -1, "Vente")
    assert stock.quantity == 4 and stock.movements.count() == 2
    with pytest.raises(ValidationError, match="insuffisant"):
        adjust_stock(actor, site, sim, -5, "Erreur")
    [row] = stock_levels([site])
    assert (row["available"], row["low"]) == (4, False)
    with pytest.raises(ValidationError):
        adjust_stock(actor, site, recharge_product(name="Recharge 5 €"), 3, "Les codes se comptent autrement")


def test_the_stock_page_records_a_delivery_of_boxes(client_as, site):
    box = recharge_product(kind="box", name="Box 4G")
    client = client_as("mediator")
    response = client.post(
        "/materiel/connectivite/stock/", {"site": site.pk, "product": box.pk, "delta": "3", "reason": "Livraison"}
    )
    assert response.status_code == 302
    assert box.stocks.get(site=site).quantity == 3
    response = client.post(
        "/materiel/connectivite/stock/", {"site": site.pk, "product": box.pk, "delta": "-9", "reason": "Perte"}
    )
    assert response.status_code == 200 and "Stock insuffisant" in response.content.decode()

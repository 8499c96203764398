"""Equipment and connectivity (till) and the inventory blocks."""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from .base import COUNT, EUROS, PERCENT, Block, Row, Table
from .common import _local_bounds, _people_of_partners


def scoped_sale_lines(scope, period, filters):
    """Lines of real tickets (training mode excluded; returns included, negative) finalised in the period."""
    from tremplin.till.models import SaleLine

    start, end = _local_bounds(period)
    qs = SaleLine.objects.filter(sale__training=False, sale__finalised_at__gte=start, sale__finalised_at__lt=end)
    if scope.site_ids is not None:
        qs = qs.filter(sale__register__site_id__in=scope.site_ids)
    if filters.site_id:
        qs = qs.filter(sale__register__site_id=filters.site_id)
    partners = scope.partner_ids
    if filters.partner_id:
        partners = {filters.partner_id} if partners is None else partners & {filters.partner_id}
    if partners is not None:
        qs = qs.filter(sale__beneficiary_id__in=_people_of_partners(partners))
    return qs.order_by()


def equipment_figures(scope, period, filters):
    """Equipment and connectivity from the till (training-mode tickets excluded; returns subtract):

    devices sold by category and grade (net quantity: a returned device comes off); total paid = Σ quantity ×
    price paid; total saved = Σ quantity × (reference/market price − price paid); recharges, SIM cards and
    boxes sold by kind (net quantity); partner-paid share = payments by a partner ("prise en charge") /
    all payments of those tickets. Source: till (Sale, SaleLine, Payment), inventory (device grade).
    """
    from django.db.models import F

    from tremplin.inventory.models import Category, Grade, ProductKind
    from tremplin.till.models import Payment

    lines = scoped_sale_lines(scope, period, filters)
    money = lines.aggregate(
        paid=Sum(F("quantity") * F("unit_price_cents")),
        market=Sum(F("quantity") * F("market_price_cents")),
        devices=Sum("quantity", filter=Q(device__isnull=False)),
    )
    paid = (money["paid"] or 0) / 100
    saved = ((money["market"] or 0) - (money["paid"] or 0)) / 100
    by_device = {
        (category, grade or ""): quantity
        for category, grade, quantity in lines.filter(device__isnull=False)
        .values_list("device__category", "device__grade")
        .annotate(q=Sum("quantity"))
    }
    by_product = dict(lines.filter(product__isnull=False).values_list("product__kind").annotate(q=Sum("quantity")))
    payments = Payment.objects.filter(sale_id__in=lines.values("sale_id")).aggregate(
        total=Sum("amount_cents"), partner=Sum("amount_cents", filter=Q(method="partner"))
    )
    partner_share = round(100 * (payments["partner"] or 0) / payments["total"]) if payments["total"] else None
    grades = [value for value, _label in Grade.choices]
    device_rows = []
    for category, label in Category.choices:
        values = tuple(by_device.get((category, grade), 0) for grade in grades)
        total = sum(by_device.get((category, grade), 0) for grade in [*grades, ""])
        if total:
            device_rows.append(Row(category, str(label), (*values, total)))
    return Block(
        "equipment",
        _("Équipement et connexion"),
        _("Ventes en caisse de la période (hors mode formation ; les retours viennent en déduction)."),
        _("Caisse (tickets, lignes, paiements) et inventaire (grade des appareils)."),
        figures=[
            Row("devices", _("Appareils remis"), (money["devices"] or 0,)),
            Row("paid", _("Total payé"), (paid,)),
            Row("saved", _("Économie par rapport au prix de référence"), (saved,)),
            Row("partner_share", _("Part payée par des partenaires"), (partner_share,), base=(None,)),
        ],
        figure_units={"paid": EUROS, "saved": EUROS, "partner_share": PERCENT},
        tables=[
            Table(
                "devices_sold",
                _("Appareils remis par catégorie et grade"),
                (*(str(label) for _value, label in Grade.choices), _("Total")),
                tuple(COUNT for _grade in range(len(grades) + 1)),
                device_rows,
                chart="doughnut",
            ),
            Table(
                "connectivity_sold",
                _("Recharges, cartes SIM et box"),
                (_("Quantité"),),
                (COUNT,),
                [
                    Row(value, str(label), (by_product.get(value, 0),))
                    for value, label in ProductKind.choices
                    if value != ProductKind.ACCESSORY or by_product.get(value)
                ],
            ),
        ],
    )


def inventory_figures(scope, period, filters):
    """Devices through the workshop (inventory), during the period, at the scope's sites:

    received = devices whose reception date falls in the period, by category and by donor (donors who are
    private individuals are grouped as "Particuliers": a person's name is never shown); refurbished =
    distinct devices that reached the status "Reconditionné" in the period; recycled = devices recycled
    (DEEE) in the period. Not available for a partner-only scope (devices are not linked to partners).
    Source: inventory (Device, DeviceEvent, DonationBatch, Donor).
    """
    from tremplin.inventory.models import Category, Device, DeviceEvent, DonorKind
    from tremplin.inventory.models import Status as DeviceStatus

    start, end = _local_bounds(period)
    devices = Device.objects.order_by()
    events = DeviceEvent.objects.order_by()
    if scope.site_ids is not None:
        devices = devices.filter(site_id__in=scope.site_ids)
    if filters.site_id:
        devices = devices.filter(site_id=filters.site_id)
    if scope.partner_ids is not None or filters.partner_id:
        devices = devices.none()
    events = events.filter(device__in=devices)
    received = devices.filter(received_at__gte=start, received_at__lt=end)
    per_category = dict(received.values_list("category").annotate(n=Count("pk")))
    refurbished = (
        events.filter(to_status=DeviceStatus.REFURBISHED, at__gte=start, at__lt=end)
        .values("device_id")
        .distinct()
        .count()
    )
    recycled = devices.filter(recycled_on__gte=period.start, recycled_on__lte=period.end).count()
    donors = {}
    for name, kind, count in received.values_list("batch__donor__name", "batch__donor__kind").annotate(n=Count("pk")):
        if name is None:
            key, label = "__none", _("Sans donateur enregistré")
        elif kind == DonorKind.INDIVIDUAL:
            key, label = "__individuals", _("Particuliers")
        else:
            key, label = name, name
        previous = donors.get(key, (label, 0))
        donors[key] = (label, previous[1] + count)
    return Block(
        "inventory",
        _("Matériel reçu et reconditionné"),
        _("Appareils reçus, reconditionnés et recyclés pendant la période."),
        _("Inventaire (appareils, historique des statuts, dons)."),
        figures=[
            Row("received", _("Appareils reçus"), (sum(per_category.values()),)),
            Row("refurbished", _("Appareils reconditionnés"), (refurbished,)),
            Row("recycled", _("Appareils recyclés"), (recycled,)),
        ],
        tables=[
            Table(
                "received_by_category",
                _("Appareils reçus par catégorie"),
                (_("Appareils"),),
                (COUNT,),
                [Row(value, str(label), (per_category.get(value, 0),)) for value, label in Category.choices],
                share_column=0,
            ),
            Table(
                "received_by_donor",
                _("Appareils reçus par donateur"),
                (_("Appareils"),),
                (COUNT,),
                [Row(key, label, (count,)) for key, (label, count) in sorted(donors.items(), key=lambda i: -i[1][1])],
                share_column=0,
            ),
        ],
    )

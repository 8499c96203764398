"""Instants typed with any ISO 8601 offset reach the database in UTC (PostgreSQL refuses offsets beyond ±15:59).

Found by the API's schemathesis run on PostgreSQL: `starts_after=0838-08-02T16:35:31+23:03` was a 500.
The right values below are computed by hand: 10:00 at +23:03 is 10:00 − 23:03 = 10:57 the previous day in UTC.
"""

import datetime

import pytest
from django import forms
from django.utils import timezone

from tremplin.core.dates import as_utc
from tremplin.core.formfields import DateField as BoundedDateField
from tremplin.core.formfields import DateTimeField
from tremplin.core.tests.test_date_inputs import all_form_classes

UTC = datetime.UTC
PLUS_23_03 = datetime.timezone(datetime.timedelta(hours=23, minutes=3))


def test_an_offset_postgresql_refuses_is_converted_to_utc():
    assert as_utc(datetime.datetime(2026, 1, 1, 10, 0, tzinfo=PLUS_23_03)) == datetime.datetime(
        2025, 12, 31, 10, 57, tzinfo=UTC
    )
    assert as_utc(datetime.datetime(2026, 1, 1, 10, 0, tzinfo=PLUS_23_03)).utcoffset() == datetime.timedelta(0)


def test_a_naive_instant_is_read_in_the_current_time_zone(settings):
    with timezone.override("Europe/Paris"):  # winter: UTC+1
        assert as_utc(datetime.datetime(2026, 1, 15, 9, 30)) == datetime.datetime(2026, 1, 15, 8, 30, tzinfo=UTC)
    with timezone.override("America/Cayenne"):  # Guyane: UTC−3
        assert as_utc(datetime.datetime(2026, 1, 15, 9, 30)) == datetime.datetime(2026, 1, 15, 12, 30, tzinfo=UTC)


def test_an_instant_before_year_one_in_utc_is_a_value_error():
    with pytest.raises(ValueError):
        as_utc(datetime.datetime(1, 1, 1, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=5))))


def test_the_form_field_cleans_to_utc_and_refuses_out_of_range_instants():
    field = DateTimeField()
    assert field.clean("2026-01-01T10:00:00+23:03") == datetime.datetime(2025, 12, 31, 10, 57, tzinfo=UTC)
    with pytest.raises(forms.ValidationError) as error:
        field.clean("0001-01-01T00:00:00+05:00")
    assert error.value.code == "invalid"


def test_every_date_time_field_of_every_form_is_the_utc_one():
    """The whole kind: a plain forms.DateTimeField passes a +23:03 offset through to PostgreSQL."""
    plain = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in all_form_classes()
        for name, field in getattr(cls, "base_fields", {}).items()
        if isinstance(field, forms.DateTimeField) and not isinstance(field, DateTimeField)
    ]
    assert plain == []


def test_days_outside_1900_2199_are_refused_with_a_message():
    field = BoundedDateField()
    assert field.clean("31/12/2199") == datetime.date(2199, 12, 31)
    assert field.clean("1900-01-01") == datetime.date(1900, 1, 1)
    for day in ("0001-01-01", "9999-12-31", "31/12/1899"):
        with pytest.raises(forms.ValidationError) as error:
            field.clean(day)
        assert error.value.messages == ["Indiquez une date entre le 01/01/1900 et le 31/12/2199."]


def test_every_date_field_of_every_form_is_the_bounded_one():
    """The whole kind: 0001-01-01 saved as a programme's start made its page a 500 (no day before it)."""
    plain = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in all_form_classes()
        for name, field in getattr(cls, "base_fields", {}).items()
        if isinstance(field, forms.DateField) and not isinstance(field, (forms.DateTimeField, BoundedDateField))
    ]
    assert plain == []

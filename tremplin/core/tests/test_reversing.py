"""RowUrls writes each row's address as reverse() does, reversing once."""

import uuid
from unittest import mock

from django.urls import reverse

from tremplin.core import reversing
from tremplin.core.reversing import RowUrls


def test_uuid_rows_get_the_address_reverse_gives():
    url = RowUrls("activities:detail", uuid.UUID("5eed5eed-5eed-4eed-8eed-5eed5eed5eed"))
    for value in (uuid.uuid4(), uuid.UUID("00000000-0000-4000-8000-000000000000"), uuid.uuid4()):
        assert url(value) == reverse("activities:detail", args=[value])


def test_int_rows_get_the_address_reverse_gives():
    url = RowUrls("workshops:session_detail", 987654321)
    for value in (1, 42, 987654321, 10**12):
        assert url(value) == reverse("workshops:session_detail", args=[value])


def test_reverses_once_for_many_rows_and_not_at_all_for_none():
    with mock.patch.object(reversing, "reverse", wraps=reverse) as spy:
        url = RowUrls("workshops:session_detail", 987654321)
        assert spy.call_count == 0
        addresses = [url(pk) for pk in range(1, 31)]
    assert spy.call_count == 1
    assert addresses[6] == reverse("workshops:session_detail", args=[7])


def test_a_sample_found_twice_falls_back_to_reverse():
    # The sample "s" is also in the fixed part of the address: each row is reversed.
    with mock.patch.object(reversing, "reverse", side_effect=lambda name, args: f"/s/{args[0]}/s/"):
        url = RowUrls("any", "s")
        assert url("x") == "/s/x/s/"
        assert url("y") == "/s/y/s/"

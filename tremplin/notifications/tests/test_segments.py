import pytest

from tremplin.notifications.sms.segments import count_segments, non_gsm7_characters


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ("gsm7", 0)),
        ("a" * 160, ("gsm7", 1)),
        ("a" * 161, ("gsm7", 2)),
        ("a" * 306, ("gsm7", 2)),
        ("a" * 307, ("gsm7", 3)),
        ("é è à ù ì ò É Ç", ("gsm7", 1)),
        ("€" * 80, ("gsm7", 1)),
        ("€" * 81, ("gsm7", 2)),
        ("ç", ("ucs2", 1)),
        ("ê" * 70, ("ucs2", 1)),
        ("ê" * 71, ("ucs2", 2)),
        ("ê" * 134, ("ucs2", 2)),
        ("ê" * 135, ("ucs2", 3)),
    ],
)
def test_segments_follow_the_gsm7_and_ucs2_limits(text, expected):
    assert count_segments(text) == expected


def test_an_extension_character_is_never_split_across_two_parts():
    # 152 septets then "€" (2 septets) does not fit in the first 153-septet part.
    assert count_segments("a" * 152 + "€" + "a" * 10) == ("gsm7", 2)
    assert count_segments("a" * 152 + "€" + "a" * 152) == ("gsm7", 3)


def test_an_emoji_counts_as_two_ucs2_units():
    assert count_segments("🙂" * 35) == ("ucs2", 1)
    assert count_segments("🙂" * 36) == ("ucs2", 2)


def test_the_characters_that_force_ucs2_are_listed():
    assert non_gsm7_characters("Ça commence à 14 h, c'est gêné ?") == ["ê"]
    assert non_gsm7_characters("Rappel : atelier jeudi à 14 h") == []

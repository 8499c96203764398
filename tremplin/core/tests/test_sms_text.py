"""SMS text in the GSM 03.38 alphabet (3GPP TS 23.038): nothing a phone can show is lost."""

import pytest

from tremplin.core.sms_text import gsm7_length, is_gsm7, to_gsm7


def test_the_euro_sign_of_the_issue_is_kept():
    assert to_gsm7("Box internet à 5 €") == "Box internet à 5 €"


@pytest.mark.parametrize("char", list("€[]{}~|^\\"))
def test_every_character_of_the_extension_table_is_kept(char):
    assert to_gsm7(f"a {char} b") == f"a {char} b"


def test_every_character_of_the_basic_set_is_kept():
    basic = "@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    basic += "abcdefghijklmnopqrstuvwxyzäöñüà"
    assert to_gsm7(basic) == basic


@pytest.mark.parametrize(
    ("text", "sent"),
    [
        ("Lœtitia", "Loetitia"),
        ("ŒUVRE", "OEUVRE"),
        ("Français", "Francais"),
        ("Prêt à l'île", "Pret à l'ile"),
        ("« Découverte » d’Internet", '"Découverte" d\'Internet'),
        ("jeudi\u202f: 14\u00a0h", "jeudi : 14 h"),
        ("Atelier – niveau 1…", "Atelier - niveau 1..."),
        ("Søren Łukasz", "Søren Lukasz"),  # ø is GSM-7, ł is not
    ],
)
def test_other_letters_are_transliterated_sensibly(text, sent):
    assert to_gsm7(text) == sent


def test_emoji_are_dropped_without_leaving_double_spaces():
    assert to_gsm7("Bravo 🎉 à tous 👍🏽") == "Bravo à tous"
    assert to_gsm7("Rappel ❤️ demain") == "Rappel demain"


def test_the_result_is_always_gsm7():
    assert is_gsm7(to_gsm7("Ünïcödé ☃ 中文 Ελληνικά ÿ ı đ þ"))


def test_extension_characters_take_two_septets():
    assert gsm7_length("5 €") == 4
    assert gsm7_length("[a]") == 5

"""Passwords: Argon2, at least 12 characters, no common password, no composition rule (NIST SP 800-63B)."""

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tremplin.accounts.models import User


def test_a_new_account_stores_its_password_with_argon2(db):
    user = User.objects.create_user("argon@test.tremplin.example", "une phrase de passe assez longue")
    assert user.password.startswith("argon2$")
    assert user.check_password("une phrase de passe assez longue")


def test_eleven_characters_are_refused_with_a_french_message():
    with pytest.raises(ValidationError) as error:
        validate_password("abcdefghijk")
    assert any("12 caractères" in message for message in error.value.messages)


def test_twelve_characters_are_enough():
    validate_password("zq7wx-mbr4tk")


def test_a_common_password_is_refused_even_when_long_enough():
    with pytest.raises(ValidationError) as error:
        validate_password("password1234")
    assert any("trop courant" in message for message in error.value.messages)


def test_a_long_lowercase_passphrase_without_digit_or_symbol_is_accepted():
    validate_password("lettres seulement minuscules")


def test_only_length_similarity_and_common_password_rules_are_configured():
    names = {validator["NAME"].rsplit(".", 1)[-1] for validator in settings.AUTH_PASSWORD_VALIDATORS}
    assert names == {"UserAttributeSimilarityValidator", "MinimumLengthValidator", "CommonPasswordValidator"}

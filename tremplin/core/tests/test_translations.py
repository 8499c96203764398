"""The interface is written in French; the English catalogue translates every string of it.

The catalogue checks parse `locale/en/LC_MESSAGES/django.po` with a small reader of our own (no new
dependency) and compare it with the compiled `django.mo` through the standard library's `gettext`.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

CATALOGUE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_FILE = CATALOGUE_DIR / "django.po"
MO_FILE = CATALOGUE_DIR / "django.mo"

# %(name)s / %(count)d, positional %s, str.format {name}, and HTML tags must survive translation.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|<[^>]+>")


def read_po(path):
    """Return the catalogue's entries as dicts: msgid, msgid_plural, msgstr (list), flags, obsolete."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry = {"msgid": None, "msgid_plural": None, "msgstr": {}, "flags": set(), "obsolete": False}
        field = None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry["obsolete"] = True
            elif line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#") or not line.strip():
                continue
            elif line.startswith('"'):
                value = ast.literal_eval(line)
                if isinstance(field, int):
                    entry["msgstr"][field] += value
                else:
                    entry[field] += value
            else:
                keyword, _, quoted = line.partition(" ")
                value = ast.literal_eval(quoted)
                if keyword.startswith("msgstr["):
                    field = int(keyword[len("msgstr[") : -1])
                    entry["msgstr"][field] = value
                elif keyword == "msgstr":
                    field = 0
                    entry["msgstr"][0] = value
                else:
                    field = keyword
                    entry[field] = value
        if entry["msgid"] is not None:
            entry["msgstr"] = [entry["msgstr"][n] for n in sorted(entry["msgstr"])]
            entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def messages():
    """Every live entry of the English catalogue, header excluded."""
    return [entry for entry in read_po(PO_FILE) if entry["msgid"] and not entry["obsolete"]]


def describe(entries):
    return "\n".join(repr(entry["msgid"]) for entry in entries[:20])


def test_the_english_catalogue_holds_the_interface_strings(messages):
    # Safety net for the reader itself: an empty parse would make the checks below pass vacuously.
    assert len(messages) > 1000


def test_every_string_of_the_english_catalogue_is_translated(messages):
    untranslated = [entry for entry in messages if not all(s.strip() for s in entry["msgstr"])]

    assert not untranslated, "Untranslated entries (run `make messages` and translate):\n" + describe(untranslated)


def test_no_entry_of_the_english_catalogue_is_fuzzy(messages):
    header = read_po(PO_FILE)[0]
    fuzzy = [entry for entry in messages if "fuzzy" in entry["flags"]]

    assert header["msgid"] == "" and "fuzzy" not in header["flags"]
    assert not fuzzy, "Fuzzy entries (check the translation, then remove the flag):\n" + describe(fuzzy)


def test_plural_entries_have_a_singular_and_a_plural_translation(messages):
    plurals = [entry for entry in messages if entry["msgid_plural"] is not None]

    assert plurals
    assert all(len(entry["msgstr"]) == 2 for entry in plurals), describe(
        [entry for entry in plurals if len(entry["msgstr"]) != 2]
    )


def test_every_translation_keeps_the_placeholders_of_the_french_string(messages):
    broken = []
    for entry in messages:
        sources = [entry["msgid"]] if entry["msgid_plural"] is None else [entry["msgid"], entry["msgid_plural"]]
        for source, english in zip(sources, entry["msgstr"], strict=False):
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(english)):
                broken.append(f"{source!r} -> {english!r}")
            # Leading or trailing spaces and line breaks are part of how strings are glued together.
            if source[:1].isspace() != english[:1].isspace() or source.endswith("\n") != english.endswith("\n"):
                broken.append(f"{source!r} -> {english!r} (spacing)")

    assert not broken, "\n".join(broken)


def test_the_compiled_catalogue_matches_the_translations(messages):
    """The .mo is committed so a machine without gettext still has English: it must not lag behind."""
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in messages:
        if entry["msgid_plural"] is None:
            if compiled.gettext(entry["msgid"]) != entry["msgstr"][0]:
                stale.append(entry)
        elif compiled.ngettext(entry["msgid"], entry["msgid_plural"], 2) != entry["msgstr"][1]:
            stale.append(entry)

    assert not stale, "Run `manage.py compilemessages`; stale entries:\n" + describe(stale)


def switch_to_english(client, next_url):
    return client.post(reverse("set_language"), {"language": "en", "next": next_url})


def test_the_login_page_is_in_french_by_default(client):
    page = client.get(reverse("account_login")).content.decode()

    assert '<html lang="fr"' in page
    assert "Mot de passe oublié ?" in page


def test_the_language_form_switches_the_login_page_to_english(client):
    login_url = reverse("account_login")

    response = switch_to_english(client, login_url)
    page = client.get(login_url).content.decode()

    assert response.status_code == 302
    assert response["Location"] == login_url
    assert '<html lang="en"' in page
    assert "Forgot your password?" in page
    assert "Accounts are created on invitation from the national team or a site manager." in page
    assert "Mot de passe oublié" not in page


def test_a_mediator_who_chose_english_sees_the_home_page_in_english(client_as):
    client = client_as("mediator", full_name="Camille Martin")

    switch_to_english(client, reverse("core:home"))
    page = client.get(reverse("core:home")).content.decode()

    assert '<html lang="en"' in page
    assert "Hello Camille" in page
    assert "Log out" in page
    assert "Se déconnecter" not in page


def test_the_language_form_switches_back_to_french(client_as):
    client = client_as("mediator")
    switch_to_english(client, reverse("core:home"))

    client.post(reverse("set_language"), {"language": "fr", "next": reverse("core:home")})
    page = client.get(reverse("core:home")).content.decode()

    assert '<html lang="fr"' in page
    assert "Se déconnecter" in page

"""How a person's names are folded for search and compared for duplicates.

Names vary in the ways people write them, not only by typos: "Le Goff" / "Legoff" / "Le-Goff",
"N'Diaye" / "Ndiaye", "de La Fontaine" / "Fontaine", "Jean-Pierre" / "Jean Pierre", and a person may be
known by a usage (married) name and a birth name. Every name part is therefore looked at word by word
*and* with its spaces, hyphens and apostrophes removed, and — for the surname — without its particles.
"""

from tremplin.core.text import normalise

from . import fuzzy

# Words that start a surname and are often dropped or glued to it ("d'" and "l'" fold to "d" and "l").
PARTICLES = frozenset(
    {
        *("de", "d", "du", "des", "la", "le", "les", "l"),  # French
        *("van", "von", "der", "den", "ter", "ten"),  # Dutch, German
        *("ben", "bin", "bent", "ibn", "ould", "ait", "al", "el"),  # Arabic, Berber
        *("da", "di", "do", "dos", "das", "del", "della"),  # Italian, Spanish, Portuguese
    }
)
# search_name column width; a longer key is cut to it.
SEARCH_KEY_LENGTH = 600
# Width of the sort key columns (the names themselves are at most 100 characters; "ß" folds to "ss").
SORT_KEY_LENGTH = 100


def _unique(words):
    return list(dict.fromkeys(words))


def search_key(first_name, last_name, birth_name=""):
    """Every word of each name, then each multi-word part written as one word.

    "Jean", "Le Goff", "Kerbrat" -> "jean le goff kerbrat legoff": `legoff`, `le goff` and `kerbrat`
    all find the person (search matches words and what they contain).
    """
    parts = [normalise(part) for part in (first_name, last_name, birth_name)]
    words = [word for part in parts for word in part.split()]
    compacts = [part.replace(" ", "") for part in parts if " " in part]
    key = " ".join(_unique(words + compacts))
    # Cut to the column: a word cut short still finds the person by its beginning.
    return key[:SEARCH_KEY_LENGTH].rstrip()


def sort_key(name):
    """A name as the people list sorts it: "de La Fontaine" -> "de la fontaine", "Émile" -> "emile".

    Case, accents, hyphens and apostrophes do not count (French readers file "DE LA FONTAINE", "de La
    Fontaine" and "Dé-la-Fontaine" together, under D: particles stay as typed). Stored in a column with its
    own index so that the list and its keyset pages read the index in this order (docs/performance.md)."""
    return normalise(name)[:SORT_KEY_LENGTH].rstrip()


def _without_particles(surname_words):
    rest = list(surname_words)
    while len(rest) > 1 and rest[0] in PARTICLES:
        rest.pop(0)
    return rest


def name_forms(first_name, surname):
    """The ways of writing (first name, surname) compared for duplicates, as lists of words."""
    first, last = normalise(first_name).split(), normalise(surname).split()
    forms = [first + last, ["".join(first), "".join(last)], first + _without_particles(last)]
    unique = []
    for form in forms:
        form = [word for word in form if word]
        if form and form not in unique:
            unique.append(form)
    return unique


def surnames(last_name, birth_name=""):
    return [name for name in (last_name, birth_name) if normalise(name)]


def same_person(a, b):
    """Duplicate rule on names: a = (first name, usage name, birth name), b likewise.

    Same first name and one surname of each in common, whatever the spacing, hyphens, apostrophes,
    particles, accents, alphabet, word order and small typos.
    """
    first_a, *names_a = a
    first_b, *names_b = b
    for surname_a in surnames(*names_a) or [""]:
        for surname_b in surnames(*names_b) or [""]:
            for form_a in name_forms(first_a, surname_a):
                for form_b in name_forms(first_b, surname_b):
                    if fuzzy.same_person_name(" ".join(form_a), " ".join(form_b)):
                        return True
    return False


def tell_apart(people):
    """Set `distinction` on each person of a picker list who looks like another one there — same first name
    once folded (« Hélène » / « Helene ») and same birth year — to what tells them apart, and no more: the
    commune when it differs within the look-alikes, else the last two digits of the phone, else whichever is
    known. Others get "" (their name and year already tell them apart). Returns `people`."""
    from django.utils.translation import gettext as _

    def commune(person):
        return person.commune.strip()

    def phone_end(person):
        digits = "".join(char for char in str(person.phone or "") if char.isdigit())
        return _("tél. …%(digits)s") % {"digits": digits[-2:]} if len(digits) >= 2 else ""

    groups = {}
    for person in people:
        person.distinction = ""
        groups.setdefault((normalise(person.first_name), person.birth_year), []).append(person)
    for group in groups.values():
        if len(group) < 2:
            continue
        for detail in (commune, phone_end):
            values = [detail(person) for person in group]
            if all(values) and len(set(values)) == len(values):
                for person, value in zip(group, values, strict=True):
                    person.distinction = value
                break
        else:
            for person in group:
                person.distinction = ", ".join(value for value in (commune(person), phone_end(person)) if value)
    return people

"""Voucher codes: 8 characters that are easy to read aloud and to type, shown as "XXXX-XXXX".

The alphabet leaves out characters people confuse when reading or hearing them (0/O, 1/I/L, 2/Z,
5/S, 8/B); typing is case-, space- and dash-insensitive.
"""

import secrets

from tremplin.core.formfields import compact_identifier

ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
LENGTH = 8


DIGITS = frozenset("34679")


def new_code():
    """A random code with at least one digit, so that search boxes recognise it as a code."""
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        if DIGITS & set(code):
            return code


def normalise(typed):
    """The stored form of a code as a person may type it ("abcd efgh", "ABCD-EFGH", "ABCD_EFGH")."""
    return compact_identifier((typed or "").replace("_", ""), upper=True)


def is_well_formed(code):
    code = normalise(code)
    return len(code) == LENGTH and all(char in ALPHABET for char in code)


def display(code):
    return f"{code[:4]}-{code[4:]}" if code else ""

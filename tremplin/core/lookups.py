"""`field__in_constants=(…)`: an IN list written into the SQL as literals, not as bound parameters.

SQLite uses a partial index only when the query's WHERE clause states the index's condition, and it compares
expressions, not values: `status IN ('submitted', 'contacted', 'transferred')` in the index is matched by the
same literals, in the same order, in the query — never by `status IN (?, ?, ?)`, the shape Django's `__in`
writes. The referral inbox's partial index was therefore never used on SQLite: every open referral of the site
was read and sorted for each page (15–28 ms at 120,000 referrals, against 0.02 ms; issue #14,
docs/performance.md). PostgreSQL reads both shapes the same way.

For code constants only (a model's status values): each value must be letters, digits, "_" or "-"; anything
else, or no value at all, raises ValueError (never user input in SQL).
"""

import re

from django.db.models import CharField, Lookup

_CONSTANT = re.compile(r"^[A-Za-z0-9_-]+$")


@CharField.register_lookup
class InConstants(Lookup):
    lookup_name = "in_constants"
    prepare_rhs = False

    def get_prep_lookup(self):
        values = tuple(str(value) for value in self.rhs)
        if not values or not all(_CONSTANT.match(value) for value in values):
            raise ValueError(f"in_constants takes code constants (letters, digits, _ and -): {values!r}")
        return values

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        literals = ", ".join(f"'{value}'" for value in self.rhs)
        return f"{lhs} IN ({literals})", params

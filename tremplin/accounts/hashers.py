"""A cheap Argon2 for the test suite only (settings.TESTING); production uses Django's default cost.

Same algorithm and hash format ("argon2$..."), so hashes stay interchangeable; only the work factor is
lowered, because the tests log in hundreds of times on small CI machines.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class TestArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 1024
    parallelism = 1

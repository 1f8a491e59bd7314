"""The password hasher: Argon2id at OWASP's minimum cost, chosen by ``bench/hashers.py``.

PBKDF2 at Django's 1,000,000 iterations costs 0.25-0.4 s of CPU per sign-in, so fifty people
signing in at once held every web worker for seconds (issue 15). Argon2id with the parameters
below costs a tenth of that and is memory-hard, which PBKDF2 is not. Existing PBKDF2 hashes
still verify (PBKDF2 stays in PASSWORD_HASHERS) and are rehashed with this one at sign-in.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher

# OWASP's Password Storage Cheat Sheet asks Argon2id for one of m=47104 (46 MiB) t=1,
# m=19456 (19 MiB) t=2, m=12288 (12 MiB) t=3, m=9216 (9 MiB) t=4 or m=7168 (7 MiB) t=5, all
# p=1, each as strong as the others; tests/accounts/test_password_hashing.py holds us to them.


class Argon2idHasher(Argon2PasswordHasher):
    """Argon2id, 19 MiB, 2 passes, 1 lane: about 30 ms of one core per hash here.

    Measured by ``bench/hashers.py``: 46 MiB with one pass costs nearly twice as much (filling
    the memory is the cost); 12, 9 or 7 MiB with more passes save under 10 ms but let a
    cracker's GPU, short of memory rather than of speed, try more guesses at once. One lane
    keeps a sign-in on one core. Django's own default (100 MiB, 8 lanes) costs several times
    the CPU for no gain the cheat sheet counts. Changing these values rehashes each password
    at its next sign-in (``must_update`` compares them).
    """

    # The same algorithm name as Django's, so every argon2 hash written so far verifies.
    algorithm = "argon2"
    time_cost = 2
    memory_cost = 19456  # KiB
    parallelism = 1

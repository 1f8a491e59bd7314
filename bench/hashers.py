"""Benchmark: CPU and wall time of one password hash with each candidate hasher (issue 15).

A sign-in verifies one hash, which costs the same as making it, so the CPU time here is what
each sign-in takes from a web worker. Prints PBKDF2 at Django's default iterations, Django's
default Argon2, OWASP's minimum Argon2id settings and the hasher the project uses
(PASSWORD_HASHERS[0]). Needs no database.

Usage: ``python bench/hashers.py`` (``--repeat 20`` for steadier figures).
"""

from __future__ import annotations

import argparse
import statistics
import time

import common  # noqa: F401 (the project on the path, the settings picked)

# OWASP's Password Storage Cheat Sheet: Argon2id's minimum (memory in KiB, passes), one lane.
OWASP_MINIMUMS = ((47104, 1), (19456, 2), (12288, 3), (9216, 4), (7168, 5))


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="Hashes timed per candidate.")
    return parser.parse_args()


def _candidates() -> dict[str, object]:
    from django.contrib.auth.hashers import (
        Argon2PasswordHasher,
        PBKDF2PasswordHasher,
        get_hasher,
    )

    def argon2id(memory_kib: int, passes: int, lanes: int = 1) -> Argon2PasswordHasher:
        hasher = Argon2PasswordHasher()
        hasher.memory_cost, hasher.time_cost, hasher.parallelism = memory_kib, passes, lanes
        return hasher

    candidates: dict[str, object] = {
        f"PBKDF2-SHA256 {PBKDF2PasswordHasher.iterations:,} it. (old default)": (
            PBKDF2PasswordHasher()
        ),
        "Argon2id m=100 MiB t=2 p=8 (Django's)": argon2id(102400, 2, 8),
    }
    for memory_kib, passes in OWASP_MINIMUMS:
        candidates[f"Argon2id m={memory_kib // 1024} MiB t={passes} p=1 (OWASP)"] = argon2id(
            memory_kib, passes
        )
    used = get_hasher("default")
    name = f"{type(used).__module__}.{type(used).__qualname__}"
    candidates[f"in use: {name}"] = used
    return candidates


def main() -> None:
    args = _args()
    import django

    django.setup()
    print(f"{'hasher':56} {'CPU ms':>7} {'wall ms':>8} {'p95 CPU':>8}")
    for label, hasher in _candidates().items():
        hasher.encode("warm-up", hasher.salt())
        cpu, wall = [], []
        for _ in range(args.repeat):
            salt = hasher.salt()
            c0, w0 = time.process_time(), time.perf_counter()
            encoded = hasher.encode("correct horse battery staple", salt)
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
        assert hasher.verify("correct horse battery staple", encoded)
        cpu.sort()
        p95 = cpu[max(0, int(len(cpu) * 0.95) - 1)]
        print(
            f"{label:56} {statistics.median(cpu):>7.1f} {statistics.median(wall):>8.1f} {p95:>8.1f}"
        )


if __name__ == "__main__":
    main()

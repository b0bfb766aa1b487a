"""Hashes that are the same in every process and run (Python's ``hash()`` is salted per process)."""
import hashlib


def stable_bucket(data: bytes, buckets: int) -> int:
    """A bucket in ``range(buckets)`` that is the same in every process and run."""
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big") % buckets

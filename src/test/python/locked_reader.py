"""A reader for the driver's readers-under-writers test, doing what a Python dirdb program does.

Usage: locked_reader.py DIRECTORY ENTRIES SECONDS

Reads entries r0..r<ENTRIES-1> in turn until SECONDS have passed, each inside ``with entry:`` (the entry
lock that the driver's writers also take), loading the metadata and the payload the dirdb way, and prints
one line per read:

    P entry meta_gen data_gen meta_sha256 data_sha256 t0 t1

where data_gen is the generation in the payload's first 8 bytes (big-endian), meta_sha256 the hash the
metadata names, data_sha256 the hash of the payload read, and t0/t1 ``time.monotonic_ns()`` before taking
the lock and after releasing it (the clock Java's ``System.nanoTime`` reads on Linux). A read that fails
prints ``X entry <exception>``.
"""

import hashlib
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import dirdb_like  # noqa: E402


def main(directory, entries, seconds):
    db = dirdb_like.Database(directory)
    deadline = time.monotonic() + float(seconds)
    out = []
    reads = 0
    i = 0
    print("ready", flush=True)
    while time.monotonic() < deadline:
        name = "r%d" % (i % int(entries))
        i += 1
        t0 = time.monotonic_ns()
        try:
            with db[name] as entry:
                meta = entry.meta
                data = entry.data
            t1 = time.monotonic_ns()
            data = bytes(data)
            data_gen = int.from_bytes(data[:8], "big") if len(data) >= 12 else -1
            meta_gen = meta.get("gen", -1) if isinstance(meta, dict) else -1
            meta_sha = meta.get("sha256", "-") if isinstance(meta, dict) else "-"
            out.append("P %s %d %d %s %s %d %d" % (name[1:], meta_gen, data_gen, meta_sha,
                                                   hashlib.sha256(data).hexdigest(), t0, t1))
        except Exception as e:  # reported, and counted as a failed read by the test
            out.append("X %s %s" % (name[1:], repr(e).replace("\n", " ")))
        reads += 1
        if len(out) >= 200:
            print("\n".join(out), flush=True)
            out = []
    if out:
        print("\n".join(out), flush=True)
    print("done %d" % reads, flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])

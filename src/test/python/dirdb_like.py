"""The file operations of the Python ``dirdb`` library, for the driver's interoperability tests.

The library itself is not installable in every build environment, so this module performs the same
operations on the same files, the same way:

* entries are the files of the directory whose ``pathlib`` suffix is ``.pickle`` (stem = name);
  subdirectories are sub-databases;
* a payload is written in place with ``pickle.dump(obj, f, protocol=pickle.DEFAULT_PROTOCOL,
  fix_imports=False)`` into ``NAME.pickle`` opened ``'wb'``;
* metadata is written with ``json.dump`` into ``NAME.json`` opened ``'w'`` and read with ``json.load``;
  setting it to ``None`` removes ``NAME.json``;
* every access happens inside ``with entry:``, which holds ``filelock.FileLock("NAME.lock")``
  (``flock`` polled every 50 ms) and, on exit, writes the metadata back if it was loaded.

Run as a script, it offers the commands the Java tests drive; each prints JSON or plain lines on stdout.
"""

import hashlib
import json
import math
import pathlib
import pickle
import random
import sys
import time

import filelock

_UNSET = object()


class Database:
    """A directory of entries."""

    def __init__(self, path):
        self.path = pathlib.Path(path)

    def names(self):
        return sorted(p.stem for p in self.path.iterdir() if p.suffix == ".pickle" and not p.is_dir())

    def subdatabases(self):
        return sorted(p.name for p in self.path.iterdir() if p.is_dir())

    def __getitem__(self, name):
        return Entry(self.path, name)


class Entry:
    """One entry: NAME.pickle, NAME.json and NAME.lock."""

    def __init__(self, directory, name):
        self.name = name
        self.data_path = directory / (name + ".pickle")
        self.meta_path = directory / (name + ".json")
        self.lock = filelock.FileLock(str(directory / (name + ".lock")))
        self._meta = _UNSET

    def __enter__(self):
        self.lock.acquire(poll_interval=0.05)
        return self

    def __exit__(self, *exc):
        try:
            if self._meta is not _UNSET:
                self._write_meta(self._meta)
        finally:
            self._meta = _UNSET
            self.lock.release()

    @property
    def data(self):
        with open(self.data_path, "rb") as f:
            return pickle.load(f)

    @data.setter
    def data(self, obj):
        with open(self.data_path, "wb") as f:
            pickle.dump(obj, f, protocol=pickle.DEFAULT_PROTOCOL, fix_imports=False)

    @property
    def meta(self):
        if self._meta is _UNSET:
            try:
                with open(self.meta_path, "r") as f:
                    self._meta = json.load(f)
            except FileNotFoundError:
                self._meta = None
        return self._meta

    @meta.setter
    def meta(self, value):
        self._meta = value

    def _write_meta(self, value):
        if value is None:
            self.meta_path.unlink(missing_ok=True)
        else:
            with open(self.meta_path, "w") as f:
                json.dump(value, f)


# Fixtures the tests ask Python to write, and then compare with what the driver read.
FIXTURE_DICT = {"weights": [0.5, 1.5, -2.0], "layers": 3, "name": "mlp"}
FIXTURE_BYTES = b"written by python\x00\xff\x80 with NUL and high bytes"
FIXTURE_BYTEARRAY = bytearray(range(256)) * 3
FIXTURE_STATS_META = {"mean": float("nan"), "max": float("inf"), "min": float("-inf"), "count": 7}


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def cmd_check_written(directory):
    """stdin: {name: sha256}. Loads every entry as Python would and reports what it found."""
    expected = json.load(sys.stdin)
    db = Database(directory)
    report = {"listing": db.names(), "entries": {}}
    for name, digest in expected.items():
        with db[name] as entry:
            obj = entry.data
            meta = entry.meta
        found = {"type": type(obj).__name__, "meta": meta}
        if isinstance(obj, (bytes, bytearray)):
            found["length"] = len(obj)
            found["sha256"] = sha256(obj)
            found["equal"] = sha256(obj) == digest
        report["entries"][name] = found
    json.dump(report, sys.stdout)


def cmd_write_fixtures(directory):
    """Writes entries the library's way and reports each one's payload hash and pickle file hash."""
    db = Database(directory)
    with db["from-python"] as entry:
        entry.data = FIXTURE_BYTES
        entry.meta = {"source": "python", "epoch": 3}
    with db["model"] as entry:
        entry.data = FIXTURE_DICT
        entry.meta = {"kind": "dict"}
    with db["buffer"] as entry:
        entry.data = FIXTURE_BYTEARRAY
    with db["stats"] as entry:
        entry.data = b"\x01\x02\x03"
        entry.meta = FIXTURE_STATS_META
    with db["meta-only"] as entry:
        entry.meta = {"note": "no payload yet"}
    report = {}
    for name in ["from-python", "model", "buffer", "stats"]:
        obj = db[name].data
        payload = bytes(obj) if isinstance(obj, (bytes, bytearray)) else None
        report[name] = {
            "type": type(obj).__name__,
            "payloadSha256": sha256(payload) if payload is not None else None,
            "payloadLength": len(payload) if payload is not None else None,
            "fileSha256": sha256(db[name].data_path.read_bytes()),
        }
    report["listing"] = db.names()
    json.dump(report, sys.stdout)


def cmd_loads_fixture_dict(path):
    """Unpickles bytes the driver returned and says whether they give back the dict Python wrote."""
    obj = pickle.loads(pathlib.Path(path).read_bytes())
    print(json.dumps({"type": type(obj).__name__, "equal": obj == FIXTURE_DICT}))


def cmd_meta_is_nan(directory, name):
    """Reads NAME.json with json.load and reports whether the NaN/Infinity values came back."""
    with Database(directory)[name] as entry:
        meta = entry.meta
    print(json.dumps({"meanIsNan": math.isnan(meta["mean"]), "max": repr(meta["max"]),
                      "min": repr(meta["min"]), "count": meta["count"]}))


def cmd_hold_lock(directory, name, seconds):
    """Holds the entry lock for SECONDS; prints "locked" once it holds it and "released" after."""
    with Database(directory)[name]:
        print("locked", flush=True)
        time.sleep(float(seconds))
    print("released", flush=True)


def cmd_wait_lock(directory, name):
    """Prints "waiting", takes the entry lock, then prints how long it waited in milliseconds."""
    entry = Database(directory)[name]
    print("waiting", flush=True)
    start = time.monotonic()
    with entry:
        waited = time.monotonic() - start
    print("acquired %d" % round(waited * 1000), flush=True)


def cmd_increment(directory, name, times):
    """Adds 1 to meta["counter"] TIMES times, each a read-modify-write inside ``with entry:`` (in place)."""
    entry = Database(directory)[name]
    for _ in range(int(times)):
        with entry:
            meta = entry.meta
            meta["counter"] += 1
            entry.meta = meta
    print("done", flush=True)


def cmd_increment_slowly(directory, name, seconds):
    """One increment of meta["counter"] that holds the lock SECONDS between its read and its write."""
    entry = Database(directory)[name]
    print("waiting", flush=True)
    with entry:
        meta = entry.meta
        time.sleep(float(seconds))
        meta["counter"] += 1
        entry.meta = meta
    print("done", flush=True)


def cmd_hold_lock_unlink(directory, name, seconds):
    """Holds the entry lock, then deletes the lock file before releasing it, as filelock 3.20.4 did."""
    lock_path = Database(directory)[name].lock.lock_file
    with Database(directory)[name]:
        print("locked", flush=True)
        time.sleep(float(seconds))
        pathlib.Path(lock_path).unlink()
    print("released", flush=True)


def cmd_write_payload(directory, name, length):
    """Rewrites NAME's payload in place, the library's way, with LENGTH bytes; prints the pickle file's size."""
    entry = Database(directory)[name]
    with entry:
        entry.data = bytes(i % 251 for i in range(int(length)))
    print(json.dumps({"fileSize": entry.data_path.stat().st_size}))


def versioned_payload(name_size, gen):
    """Generation GEN of a payload: 8 bytes of GEN, then GEN % 251 repeated, its length a function of both."""
    length = name_size + (gen * 7) % 64
    return gen.to_bytes(8, "big") + bytes([gen % 251]) * (length - 8)


def versioned_meta(pad, gen):
    """Generation GEN of a metadata object: GEN at both ends, and a padding whose length depends on GEN."""
    return {"gen": gen, "pad": "x" * (pad + (gen * 13) % 97), "end": gen}


def cmd_rewrite_loop(directory, seconds, *specs):
    """For SECONDS, rewrites each entry NAME:PAYLOAD_SIZE:META_PAD in place, the library's way, generation
    after generation (payload and metadata, inside ``with entry:``); prints "ready" first and the number of
    generations written at the end. Every eighth generation it pauses for up to 60 ms, so that files are
    also read when their last change has settled and a rewrite starts during the read."""
    db = Database(directory)
    entries = []
    for spec in specs:
        name, size, pad = spec.split(":")
        entries.append((db[name], int(size), int(pad)))
    print("ready", flush=True)
    deadline = time.monotonic() + float(seconds)
    gen = 0
    while time.monotonic() < deadline:
        gen += 1
        for entry, size, pad in entries:
            with entry:
                entry.data = versioned_payload(size, gen)
                entry.meta = versioned_meta(pad, gen)
        if gen % 8 == 0:
            time.sleep(random.random() * 0.06)
    print("generations %d" % gen, flush=True)


def cmd_list(directory):
    json.dump(Database(directory).names(), sys.stdout)


COMMANDS = {
    "check-written": cmd_check_written,
    "write-fixtures": cmd_write_fixtures,
    "loads-fixture-dict": cmd_loads_fixture_dict,
    "meta-is-nan": cmd_meta_is_nan,
    "hold-lock": cmd_hold_lock,
    "wait-lock": cmd_wait_lock,
    "list": cmd_list,
    "rewrite-loop": cmd_rewrite_loop,
    "write-payload": cmd_write_payload,
    "increment": cmd_increment,
    "increment-slowly": cmd_increment_slowly,
    "hold-lock-unlink": cmd_hold_lock_unlink,
}

if __name__ == "__main__":
    COMMANDS[sys.argv[1]](*sys.argv[2:])

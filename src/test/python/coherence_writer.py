"""Changes entries on request, for the cache coherence test: one JSON command per line on stdin, one line
on stdout when the change has returned ("ack", or "error <message>").

Commands (all take "dir", the table's directory, and "name", the entry):

* ``meta_in_place`` ``text``: inside ``with entry:`` (the entry's ``filelock``), ``json.dump`` of the parsed
  text into ``NAME.json`` opened ``'w'``, as the Python library does; ``text`` must be what ``json.dumps``
  writes, so the test knows the exact text;
* ``data_in_place`` ``hex``: inside ``with entry:``, ``pickle.dump(bytes)`` into ``NAME.pickle`` opened ``'wb'``;
* ``replace_json`` ``text``: no lock; writes a new file and ``os.replace`` s it over ``NAME.json``;
* ``delete_json``: no lock; removes ``NAME.json``;
* ``create`` ``text`` ``hex``: no lock; writes ``NAME.json`` and ``NAME.pickle`` straight into place;
* ``remove``: no lock; removes ``NAME.pickle``, ``NAME.json`` and ``NAME.lock``;
* ``utime`` ``ns``: sets the modification time of the entry's files to ``ns`` nanoseconds since the epoch,
  access time kept, or, for ``"now"``, both times to the current time (``touch``);
* ``mkdir``: creates the directory ``dir/name`` (a new sub-database); ``rmtree``: removes it and its files;
* ``rewrite_keep_mtime`` ``text``: rewrites ``NAME.json`` in place under the lock, then puts its former
  modification time back (as ``touch -r`` or a restore that keeps times would).
"""

import json
import os
import pathlib
import pickle
import shutil
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from dirdb_like import Entry  # noqa: E402


def run(cmd):
    directory = pathlib.Path(cmd["dir"])
    name = cmd["name"]
    op = cmd["op"]
    json_path = directory / (name + ".json")
    pickle_path = directory / (name + ".pickle")
    if op == "meta_in_place":
        value = json.loads(cmd["text"])
        if json.dumps(value) != cmd["text"]:
            raise ValueError("json.dump would not write this exact text: " + cmd["text"])
        with Entry(directory, name) as entry:
            entry.meta = value  # written back by json.dump on leaving the lock
    elif op == "data_in_place":
        with Entry(directory, name) as entry:
            entry.data = bytes.fromhex(cmd["hex"])
    elif op == "replace_json":
        tmp = directory / (".replace-" + name + ".tmp")
        with open(tmp, "w") as f:
            f.write(cmd["text"])
        os.replace(tmp, json_path)
    elif op == "delete_json":
        os.remove(json_path)
    elif op == "create":
        with open(json_path, "w") as f:
            f.write(cmd["text"])
        with open(pickle_path, "wb") as f:
            pickle.dump(bytes.fromhex(cmd["hex"]), f, protocol=pickle.DEFAULT_PROTOCOL, fix_imports=False)
    elif op == "remove":
        for suffix in (".pickle", ".json", ".lock"):
            try:
                os.remove(directory / (name + suffix))
            except FileNotFoundError:
                pass
    elif op == "utime":
        for path in (pickle_path, json_path):
            if path.exists():
                if cmd["ns"] == "now":
                    os.utime(path)
                else:
                    os.utime(path, ns=(path.stat().st_atime_ns, int(cmd["ns"])))
    elif op == "mkdir":
        os.mkdir(directory / name)
    elif op == "rmtree":
        shutil.rmtree(directory / name)
    elif op == "rewrite_keep_mtime":
        before = json_path.stat()
        with Entry(directory, name) as entry:
            entry.meta = json.loads(cmd["text"])
        os.utime(json_path, ns=(before.st_atime_ns, before.st_mtime_ns))
    else:
        raise ValueError("unknown command " + op)


def main():
    print("ready", flush=True)
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            run(json.loads(line))
            print("ack", flush=True)
        except Exception as e:  # reported to the test, which fails with it
            print("error %s: %s" % (type(e).__name__, e), flush=True)


if __name__ == "__main__":
    main()

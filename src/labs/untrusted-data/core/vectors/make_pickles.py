#!/usr/bin/env python3
"""
Makes pickles.json, the vectors for the untrusted-data lab's pickle disassembler and scanner.

Every entry is a pickle (hex) and what CPython's own `pickletools` reports for it, through
`pickletools._genops(data, yield_end_pos=True)` (the generator behind `pickletools.genops` and
`pickletools.dis`): each opcode as [pos, name, arg], and, when genops raises, Python's message and
the offset of the opcode it failed on. Arguments are tagged so nothing is lost in JSON:
{"int": "<decimal>"}, {"bool": b}, {"float": "<repr>"}, {"str": s}, {"bytes": hex},
{"bytearray": hex}, or null.

Sources:
  - "objects": pickle.dumps of many objects at every protocol 0-5;
  - "handmade": pickles written byte by byte, for opcodes CPython no longer emits (STRING, INST,
    OBJ, BINSTRING, BINBYTES8...) and for attack payloads (never loaded here, only disassembled);
  - "malformed": truncations and seeded random mutations of valid pickles, and broken arguments.
`expect` is the scan verdict a careful reader gives (data / calls / dangerous), written by hand:
`data` only when every global the pickle imports or calls only builds values (an import runs the
module's code and hands an object, not a value, to the program), and a pickle that plain
pickle.loads refuses (a persistent id with no persistent_load) calls nothing.

Run with CPython 3.11: PYTHONHASHSEED=0 python3 make_pickles.py > pickles.json
"""
import collections
import copyreg
import datetime
import json
import os
import pickle
import pickletools
import random
import struct
import subprocess
import sys


# ---------------------------------------------------------------- classes pickled by reference


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


class Slotted:
    __slots__ = ("a", "b")

    def __init__(self):
        self.a = 1
        self.b = "two"


class KeywordOnly:
    def __new__(cls, *, size):
        self = super().__new__(cls)
        self.size = size
        return self

    def __getnewargs_ex__(self):
        return (), {"size": self.size}


class RunsShell:
    """What an attacker pickles: loading it calls os.system (this script never loads it)."""

    def __reduce__(self):
        return (os.system, ("id",))


class RunsEval:
    def __reduce__(self):
        return (eval, ("__import__('os').system('id')",))


class StartsProcess:
    def __reduce__(self):
        return (subprocess.Popen, (["/bin/sh", "-c", "id"],))


class ReturnsLength:
    """Harmless: loading it calls len('hello') and gets 5."""

    def __reduce__(self):
        return (len, ("hello",))


def tag(arg):
    if arg is None:
        return None
    if isinstance(arg, bool):
        return {"bool": arg}
    if isinstance(arg, int):
        return {"int": str(arg)}
    if isinstance(arg, float):
        return {"float": repr(arg)}
    if isinstance(arg, str):
        return {"str": arg}
    if isinstance(arg, bytearray):
        return {"bytearray": arg.hex()}
    if isinstance(arg, bytes):
        return {"bytes": arg.hex()}
    raise TypeError(type(arg))


def genops_report(data):
    ops = []
    end = 0
    try:
        for op, arg, pos, end_pos in pickletools._genops(data, yield_end_pos=True):
            ops.append([pos, op.name, tag(arg)])
            end = end_pos
    except Exception as error:  # what a user would see from pickletools.dis
        return ops, {"type": type(error).__name__, "message": str(error), "pos": end}
    return ops, None


entries = []


def add(source, name, data, protocol=None, expect=None):
    ops, error = genops_report(data)
    entry = {"source": source, "name": name, "protocol": protocol, "hex": data.hex(), "ops": ops}
    if error:
        entry["error"] = error
    if expect:
        entry["expect"] = expect
    entries.append(entry)


# ---------------------------------------------------------------- objects at every protocol

recursive_list = []
recursive_list.append(recursive_list)
recursive_dict = {}
recursive_dict["self"] = recursive_dict
shared = [1, 2]

OBJECTS = [
    ("None", None, "data"),
    ("True", True, "data"),
    ("False", False, "data"),
    ("zero", 0, "data"),
    ("small ints", [1, 255, 256, 65535, 65536, -1, -256], "data"),
    ("int32 edges", [2**31 - 1, -(2**31), 2**31, -(2**31) - 1], "data"),
    ("int64 edges", [2**63 - 1, -(2**63), 2**63, 2**64, -(2**64)], "data"),
    ("huge ints", [2**1000, -(3**500), 10**300 + 7], "data"),
    ("floats", [0.0, -0.0, 1.5, -2.25, 1 / 3, 1e300, 5e-324, 1e16, 1e-7], "data"),
    ("special floats", [float("inf"), float("-inf"), float("nan")], "data"),
    ("empty str", "", "data"),
    ("ascii str", "hello, world", "data"),
    ("unicode str", "héllo wörld € 😀", "data"),
    ("escapes in str", "a\\b\n\r\t\x00\x1a'\"", "data"),
    ("lone surrogate", "x\ud800y", "data"),
    ("long str", "abc" * 100, "data"),
    ("empty bytes", b"", "data"),
    ("bytes", b"\x00\x01\xfe\xffabc", "data"),
    ("long bytes", bytes(range(256)) + b"x" * 50, "data"),
    ("bytearray", bytearray(b"\x00mutable\xff"), "data"),
    ("empty tuple", (), "data"),
    ("tuples", [(1,), (1, 2), (1, 2, 3), (1, 2, 3, 4)], "data"),
    ("list", [1, "two", 3.0, None], "data"),
    ("dict", {"name": "alice", "age": 30, "admin": False}, "data"),
    ("set", {1, 2, 3}, "data"),
    ("frozenset", frozenset({"a", "b"}), "data"),
    ("nested", {"users": [{"id": 1, "tags": ("a", "b")}, {"id": 2, "tags": ()}], "n": {1: {2: [3]}}}, "data"),
    ("shared reference", [shared, shared], "data"),
    ("recursive list", recursive_list, "data"),
    ("recursive dict", recursive_dict, "data"),
    ("many items", list(range(1001)), "data"),
    ("big bytes (framing)", b"\xab" * 70000, "data"),
    ("complex", complex(1, -2), "data"),
    ("range", range(2, 10, 3), "data"),
    ("date", datetime.date(2012, 3, 10), "data"),
    ("ordered dict", collections.OrderedDict([("b", 1), ("a", 2)]), "data"),
    ("class instance", Point(1, 2), "calls"),
    ("slotted instance", Slotted(), "calls"),
    ("keyword-only __new__", KeywordOnly(size=3), "calls"),
    ("a class itself", Point, "calls"),
    ("reduce: len('hello')", ReturnsLength(), "calls"),
    ("reduce: os.system('id')", RunsShell(), "dangerous"),
    ("reduce: eval(...)", RunsEval(), "dangerous"),
    ("reduce: subprocess.Popen([...])", StartsProcess(), "dangerous"),
]

for name, obj, expect in OBJECTS:
    for protocol in range(6):
        if name == "big bytes (framing)" and protocol != 4:
            continue
        try:
            data = pickle.dumps(obj, protocol=protocol)
        except TypeError:
            continue  # e.g. __slots__ without __getstate__ needs protocol 2
        add("objects", name, data, protocol, expect)

# Out-of-band buffers (protocol 5): NEXT_BUFFER, and READONLY_BUFFER for a read-only one.
add(
    "objects",
    "out-of-band buffers",
    pickle.dumps(
        [pickle.PickleBuffer(b"read-only"), pickle.PickleBuffer(bytearray(b"writable"))],
        protocol=5,
        buffer_callback=lambda buffer: False,
    ),
    5,
    "data",
)

# Extension codes: EXT1, EXT2, EXT4 (registered only while dumping).
for code in (1, 300, 70000):
    copyreg.add_extension(__name__, "Point", code)
    add("objects", f"extension code {code}", pickle.dumps(Point, protocol=2), 2, "data")
    copyreg.remove_extension(__name__, "Point", code)


# Persistent ids: PERSID (protocol 0) and BINPERSID.
class PersistentPickler(pickle.Pickler):
    def persistent_id(self, obj):
        return "row-42" if obj == "db-row" else None


for protocol in (0, 2):
    buffer = __import__("io").BytesIO()
    PersistentPickler(buffer, protocol=protocol).dump(["db-row", 1])
    add("objects", "persistent id", buffer.getvalue(), protocol, "data")

# ---------------------------------------------------------------- hand-made pickles

HANDMADE = [
    ("STRING", b"S'abc'\n.", "data"),
    ("STRING double quotes", b"S\"it's\"\n.", "data"),
    ("STRING escapes", b"S'a\\x00\\n\\\\b\\'\\t\\101\\7\\q'\n.", "data"),
    ("STRING single quote char", b"S'\n.", "data"),
    ("INT True", b"I01\n.", "data"),
    ("INT False", b"I00\n.", "data"),
    ("INT negative", b"I-12\n.", "data"),
    ("INT with spaces and underscores", b"I 1_000 \n.", "data"),
    ("LONG with L", b"L123456789012345678901234567890L\n.", "data"),
    ("LONG without L", b"L-5\n.", "data"),
    ("FLOAT", b"F1.5\n.", "data"),
    ("FLOAT inf", b"Finf\n.", "data"),
    ("FLOAT nan", b"Fnan\n.", "data"),
    ("FLOAT minus zero", b"F-0.0\n.", "data"),
    ("FLOAT exponent", b"F1e300\n.", "data"),
    ("UNICODE escapes", b"V\\u20ac caf\xe9 \\U0001f600 \\x\n.", "data"),
    ("BINSTRING", b"T\x03\x00\x00\x00abc.", "data"),
    ("SHORT_BINSTRING latin-1", b"U\x03a\xe9c.", "data"),
    ("BINFLOAT", b"G?\xf8\x00\x00\x00\x00\x00\x00.", "data"),
    ("LONG1 negative", b"\x80\x02\x8a\x02\x00\xff.", "data"),
    ("LONG1 zero length", b"\x80\x02\x8a\x00.", "data"),
    ("LONG4", b"\x80\x02\x8b\x03\x00\x00\x00\xff\xff\x7f.", "data"),
    ("BINBYTES8", b"\x80\x05\x8e\x03\x00\x00\x00\x00\x00\x00\x00abc.", "data"),
    ("BINUNICODE8", b"\x80\x05\x8d\x04\x00\x00\x00\x00\x00\x00\x00h\xc3\xa9!.", "data"),
    ("BYTEARRAY8", b"\x80\x05\x96\x02\x00\x00\x00\x00\x00\x00\x00\x00\xff.", "data"),
    ("BINUNICODE surrogate", b"X\x03\x00\x00\x00\xed\xa0\x80.", "data"),
    ("DUP POP POP_MARK", b"(NN21N0N.", "data"),
    ("PUT GET text", b"(lp0\ng0\na.", "data"),
    ("LONG_BINPUT LONG_BINGET", b"\x80\x02]r\x00\x01\x00\x00j\x00\x01\x00\x00a.", "data"),
    ("FRAME only", b"\x80\x04\x95\x02\x00\x00\x00\x00\x00\x00\x00N.", "data"),
    ("GLOBAL escapes", b"cmy\\x2dmod\nname\n.", "calls"),
    # Attack payloads, disassembled only.
    ("classic os.system", b"cos\nsystem\n(S'id'\ntR.", "dangerous"),
    ("posix.system, protocol 2", b"\x80\x02cposix\nsystem\nq\x00X\x02\x00\x00\x00idq\x01\x85q\x02Rq\x03.", "dangerous"),
    ("INST os.system", b"(S'id'\nios\nsystem\n.", "dangerous"),
    ("OBJ os.system", b"(cos\nsystem\nS'id'\no.", "dangerous"),
    (
        "getattr chain",
        b"cbuiltins\ngetattr\n(cbuiltins\n__import__\n(S'os'\ntRS'system'\ntR(S'id'\ntR.",
        "dangerous",
    ),
    (
        "STACK_GLOBAL dotted name",
        b"\x80\x04\x8c\x07pathlib\x8c\tos.system\x93\x8c\x02id\x85R.",
        "dangerous",
    ),
    (
        "BUILD __setstate__ trick",
        b"\x80\x02c__main__\nPoint\n)\x81}X\x0c\x00\x00\x00__setstate__cos\nsystem\nsbX\x02\x00\x00\x00idb.",
        "dangerous",
    ),
    ("subprocess.check_output", b"csubprocess\ncheck_output\n((S'id'\nltR.", "dangerous"),
    ("builtins.eval protocol 0", b"c__builtin__\neval\n(S'1+1'\ntR.", "dangerous"),
    ("harmless reduce", b"cbuiltins\nlen\n(S'hello'\ntR.", "calls"),
    ("unknown callable", b"cmypkg.tasks\ncleanup\n(tR.", "calls"),
    ("import only", b"cos\nsystem\n.", "calls"),
]

for name, data, expect in HANDMADE:
    add("handmade", name, data, None, expect)

# ---------------------------------------------------------------- malformed pickles

BROKEN = [
    ("empty", b""),
    ("no STOP", b"N"),
    ("unknown opcode", b"\xff."),
    ("unknown opcode later", b"\x80\x02N\x99."),
    ("bad INT", b"Iabc\n."),
    ("INT without newline", b"I12"),
    ("LONG empty", b"L\n."),
    ("FLOAT bad", b"F1.2.3\n."),
    ("STRING quote mismatch", b"S'abc\n."),
    ("STRING no quotes", b"Sabc\n."),
    ("STRING bad \\x", b"S'\\x4'\n."),
    ("STRING non-ascii", b"S'\xe9'\n."),
    ("STRING trailing backslash", b"S'\\'\n."),
    ("UNICODE truncated \\u", b"V\\u12\n."),
    ("UNICODE out of range \\U", b"V\\U00110000\n."),
    ("BINUNICODE bad utf-8", b"X\x02\x00\x00\x00\xff\xfe."),
    ("SHORT_BINUNICODE overlong", b"\x8c\x02\xc0\x80."),
    ("LONG4 negative count", b"\x8b\xff\xff\xff\xff."),
    ("BINSTRING negative count", b"T\xff\xff\xff\xff."),
    ("FRAME huge", b"\x95\xff\xff\xff\xff\xff\xff\xff\xff."),
    ("BINBYTES8 above maxsize", b"\x8e\xff\xff\xff\xff\xff\xff\xff\xff."),
    ("BINBYTES8 short", b"\x8e\x00\x00\x00\x00\x00\x00\x00\x01."),
    ("BINBYTES short", b"B\x10\x00\x00\x00abc"),
    ("BININT short", b"J\x01\x02"),
    ("GLOBAL one line", b"cos\n"),
]
for name, data in BROKEN:
    add("malformed", name, data)

rng = random.Random(20120310)
seeds = [e for e in entries if "error" not in e and len(e["hex"]) < 2000]
for i in range(500):
    base = bytearray(bytes.fromhex(rng.choice(seeds)["hex"]))
    kind = rng.choice(["truncate", "flip", "insert", "delete", "replace"])
    if kind == "truncate":
        data = bytes(base[: rng.randrange(len(base))])
    elif kind == "flip" and base:
        j = rng.randrange(len(base))
        base[j] ^= 1 << rng.randrange(8)
        data = bytes(base)
    elif kind == "insert":
        j = rng.randrange(len(base) + 1)
        data = bytes(base[:j] + bytes([rng.randrange(256)]) + base[j:])
    elif kind == "delete" and base:
        j = rng.randrange(len(base))
        data = bytes(base[:j] + base[j + 1 :])
    else:
        j = rng.randrange(len(base)) if base else 0
        data = bytes(base[:j] + bytes([rng.choice(list(range(0x80, 0x99)) + [0x28, 0x2E, 0x4E])]) + base[j + 1 :])
    add("malformed", f"mutation {i} ({kind})", data)

json.dump(
    {
        "origin": "CPython %s pickle + pickletools._genops, made by make_pickles.py" % sys.version.split()[0],
        "entries": entries,
    },
    sys.stdout,
    separators=(",", ":"),
)
sys.stdout.write("\n")

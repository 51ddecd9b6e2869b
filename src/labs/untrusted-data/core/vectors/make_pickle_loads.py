#!/usr/bin/env python3
"""
Makes pickle-loads.json: what CPython really does when it loads each pickle of a corpus, for the
differential test of the untrusted-data lab's pickle scanner (core/pickle/symbolic.ts).

Every pickle is loaded for real, three ways, each in a forked child process:
  - "loads": pickle.loads(data), which reads the bytes in memory, one opcode after the other;
  - "file": a loop of pickle.load(f) over f = io.BytesIO(data), until the data runs out or a load
    fails. The C unpickler reads such a stream (it has no peek()) frame by frame, so a FRAME that
    lies about its length is read differently here;
  - "buffered": the same loop over io.BufferedReader(io.BytesIO(data)), which has peek(): this is
    how pickle.load reads a file opened with open(path, "rb").
A PEP 578 audit hook watches each load, records the events below and refuses them (raising
Refused, which the load cannot swallow), so nothing they ask for happens:
  - "process": os.system, subprocess.Popen, os.exec*, os.spawn*, os.posix_spawn, os.fork...;
  - "code": compiling or running code from a string (compile/exec of a filename starting "<");
  - "file-write": opening a file for writing, removing, renaming, chmod...;
  - "socket": creating, connecting or binding a socket, or an urllib request;
  - "native": loading a native library with ctypes;
  - "interpreter": creating a subinterpreter.
The modules the corpus names are imported before the hook starts, so their own import (which
opens and compiles files) is not counted. Modules this Python lacks (torch) stay missing: their
loads fail with ModuleNotFoundError, recorded with the cause "environment".

Each error is recorded with its type, message and cause:
  - "refused": the audit hook refused an event;
  - "environment": a module or attribute this Python does not have, or memory it may not use;
  - "pickle": raised by the unpickler itself, on the bytes or the values they built (truncated
    data, unknown opcode, stack underflow, memo, frame, unhashable key, state that is not a dict...);
  - "call": raised inside a callable the pickle called (its own argument checks).
For "file" loads, "start" and "end" are f.tell() before and after each load.

The corpus: every pickle of pickles.json (pickle.dumps of many values at protocols 0-5, hand-made
pickles and payloads, malformed and mutated ones); the cases of the issue that asked for this test
(frames whose declared length lies, errors pickle.loads raises, trailing pickles, names that must
be dangerous); adversarial payloads written here after the public advisories against pickle
scanners (fickling, picklescan); every pickle fickling's own test suite builds or reads
(fickling-cases.json, made by make_fickling_cases.py); and pickle.dumps of random values (seeded).

Run with CPython 3.11: python3 make_pickle_loads.py > pickle-loads.json (it re-runs itself with
PYTHONHASHSEED=0, so sets of strings pickle in the same order every time).
"""
import collections
import datetime
import decimal
import fractions
import io
import json
import marshal
import os
import pickle
import random
import re
import resource
import signal
import struct
import sys
import warnings

if os.environ.get("PYTHONHASHSEED") != "0":
    os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------- the modules the corpus names

NAMED_MODULES = """
os posix subprocess socket uuid _aix_support _osx_support distutils.file_util imaplib poplib
nntplib smtplib ftplib telnetlib _xxsubinterpreters pickle _pickle marshal types runpy cProfile
profile timeit pydoc code codeop ctypes multiprocessing.util asyncio.unix_events webbrowser pty
importlib operator _operator functools shutil tempfile io _io yaml numpy numpy.f2py.crackfortran
numpy.testing._private.utils http.client urllib.request pathlib copyreg collections datetime
decimal fractions _codecs codecs ast glob sys builtins platform trace pdb bdb __future__
collections.abc numpy.distutils
""".split()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    for name in NAMED_MODULES:
        try:
            __import__(name)
        except ImportError:
            pass


# Classes that pickles.json's "objects" pickle by reference as __main__.<name>.
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


class Slotted:
    __slots__ = ("a", "b")


class KeywordOnly:
    def __new__(cls, *, size):
        self = super().__new__(cls)
        self.size = size
        return self


# ---------------------------------------------------------------- the audit hook


class Refused(BaseException):
    """Raised by the hook; a BaseException so that `except Exception` in library code lets it through."""


WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
PROCESS = {
    "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
    "os.startfile", "subprocess.Popen", "pty.spawn",
}
FILE_CHANGES = {
    "os.remove", "os.rename", "os.rmdir", "os.mkdir", "os.truncate", "os.chmod", "os.chown",
    "os.link", "os.symlink", "os.utime", "shutil.rmtree", "shutil.copyfile", "shutil.move",
}
SOCKETS = {"socket.__new__", "socket.connect", "socket.bind", "socket.sendto", "urllib.Request"}
NATIVE = {"ctypes.dlopen", "ctypes.dlsym", "ctypes.call_function"}

watching = False
events = []


def classify(event, args):
    if event in PROCESS:
        return "process"
    if event in ("compile", "exec"):
        name = args[1] if event == "compile" else getattr(args[0], "co_filename", "")
        name = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        if name.startswith("<") and not name.startswith("<frozen"):
            return "code"
        return None
    if event == "open":
        path, mode, flags = args
        if path == os.devnull:
            return None  # subprocess opens it for a child's stdio: the process event follows
        if (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & WRITE_FLAGS
        ):
            return "file-write"
        return None
    if event in FILE_CHANGES:
        return "file-write"
    if event in SOCKETS:
        return "socket"
    if event in NATIVE:
        return "native"
    if event == "cpython.PyInterpreterState_New":
        return "interpreter"
    return None


def hook(event, args):
    if not watching:
        return
    kind = classify(event, args)
    if kind:
        events.append([kind, f"{event} {repr(args)[:120]}"])
        raise Refused(event)


sys.addaudithook(hook)

# _posixsubprocess.fork_exec raises no audit event in 3.11 (subprocess.Popen raises its own before
# calling it, multiprocessing.util.spawnv_passfds does not): wrap it so that it is watched too.
import _posixsubprocess

_fork_exec = _posixsubprocess.fork_exec


def watched_fork_exec(*args):
    if watching:
        events.append(["process", f"_posixsubprocess.fork_exec {repr(args[0])[:120]}"])
        raise Refused("_posixsubprocess.fork_exec")
    return _fork_exec(*args)


_posixsubprocess.fork_exec = watched_fork_exec

# ---------------------------------------------------------------- loading, in a child process

VM_TYPES = (pickle.UnpicklingError, EOFError)


def cause_of(error):
    if isinstance(error, Refused) or events:
        return "refused"
    if isinstance(error, (ImportError, MemoryError)):
        return "environment"  # what this Python has installed, and how much memory it may use
    message = str(error)
    if isinstance(error, AttributeError) and message.startswith("Can't get attribute"):
        return "environment"
    if isinstance(error, VM_TYPES):
        return "pickle"
    # Errors the C unpickler raises itself, by message (Modules/_pickle.c, 3.11).
    if (
        message.startswith("unsupported pickle protocol")
        or message.startswith("unregistered extension code")
        or message.startswith("EXT specifies code <= 0")
        or message.startswith("could not convert string to float")
        or message.startswith("invalid literal for int()")
        or message.startswith("negative PUT argument")
        or "exceeds system's maximum" in message
        or message.startswith("unhashable type")
        or message == "argument list must be a tuple"
        or message.endswith("object is not callable")
        or message.startswith("NEWOBJ")
        or message.startswith("invalid \\x escape")
        or message.startswith("could not convert string to int")
        or message == "Trailing \\ in string"
        or message.startswith("memoryview: a bytes-like object is required")
        # APPEND, APPENDS, ADDITEMS, SETITEM(S) and BUILD applied to a value that has no such method.
        or any(message.endswith(f"object has no attribute '{name}'") for name in ("append", "extend", "add", "__dict__"))
        or message.endswith("does not support item assignment")
        or message.startswith("list indices must be integers")
        or message == "list assignment index out of range"
        # BUILD's slot state set on a built-in value, which takes no attributes.
        or (isinstance(error, AttributeError) and re.match(r"'(list|dict|set|frozenset|tuple|int|float|str|bytes|bytearray|NoneType|bool|complex)' object has no attribute", message))
        or isinstance(error, UnicodeDecodeError)
    ):
        return "pickle"
    return "call"


def outcome(value=None, error=None):
    out = {"events": list(events), "error": None, "result": None}
    if error is not None:
        out["error"] = {"type": type(error).__name__, "message": str(error)[:300], "cause": cause_of(error)}
    else:
        try:
            out["result"] = repr(value)[:200]
        except BaseException as e:  # a deeply nested value, for instance
            out["result"] = f"<repr failed: {type(e).__name__}>"
    return out


def load_once(load):
    global watching
    events.clear()
    watching = True
    try:
        value = load()
    except BaseException as error:
        watching = False
        return outcome(error=error)
    watching = False
    return outcome(value)


MAX_LOADS = 50


def read_loop(f, size):
    loads = []
    while len(loads) < MAX_LOADS:
        start = f.tell()
        if start >= size:
            break
        result = load_once(lambda: pickle.load(f))
        result["start"] = start
        result["end"] = f.tell()
        loads.append(result)
        if result["error"]:
            break
    return loads


def in_child(work):
    """Runs work() in a forked child (stdout silenced, time and memory capped) and returns its JSON."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        signal.alarm(20)
        resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
        os.chdir("/tmp")
        try:
            data = json.dumps(work()).encode()
        except BaseException as error:
            data = json.dumps({"harness-error": repr(error)}).encode()
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not data:
        signal_number = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
        return {"killed": signal.Signals(signal_number).name if signal_number else status}
    return json.loads(data)


def run(data):
    return {
        "loads": in_child(lambda: load_once(lambda: pickle.loads(data))),
        "file": in_child(lambda: read_loop(io.BytesIO(data), len(data))),
        "buffered": in_child(lambda: read_loop(io.BufferedReader(io.BytesIO(data)), len(data))),
    }


# ---------------------------------------------------------------- writing pickles by hand


def proto(n):
    return pickle.PROTO + bytes([n])


def frame(n):
    return pickle.FRAME + struct.pack("<Q", n)


def framed(body, protocol=4):
    return proto(protocol) + frame(len(body)) + body


def text(s):
    """SHORT_BINUNICODE (protocol 4)."""
    b = s.encode()
    return pickle.SHORT_BINUNICODE + bytes([len(b)]) + b


def utf8(s):
    """BINUNICODE (protocol 1)."""
    b = s.encode()
    return pickle.BINUNICODE + struct.pack("<I", len(b)) + b


def short_bytes(b):
    return pickle.SHORT_BINBYTES + bytes([len(b)]) + b


def glob(module, name):
    return pickle.GLOBAL + f"{module}\n{name}\n".encode()


def stack_glob(module, name):
    return text(module) + text(name) + pickle.STACK_GLOBAL


def call(fn, *args):
    """fn(*args) with REDUCE: fn and args are pickle fragments."""
    return fn + pickle.MARK + b"".join(args) + pickle.TUPLE + pickle.REDUCE


def apply(module, name, *args, protocol=4):
    """A whole pickle that calls module.name(*args) and returns the result."""
    return proto(protocol) + call(stack_glob(module, name), *args) + pickle.STOP


def apply0(module, name, *args):
    """The same in protocol 0 (GLOBAL, text strings)."""
    return call(glob(module, name), *args) + pickle.STOP


def s0(value):
    """A protocol 0 STRING."""
    return pickle.STRING + repr(value).encode() + b"\n"


def int1(n):
    return pickle.BININT1 + bytes([n])


def int2(n):
    return pickle.BININT2 + struct.pack("<H", n)


EVAL_PICKLE = apply0("builtins", "eval", s0("__import__('os').system('echo eval')"))
SYSTEM_PICKLE = apply0("os", "system", s0("echo system"))

# ---------------------------------------------------------------- the issue's cases

ISSUE = []


def case(name, data):
    ISSUE.append((name, data))


# 1. Frames that lie about their length.
hidden = glob("os", "system") + s0("echo hidden in a frame") + pickle.TUPLE1 + pickle.REDUCE + pickle.POP
swallowed = b"\x00" + hidden
case(
    "lying frame: a BINBYTES length split by the frame end hides os.system",
    # Read in memory, BINBYTES's length is bytes 0x?? 00 00 00 and swallows the hidden call; read
    # from a stream, the unpickler drops the rest of the 2-byte frame and reads the length from the
    # next four bytes (00 00 00 00), then runs the hidden opcodes.
    proto(4) + frame(2) + pickle.BINBYTES + bytes([len(swallowed)]) + b"\x00\x00\x00" + swallowed + pickle.STOP,
)
case(
    "lying frame: a GLOBAL module line split by the frame end",
    proto(4) + frame(9) + b"cbuiltins" + b"os\nsystem\n" + pickle.MARK + s0("echo split") + pickle.TUPLE + pickle.REDUCE + pickle.STOP,
)
case(
    "lying frame: a GLOBAL name line split by the frame end",
    proto(4) + frame(7) + b"cos\nsys" + b"tem\n" + pickle.NONE + pickle.TUPLE1 + pickle.REDUCE + pickle.STOP,
)
case("lying frame: BININT split by the frame end", proto(4) + frame(2) + b"J\x07\x01\x00\x00" + pickle.STOP)
case("lying frame: BININT1 split, the stream reads on", proto(4) + frame(1) + b"K" + b"\x05" + pickle.STOP)
case("lying frame: UNICODE line split by the frame end", proto(4) + frame(8) + b"Vhello w" + b"orld\n" + pickle.STOP)
case(
    "lying frame: SHORT_BINUNICODE runs past the frame",
    proto(4) + frame(3) + text("AAAAAAAAAAAAAAAAAAAA") + pickle.STOP,
)
case(
    "lying frame: BINBYTES runs past the frame (read the same both ways)",
    proto(4) + frame(5) + pickle.BINBYTES + struct.pack("<I", 20) + b"A" * 20 + pickle.STOP,
)
case(
    "lying frame: the frame covers STOP and hides the next pickle from a linear reader",
    # In memory, pickle 2 starts right after STOP with SHORT_BINBYTES swallowing an eval pickle;
    # read from a stream, the next pickle.load starts at the end of the frame: the eval pickle.
    proto(4) + frame(4) + pickle.NONE + pickle.STOP + pickle.SHORT_BINBYTES + bytes([len(EVAL_PICKLE)]) + EVAL_PICKLE + pickle.NONE + pickle.STOP,
)
case(
    "lying frame: a second frame inside the first, read differently by a stream",
    proto(4) + frame(11) + pickle.NONE + frame(2) + pickle.NONE + pickle.STOP + b"xxxxx",
)
case("frame longer than the data", proto(4) + frame(30) + pickle.NONE + pickle.STOP)
case(
    "a frame opened inside a frame, longer than the data",
    proto(5) + frame(30) + pickle.NONE + frame(2) + pickle.NONE + pickle.STOP,
)
case("frame of length zero", proto(4) + frame(0) + pickle.NONE + pickle.STOP)
case("frame exactly to STOP", framed(pickle.NONE + pickle.STOP))
case(
    "two honest frames",
    proto(4) + frame(3) + pickle.EMPTY_LIST + pickle.MARK + pickle.NONE + frame(2) + pickle.APPENDS + pickle.STOP,
)
case(
    "lying frame far into a long pickle (past a 128 KiB read-ahead)",
    proto(5)
    + pickle.NONE
    + pickle.UNICODE + b"a" * (8192 * 16 - 17) + b"\n"
    + pickle.POP
    + pickle.MARK
    + frame(2)
    + pickle.BINBYTES + bytes([len(swallowed) + 8]) + b"\x00\x00\x00"
    + swallowed + pickle.MARK + pickle.NONE * 7
    + pickle.POP_MARK
    + pickle.STOP,
)

# 2. Errors pickle.loads raises.
case("truncated after importing subprocess", glob("subprocess", "Popen"))
case("truncated after importing subprocess (protocol 4)", proto(4) + stack_glob("subprocess", "Popen"))
case("truncated after calling os.system", call(glob("os", "system"), s0("echo truncated")))
dynamic = (
    proto(4)
    + call(glob("builtins", "str"), s0("os"))
    + call(glob("builtins", "str"), s0("system"))
    + pickle.STACK_GLOBAL
)
case("stack underflow after a dynamic STACK_GLOBAL", dynamic + pickle.TUPLE2 + pickle.STOP)
case("a dynamic STACK_GLOBAL that is called", dynamic + text("echo dynamic") + pickle.TUPLE1 + pickle.REDUCE + pickle.STOP)
case(
    "a dynamic STACK_GLOBAL whose name is not a string",
    proto(4) + text("os") + call(glob("builtins", "len"), s0("ab")) + pickle.STACK_GLOBAL + pickle.STOP,
)
case("STACK_GLOBAL of two ints", proto(4) + int1(1) + int1(2) + pickle.STACK_GLOBAL + pickle.STOP)
case("BUILD with an int state on a list", proto(2) + pickle.EMPTY_LIST + int1(1) + pickle.BUILD + pickle.STOP)
case("BUILD with an empty dict on a list", proto(2) + pickle.EMPTY_LIST + pickle.EMPTY_DICT + pickle.BUILD + pickle.STOP)
case(
    "BUILD with a dict on a list",
    proto(2) + pickle.EMPTY_LIST + pickle.EMPTY_DICT + utf8("a") + int1(1) + pickle.SETITEM + pickle.BUILD + pickle.STOP,
)
case("BUILD with None on a dict", proto(2) + pickle.EMPTY_DICT + pickle.NONE + pickle.BUILD + pickle.STOP)
case("BUILD with a tuple state on an int", proto(2) + int1(3) + pickle.EMPTY_DICT + pickle.NONE + pickle.TUPLE2 + pickle.BUILD + pickle.STOP)
case(
    "BUILD on an instance with a non-dict state",
    proto(2) + glob("__main__", "Point") + pickle.EMPTY_TUPLE + pickle.NEWOBJ + int1(5) + pickle.BUILD + pickle.STOP,
)
case(
    "BUILD on an instance with a dict state",
    proto(2) + glob("__main__", "Point") + pickle.EMPTY_TUPLE + pickle.NEWOBJ + pickle.EMPTY_DICT + utf8("x") + int1(5) + pickle.SETITEM + pickle.BUILD + pickle.STOP,
)
case(
    "a dict that holds itself as a key",
    proto(2) + pickle.EMPTY_DICT + pickle.BINPUT + b"\x00" + pickle.BINGET + b"\x00" + utf8("value") + pickle.SETITEM + pickle.STOP,
)
case(
    "a dict that holds itself as a value",
    proto(2) + pickle.EMPTY_DICT + pickle.BINPUT + b"\x00" + utf8("self") + pickle.BINGET + b"\x00" + pickle.SETITEM + pickle.STOP,
)
case(
    "a set that holds itself",
    proto(4) + pickle.EMPTY_SET + pickle.MEMOIZE + pickle.MARK + pickle.BINGET + b"\x00" + pickle.ADDITEMS + pickle.STOP,
)
case("a list as a dict key", proto(2) + pickle.MARK + pickle.EMPTY_LIST + pickle.NONE + pickle.DICT + pickle.STOP)
case(
    "a tuple holding a list as a set item",
    proto(4) + pickle.EMPTY_SET + pickle.MARK + pickle.EMPTY_LIST + pickle.TUPLE1 + pickle.ADDITEMS + pickle.STOP,
)
case("a dict in a frozenset", proto(4) + pickle.MARK + pickle.EMPTY_DICT + pickle.FROZENSET + pickle.STOP)
case("a bytearray as a dict key", proto(5) + pickle.EMPTY_DICT + b"\x96\x01" + b"\x00" * 7 + b"a" + pickle.NONE + pickle.SETITEM + pickle.STOP)
case(
    "a tuple of strings and a frozenset as keys (hashable)",
    proto(4) + pickle.EMPTY_DICT + pickle.MARK + text("a") + text("b") + pickle.TUPLE2 + pickle.NONE
    + pickle.MARK + int1(1) + pickle.FROZENSET + pickle.NONE + pickle.SETITEMS + pickle.STOP,
)
case("BUILD with a slot state on a list", proto(2) + pickle.EMPTY_LIST + pickle.NONE + pickle.EMPTY_DICT + utf8("a") + int1(1) + pickle.SETITEM + pickle.TUPLE2 + pickle.BUILD + pickle.STOP)
case("BUILD with a dict on a dict", proto(2) + pickle.EMPTY_DICT + pickle.EMPTY_DICT + pickle.BUILD + pickle.STOP)
case("BUILD with a dict on a class", proto(2) + glob("__main__", "Point") + pickle.EMPTY_DICT + utf8("x") + int1(1) + pickle.SETITEM + pickle.BUILD + pickle.STOP)
case("BUILD with a dict on a builtin function", proto(2) + glob("builtins", "len") + pickle.EMPTY_DICT + pickle.BUILD + pickle.STOP)
case("SETITEM on a list with an index in range", proto(2) + pickle.MARK + pickle.NONE + pickle.LIST + int1(0) + int1(5) + pickle.SETITEM + pickle.STOP)
case("SETITEM on a list with an index out of range", proto(2) + pickle.EMPTY_LIST + int1(0) + int1(5) + pickle.SETITEM + pickle.STOP)
case("SETITEM on a tuple", proto(2) + pickle.EMPTY_TUPLE + int1(0) + int1(5) + pickle.SETITEM + pickle.STOP)
case("APPEND to a deque", proto(2) + glob("collections", "deque") + pickle.EMPTY_TUPLE + pickle.REDUCE + int1(1) + pickle.APPEND + pickle.STOP)
case("READONLY_BUFFER on bytes", proto(5) + short_bytes(b"ab") + b"\x98" + pickle.STOP)
case("READONLY_BUFFER on None", proto(5) + pickle.NONE + b"\x98" + pickle.STOP)
case("negative PUT index", b"Np-1\n.")
case("1 and True as dict keys", proto(2) + pickle.EMPTY_DICT + int1(1) + utf8("a") + pickle.SETITEM + pickle.NEWTRUE + utf8("b") + pickle.SETITEM + pickle.STOP)
case("a frozenset call result as a dict key", proto(2) + pickle.EMPTY_DICT + glob("builtins", "frozenset") + pickle.EMPTY_TUPLE + pickle.REDUCE + pickle.NONE + pickle.SETITEM + pickle.STOP)
case("APPEND to an int", proto(2) + int1(1) + pickle.NONE + pickle.APPEND + pickle.STOP)
case("SETITEM on a list", proto(2) + pickle.EMPTY_LIST + pickle.NONE + pickle.NONE + pickle.SETITEM + pickle.STOP)
case("ADDITEMS to a list", proto(4) + pickle.EMPTY_LIST + pickle.MARK + pickle.NONE + pickle.ADDITEMS + pickle.STOP)
case("REDUCE with a list of arguments", proto(2) + glob("builtins", "len") + pickle.MARK + s0("ab") + pickle.LIST + pickle.REDUCE + pickle.STOP)
case("REDUCE of an int", proto(2) + int1(1) + pickle.EMPTY_TUPLE + pickle.REDUCE + pickle.STOP)
case("NEWOBJ of a function", proto(2) + glob("builtins", "len") + pickle.EMPTY_TUPLE + pickle.NEWOBJ + pickle.STOP)
case("NEWOBJ of a str", proto(2) + utf8("x") + pickle.EMPTY_TUPLE + pickle.NEWOBJ + pickle.STOP)
case("persistent id without persistent_load", b"Prow-42\n.")
case("binary persistent id without persistent_load", proto(2) + utf8("row") + pickle.BINPERSID + pickle.STOP)
case("out-of-band buffer without buffers", proto(5) + b"\x97" + pickle.STOP)
case("extension code that is not registered", proto(2) + b"\x82\x01" + pickle.STOP)
case("memo GET before PUT", proto(2) + pickle.BINGET + b"\x03" + pickle.STOP)
case("STOP on an empty stack", pickle.STOP)
case("STOP inside a MARK", pickle.MARK + pickle.NONE + pickle.STOP)
case("TUPLE without MARK", proto(4) + pickle.NONE + pickle.TUPLE + pickle.STOP)
case("POP_MARK without MARK", b"1.")
case("STRING of one quote", b"S'\n.")
case("STRING with mismatched quotes", b"S'abc\"\n.")

# 3. Trailing pickles.
case("trailing pickle that calls eval", b"N." + EVAL_PICKLE)
case("three pickles, the third calls os.system", b"K\x01.K\x02." + SYSTEM_PICKLE)
case("trailing newline after STOP", pickle.dumps([1, 2], protocol=2) + b"\n")
case("trailing garbage after STOP", pickle.dumps("data", protocol=4) + b"\xff\xfe")
case("two well-formed pickles with frames", pickle.dumps({"a": 1}, protocol=4) + pickle.dumps([1, 2], protocol=5))
case("a truncated second pickle", pickle.dumps(1, protocol=2) + b"\x80\x02K")

# 4. Names that must be dangerous.
os_module = call(glob("builtins", "__import__"), s0("os"))
case(
    "_operator.methodcaller('system', ...)(os)",
    call(call(glob("_operator", "methodcaller"), s0("system"), s0("echo methodcaller")), os_module) + pickle.STOP,
)
case(
    "_operator.attrgetter('system')(os)('...')",
    call(call(call(glob("_operator", "attrgetter"), s0("system")), os_module), s0("echo attrgetter")) + pickle.STOP,
)
case(
    "_operator.getitem(sys.modules, 'os')",
    call(glob("_operator", "getitem"), call(glob("builtins", "getattr"), call(glob("builtins", "__import__"), s0("sys")), s0("modules")), s0("os")) + pickle.STOP,
)
case("uuid._get_command_stdout", apply("uuid", "_get_command_stdout", text("echo"), text("uuid")))
case("_aix_support._read_cmd_output", apply("_aix_support", "_read_cmd_output", text("echo aix")))
case("_osx_support._find_build_tool", apply("_osx_support", "_find_build_tool", text("x; echo osx #")))
case(
    "distutils.file_util.write_file",
    apply("distutils.file_util", "write_file", text("/tmp/pickle-vector-written"), pickle.MARK + text("content") + pickle.LIST),
)
case("imaplib.IMAP4", apply("imaplib", "IMAP4", text("127.0.0.1"), int2(143)))
case("poplib.POP3", apply("poplib", "POP3", text("127.0.0.1"), int2(110)))
case("nntplib.NNTP", apply("nntplib", "NNTP", text("127.0.0.1"), int2(119)))
case("smtplib.SMTP", apply("smtplib", "SMTP", text("127.0.0.1"), int2(25)))
case("ftplib.FTP", apply("ftplib", "FTP", text("127.0.0.1")))
case("telnetlib.Telnet", apply("telnetlib", "Telnet", text("127.0.0.1"), int2(23)))
case("_xxsubinterpreters.create", apply("_xxsubinterpreters", "create"))
case("_interpreters.create", apply("_interpreters", "create"))
case("nested loader: pickle.loads", apply("pickle", "loads", short_bytes(SYSTEM_PICKLE)))
case("nested loader: _pickle.loads", apply("_pickle", "loads", short_bytes(SYSTEM_PICKLE)))
code_object = marshal.dumps(compile("import os\nos.system('echo marshal')", "<payload>", "exec"))
case(
    "nested loader: marshal.loads, then types.FunctionType",
    proto(4)
    + call(
        call(stack_glob("types", "FunctionType"), call(stack_glob("marshal", "loads"), pickle.BINBYTES + struct.pack("<I", len(code_object)) + code_object), pickle.EMPTY_DICT)
    )
    + pickle.STOP,
)
case("nested loader: torch.load", apply("torch", "load", text("/tmp/model.pt")))
case("nested loader: torch.storage._load_from_bytes", apply("torch.storage", "_load_from_bytes", short_bytes(SYSTEM_PICKLE)))
case(
    "nested loader: numpy.load with allow_pickle",
    proto(4) + call(stack_glob("numpy", "load"), call(stack_glob("_io", "BytesIO"), short_bytes(SYSTEM_PICKLE)), pickle.NONE, pickle.NEWTRUE) + pickle.STOP,
)
case("nested loader: yaml.unsafe_load", apply("yaml", "unsafe_load", text("!!python/object/apply:os.system ['echo yaml']")))
case(
    "numpy.f2py.crackfortran.getlincoef",
    apply("numpy.f2py.crackfortran", "getlincoef", text("__import__('os').system('echo f2py')"), pickle.EMPTY_DICT),
)
case(
    "numpy.testing._private.utils.runstring",
    apply("numpy.testing._private.utils", "runstring", text("import os; os.system('echo runstring')"), pickle.EMPTY_DICT),
)

# ---------------------------------------------------------------- adversarial payloads

ADVERSARIAL = []


def adversarial(name, data):
    ADVERSARIAL.append((name, data))


adversarial("pty.spawn through OBJ", pickle.MARK + glob("pty", "spawn") + s0("id") + pickle.OBJ + pickle.STOP)
adversarial("runpy.run_path", apply("runpy", "run_path", text("/nonexistent/payload.py")))
adversarial("cProfile.run", apply("cProfile", "run", text("print('cProfile')")))
adversarial("profile.run", apply("profile", "run", text("print('profile')")))
adversarial("timeit.timeit", apply("timeit", "timeit", text("__import__('os').system('echo timeit')")))
adversarial("builtins.exec", apply0("builtins", "exec", s0("import os; os.system('echo exec')")))
adversarial("builtins.compile", apply0("builtins", "compile", s0("1"), s0("<x>"), s0("eval")))
adversarial(
    "getattr(ctypes.CDLL(None), 'system')(b'id')",
    proto(4) + call(call(stack_glob("builtins", "getattr"), call(stack_glob("ctypes", "CDLL"), pickle.NONE), text("system")), short_bytes(b"echo ctypes")) + pickle.STOP,
)
adversarial(
    "pydoc.locate('os.system')('...')",
    proto(4) + call(call(stack_glob("pydoc", "locate"), text("os.system")), text("echo pydoc")) + pickle.STOP,
)
adversarial(
    "getattr(importlib.import_module('os'), 'system')",
    proto(4) + call(call(stack_glob("builtins", "getattr"), call(stack_glob("importlib", "import_module"), text("os")), text("system")), text("echo importlib")) + pickle.STOP,
)
adversarial(
    "code.InteractiveInterpreter().runsource",
    proto(4) + call(call(stack_glob("builtins", "getattr"), call(stack_glob("code", "InteractiveInterpreter")), text("runsource")), text("__import__('os').system('echo code')")) + pickle.STOP,
)
adversarial(
    "multiprocessing.util.spawnv_passfds",
    apply("multiprocessing.util", "spawnv_passfds", short_bytes(b"/bin/sh"), pickle.MARK + short_bytes(b"/bin/sh") + short_bytes(b"-c") + short_bytes(b"echo spawnv") + pickle.LIST, pickle.EMPTY_TUPLE),
)
adversarial(
    "__import__ and getattr kept in the memo",
    glob("builtins", "__import__") + s0("os") + pickle.TUPLE1 + pickle.REDUCE + b"p0\n" + pickle.POP
    + glob("builtins", "getattr") + b"g0\n" + s0("system") + pickle.TUPLE2 + pickle.REDUCE + b"p1\n" + pickle.POP
    + b"g1\n" + s0("echo memo") + pickle.TUPLE1 + pickle.REDUCE + pickle.STOP,
)
adversarial("_io.FileIO of /etc/passwd", apply("_io", "FileIO", text("/etc/passwd")))
adversarial("builtins.open for writing", apply0("builtins", "open", s0("/tmp/pickle-vector-written"), s0("w")))
adversarial(
    "asyncio _UnixSubprocessTransport._start (dotted name)",
    apply("asyncio.unix_events", "_UnixSubprocessTransport._start", pickle.EMPTY_DICT, text("echo asyncio"), pickle.NEWTRUE, pickle.NONE, pickle.NONE, pickle.NONE, int1(0)),
)
adversarial(
    "smtplib.SMTP through OBJ, then POP",
    proto(4) + pickle.MARK + stack_glob("smtplib", "SMTP") + text("127.0.0.1") + pickle.OBJ + pickle.POP + pickle.NONE + pickle.STOP,
)
adversarial("pathlib + os.system dotted name", apply("pathlib", "os.system", text("echo dotted")))
adversarial("ast.parse imported only", proto(4) + stack_glob("ast", "parse") + pickle.STOP)
adversarial("_codecs.encode", apply("_codecs", "encode", text("abc"), text("latin1")))
adversarial("__future__.annotations imported only", proto(4) + stack_glob("__future__", "annotations") + pickle.STOP)
adversarial("functools.partial(os.system, ...)()", apply("functools", "partial", stack_glob("os", "system"), text("echo partial"))[:-1] + pickle.EMPTY_TUPLE + pickle.REDUCE + pickle.STOP)
adversarial("subprocess.getoutput", apply("subprocess", "getoutput", text("echo getoutput")))
adversarial("subprocess.run", apply("subprocess", "run", pickle.MARK + text("echo") + text("run") + pickle.LIST))
adversarial("os.popen", apply("os", "popen", text("echo popen")))
adversarial("posix.system", apply0("posix", "system", s0("echo posix")))
adversarial("shutil.rmtree of a missing directory", apply("shutil", "rmtree", text("/nonexistent-pickle-vector")))
adversarial("tempfile.mkstemp", apply("tempfile", "mkstemp"))
adversarial("socket.create_connection", apply("socket", "create_connection", text("127.0.0.1") + int1(9) + pickle.TUPLE2))
adversarial("urllib.request.urlopen", apply("urllib.request", "urlopen", text("http://127.0.0.1:9/")))
adversarial("http.client.HTTPConnection(...).connect", proto(4) + call(call(stack_glob("builtins", "getattr"), call(stack_glob("http.client", "HTTPConnection"), text("127.0.0.1"), int1(9)), text("connect"))) + pickle.STOP)
adversarial("operator.attrgetter", proto(4) + call(call(call(stack_glob("operator", "attrgetter"), text("system")), call(stack_glob("builtins", "__import__"), text("os"))), text("echo attrgetter")) + pickle.STOP)
adversarial("builtins.getattr(builtins, 'eval')", proto(4) + call(call(stack_glob("builtins", "getattr"), call(stack_glob("builtins", "__import__"), text("builtins")), text("eval")), text("__import__('os').system('echo getattr')")) + pickle.STOP)
adversarial(
    "dynamic name from itemgetter and join",
    proto(4)
    + call(call(stack_glob("builtins", "getattr"), text(""), text("join")), call(call(stack_glob("operator", "itemgetter"), int1(0), int1(1)), text("os")))
    + call(call(stack_glob("builtins", "getattr"), text(""), text("join")), call(call(stack_glob("operator", "itemgetter"), int1(0), int1(1), int1(2), int1(3), int1(4), int1(5)), text("system")))
    + pickle.STACK_GLOBAL + text("echo itemgetter") + pickle.TUPLE1 + pickle.REDUCE + pickle.STOP,
)
adversarial("INST of os.system, protocol 0", pickle.MARK + s0("echo inst") + b"ios\nsystem\n" + pickle.STOP)
adversarial("NEWOBJ_EX of a class with kwargs", proto(4) + stack_glob("__main__", "KeywordOnly") + pickle.EMPTY_TUPLE + pickle.EMPTY_DICT + text("size") + int1(3) + pickle.SETITEM + b"\x92" + pickle.STOP)
adversarial("a list that appends itself 30 times", proto(4) + pickle.EMPTY_LIST + pickle.MEMOIZE + (pickle.BINGET + b"\x00" + pickle.APPEND) * 30 + pickle.STOP)
adversarial("builtins.len, harmless call", apply("builtins", "len", text("hello")))
adversarial("builtins.set of a list", apply("builtins", "set", pickle.MARK + int1(1) + int1(2) + pickle.LIST))
adversarial("datetime.date with bytes (as pickle.dumps writes it)", pickle.dumps(datetime.date(2024, 2, 29), protocol=2))
adversarial("decimal.Decimal", pickle.dumps(decimal.Decimal("1.25"), protocol=4))
adversarial("fractions.Fraction", pickle.dumps(fractions.Fraction(3, 4), protocol=4))
adversarial("collections.Counter", pickle.dumps(collections.Counter("abca"), protocol=4))
adversarial("copyreg._reconstructor of a class", pickle.dumps(Point(1, 2), protocol=1))
adversarial("big list across several frames", pickle.dumps(list(range(30000)), protocol=4))
adversarial("big unframed bytes between frames", pickle.dumps([1, b"y" * 100000, 2], protocol=5))

# ---------------------------------------------------------------- random values, pickled by CPython

rng = random.Random(20260518)


def random_atom():
    kind = rng.randrange(9)
    if kind == 0:
        return None
    if kind == 1:
        return rng.random() < 0.5
    if kind == 2:
        return rng.randint(-(2**70), 2**70) if rng.random() < 0.3 else rng.randint(-70000, 70000)
    if kind == 3:
        return rng.choice([0.0, -0.0, 1.5, 1e300, float("inf"), rng.uniform(-1e6, 1e6)])
    if kind == 4:
        return "".join(chr(rng.choice([rng.randrange(32, 127), rng.randrange(0x80, 0x3000), 0x1F600, 10, 0])) for _ in range(rng.randrange(12)))
    if kind == 5:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(12)))
    if kind == 6:
        return bytearray(rng.randrange(256) for _ in range(rng.randrange(5)))
    if kind == 7:
        return complex(rng.randrange(-9, 9), rng.randrange(-9, 9))
    return datetime.datetime(2000 + rng.randrange(50), 1 + rng.randrange(12), 1 + rng.randrange(28), rng.randrange(24))


def random_key(depth):
    value = random_atom()
    if isinstance(value, (bytearray,)):
        return bytes(value)
    if depth < 2 and rng.random() < 0.2:
        return tuple(random_key(depth + 1) for _ in range(rng.randrange(3)))
    return value


def random_value(depth=0):
    if depth > 3 or rng.random() < 0.35:
        return random_atom()
    kind = rng.randrange(6)
    n = rng.randrange(6)
    if kind == 0:
        return [random_value(depth + 1) for _ in range(n)]
    if kind == 1:
        return tuple(random_value(depth + 1) for _ in range(n))
    if kind == 2:
        return {random_key(depth): random_value(depth + 1) for _ in range(n)}
    if kind == 3:
        return {random_key(depth) for _ in range(n)}
    if kind == 4:
        return frozenset(random_key(depth) for _ in range(n))
    return collections.OrderedDict((str(i), random_value(depth + 1)) for i in range(n))


RANDOM = []
for i in range(240):
    value = random_value()
    if rng.random() < 0.15:
        value = [value, value]  # a shared reference: the memo at work
    if rng.random() < 0.05:
        loop = [value]
        loop.append(loop)  # a list that holds itself
        value = loop
    protocol = i % 6
    RANDOM.append((f"random value {i} (protocol {protocol})", pickle.dumps(value, protocol=protocol)))

# ---------------------------------------------------------------- run everything

with open(os.path.join(HERE, "pickles.json")) as f:
    vectors = json.load(f)["entries"]

corpus = []
for entry in vectors:
    suffix = "" if entry["protocol"] is None else f" (protocol {entry['protocol']})"
    corpus.append((entry["source"], entry["name"] + suffix, bytes.fromhex(entry["hex"])))
corpus += [("issue", name, data) for name, data in ISSUE]
corpus += [("adversarial", name, data) for name, data in ADVERSARIAL]
with open(os.path.join(HERE, "fickling-cases.json")) as f:
    corpus += [("fickling", case["name"], bytes.fromhex(case["hex"])) for case in json.load(f)["cases"]]
corpus += [("random", name, data) for name, data in RANDOM]

names = [name for _, name, _ in corpus]
duplicates = {name for name in names if names.count(name) > 1}
if duplicates:
    raise SystemExit(f"duplicate names: {sorted(duplicates)}")

entries = []
for source, name, data in corpus:
    entry = {"source": source, "name": name, "hex": data.hex()}
    entry.update(run(data))
    entries.append(entry)
    print(f"{len(entries)}/{len(corpus)} {name}", file=sys.stderr)

json.dump(
    {
        "origin": "CPython %s pickle.loads / pickle.load under an audit hook, made by make_pickle_loads.py" % sys.version.split()[0],
        "entries": entries,
    },
    sys.stdout,
    separators=(",", ":"),
)
sys.stdout.write("\n")

#!/usr/bin/env python3
"""Makes boot-seed-cpython.json: CPython's fallback seeds, caught in the act.

    python3 make_boot_seed_vectors.py > boot-seed-cpython.json     (Linux x86_64, needs cc)

"time_pid": when random.Random() finds no OS randomness, Modules/_randommodule.c
random_seed_time_pid() seeds init_by_array with five 32-bit words:
    [wall ns & 0xffffffff, wall ns >> 32, getpid(), monotonic ns & 0xffffffff, monotonic ns >> 32]
(_PyTime_GetSystemClock / _PyTime_GetMonotonicClock in 3.11 and 3.12, PyTime_Time /
PyTime_Monotonic from 3.13). To make CPython really take that path, this script re-runs itself
  - with a seccomp filter that makes getrandom() fail with ENOSYS (CPython then falls back to
    /dev/urandom, as on kernels before 3.17), and
  - with RLIMIT_NOFILE lowered so that opening /dev/urandom fails with EMFILE,
so _PyOS_URandomNonblock fails and random_seed_time_pid runs. A small LD_PRELOAD library
records what clock_gettime() returned inside that call, so the two clock readings the key was
built from are known exactly; the script then checks that random.seed() of the integer whose
32-bit words are that key gives the very same generator state (CPython's own init_by_array), and
records the state's first outputs. "window" holds time.time_ns()/time.monotonic_ns() read just
before and just after random.Random(), what an observer inside the process could know.

"time_256": CPython 2.7 and 3.2-3.5 (Lib/random.py) fell back, when os.urandom raised
NotImplementedError, on `a = int(time.time() * 256)`; random.seed(a) seeds from that integer
the same way in 3.11, which makes these tokens. That fallback line itself is not run here.
"""
import ctypes
import json
import os
import platform
import random
import resource
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHIM = r'''
#define _GNU_SOURCE
#include <dlfcn.h>
#include <time.h>
static int (*real_clock_gettime)(clockid_t, struct timespec *);
int boot_seed_count;
int boot_seed_clock[16];
long long boot_seed_ns[16];
int clock_gettime(clockid_t id, struct timespec *ts) {
    if (!real_clock_gettime) real_clock_gettime = dlsym(RTLD_NEXT, "clock_gettime");
    int r = real_clock_gettime(id, ts);
    if (r == 0 && boot_seed_count < 16) {
        boot_seed_clock[boot_seed_count] = (int)id;
        boot_seed_ns[boot_seed_count] = ts->tv_sec * 1000000000LL + ts->tv_nsec;
        boot_seed_count++;
    }
    return r;
}
'''
CLOCK_REALTIME, CLOCK_MONOTONIC = 0, 1


def deny_getrandom():
    """seccomp: getrandom() returns ENOSYS, everything else is allowed."""
    def op(code, jt, jf, k):
        return struct.pack('<HBBI', code, jt, jf, k)
    audit_arch_x86_64, sys_getrandom, enosys = 0xC000003E, 318, 38
    allow, errno = 0x7FFF0000, 0x00050000
    program = b''.join([
        op(0x20, 0, 0, 4),                      # A = seccomp_data.arch
        op(0x15, 1, 0, audit_arch_x86_64),      # x86_64: go on
        op(0x06, 0, 0, allow),
        op(0x20, 0, 0, 0),                      # A = seccomp_data.nr
        op(0x15, 0, 1, sys_getrandom),
        op(0x06, 0, 0, errno | enosys),
        op(0x06, 0, 0, allow),
    ])
    buffer = ctypes.create_string_buffer(program)

    class SockFprog(ctypes.Structure):
        _fields_ = [('len', ctypes.c_ushort), ('filter', ctypes.c_void_p)]

    fprog = SockFprog(len(program) // 8, ctypes.addressof(buffer))
    libc = ctypes.CDLL(None, use_errno=True)
    assert libc.prctl(38, 1, 0, 0, 0) == 0               # PR_SET_NO_NEW_PRIVS
    assert libc.prctl(22, 2, ctypes.byref(fprog), 0, 0) == 0, ctypes.get_errno()  # SECCOMP


def no_more_files():
    lowest_free = os.dup(0)
    os.close(lowest_free)
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (lowest_free, hard))


def child(shim_path):
    shim = ctypes.CDLL(shim_path)
    count = ctypes.c_int.in_dll(shim, 'boot_seed_count')
    clocks = (ctypes.c_int * 16).in_dll(shim, 'boot_seed_clock')
    readings = (ctypes.c_longlong * 16).in_dll(shim, 'boot_seed_ns')
    deny_getrandom()
    no_more_files()
    try:
        os.urandom(16)
        raise SystemExit('os.urandom still works: the fallback would not run')
    except OSError:
        pass
    out = []
    for _ in range(3):
        before = (time.time_ns(), time.monotonic_ns())
        count.value = 0
        victim = random.Random()            # the fallback: random_seed_time_pid()
        seen = [(clocks[i], readings[i]) for i in range(count.value)]
        after = (time.time_ns(), time.monotonic_ns())
        assert [c for c, _ in seen] == [CLOCK_REALTIME, CLOCK_MONOTONIC], seen
        wall, monotonic = seen[0][1], seen[1][1]
        pid = os.getpid()
        key = [wall & 0xFFFFFFFF, wall >> 32, pid, monotonic & 0xFFFFFFFF, monotonic >> 32]
        assert key[4] != 0, 'monotonic clock below 2^32 ns: seed(int) would drop the top word'
        as_int = sum(word << (32 * i) for i, word in enumerate(key))
        twin = random.Random(as_int)
        assert twin.getstate() == victim.getstate(), 'the key is not [wall, pid, monotonic]'
        outputs = [victim.getrandbits(32) for _ in range(8)]
        token = '%032x' % twin.getrandbits(128)
        out.append({
            'pid': pid, 'wall_ns': str(wall), 'monotonic_ns': str(monotonic), 'key': key,
            'window': {'wall_ns': [str(before[0]), str(after[0])],
                       'monotonic_ns': [str(before[1]), str(after[1])]},
            'first_getrandbits32': outputs, 'token_getrandbits128_hex': token,
        })
    print(json.dumps(out))


def main():
    assert platform.system() == 'Linux' and platform.machine() == 'x86_64'
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / 'shim.c'
        source.write_text(SHIM)
        shim = Path(tmp) / 'shim.so'
        subprocess.run(['cc', '-shared', '-fPIC', '-O2', '-o', str(shim), str(source), '-ldl'],
                       check=True)
        env = dict(os.environ, LD_PRELOAD=str(shim))
        run = subprocess.run([sys.executable, __file__, '--child', str(shim)], env=env,
                             capture_output=True, text=True, check=True)
    time_pid = json.loads(run.stdout)

    time_256 = []
    for wall in [1700000000.5, 1712345678.25, time.time()]:
        seed = int(wall * 256)
        token = '%032x' % random.Random(seed).getrandbits(128)
        time_256.append({'time': wall, 'seed': seed, 'token_getrandbits128_hex': token})

    print(json.dumps({
        'python': platform.python_version(),
        'made_by': 'make_boot_seed_vectors.py',
        'time_pid': time_pid,
        'time_256': time_256,
    }, indent=1))


if __name__ == '__main__':
    if len(sys.argv) == 3 and sys.argv[1] == '--child':
        child(sys.argv[2])
    else:
        main()

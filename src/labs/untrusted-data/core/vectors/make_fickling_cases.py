#!/usr/bin/env python3
"""
Makes fickling-cases.json: every pickle that the test suite of fickling (Trail of Bits' pickle
analyser, https://github.com/trailofbits/fickling) builds or reads, as bytes. make_pickle_loads.py
adds them to the corpus that CPython loads for the pickle scanner's differential test, where they
are the group "fickling": bypasses reported against pickle scanners (advisories GHSA-*), frames
that lie, cyclic and unhashable values, expansion attacks, scanner deactivation, injected code.

fickling's tests write their pickles as lists of opcodes (fickling.fickle.Pickled); this script
runs that suite with Pickled's constructor watched and keeps each distinct pickle, serialized
with its opcodes' bytes verbatim (dumps(reframe=False): a FRAME that lies keeps its lie), with
the test that made it. Pickles above 64 KiB are left out (pickle.dumps of big values, checked as
well by the corpus's own), except the one test whose point is a lying frame past a 128 KiB
read-ahead.

Run with CPython 3.11 on a checkout of fickling (its tests import only fickling and the standard
library; those that need torch fail and are skipped, which changes nothing here):
    python3 make_fickling_cases.py /path/to/fickling <commit> > fickling-cases.json
It runs fickling's own test code, as its CI does: use a checkout you would run anyway.
"""
import json
import os
import sys
import unittest

root, commit = os.path.abspath(sys.argv[1]), sys.argv[2]
sys.path.insert(0, root)
os.chdir(root)

import fickling.fickle as fickle  # noqa: E402

BIG = 64 * 1024
BIG_ON_PURPOSE = {"test_frame_boundary_divergence"}

found = {}  # bytes -> the test that made them, first one wins
current = ["?"]
constructed = fickle.Pickled.__init__


def watched(self, *args, **kwargs):
    constructed(self, *args, **kwargs)
    try:
        data = self.dumps(reframe=False)
    except Exception:  # an opcode list fickling itself cannot serialize
        return
    if data not in found and (len(data) <= BIG or current[0].split(".")[-1] in BIG_ON_PURPOSE):
        found[data] = current[0]


fickle.Pickled.__init__ = watched


class Watching(unittest.TextTestResult):
    def startTest(self, test):
        current[0] = test.id()
        super().startTest(test)


suite = unittest.TestSuite()
for name in sorted(os.listdir("test")):
    if name.startswith("test_") and name.endswith(".py"):
        suite.addTests(unittest.TestLoader().loadTestsFromName("test." + name[:-3]))
# Some tests print, or load a pickle for real that prints: keep them off the JSON.
out = os.fdopen(os.dup(1), "w")
os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
result = unittest.TextTestRunner(resultclass=Watching, stream=open(os.devnull, "w")).run(suite)
print(f"{result.testsRun} tests ran, {len(found)} distinct pickles", file=sys.stderr)

cases = []
counts = {}
for data, test in found.items():
    parts = test.split(".")
    base = f"{parts[-3].removeprefix('test_')}: {parts[-1]}"
    counts[base] = counts.get(base, 0) + 1
    cases.append({"name": base if counts[base] == 1 else f"{base} #{counts[base]}", "hex": data.hex()})

json.dump(
    {
        "origin": f"pickles built or read by the test suite of trailofbits/fickling at {commit}, made by make_fickling_cases.py",
        "cases": cases,
    },
    out,
    indent=0,
)
out.write("\n")

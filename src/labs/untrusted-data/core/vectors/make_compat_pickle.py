#!/usr/bin/env python3
"""
Makes compat-pickle.json: the renames CPython applies to GLOBAL names in pickles of protocol 0-2
(fix_imports=True, the default), copied from the standard library's _compat_pickle. The symbolic
loader applies the forward ones, so `__builtin__.eval` is reported as the `builtins.eval` that
pickle.loads would really import; the payload builder applies the reverse ones, as pickle.dumps
does when it writes `builtins.len` as `__builtin__ len`.

Run with CPython 3.11: python3 make_compat_pickle.py > compat-pickle.json
"""
import _compat_pickle
import json
import sys

json.dump(
    {
        "origin": "CPython %s _compat_pickle" % sys.version.split()[0],
        "import_mapping": _compat_pickle.IMPORT_MAPPING,
        "name_mapping": [[list(k), list(v)] for k, v in _compat_pickle.NAME_MAPPING.items()],
        "reverse_import_mapping": _compat_pickle.REVERSE_IMPORT_MAPPING,
        "reverse_name_mapping": [
            [list(k), list(v)] for k, v in _compat_pickle.REVERSE_NAME_MAPPING.items()
        ],
    },
    sys.stdout,
    indent=1,
    sort_keys=True,
)
sys.stdout.write("\n")

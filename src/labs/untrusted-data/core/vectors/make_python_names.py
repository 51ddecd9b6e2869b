#!/usr/bin/env python3
"""
Makes python-names.json: what each name of a few modules is, as the program that runs
pickle.loads sees it: the builtins (with the names site.py adds: exit, quit, help...) and the
modules whose callables the scanner's allow-list names (codecs, copyreg, collections, datetime,
decimal, fractions, uuid). The symbolic loader uses it where CPython's answer depends on it:
REDUCE raises "'str' object is not callable" for builtins.__doc__, NEWOBJ "class argument must be
a type, not builtin_function_or_method" for builtins.len, APPEND "'builtin_function_or_method'
object has no attribute 'append'" for _codecs.encode.

Each name maps to [kind, type name], kind being "type", "callable" or "value".

Run with CPython 3.11: python3 make_python_names.py > python-names.json
"""
import builtins
import importlib
import json
import sys

MODULES = ["builtins", "_codecs", "codecs", "copyreg", "collections", "datetime", "decimal", "fractions", "uuid"]

names = {}
for module_name in MODULES:
    module = builtins if module_name == "builtins" else importlib.import_module(module_name)
    for name in sorted(dir(module)):
        value = getattr(module, name)
        kind = "type" if isinstance(value, type) else "callable" if callable(value) else "value"
        names[f"{module_name}.{name}"] = [kind, type(value).__name__]

json.dump(
    {"origin": "CPython %s, made by make_python_names.py" % sys.version.split()[0], "names": names},
    sys.stdout,
    separators=(",", ":"),
    sort_keys=True,
)
sys.stdout.write("\n")

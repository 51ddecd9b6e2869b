/**
 * The PEP 578 audit hook every real-Python feature installs before it touches a learner's bytes or
 * code (https://peps.python.org/pep-0578/), as Python source: plain data, so the same text runs in
 * Pyodide in the page's Python sandbox, in Pyodide in the CLI's isolated child, and in a local
 * `python3` for the differential tests. The untrusted-data lab's `pickle.loads` (its
 * core/python/audit-hook.ts) and the randomness lab's Python session build on it.
 *
 * `install_audit_hook(permits)` adds the hook with `sys.addaudithook` (for the life of the
 * interpreter: a hook cannot be removed) and returns its controls. While armed, the hook records
 * every audit event (name and arguments, JSON-safe and truncated; at most MAX_EVENTS, the rest
 * counted) and refuses each one `permits(event, args)` does not allow, by raising PermissionError
 * from the hook, which aborts the operation before it happens. Its state lives in closures; keep
 * the controls in a namespace the learner's input cannot name.
 *
 * Pyodide's bridges to JavaScript (`js`, `pyodide`, `pyodide_js`, `_pyodide*`) are taken out of
 * `sys.modules` and `sys.meta_path` first, so that importing them is a fresh import, which raises
 * the `import` event (recorded with the module's name only, and refused unless permitted).
 *
 * Event arguments in the record: str as is; bytes and bytearray decoded as UTF-8 with backslash
 * escapes for other bytes; int as a number within ±2^53, else "<int of N bits>"; float as a number
 * ("nan", "inf", "-inf" as strings); None and bool as is; tuples and lists as arrays (3 levels, 20
 * items); anything else as "<TypeName>". Texts are cut at MAX_TEXT characters.
 */

export const MAX_EVENTS = 200;
export const MAX_TEXT = 1000;

/** Pyodide's ways into JavaScript: never importable by learner input. */
export const BRIDGE_MODULES = ['js', 'pyodide', 'pyodide_js', '_pyodide', '_pyodide_core'] as const;

/** A Python tuple literal of strings. */
export const pythonStrings = (names: readonly string[]) =>
  `(${names.map((n) => `'${n}'`).join(', ')},)`;

/**
 * Python that defines `install_audit_hook(permits)`, which returns a dict of controls:
 * `arm()` and `disarm()`, `take()` (the events recorded since the last take, and how many were
 * dropped), `cut(text, limit)`, `safe(value)` and `is_bridge(module)`.
 */
export const AUDIT_HOOK_INSTALLER = `
def install_audit_hook(permits):
    import sys

    max_events = ${MAX_EVENTS}
    max_text = ${MAX_TEXT}
    bridges = frozenset(${pythonStrings(BRIDGE_MODULES)})
    events = []
    dropped = [0]
    armed = [False]

    def cut(text, limit=max_text):
        if len(text) <= limit:
            return text
        return text[:limit] + '... (' + str(len(text) - limit) + ' more characters)'

    def safe(value, depth=0):
        kind = type(value)
        if value is None or kind is bool:
            return value
        if kind is int:
            if -(2 ** 53) < value < 2 ** 53:
                return value
            return '<int of ' + str(value.bit_length()) + ' bits>'
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

    def is_bridge(module):
        return type(module) is str and module.partition('.')[0] in bridges

    def hook(event, args):
        if not armed[0]:
            return
        if event == 'import':
            shown = [safe(args[0])] if args else []
        else:
            shown = safe(tuple(args))
        refused = not permits(event, args)
        if len(events) < max_events:
            events.append({'event': event, 'args': shown, 'refused': refused})
        else:
            dropped[0] += 1
        if refused:
            raise PermissionError(event + ' was refused by the audit hook')

    def arm():
        armed[0] = True

    def disarm():
        armed[0] = False

    def take():
        taken = (list(events), dropped[0])
        del events[:]
        dropped[0] = 0
        return taken

    for name in list(sys.modules):
        if is_bridge(name):
            del sys.modules[name]
    sys.meta_path[:] = [f for f in sys.meta_path if not type(f).__module__.startswith('_pyodide')]
    sys.addaudithook(hook)
    return {'arm': arm, 'disarm': disarm, 'take': take, 'cut': cut, 'safe': safe, 'is_bridge': is_bridge}
`;

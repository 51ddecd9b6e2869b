/**
 * Which callables a pickle may name, and what calling them means. A scanner like this is a
 * deny-list and can never be complete (pickle can import anything importable); it exists to show
 * what a payload does, not to make untrusted pickles safe. The only safe rule is: do not unpickle
 * data you did not produce, or verify an HMAC before you do.
 */

export type CallCategory = 'dangerous' | 'constructor' | 'other';

export interface Classification {
  category: CallCategory;
  /** Why, in a few words (for the dangerous ones). */
  reason?: string;
}

/** Whole modules whose functions can run commands, touch files, load code or reach anything. */
const DANGEROUS_MODULES: Record<string, string> = {
  os: 'the os module runs commands and changes files',
  posix: 'posix is os on Unix: it runs commands and changes files',
  nt: 'nt is os on Windows: it runs commands and changes files',
  subprocess: 'starts programs',
  commands: 'runs shell commands (Python 2)',
  pty: 'spawns programs on a terminal',
  shutil: 'copies, moves and deletes files',
  socket: 'opens network connections',
  ctypes: 'calls native code',
  runpy: 'runs Python modules and files',
  code: 'runs Python code',
  codeop: 'compiles Python code',
  pdb: 'runs code under the debugger',
  bdb: 'runs code under the debugger',
  profile: 'runs code strings',
  cProfile: 'runs code strings',
  timeit: 'runs code strings',
  trace: 'runs code',
  importlib: 'imports any module',
  imp: 'imports any module',
  pickle: 'loads further pickles',
  _pickle: 'loads further pickles',
  marshal: 'loads code objects',
  sys: 'reaches interpreter state and every loaded module',
  webbrowser: 'opens URLs and programs',
  multiprocessing: 'starts processes',
  asyncio: 'starts processes and connections',
  urllib: 'fetches URLs',
  'urllib.request': 'fetches URLs',
  http: 'makes network requests',
  ftplib: 'makes network requests',
  smtplib: 'sends mail',
  telnetlib: 'opens network connections',
  tempfile: 'creates files',
  glob: 'lists files',
  io: 'opens files',
  _io: 'opens files',
  builtins: '',
  __builtin__: '',
};

/** Single callables, wherever their module is not dangerous as a whole. */
const DANGEROUS_NAMES: Record<string, string> = {
  eval: 'evaluates a string as Python',
  exec: 'runs a string as Python',
  execfile: 'runs a file as Python (Python 2)',
  compile: 'turns a string into code',
  __import__: 'imports any module',
  getattr: 'reaches any attribute, so any function, from any object it is given',
  setattr: 'changes any attribute of any object',
  delattr: 'deletes attributes',
  open: 'opens files for reading or writing',
  file: 'opens files (Python 2)',
  input: 'reads (and in Python 2 evaluates) input',
  breakpoint: 'starts the debugger',
  globals: 'reaches the module namespace',
  locals: 'reaches local variables',
  vars: 'reaches namespaces',
  __build_class__: 'builds classes from code',
  exit: 'stops the interpreter',
  quit: 'stops the interpreter',
  help: 'starts the interactive help',
  'platform.popen': 'runs a shell command',
  'operator.attrgetter': 'reaches any attribute',
  'operator.methodcaller': 'calls any method',
  'operator.getitem': 'reaches into any container, such as sys.modules',
  'types.FunctionType': 'builds functions from code objects',
  'types.CodeType': 'builds code objects',
  'types.MethodType': 'binds functions to objects',
};

/** Names that walk into interpreter internals, from which anything can be reached. */
const INTERNALS =
  /(^|\.)(__globals__|__builtins__|__subclasses__|__code__|__class__|__base__|__bases__|__mro__|__dict__|__getattribute__|__reduce_ex__|__reduce__|f_globals|gi_frame|tb_frame)(\.|$)/;

/** Callables pickle itself uses to rebuild plain values (sets, bytes in protocols 0–2, dates…). */
const CONSTRUCTORS = new Set([
  'builtins.set',
  'builtins.frozenset',
  'builtins.bytearray',
  'builtins.bytes',
  'builtins.complex',
  'builtins.slice',
  'builtins.range',
  'builtins.int',
  'builtins.float',
  'builtins.str',
  'builtins.list',
  'builtins.tuple',
  'builtins.dict',
  'builtins.bool',
  'builtins.object',
  '_codecs.encode',
  'collections.OrderedDict',
  'collections.deque',
  'datetime.date',
  'datetime.time',
  'datetime.datetime',
  'datetime.timedelta',
  'datetime.timezone',
  'decimal.Decimal',
  'fractions.Fraction',
]);

function classifyOne(dotted: string): Classification | null {
  if (INTERNALS.test(dotted))
    return {
      category: 'dangerous',
      reason: 'reaches interpreter internals, and from there anything',
    };
  const dot = dotted.lastIndexOf('.');
  const name = dotted.slice(dot + 1);
  const module = dotted.slice(0, Math.max(0, dot));
  if (DANGEROUS_NAMES[dotted]) return { category: 'dangerous', reason: DANGEROUS_NAMES[dotted] };
  if ((module === 'builtins' || module === '__builtin__') && DANGEROUS_NAMES[name])
    return { category: 'dangerous', reason: DANGEROUS_NAMES[name] };
  for (const [prefix, reason] of Object.entries(DANGEROUS_MODULES)) {
    if (reason && (module === prefix || module.startsWith(prefix + '.')))
      return { category: 'dangerous', reason };
  }
  return null;
}

/**
 * Classifies a callable by its dotted name. Protocol 4 resolves dotted names attribute by
 * attribute (`pathlib` + `os.system` imports pathlib and returns pathlib.os.system), so every tail
 * of the name is checked as well.
 */
export function classifyCallable(dotted: string): Classification {
  const parts = dotted.split('.');
  for (let i = 0; i < parts.length - 1; i++) {
    const found = classifyOne(parts.slice(i).join('.'));
    if (found) {
      if (i === 0) return found;
      return {
        category: 'dangerous',
        reason: `${found.reason} (reached through ${parts.slice(0, i).join('.')})`,
      };
    }
  }
  if (CONSTRUCTORS.has(dotted)) return { category: 'constructor' };
  return { category: 'other' };
}

/** The dangerous entries as a list, for the panel's "what counts as dangerous" note. */
export function dangerousList(): string[] {
  return [
    ...Object.keys(DANGEROUS_MODULES)
      .filter((m) => DANGEROUS_MODULES[m])
      .map((m) => `${m}.*`),
    ...Object.keys(DANGEROUS_NAMES)
      .filter((n) => DANGEROUS_NAMES[n])
      .map((n) => (n.includes('.') ? n : `builtins.${n}`)),
  ];
}

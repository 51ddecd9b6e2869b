/**
 * What calling a global means, by its dotted name. The rule explains itself in three steps:
 *
 * 1. A short allow-list of callables that only build values (the ones pickle.dumps itself writes
 *    for sets, bytes, dates, decimals…): calling them is `constructor`, and a pickle that calls
 *    nothing else is data.
 * 2. Names with a named danger: each entry says what calling it does (runs a command, runs code
 *    from a string, writes files, opens connections, loads another pickle…). Calling one is
 *    `dangerous`, with that reason.
 * 3. Everything else is `other`: pickle imports and calls whatever a pickle names, so a call the
 *    rule does not know still runs code, and the verdict says so ("calls").
 *
 * The danger list can never be complete (a library function anywhere may run a command); it exists
 * to say *why* for the names known to be used in attacks, not to make untrusted pickles safe. The
 * only safe rule: do not unpickle data you did not produce, or verify an HMAC before you do.
 */

export type CallCategory = 'dangerous' | 'constructor' | 'other';

export interface Classification {
  category: CallCategory;
  /** Why, in a few words (for the dangerous ones). */
  reason?: string;
}

// Reasons shared by several names.
const RUNS_COMMANDS = 'runs shell commands or starts programs';
const RUNS_CODE = 'runs Python code given as a string';
const LOADS_PICKLE = 'loads another pickle, which can run anything';
const NETWORK = 'opens network connections';
const IMPORTS_ANY = 'imports any module or object by name';

/**
 * Modules (and everything in them) whose purpose is running commands or code, touching files or
 * the network, or reaching into the interpreter.
 */
const DANGEROUS_MODULES: Record<string, string> = {
  os: 'the os module runs commands (system, popen, exec*, spawn*) and changes files',
  subprocess: RUNS_COMMANDS,
  commands: 'runs shell commands (Python 2)',
  pty: 'spawns programs on a terminal',
  shutil: 'copies, moves and deletes files',
  tempfile: 'creates files',
  glob: 'lists files',
  socket: NETWORK,
  ssl: NETWORK,
  socketserver: 'listens for network connections',
  asyncore: NETWORK,
  urllib: 'fetches URLs',
  http: 'makes network requests',
  xmlrpc: 'makes network requests',
  ftplib: NETWORK,
  smtplib: 'sends mail',
  imaplib: NETWORK,
  poplib: NETWORK,
  nntplib: NETWORK,
  telnetlib: NETWORK,
  webbrowser: 'opens URLs in programs it starts',
  ctypes: 'loads native libraries and calls native code',
  runpy: 'runs Python modules and files',
  code: RUNS_CODE,
  codeop: 'compiles Python code',
  pdb: 'runs code under the debugger',
  bdb: 'runs code under the debugger',
  profile: RUNS_CODE,
  cProfile: RUNS_CODE,
  timeit: RUNS_CODE,
  trace: 'runs code',
  pydoc: 'locates and imports any object by name; its pagers run commands',
  importlib: IMPORTS_ANY,
  imp: IMPORTS_ANY,
  zipimport: 'imports code from archives',
  pkgutil: IMPORTS_ANY,
  pickle: LOADS_PICKLE,
  shelve: LOADS_PICKLE,
  marshal: 'loads code objects from bytes',
  sys: 'reaches interpreter state and every loaded module',
  gc: 'reaches every object in the interpreter',
  multiprocessing: 'starts processes',
  asyncio: 'starts processes and opens connections',
  _interpreters: 'creates subinterpreters and runs code strings in them',
  _xxsubinterpreters: 'creates subinterpreters and runs code strings in them',
  interpreters: 'creates subinterpreters and runs code strings in them',
  'distutils.file_util': 'copies, moves and writes files',
  'distutils.dir_util': 'creates and removes directories',
  'distutils.spawn': RUNS_COMMANDS,
  'logging.config': 'builds objects and imports names from a configuration',
  'numpy.f2py': 'evaluates expressions with eval() and runs compilers',
  'numpy.testing': 'runs code strings and commands',
  'numpy.distutils': 'runs compilers',
  zipfile: 'extracts archives: writes files',
  tarfile: 'extracts archives: writes files',
  dill: LOADS_PICKLE,
  cloudpickle: LOADS_PICKLE,
  joblib: LOADS_PICKLE,
};

/** Single callables, wherever their module is not dangerous as a whole. */
const DANGEROUS_NAMES: Record<string, string> = {
  'builtins.eval': 'evaluates a string as Python',
  'builtins.exec': RUNS_CODE,
  'builtins.execfile': 'runs a file as Python (Python 2)',
  'builtins.compile': 'turns a string into code',
  'builtins.__import__': IMPORTS_ANY,
  'builtins.getattr': 'reaches any attribute, so any function, from any object it is given',
  'builtins.setattr': 'changes any attribute of any object',
  'builtins.delattr': 'deletes attributes',
  'builtins.open': 'opens files for reading or writing',
  'builtins.file': 'opens files (Python 2)',
  'builtins.input': 'reads (and in Python 2 evaluates) input',
  'builtins.breakpoint': 'starts the debugger',
  'builtins.globals': 'reaches the module namespace',
  'builtins.locals': 'reaches local variables',
  'builtins.vars': 'reaches namespaces',
  'builtins.__build_class__': 'builds classes from code',
  'builtins.exit': 'stops the interpreter',
  'builtins.quit': 'stops the interpreter',
  'builtins.help': 'starts the interactive help',
  'codecs.open': 'opens files for reading or writing',
  'io.open': 'opens files for reading or writing',
  'io.open_code': 'opens files for reading',
  'io.FileIO': 'opens files for reading or writing',
  'platform.popen': 'runs a shell command',
  'operator.attrgetter': 'reaches any attribute',
  'operator.methodcaller': 'calls any method',
  'operator.getitem': 'reaches into any container, such as sys.modules',
  'types.FunctionType': 'builds functions from code objects',
  'types.CodeType': 'builds code objects',
  'types.MethodType': 'binds functions to objects',
  'uuid._get_command_stdout': 'runs the command it is given',
  '_aix_support._read_cmd_output': 'runs a shell command with os.system',
  '_osx_support._read_output': 'runs a shell command with os.system',
  '_osx_support._find_build_tool': 'runs a shell command built from its argument',
  'torch.load': LOADS_PICKLE,
  'torch.storage._load_from_bytes': LOADS_PICKLE,
  'numpy.load': 'loads .npy files, and pickles inside them when allow_pickle is set',
  'yaml.load': 'builds any Python object a YAML document names',
  'yaml.unsafe_load': 'builds any Python object a YAML document names, and calls it',
  'yaml.full_load': 'builds Python objects a YAML document names',
};

/**
 * Modules that are other names for the same thing: the C modules behind the ones above, the Python
 * 2 spellings, and os under its platform names.
 */
const ALIASES: Record<string, string> = {
  __builtin__: 'builtins',
  posix: 'os',
  nt: 'os',
  _operator: 'operator',
  _pickle: 'pickle',
  _io: 'io',
  _socket: 'socket',
  _posixsubprocess: 'subprocess',
  _ssl: 'ssl',
  _ctypes: 'ctypes',
  _codecs: 'codecs',
};

/** Names that walk into interpreter internals, from which anything can be reached. */
const INTERNALS =
  /(^|\.)(__globals__|__builtins__|__subclasses__|__code__|__class__|__base__|__bases__|__mro__|__dict__|__getattribute__|__reduce_ex__|__reduce__|f_globals|gi_frame|tb_frame)(\.|$)/;

/**
 * The allow-list: callables that only build a value from the values they are given. pickle.dumps
 * writes these for built-in types (sets, frozensets, bytes below protocol 3, complex, ranges,
 * slices), the standard library's plain values (dates, decimals, fractions, ordered dicts,
 * deques, counters, UUIDs) and for rebuilding instances (copyreg; the class itself is imported and
 * judged separately).
 */
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
  'codecs.encode',
  'copyreg._reconstructor',
  'copyreg.__newobj__',
  'copyreg.__newobj_ex__',
  'collections.OrderedDict',
  'collections.deque',
  'collections.Counter',
  'datetime.date',
  'datetime.time',
  'datetime.datetime',
  'datetime.timedelta',
  'datetime.timezone',
  'decimal.Decimal',
  'fractions.Fraction',
  'uuid.UUID',
]);

/** The name with its module written the canonical way (posix.system is os.system). */
export function canonical(dotted: string): string {
  for (const [alias, name] of Object.entries(ALIASES))
    if (dotted === alias || dotted.startsWith(alias + '.'))
      return name + dotted.slice(alias.length);
  return dotted;
}

function classifyOne(dotted: string): Classification | null {
  if (INTERNALS.test(dotted))
    return {
      category: 'dangerous',
      reason: 'reaches interpreter internals, and from there anything',
    };
  const name = canonical(dotted);
  const reason = DANGEROUS_NAMES[name];
  if (reason) return { category: 'dangerous', reason };
  for (const [prefix, why] of Object.entries(DANGEROUS_MODULES))
    if (name.startsWith(prefix + '.')) return { category: 'dangerous', reason: why };
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
  if (CONSTRUCTORS.has(canonical(dotted))) return { category: 'constructor' };
  return { category: 'other' };
}

/** The rule as data, for the panel and the README: every named danger with its reason. */
export function dangerRules(): { name: string; reason: string }[] {
  return [
    ...Object.entries(DANGEROUS_MODULES).map(([m, reason]) => ({ name: `${m}.*`, reason })),
    ...Object.entries(DANGEROUS_NAMES).map(([name, reason]) => ({ name, reason })),
  ];
}

/** The allow-list, for the panel and the README. */
export function valueBuilders(): string[] {
  return [...CONSTRUCTORS];
}

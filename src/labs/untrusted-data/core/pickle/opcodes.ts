/**
 * The pickle opcodes of protocols 0–5, as CPython's `pickletools.opcodes` lists them: the byte,
 * the name, how its argument is encoded (pickletools' ArgumentDescriptor names) and the protocol
 * that introduced it.
 */

export type ArgFormat =
  | 'uint1'
  | 'uint2'
  | 'int4'
  | 'uint4'
  | 'uint8'
  | 'stringnl'
  | 'stringnl_noescape'
  | 'stringnl_noescape_pair'
  | 'string1'
  | 'string4'
  | 'bytes1'
  | 'bytes4'
  | 'bytes8'
  | 'bytearray8'
  | 'unicodestringnl'
  | 'unicodestring1'
  | 'unicodestring4'
  | 'unicodestring8'
  | 'decimalnl_short'
  | 'decimalnl_long'
  | 'floatnl'
  | 'float8'
  | 'long1'
  | 'long4';

export interface OpcodeInfo {
  code: number;
  name: string;
  arg: ArgFormat | null;
  proto: number;
  /** One line, in our words, for the opcode table's tooltip and the summary. */
  doc: string;
}

const table: [string, string, ArgFormat | null, number, string][] = [
  ['(', 'MARK', null, 0, 'Push a mark: the start of a run of items for LIST, TUPLE, DICT…'],
  [')', 'EMPTY_TUPLE', null, 1, 'Push ().'],
  ['.', 'STOP', null, 0, 'Stop: the top of the stack is the result.'],
  ['0', 'POP', null, 0, 'Discard the top of the stack.'],
  ['1', 'POP_MARK', null, 1, 'Discard everything back to the last mark.'],
  ['2', 'DUP', null, 0, 'Push the top of the stack again.'],
  ['B', 'BINBYTES', 'bytes4', 3, 'Push bytes (4-byte length).'],
  ['C', 'SHORT_BINBYTES', 'bytes1', 3, 'Push bytes (1-byte length).'],
  ['F', 'FLOAT', 'floatnl', 0, 'Push a float written as text.'],
  ['G', 'BINFLOAT', 'float8', 1, 'Push an 8-byte big-endian float.'],
  ['I', 'INT', 'decimalnl_short', 0, 'Push an int written as text (I01/I00 mean True/False).'],
  ['J', 'BININT', 'int4', 1, 'Push a 4-byte signed int.'],
  ['K', 'BININT1', 'uint1', 1, 'Push a 1-byte unsigned int.'],
  ['L', 'LONG', 'decimalnl_long', 0, 'Push an int of any size written as text.'],
  ['M', 'BININT2', 'uint2', 1, 'Push a 2-byte unsigned int.'],
  ['N', 'NONE', null, 0, 'Push None.'],
  ['P', 'PERSID', 'stringnl_noescape', 0, 'Ask the persistent_load hook for an object by id.'],
  ['Q', 'BINPERSID', null, 1, 'Ask the persistent_load hook for the object named on the stack.'],
  ['R', 'REDUCE', null, 0, 'Call a callable with an argument tuple: this is how pickles run code.'],
  ['S', 'STRING', 'stringnl', 0, 'Push a quoted, escaped string.'],
  ['T', 'BINSTRING', 'string4', 1, 'Push a string (4-byte length).'],
  ['U', 'SHORT_BINSTRING', 'string1', 1, 'Push a string (1-byte length).'],
  ['V', 'UNICODE', 'unicodestringnl', 0, 'Push a raw-unicode-escape string.'],
  ['X', 'BINUNICODE', 'unicodestring4', 1, 'Push a UTF-8 string (4-byte length).'],
  [']', 'EMPTY_LIST', null, 1, 'Push [].'],
  ['a', 'APPEND', null, 0, 'Append the top of the stack to the list below it.'],
  ['b', 'BUILD', null, 0, 'Set an object’s state: calls its __setstate__ if it has one.'],
  ['c', 'GLOBAL', 'stringnl_noescape_pair', 0, 'Import module.name and push it.'],
  ['d', 'DICT', null, 0, 'Build a dict from the items since the mark.'],
  ['e', 'APPENDS', null, 1, 'Extend the list with the items since the mark.'],
  ['g', 'GET', 'decimalnl_short', 0, 'Push a memo entry (index as text).'],
  ['h', 'BINGET', 'uint1', 1, 'Push a memo entry (1-byte index).'],
  [
    'i',
    'INST',
    'stringnl_noescape_pair',
    0,
    'Import module.name and call it with the items since the mark.',
  ],
  ['j', 'LONG_BINGET', 'uint4', 1, 'Push a memo entry (4-byte index).'],
  ['l', 'LIST', null, 0, 'Build a list from the items since the mark.'],
  ['o', 'OBJ', null, 1, 'Call the first item since the mark with the rest.'],
  ['p', 'PUT', 'decimalnl_short', 0, 'Store the top of the stack in the memo (index as text).'],
  ['q', 'BINPUT', 'uint1', 1, 'Store the top of the stack in the memo (1-byte index).'],
  ['r', 'LONG_BINPUT', 'uint4', 1, 'Store the top of the stack in the memo (4-byte index).'],
  ['s', 'SETITEM', null, 0, 'dict[key] = value.'],
  ['t', 'TUPLE', null, 0, 'Build a tuple from the items since the mark.'],
  ['u', 'SETITEMS', null, 1, 'Set the key/value pairs since the mark.'],
  ['}', 'EMPTY_DICT', null, 1, 'Push {}.'],
  ['\x80', 'PROTO', 'uint1', 2, 'Protocol version.'],
  ['\x81', 'NEWOBJ', null, 2, 'cls.__new__(cls, *args).'],
  ['\x82', 'EXT1', 'uint1', 2, 'Push a global registered with copyreg under a 1-byte code.'],
  ['\x83', 'EXT2', 'uint2', 2, 'Push a global registered with copyreg under a 2-byte code.'],
  ['\x84', 'EXT4', 'int4', 2, 'Push a global registered with copyreg under a 4-byte code.'],
  ['\x85', 'TUPLE1', null, 2, 'Build a 1-tuple from the top of the stack.'],
  ['\x86', 'TUPLE2', null, 2, 'Build a 2-tuple from the top two items.'],
  ['\x87', 'TUPLE3', null, 2, 'Build a 3-tuple from the top three items.'],
  ['\x88', 'NEWTRUE', null, 2, 'Push True.'],
  ['\x89', 'NEWFALSE', null, 2, 'Push False.'],
  ['\x8a', 'LONG1', 'long1', 2, 'Push an int (little-endian two’s complement, 1-byte length).'],
  ['\x8b', 'LONG4', 'long4', 2, 'Push an int (little-endian two’s complement, 4-byte length).'],
  ['\x8c', 'SHORT_BINUNICODE', 'unicodestring1', 4, 'Push a UTF-8 string (1-byte length).'],
  ['\x8d', 'BINUNICODE8', 'unicodestring8', 4, 'Push a UTF-8 string (8-byte length).'],
  ['\x8e', 'BINBYTES8', 'bytes8', 4, 'Push bytes (8-byte length).'],
  ['\x8f', 'EMPTY_SET', null, 4, 'Push set().'],
  ['\x90', 'ADDITEMS', null, 4, 'Add the items since the mark to the set.'],
  ['\x91', 'FROZENSET', null, 4, 'Build a frozenset from the items since the mark.'],
  ['\x92', 'NEWOBJ_EX', null, 4, 'cls.__new__(cls, *args, **kwargs).'],
  ['\x93', 'STACK_GLOBAL', null, 4, 'Import module.name (both taken from the stack).'],
  ['\x94', 'MEMOIZE', null, 4, 'Store the top of the stack in the next memo slot.'],
  ['\x95', 'FRAME', 'uint8', 4, 'Start a frame of the given size (a read-ahead hint).'],
  ['\x96', 'BYTEARRAY8', 'bytearray8', 5, 'Push a bytearray (8-byte length).'],
  ['\x97', 'NEXT_BUFFER', null, 5, 'Push the next out-of-band buffer.'],
  ['\x98', 'READONLY_BUFFER', null, 5, 'Make the buffer on top of the stack read-only.'],
];

export const OPCODES: readonly OpcodeInfo[] = table.map(([ch, name, arg, proto, doc]) => ({
  code: ch.charCodeAt(0),
  name,
  arg,
  proto,
  doc,
}));

const byCode = new Map(OPCODES.map((op) => [op.code, op]));
const byName = new Map(OPCODES.map((op) => [op.name, op]));

export function opcodeByCode(code: number): OpcodeInfo | undefined {
  return byCode.get(code);
}

export function opcodeByName(name: string): OpcodeInfo {
  const op = byName.get(name);
  if (!op) throw new Error(`No pickle opcode named ${name}.`);
  return op;
}

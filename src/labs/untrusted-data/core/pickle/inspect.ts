/**
 * Everything the pickle inspector shows, computed in one go: the scan (verdict, calls, summary,
 * the pickles that follow the first, the stream reader's view of a lying frame) and the opcode
 * table as pickletools.dis would print it, cut to `limit` rows (a big pickle has millions of
 * opcodes; the page asks for more when the user wants them).
 */
import { argRepr, genops, type PickleError, type PickleOp } from './disassemble';
import { opcodeByName } from './opcodes';
import { scanPickle, type LoadEvent, type ScanResult } from './symbolic';

export interface OpRow {
  pos: number;
  name: string;
  /** The argument as Python's repr(), shortened. */
  arg: string;
  /** The opcode's meaning, in a line. */
  doc: string;
  /** The call or import this opcode makes, if any (as source). */
  effect: string | null;
  danger: boolean;
}

export interface Inspection {
  size: number;
  rows: OpRow[];
  totalOps: number;
  /** The disassembler's error (a malformed pickle), separate from the loader's. */
  readError: PickleError | null;
  /** Bytes after the first STOP, as pickletools sees them. */
  trailing: number;
  scan: ScanResult;
}

/** Reports progress every this many opcodes. */
const PROGRESS_EVERY = 50_000;

/** The first call or import each opcode position makes, for the Effect column. */
export function effectsByPos(events: readonly LoadEvent[]) {
  const effects = new Map<number, { text: string; danger: boolean }>();
  for (const e of events) {
    if (e.kind === 'note' || effects.has(e.pos)) continue;
    effects.set(e.pos, {
      text: e.kind === 'call' ? `calls ${e.expr}` : `imports ${e.name}`,
      danger: e.category === 'dangerous',
    });
  }
  return effects;
}

export function inspectPickle(
  data: Uint8Array,
  limit = 1000,
  onProgress?: (fraction: number) => void,
): Inspection {
  // Two passes: pickletools' listing for the table, then the loader; each is half the progress.
  const ops: PickleOp[] = [];
  let totalOps = 0;
  const listing = genops(data);
  let next = listing.next();
  for (; !next.done; next = listing.next()) {
    if (ops.length < limit) ops.push(next.value);
    if (++totalOps % PROGRESS_EVERY === 0) onProgress?.(next.value.end / data.length / 2);
  }
  const readEnd = next.value;
  let count = 0;
  const scan = scanPickle(data, {
    onOp: (op) => {
      if (++count % PROGRESS_EVERY === 0) onProgress?.(0.5 + op.end / data.length / 2);
    },
  });
  const effects = effectsByPos(scan.events);
  const rows = ops.map((op) => {
    const effect = effects.get(op.pos);
    return {
      pos: op.pos,
      name: op.name,
      arg: argRepr(op.arg, 120),
      doc: opcodeByName(op.name).doc,
      effect: effect?.text ?? null,
      danger: effect?.danger ?? false,
    };
  });
  return {
    size: data.length,
    rows,
    totalOps,
    readError: readEnd.error,
    trailing: readEnd.trailing,
    scan,
  };
}

/**
 * Everything the pickle inspector shows, computed in one go: the scan (verdict, calls, summary,
 * the pickles that follow the first, the stream reader's view of a lying frame) and the opcode
 * table as pickletools.dis would print it, cut to `limit` rows (a big pickle has millions of
 * opcodes; the page asks for more when the user wants them).
 */
import { argRepr, genops, type PickleError, type PickleOp } from './disassemble';
import { opcodeByName } from './opcodes';
import { PickleSource, readOp, type ReaderKind } from './read';
import {
  scanPickle,
  type LoadEvent,
  type ReadScan,
  type ScanResult,
  type Verdict,
} from './symbolic';

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
  /** When a FRAME lies: the opcodes each reader reads around the point where they part. */
  reads: [ReadView, ReadView] | null;
}

/** A line of a reader's listing: an opcode, or what happens between opcodes. */
export interface ReadRow {
  pos: number;
  name: string;
  arg: string;
  effect: string | null;
  danger: boolean;
  /** Not an opcode: bytes the reader skips, where the next pickle starts, what it raises. */
  note?: string;
}

export interface ReadView {
  reader: ReaderKind;
  verdict: Verdict;
  rows: ReadRow[];
  /** The reader reads on past the last row listed. */
  more: boolean;
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
  const reads: Inspection['reads'] =
    scan.stream && scan.streamPartsAt !== null
      ? [
          readView(data, scan.memory, scan.streamPartsAt),
          readView(data, scan.stream, scan.streamPartsAt),
        ]
      : null;
  return {
    size: data.length,
    rows,
    totalOps,
    readError: readEnd.error,
    trailing: readEnd.trailing,
    scan,
    reads,
  };
}

/** Opcodes listed before the point where the readers part, and in all. */
const CONTEXT_OPS = 3;
const READ_ROWS = 120;

/**
 * The opcodes one reader reads, from a few before `partsAt` on: each pickle of its loop, the bytes
 * a stream reader skips (the rest of a frame), and where each load stops or what it raises.
 */
export function readView(data: Uint8Array, read: ReadScan, partsAt: number): ReadView {
  const src = new PickleSource(data, read.reader);
  const effects = effectsByPos(read.pickles.flatMap((p) => p.events));
  const rows: ReadRow[] = [];
  const before: ReadRow[] = [];
  const add = (row: ReadRow) => {
    if (row.pos < partsAt && rows.length === 0) {
      before.push(row);
      if (before.length > CONTEXT_OPS) before.shift();
      return;
    }
    if (rows.length === 0) rows.push(...before);
    rows.push(row);
  };
  const note = (pos: number, text: string) =>
    add({ pos, name: '', arg: '', effect: null, danger: false, note: text });
  let skips = 0;
  const noteSkips = () => {
    for (; skips < src.skipped.length; skips++) {
      const [from, to] = src.skipped[skips]!;
      const bytes = to - from === 1 ? `byte ${from} is` : `bytes ${from}–${to - 1} are`;
      note(from, `${bytes} skipped: the rest of the frame`);
    }
  };
  for (const pickle of read.pickles) {
    if (rows.length >= READ_ROWS)
      return { reader: read.reader, verdict: read.verdict, rows, more: true };
    for (;;) {
      const step = readOp(src);
      if (!step.ok) break;
      const op = step.op;
      const effect = effects.get(op.pos);
      add({
        pos: op.pos,
        name: op.name,
        arg: argRepr(op.arg, 60),
        effect: effect?.text ?? null,
        danger: effect?.danger ?? false,
      });
      noteSkips();
      if (op.name === 'STOP' || (pickle.error && op.pos >= pickle.error.pos)) break;
      if (rows.length >= READ_ROWS)
        return { reader: read.reader, verdict: read.verdict, rows, more: true };
    }
    if (pickle.error)
      note(pickle.error.pos, `raises ${pickle.error.exception}: ${pickle.error.message}`);
    else if (pickle.end < data.length) {
      src.nextPickle();
      noteSkips();
      note(pickle.end, `the next pickle.load starts at byte ${pickle.end}`);
    }
  }
  return { reader: read.reader, verdict: read.verdict, rows, more: read.picklesDropped > 0 };
}

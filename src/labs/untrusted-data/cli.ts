/**
 * `pickle-dis`, `pickle-scan`, `pickle-load` and `install-matrix`: the untrusted-data lab from the
 * command line.
 */
import { parseBase64, parseHex } from '../../core/bytes';
import { fail, ok, type Result } from '../../core/result';
import { stringOption, type CliCommand, type OptionValues } from '../../cli/command';
import { readWholeFile } from '../../cli/read-file';
import { argRepr, argToJson, disassemble } from './core/pickle/disassemble';
import { scanPickle, type LoadEvent, type PickleScan } from './core/pickle/symbolic';
import { computeMatrix } from './core/supply/matrix';

/**
 * Extra data for the human-readable format under symbol keys, which JSON.stringify leaves out, so
 * the --json output keeps exactly its documented shape.
 */
const TEXT = Symbol('text');

const INPUT_OPTIONS = {
  file: { type: 'string', short: 'f' },
  base64: { type: 'string' },
  hex: { type: 'string' },
} as const;

async function readPickle(values: OptionValues): Promise<Result<Uint8Array>> {
  const given = ['file', 'base64', 'hex'].filter((key) => stringOption(values, key) !== undefined);
  if (given.length !== 1)
    return fail('usage/one-input', 'Give exactly one of --file, --base64 or --hex.');
  const file = stringOption(values, 'file');
  if (file !== undefined) return readWholeFile(file);
  const base64 = stringOption(values, 'base64');
  return base64 !== undefined ? parseBase64(base64) : parseHex(stringOption(values, 'hex')!);
}

export const pickleDisCommand: CliCommand = {
  name: 'pickle-dis',
  summary: 'List a pickle’s opcodes, arguments and byte positions, as pickletools.dis does.',
  usage:
    '(--file F | --base64 B | --hex H) [--json]\n\nWith --json: {"ops": [{"pos", "name", "arg"}]}. Arguments: ints as numbers (as decimal strings beyond 2^53), floats as numbers ("inf", "-inf", "nan"), strings as strings, bytes as {"bytes": hex}, bytearrays as {"bytearray": hex}.',
  options: INPUT_OPTIONS,
  async run(values) {
    const bytes = await readPickle(values);
    if (!bytes.ok) return bytes;
    const result = disassemble(bytes.value);
    if (result.error) return fail(result.error.code, result.error.message);
    return ok({
      ops: result.ops.map((op) => ({ pos: op.pos, name: op.name, arg: argToJson(op.arg) })),
      [TEXT]: result.ops.map((op) =>
        `${String(op.pos).padStart(6)}: ${op.name.padEnd(16)} ${argRepr(op.arg)}`.trimEnd(),
      ),
    });
  },
  format: (value) => (value as { [TEXT]: string[] })[TEXT].join('\n'),
};

/** One pickle of a pickle.load loop, as JSON. */
function pickleJson(p: PickleScan) {
  return {
    start: p.start,
    end: p.end,
    verdict: p.verdict,
    calls: p.calls,
    imports: p.imports,
    ...(p.error ? { error: p.error.message } : {}),
  };
}

function eventLines(events: readonly LoadEvent[], indent = '  '): string[] {
  return events.map((e) =>
    e.kind === 'note'
      ? `${indent}byte ${e.pos}: note: ${e.text}`
      : `${indent}byte ${e.pos}: ${e.kind} ${e.kind === 'call' ? e.expr : e.name}${e.category === 'dangerous' ? '  [dangerous]' : ''}`,
  );
}

function readLines(title: string, pickles: readonly PickleScan[]): string[] {
  return [
    title,
    ...pickles.flatMap((p) => [
      `  pickle at bytes ${p.start}–${p.end}: ${p.verdict}${p.error ? ` (raises ${p.error.exception}: ${p.error.message.replace('\n', ' ')})` : ''}`,
      ...eventLines(p.events, '    '),
    ]),
  ];
}

export const pickleScanCommand: CliCommand = {
  name: 'pickle-scan',
  summary: 'Say what loading a pickle would import and call, without loading it.',
  usage:
    '(--file F | --base64 B | --hex H) [--json]\n\nWith --json: {"verdict": "data" | "calls" | "dangerous", "calls": ["module.name", …]}, the verdict covering every pickle in the bytes and both ways of reading them; plus "imports" when the first pickle imports something, "error" (the message) and "raises" ({"exception", "message", "pos", "op"}) when pickle.loads would raise, "trailing" ({"bytes", "pickles": [{"start", "end", "verdict", "calls", "imports", "error"?}]}) when bytes follow the first pickle (pickle.loads ignores them, a loop of pickle.load reads them), and "stream" ({"partsAt", "verdict", "pickles": […]}) when a FRAME lies about its length, so that pickle.load on a stream reads other opcodes from byte partsAt on.',
  options: INPUT_OPTIONS,
  async run(values) {
    const bytes = await readPickle(values);
    if (!bytes.ok) return bytes;
    const scan = scanPickle(bytes.value);
    const following = scan.memory.pickles.slice(1);
    return ok({
      verdict: scan.verdict,
      calls: scan.calls,
      ...(scan.imports.length ? { imports: scan.imports } : {}),
      ...(scan.error
        ? {
            error: scan.error.message,
            raises: {
              exception: scan.error.exception,
              message: scan.error.message,
              pos: scan.error.pos,
              op: scan.error.op,
            },
          }
        : {}),
      ...(scan.trailing > 0
        ? { trailing: { bytes: scan.trailing, pickles: following.map(pickleJson) } }
        : {}),
      ...(scan.stream
        ? {
            stream: {
              partsAt: scan.streamPartsAt,
              verdict: scan.stream.verdict,
              pickles: scan.stream.pickles.map(pickleJson),
            },
          }
        : {}),
      [TEXT]: [
        `verdict: ${scan.verdict} (${scan.headline})`,
        ...scan.summary,
        ...eventLines(scan.events),
        ...(following.length ? readLines('then a loop of pickle.load reads:', following) : []),
        ...(scan.stream
          ? readLines(
              `read from a stream, frame by frame (differs from byte ${scan.streamPartsAt}):`,
              scan.stream.pickles,
            )
          : []),
      ],
    });
  },
  format: (value) => (value as { [TEXT]: string[] })[TEXT].join('\n'),
};

export const pickleLoadCommand: CliCommand = {
  name: 'pickle-load',
  summary:
    'Load a pickle with the real pickle.loads (CPython 3.14, Pyodide) in an isolated child, under an audit hook that records and refuses what it tries.',
  usage:
    '(--file F | --base64 B | --hex H) [--allow-network] [--json]\n\nWith --json: {"events": [{"event": "os.system", "args": ["id"], "refused": true}, …], "eventsDropped": 0, "result": "<repr>" | null, "error": "<message>" | null}. Exit status 1 when the bytes are not a pickle at all (pickle.loads failed before naming any global).\n\npickle.loads reads the first pickle only, in memory: what a loop of pickle.load would read after it, or from a stream when a FRAME lies, is in pickle-scan’s "trailing" and "stream".\n\nThe child has no network (an empty network namespace); where none can be made, it refuses to run unless --allow-network is given.',
  options: { ...INPUT_OPTIONS, 'allow-network': { type: 'boolean' } },
  async run(values) {
    const bytes = await readPickle(values);
    if (!bytes.ok) return bytes;
    const { loadPickleIsolated } = await import('../../cli/isolated/pyodide');
    const loaded = await loadPickleIsolated(bytes.value, {
      allowNetwork: values['allow-network'] === true,
    });
    if (!loaded.ok) return loaded;
    const { events, eventsDropped, result, error } = loaded.value.report;
    if (error !== null && events.length === 0)
      return fail('input/not-a-pickle', `pickle.loads failed: ${error}`);
    return ok({
      events,
      eventsDropped,
      result,
      error,
      [TEXT]: [
        ...events.map(
          (e) =>
            `${e.refused ? 'refused' : 'allowed'}  ${e.event}(${e.args.map((a) => JSON.stringify(a)).join(', ')})`,
        ),
        ...(eventsDropped > 0 ? [`… and ${eventsDropped} more events`] : []),
        result !== null ? `result: ${result}` : `error: ${error}`,
      ],
    });
  },
  format: (value) => (value as { [TEXT]: string[] })[TEXT].join('\n'),
};

export const installMatrixCommand: CliCommand = {
  name: 'install-matrix',
  summary: 'Run the simulated pip install for every attacker and defence, and print the outcomes.',
  usage: '[--json]',
  options: {},
  async run() {
    const matrix = computeMatrix();
    return ok({
      columns: matrix.columns.map((c) => c.id),
      rows: matrix.rows.map((row) => ({
        attacker: row.attacker,
        outcomes: Object.fromEntries(row.cells.map((c) => [c.column, c.outcome])),
      })),
    });
  },
  format(value) {
    const v = value as {
      columns: string[];
      rows: { attacker: string; outcomes: Record<string, string> }[];
    };
    const header = ['attacker'.padEnd(10), ...v.columns.map((c) => c.padEnd(11))].join(' ');
    return [
      header,
      ...v.rows.map((row) =>
        [row.attacker.padEnd(10), ...v.columns.map((c) => row.outcomes[c]!.padEnd(11))].join(' '),
      ),
    ]
      .map((line) => line.trimEnd())
      .join('\n');
  },
};

export const untrustedDataCommands = [
  pickleDisCommand,
  pickleScanCommand,
  pickleLoadCommand,
  installMatrixCommand,
];

/**
 * The entry of the CLI's isolated child, bundled beside the CLI as `child.js` (scripts/cli.mjs).
 * runner.ts starts it as `node <permission flags> child.js <mode>` inside an empty network
 * namespace; this file takes what the harness needs, removes what the permission model leaves
 * open and the child never needs, and serves the mode's requests.
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { serve, type ChildHandler } from './harness';

const MODES: Record<string, () => Promise<ChildHandler>> = {
  pickle: async () => (await import('./pyodide-child')).pickleHandler(),
  'pyodide-snapshot': async () => (await import('./pyodide-child')).snapshotHandler(),
  'python-learner': async () => (await import('./pyodide-child')).pythonLearnerHandler(),
  learner: async () => (await import('../../labs/code/learner-child')).learnerHandler(),
};

function refuse(name: string) {
  return () => {
    throw new Error(`${name} is not available in the isolated child.`);
  };
}

/**
 * The permission model (--experimental-permission) already refuses file writes, reads outside the
 * allowed paths, child processes, workers, addons, WASI, the inspector and process.binding. Left
 * open: signalling other processes (the PID namespace stops that too), starting the inspector's
 * listener, heap snapshots (which would show the harness's token) and V8 flags.
 */
function harden(): void {
  const proc = process as unknown as Record<string, unknown>;
  for (const name of ['kill', '_kill', '_debugProcess', '_debugEnd', 'dlopen', '_linkedBinding'])
    if (name in proc) proc[name] = refuse(`process.${name}`);
  const v8 = createRequire(import.meta.url)('node:v8') as Record<string, unknown>;
  for (const name of [
    'getHeapSnapshot',
    'writeHeapSnapshot',
    'setFlagsFromString',
    'setHeapSnapshotNearHeapLimit',
  ])
    v8[name] = refuse(`v8.${name}`);
  syncBuiltinESMExports();
}

const mode = process.argv[2] ?? '';
const load = MODES[mode];
if (!load) {
  process.stderr.write(`isolated child: unknown mode "${mode}"\n`);
  process.exitCode = 2;
} else {
  harden();
  await serve(await load());
  process.exit(0);
}

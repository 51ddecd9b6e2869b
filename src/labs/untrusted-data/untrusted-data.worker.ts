/** The untrusted-data lab's worker: reads and inspects pickles, and runs the install simulation. */
import { serveWorker } from '../../platform/worker-host';
import { inspectPickle, type Inspection } from './core/pickle/inspect';
import { runInstall, type InstallConfig, type InstallResult } from './core/supply/install';
import {
  computeMatrix,
  runEveryAttacker,
  type AttackerOutcome,
  type Matrix,
} from './core/supply/matrix';

export type UntrustedDataApi = {
  'inspect-bytes': { payload: { bytes: Uint8Array; limit: number }; result: Inspection };
  'inspect-file': {
    payload: { file: Blob; limit: number };
    progress: { fraction: number };
    result: Inspection;
  };
  install: { payload: InstallConfig; result: InstallResult };
  /** The defences picked, against every attacker. */
  'every-attacker': {
    payload: Pick<InstallConfig, 'defences' | 'privilege'>;
    result: AttackerOutcome[];
  };
  matrix: { payload: null; progress: { done: number; total: number }; result: Matrix };
};

serveWorker<UntrustedDataApi>({
  'inspect-bytes': ({ bytes, limit }) => inspectPickle(bytes, limit),
  'inspect-file': async ({ file, limit }, progress) =>
    inspectPickle(new Uint8Array(await file.arrayBuffer()), limit, (fraction) =>
      progress({ fraction }),
    ),
  install: (config) => runInstall(config),
  'every-attacker': ({ defences, privilege }) => runEveryAttacker(defences, privilege),
  matrix: (_, progress) => computeMatrix((done, total) => progress({ done, total })),
});

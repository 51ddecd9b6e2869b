/**
 * The victim server's lifecycle in the page: started in the worker whenever what it signs, how it
 * signs or its secret's length changes, and again on `redraw` (a new secret). `onRestart` runs
 * each time, so whatever was learnt about the old server (an attack, a revealed secret) goes.
 */
import { useEffect, useEffectEvent, useState } from 'react';
import type { WorkerClient } from '../../platform/worker-client';
import { useWorkerJob, type JobState } from '../../ui/use-worker-job';
import type { FormatCheck } from './core/format-check';
import type { PresetId } from './core/presets';
import type { SigningScheme } from './core/victim';
import type { LengthExtensionApi, VictimInfo } from './length-extension.worker';

export interface VictimSettings {
  scheme: SigningScheme;
  preset: PresetId;
  format: FormatCheck;
  /** null: hidden, drawn in 1..64 by the server. */
  secretLength: number | null;
}

export interface VictimServerHandle {
  state: JobState<VictimInfo>;
  info: VictimInfo | null;
  /** Restarts the server with a fresh secret. */
  redraw: () => void;
}

export function useVictimServer(
  worker: WorkerClient<LengthExtensionApi>,
  settings: VictimSettings | null,
  onRestart: () => void,
): VictimServerHandle {
  const job = useWorkerJob<VictimInfo>(worker);
  const [draw, setDraw] = useState(0);
  const restarted = useEffectEvent(onRestart);
  const { start } = job;
  const scheme = settings?.scheme;
  const preset = settings?.preset;
  const format = settings?.format;
  const secretLength = settings?.secretLength;
  useEffect(() => {
    if (
      scheme === undefined ||
      preset === undefined ||
      format === undefined ||
      secretLength === undefined
    )
      return;
    restarted();
    start(() => worker.call('victim-start', { scheme, preset, format, secretLength }));
  }, [worker, start, scheme, preset, format, secretLength, draw]);
  return {
    state: job.state,
    info: job.state.status === 'done' ? job.state.value : null,
    redraw: () => setDraw((n) => n + 1),
  };
}

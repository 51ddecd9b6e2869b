/**
 * The length-extension lab: a victim server in a worker signs with H(secret ‖ message); the
 * attacker, holding only the message and its tag, appends data and forges a tag the server
 * accepts; HMAC and per-use keys then stop it. The panel wires the worker jobs (the server, the
 * attack, the secret's reveal, the hashes that resist) to the sections that display them.
 */
import { useMemo } from 'react';
import { parseBytes } from '../../core/bytes';
import { ok, type Result } from '../../core/result';
import { useLabAction, useLabChoice, useLabParam } from '../../ui/lab-context';
import { useWorker } from '../../ui/use-worker';
import { useWorkerJob } from '../../ui/use-worker-job';
import { getPreset } from './core/presets';
import type { ResistRow } from './core/resists';
import type { VictimVerdict } from './core/victim';
import { parseRange } from './core/tool';
import { parseVictimSecretLength } from './core/victim';
import type { AttackResult, LengthExtensionApi } from './length-extension.worker';
import { AskSection } from './AskSection';
import { AttackSection, NETWORK_DELAY_MS, type AttackTries } from './AttackSection';
import { ResistsSection } from './ResistsSection';
import { SaltedKeysSection } from './SaltedKeysSection';
import { ServerSection } from './ServerSection';
import { ToolSection } from './ToolSection';
import { LENGTH_EXTENSION } from './lab';
import { useVictimServer } from './use-victim-server';
import './length-extension.css';

export default function LengthExtensionPanel() {
  const worker = useWorker<LengthExtensionApi>(
    () => new Worker(new URL('./length-extension.worker.ts', import.meta.url), { type: 'module' }),
  );
  const [presetId, setPresetId] = useLabChoice(LENGTH_EXTENSION, 'preset');
  const [scheme, setScheme] = useLabChoice(LENGTH_EXTENSION, 'scheme');
  const [secretMode, setSecretMode] = useLabChoice(LENGTH_EXTENSION, 'secret');
  const [format, setFormat] = useLabChoice(LENGTH_EXTENSION, 'format');
  const [secretLengthText, setSecretLengthText] = useLabParam(LENGTH_EXTENSION, 'secretLength');
  // A preset brings its own suggested extension.
  const [append, setAppend] = useLabParam(LENGTH_EXTENSION, 'append', getPreset(presetId).append);
  const [appendAs, setAppendAs] = useLabChoice(LENGTH_EXTENSION, 'appendAs');
  const [tryMin, setTryMin] = useLabParam(LENGTH_EXTENSION, 'tryMin');
  const [tryMax, setTryMax] = useLabParam(LENGTH_EXTENSION, 'tryMax');
  const [pace, setPace] = useLabChoice(LENGTH_EXTENSION, 'pace');

  const secretLength = useMemo<Result<number | null>>(
    () => (secretMode === 'hidden' ? ok(null) : parseVictimSecretLength(secretLengthText)),
    [secretMode, secretLengthText],
  );
  const appendBytes = useMemo(() => parseBytes(append, appendAs), [append, appendAs]);
  const range = useMemo(() => parseRange(tryMin, tryMax), [tryMin, tryMax]);

  const attack = useWorkerJob<AttackResult, AttackTries>(worker);
  const reveal = useWorkerJob<{ secretLength: number; secret: Uint8Array }>(worker);
  const resists = useWorkerJob<ResistRow[]>(worker);
  const ask = useWorkerJob<VictimVerdict>(worker);

  // Whatever was learnt about the old server goes with it; a stopped attack says why it restarted.
  const server = useVictimServer(
    worker,
    secretLength.ok ? { scheme, preset: presetId, format, secretLength: secretLength.value } : null,
    () => {
      if (attack.state.status !== 'cancelled') attack.reset();
      reveal.reset();
      resists.reset();
      ask.reset();
    },
  );

  // The worker queues each request behind a server that is still starting, so the attack and the
  // resist check can be sent straight away (declared after the server, they run after its restart).
  const forge = () => {
    if (!appendBytes.ok || !range.ok || !secretLength.ok) return;
    const request = {
      append: appendBytes.value,
      minSecretLength: range.value.min,
      maxSecretLength: range.value.max,
      delayMs: pace === 'network' ? NETWORK_DELAY_MS : 0,
    };
    reveal.reset();
    attack.start((progress) => {
      let tries: AttackTries = {
        attempts: [],
        done: 0,
        total: request.maxSecretLength - request.minSecretLength + 1,
      };
      progress(tries);
      return worker.call('attack', request, (batch) => {
        tries = { ...batch, attempts: [...tries.attempts, ...batch.attempts] };
        progress(tries);
      });
    });
  };
  const tryResists = () => {
    if (!appendBytes.ok || !secretLength.ok) return;
    const request = { append: appendBytes.value };
    resists.start(() => worker.call('resists', request));
  };
  // Stopping the worker ends the server too: it restarts with a new secret.
  const cancel = () => {
    attack.cancel();
    server.redraw();
  };
  useLabAction(LENGTH_EXTENSION, 'forge', forge);
  useLabAction(LENGTH_EXTENSION, 'resists', tryResists);

  return (
    <article className="lab">
      <h1>Length extension and HMAC</h1>
      <p className="panel-intro">
        A server signs messages with <code>tag = hash(secret ‖ message)</code> and trusts any
        message whose tag checks out. With MD5, SHA-1, SHA-256 or SHA-512, anyone who sees one
        signed message can sign a longer one, without the secret. Here the server runs in a Web
        Worker with a real random secret; you only see what an attacker would.
      </p>
      <ServerSection
        server={server}
        settings={{
          presetId,
          setPresetId,
          scheme,
          setScheme,
          format,
          setFormat,
          secretMode,
          setSecretMode,
          secretLengthText,
          setSecretLengthText,
          secretLength,
        }}
        handOff={{ append, appendAs, tryMin, tryMax }}
      />
      <AskSection
        info={server.info}
        ask={ask}
        onSend={(request) => ask.start(() => worker.call('victim-verify', request))}
      />
      <AttackSection
        info={server.info}
        inputs={{
          append,
          setAppend,
          appendAs,
          setAppendAs,
          appendBytes,
          tryMin,
          setTryMin,
          tryMax,
          setTryMax,
          range,
          pace,
          setPace,
        }}
        attack={attack.state}
        canForge={appendBytes.ok && range.ok && secretLength.ok}
        onForge={forge}
        onCancel={cancel}
        revealed={reveal.state.status === 'done' ? reveal.state.value : null}
        onReveal={() => reveal.start(() => worker.call('reveal', null))}
      />
      <ResistsSection
        resists={resists.state}
        canTry={appendBytes.ok && secretLength.ok}
        onTry={tryResists}
      />
      <SaltedKeysSection worker={worker} />
      <ToolSection />
    </article>
  );
}

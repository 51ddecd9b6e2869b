/** "pip install tinyutils" through DNS, an index page and a mirror, with an attacker and defences. */
import { useContext, useEffect } from 'react';
import { Callout, Verdict } from '../../ui/Callout';
import { Choice } from '../../ui/Choice';
import { ProgressBar } from '../../ui/ProgressBar';
import { LabContext, useLabChoice } from '../../ui/lab-context';
import { UNTRUSTED_DATA } from './lab';
import { useWorker } from '../../ui/use-worker';
import { shownValue, useWorkerJob } from '../../ui/use-worker-job';
import {
  ATTACKERS,
  ATTACKER_INFO,
  PAGE_HASHES,
  PAGE_HASH_LABELS,
  TRANSPORTS,
  TRANSPORT_LABELS,
  type AttackerId,
  type InstallConfig,
  type InstallResult,
  type InstallStep,
} from './core/supply/install';
import type { AttackerOutcome, Matrix } from './core/supply/matrix';
import { DEFENCE_COLUMNS } from './core/supply/matrix';
import type { UntrustedDataApi } from './untrusted-data.worker';
import { TableScroll } from '../../ui/TableScroll';
import { JobError } from '../../ui/JobControls';

const STATUS = {
  ok: { symbol: '✓', word: 'ok' },
  attacked: { symbol: '⚠', word: 'attacker acted' },
  blocked: { symbol: '✗', word: 'stopped here' },
} as const;

const OUTCOME = {
  clean: { symbol: '✓', word: 'genuine installed' },
  blocked: { symbol: '✓', word: 'attack stopped' },
  compromised: { symbol: '✗', word: 'attacker’s code ran' },
} as const;

function Toggle({
  label,
  checked,
  onChange,
  hint,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint: string;
}) {
  return (
    <label className="untrusted-data-toggle">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>
        <strong>{label}</strong>
        <span className="field__hint"> {hint}</span>
      </span>
    </label>
  );
}

export function SupplyChain() {
  const { setParams } = useContext(LabContext);
  const [attacker, setAttacker] = useLabChoice(UNTRUSTED_DATA, 'attacker');
  const [transport, setTransport] = useLabChoice(UNTRUSTED_DATA, 'transport');
  const [pageHash, setPageHash] = useLabChoice(UNTRUSTED_DATA, 'pagehash');
  const [lock, setLock] = useLabChoice(UNTRUSTED_DATA, 'lock');
  const [signature, setSignature] = useLabChoice(UNTRUSTED_DATA, 'sig');
  const [log, setLog] = useLabChoice(UNTRUSTED_DATA, 'log');
  const [privilege, setPrivilege] = useLabChoice(UNTRUSTED_DATA, 'priv');
  const worker = useWorker<UntrustedDataApi>(
    () => new Worker(new URL('./untrusted-data.worker.ts', import.meta.url), { type: 'module' }),
  );
  const install = useWorkerJob<InstallResult>(worker);
  const everyAttacker = useWorkerJob<AttackerOutcome[]>(worker);
  const { start } = install;
  const { start: startEvery } = everyAttacker;

  useEffect(() => {
    const defences = {
      transport,
      pageHash,
      lockFile: lock === '1',
      signature: signature === '1',
      log: log === '1',
    };
    const config: InstallConfig = { attacker, privilege, defences };
    start(() => worker.call('install', config));
    startEvery(() => worker.call('every-attacker', { defences, privilege }));
  }, [attacker, transport, pageHash, lock, signature, log, privilege, worker, start, startEvery]);
  const outcomes = shownValue(everyAttacker.state);
  // The last install stays on screen while the next one runs.
  const result = shownValue(install.state);

  const info = ATTACKER_INFO[attacker];
  return (
    <section className="card untrusted-data-section" aria-labelledby="supply-heading" id="supply">
      <h2 id="supply-heading">pip install: who do you trust?</h2>
      <p>
        “I trust the authors, the index and pip; pip checks the MD5; the index uses SSL.” Each of
        those assumptions can be switched on and off below. The client really resolves names, shakes
        hands, parses the page, downloads a real .tar, checks what it is told to check and runs
        setup.py; the attacker really changes bytes. Nothing leaves this page: the network is
        simulated.
      </p>
      <div className="stack">
        <Choice
          label="Where the attacker is"
          value={attacker}
          onChange={setAttacker}
          options={ATTACKERS.map((a) => ({ value: a, label: ATTACKER_INFO[a].label }))}
        />
        {attacker !== 'none' && (
          <p className="field__hint">
            {info.where}: it {info.can}.
          </p>
        )}
        <Choice
          label="Connection"
          value={transport}
          onChange={setTransport}
          options={TRANSPORTS.map((t) => ({ value: t, label: TRANSPORT_LABELS[t] }))}
        />
        <Choice
          label="Hash on the index page"
          value={pageHash}
          onChange={setPageHash}
          options={PAGE_HASHES.map((h) => ({ value: h, label: PAGE_HASH_LABELS[h] }))}
        />
        <fieldset className="untrusted-data-toggles">
          <legend>Checks made before anything is installed</legend>
          <Toggle
            label="Hash pinned in a lock file"
            checked={lock === '1'}
            onChange={(on) => setLock(on ? '1' : '0')}
            hint="pip install --require-hashes -r requirements.txt"
          />
          <Toggle
            label="Signature with a pinned publisher key"
            checked={signature === '1'}
            onChange={(on) => setSignature(on ? '1' : '0')}
            hint="Ed25519 over the archive; the key was obtained beforehand"
          />
          <Toggle
            label="Transparency log"
            checked={log === '1'}
            onChange={(on) => setLog(on ? '1' : '0')}
            hint="a signed, append-only history of published hashes"
          />
        </fieldset>
        <Choice
          label="Installed with"
          value={privilege}
          onChange={setPrivilege}
          options={[
            { value: 'root', label: 'sudo pip install' },
            { value: 'user', label: 'pip install in a venv' },
          ]}
        />
      </div>
      <AttackerMap attacker={attacker} />
      <JobError state={install.state} />
      {result && <InstallView result={result} />}
      <JobError state={everyAttacker.state} />
      {outcomes && <EveryAttacker outcomes={outcomes} />}
      <MatrixView
        onPick={(a, column) => {
          const d = DEFENCE_COLUMNS.find((c) => c.id === column)!.defences;
          setParams({
            attacker: a,
            transport: d.transport,
            pagehash: d.pageHash,
            lock: d.lockFile ? '1' : '0',
            sig: d.signature ? '1' : '0',
            log: d.log ? '1' : '0',
          });
          document.getElementById('supply-heading')?.scrollIntoView({ block: 'start' });
        }}
      />
    </section>
  );
}

/** The defences picked above, installed once against each attacker. */
function EveryAttacker({ outcomes }: { outcomes: AttackerOutcome[] }) {
  const winners = outcomes.filter((o) => o.outcome === 'compromised');
  return (
    <div className="stack" role="region" aria-labelledby="supply-every-heading">
      <h3 id="supply-every-heading">Your defences against every attacker</h3>
      <p>
        The defences and the install chosen above, run once against each of the four attackers. Pick
        defences until none of them wins; the matrix below gives each defence alone.
      </p>
      <p role="status">
        {winners.length === 0 ? (
          <Verdict ok yes="No attacker wins with these defences" no="" />
        ) : (
          <>
            <Verdict
              ok={false}
              yes=""
              no={`${winners.length} of ${outcomes.length} attackers still win`}
            />
            : {winners.map((w) => w.label).join(', ')}
          </>
        )}
      </p>
      <ul className="untrusted-data-bypasses">
        {outcomes.map((o) => (
          <li key={o.attacker}>
            <strong>{o.label}</strong>:{' '}
            {o.outcome === 'compromised'
              ? '✗ wins: its setup.py ran'
              : o.outcome === 'blocked'
                ? `✓ stopped by ${o.blockedBy ?? 'a check'}`
                : '✓ the genuine package was installed'}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Where the parties are, and where this attacker sits among them. */
function AttackerMap({ attacker }: { attacker: AttackerId }) {
  const nodes = [
    { id: 'you', name: 'Your machine', role: 'pip, as root or as you', here: false },
    {
      id: 'net',
      name: 'The network',
      role: 'Wi-Fi, routers, DNS',
      here: attacker === 'wifi' || attacker === 'onpath',
    },
    { id: 'index', name: 'pypi.example', role: 'the index page', here: attacker === 'index' },
    { id: 'files', name: 'files.example', role: 'the archive', here: attacker === 'mirror' },
  ];
  return (
    <ol className="untrusted-data-map" aria-label="Who is on the path">
      {nodes.map((node) => (
        <li key={node.id} className={node.here ? 'untrusted-data-map__node--attacker' : undefined}>
          <strong>{node.name}</strong>
          <span className="field__hint">{node.role}</span>
          {node.here && <span className="untrusted-data-map__badge">⚠ attacker here</span>}
        </li>
      ))}
    </ol>
  );
}

function InstallView({ result }: { result: InstallResult }) {
  const outcome = OUTCOME[result.outcome];
  return (
    <div className="stack" aria-live="polite">
      <div className="stack" id="supply-outcome">
        <Callout
          tone={result.outcome === 'compromised' ? 'danger' : 'success'}
          title={`${outcome.symbol} ${outcome.word[0]!.toUpperCase()}${outcome.word.slice(1)}`}
        >
          {result.summary}
        </Callout>
        <ol className="untrusted-data-chain" aria-label="The install, step by step">
          {result.steps.map((step) => (
            <li
              key={step.id}
              className={`untrusted-data-chain__step untrusted-data-chain__step--${step.status}`}
            >
              {STATUS[step.status].symbol} {step.title}
            </li>
          ))}
        </ol>
      </div>
      <ol className="untrusted-data-steps">
        {result.steps.map((step) => (
          <StepView key={step.id} step={step} />
        ))}
      </ol>
      {result.effects.length > 0 && (
        <TableScroll label="What setup.py did">
          <table>
            <caption className="untrusted-data-caption">What setup.py did</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Statement</th>
                <th scope="col">As</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {result.effects.map((e, i) => (
                <tr key={i}>
                  <td className="mono">{e.line}</td>
                  <td className="mono untrusted-data-arg">{e.source}</td>
                  <td className="mono">
                    {e.account} (uid {e.uid})
                  </td>
                  <td>
                    <strong>{e.allowed ? 'Done.' : 'Refused.'}</strong> {e.result}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </div>
  );
}

function StepView({ step }: { step: InstallStep }) {
  return (
    <li className={`untrusted-data-step untrusted-data-step--${step.status}`}>
      <div className="untrusted-data-step__head">
        <strong>{step.title}</strong>{' '}
        <span className="untrusted-data-step__status">
          {STATUS[step.status].symbol} {STATUS[step.status].word}
        </span>
      </div>
      {step.details.map((d) => (
        <div key={d} className="untrusted-data-step__detail">
          {d}
        </div>
      ))}
      {step.attacker && (
        <div className="untrusted-data-step__attacker">Attacker: {step.attacker}</div>
      )}
      {step.check && (
        <div className="untrusted-data-step__check">
          <Verdict
            ok={step.check.passed}
            yes={`${step.check.name}: passed`}
            no={`${step.check.name}: failed`}
          />
          <ul>
            {step.check.findings.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        </div>
      )}
      {step.wire && (
        <details>
          <summary>
            Bytes: {step.wire.label} ({step.wire.length} bytes)
          </summary>
          <div className="digest">
            {step.wire.hex}
            {step.wire.length * 2 > step.wire.hex.length ? '…' : ''}
          </div>
        </details>
      )}
    </li>
  );
}

function MatrixView({ onPick }: { onPick: (attacker: AttackerId, column: string) => void }) {
  const worker = useWorker<UntrustedDataApi>(
    () => new Worker(new URL('./untrusted-data.worker.ts', import.meta.url), { type: 'module' }),
  );
  const job = useWorkerJob<Matrix, { done: number; total: number }>(worker);
  const { start, cancel } = job;
  useEffect(() => {
    start((progress) => worker.call('matrix', null, progress));
    return cancel;
  }, [worker, start, cancel]);
  const matrix = job.state.status === 'done' ? job.state.value : null;
  const progress = (job.state.status === 'running' && job.state.progress) || { done: 0, total: 1 };

  return (
    <div className="stack">
      <h3 id="matrix-heading">Every attacker against every defence</h3>
      <p>
        Each cell is one run of the install above, with that attacker and only that defence on
        (plain HTTP otherwise), as root. Choose a cell to load it into the controls.
      </p>
      {!matrix ? (
        <ProgressBar
          label="Running the installs"
          value={progress.done}
          max={progress.total}
          detail={`${progress.done} of ${progress.total} installs`}
        />
      ) : (
        <>
          <TableScroll label="Attack and defence matrix">
            <table className="untrusted-data-matrix" aria-labelledby="matrix-heading">
              <thead>
                <tr>
                  <th scope="col">Attacker</th>
                  {matrix.columns.map((c) => (
                    <th key={c.id} scope="col" title={c.label}>
                      {c.short}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {matrix.rows.map((row) => (
                  <tr key={row.attacker}>
                    <th scope="row">{row.label}</th>
                    {row.cells.map((cell) => {
                      const o = OUTCOME[cell.outcome];
                      return (
                        <td
                          key={cell.column}
                          className={`untrusted-data-cell untrusted-data-cell--${cell.outcome}`}
                        >
                          <button
                            type="button"
                            className="untrusted-data-cell__button"
                            title={cell.blockedBy ? `Stopped by: ${cell.blockedBy}` : o.word}
                            aria-label={`${row.label} against ${matrix.columns.find((c) => c.id === cell.column)!.label}: ${o.word}`}
                            onClick={() => onPick(row.attacker, cell.column)}
                          >
                            {o.symbol}{' '}
                            {cell.outcome === 'compromised'
                              ? 'code ran'
                              : cell.outcome === 'blocked'
                                ? 'stopped'
                                : 'clean'}
                          </button>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <ul className="untrusted-data-bypasses">
            {matrix.rows
              .filter((row) => row.attacker !== 'none')
              .map((row) => (
                <li key={row.attacker}>
                  <strong>{row.label}</strong> gets past:{' '}
                  {row.bypasses.length ? row.bypasses.join(', ') : 'none of them'}. Stopped by:{' '}
                  {row.stoppedBy.join(', ')}.
                </li>
              ))}
          </ul>
        </>
      )}
    </div>
  );
}

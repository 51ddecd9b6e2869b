/**
 * `#/challenges`: every challenge, grouped by lab, with the learner's status on each, and the
 * progress view: totals, the recaps answered and right per lab, export to a JSON file, import from
 * one (checked first: a damaged file changes nothing) and reset. All of it stays in this browser.
 */
import { useState } from 'react';
import { CHALLENGES } from '../../labs/challenges';
import { RECAPS } from '../../labs/recaps';
import { LABS } from '../../labs/registry';
import { FileDrop } from '../../ui/FileDrop';
import { ProgressBar } from '../../ui/ProgressBar';
import { downloadBlob } from '../../ui/download';
import {
  STATUS_LABELS,
  formatDuration,
  parseProgress,
  progressOf,
  serializeProgress,
  statusOf,
  summarize,
  summarizeRecaps,
  type Progress,
} from './progress';
import { resetProgress, saveProgress, useProgress } from './use-progress';
import './challenges.css';

export default function ChallengesIndex() {
  const progress = useProgress();
  const totals = summarize(
    progress,
    CHALLENGES.map((c) => c.id),
  );
  const labs = LABS.filter((lab) => CHALLENGES.some((c) => c.lab === lab.id));
  return (
    <article className="challenges">
      <h1>Challenges</h1>
      <p className="lead">
        Do the attacks yourself. Each challenge gives you an instance (a server's tag, a shop's
        order numbers, a command to run) made with a fresh secret in a worker; you hand in your
        answer and the server judges it, with a reason. Hints open one at a time; “Show me” runs the
        automatic attack on your instance, and the challenge then counts as shown, not solved.
      </p>
      <section className="card" aria-labelledby="progress-heading">
        <h2 id="progress-heading">Your progress</h2>
        <ProgressBar
          label="Challenges solved"
          value={totals.solved}
          max={totals.total}
          detail={`${totals.solved} of ${totals.total} solved`}
        />
        <p>
          {totals.solved} of {totals.total} solved · {totals.shown} shown · {totals.attempted}{' '}
          attempted · {totals.attempts} answers checked · {totals.hintsUsed} hints opened ·{' '}
          {formatDuration(totals.timeMs)} spent
        </p>
        <RecapTable progress={progress} />
        <ProgressTools progress={progress} />
      </section>
      {labs.map((lab) => (
        <section key={lab.id} aria-labelledby={`challenges-${lab.id}`}>
          <h2 id={`challenges-${lab.id}`}>
            <a href={`#/${lab.id}`}>{lab.title}</a>
          </h2>
          <ChallengeTable progress={progress} labId={lab.id} />
        </section>
      ))}
    </article>
  );
}

export function ChallengeTable({ progress, labId }: { progress: Progress; labId: string }) {
  const list = CHALLENGES.filter((c) => c.lab === labId).sort((a, b) => a.level - b.level);
  return (
    <div className="table-scroll">
      <table className="challenge-table">
        <thead>
          <tr>
            <th scope="col">Level</th>
            <th scope="col">Challenge</th>
            <th scope="col">Status</th>
            <th scope="col">Answers checked</th>
            <th scope="col">Hints</th>
            <th scope="col">Time</th>
          </tr>
        </thead>
        <tbody>
          {list.map((c) => {
            const entry = progressOf(progress, c.id);
            const status = statusOf(entry);
            return (
              <tr key={c.id}>
                <td>{c.level}</td>
                <th scope="row">
                  <a href={`#/challenges/${c.id}`}>{c.title}</a>
                </th>
                <td>
                  <span className={`challenge-status challenge-status--${status}`}>
                    {STATUS_LABELS[status]}
                  </span>
                </td>
                <td>{entry.attempts}</td>
                <td>
                  {entry.hintsUsed} of {c.hints.length}
                </td>
                <td>{formatDuration(entry.timeMs)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The recap at the end of each lab: questions answered and answered right (the last choice counts). */
function RecapTable({ progress }: { progress: Progress }) {
  const rows = summarizeRecaps(
    progress,
    RECAPS,
    LABS.map((lab) => lab.id),
  );
  return (
    <div className="table-scroll">
      <table className="challenge-table">
        <caption>Recaps at the end of each lab</caption>
        <thead>
          <tr>
            <th scope="col">Lab</th>
            <th scope="col">Answered</th>
            <th scope="col">Right</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.labId}>
              <th scope="row">
                <a href={`#/${row.labId}`}>{LABS.find((lab) => lab.id === row.labId)!.title}</a>
              </th>
              <td>
                {row.answered} of {row.questions}
              </td>
              <td>{row.right}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ProgressTools({ progress }: { progress: Progress }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const importFile = async (file: File) => {
    setMessage(null);
    // A progress export is a few kilobytes: refuse a big file before reading it.
    if (file.size > 4_000_000) {
      setMessage({
        ok: false,
        text: `${file.name} is too big to be a progress export. Nothing was changed.`,
      });
      return;
    }
    const parsed = parseProgress(await file.text());
    if (!parsed.ok) {
      setMessage({ ok: false, text: `${file.name}: ${parsed.error.message} Nothing was changed.` });
      return;
    }
    saveProgress(parsed.value);
    const count = Object.keys(parsed.value.challenges).length;
    const answers = Object.keys(parsed.value.recaps).length;
    const recaps = answers > 0 ? ` and ${answers} recap answers` : '';
    setMessage({
      ok: true,
      text: `Imported the progress on ${count} challenges${recaps} from ${file.name}.`,
    });
  };
  return (
    <div className="stack">
      <div className="row">
        <button
          type="button"
          className="button button--small"
          onClick={() =>
            downloadBlob(
              new Blob([serializeProgress(progress, new Date())], { type: 'application/json' }),
              'security-playground-progress.json',
            )
          }
        >
          Export progress (JSON)
        </button>
        <FileDrop
          label="Import progress…"
          onFile={(file) => void importFile(file)}
          hint="or drop an exported file here"
        />
        {!confirming ? (
          <button
            type="button"
            className="button button--small"
            onClick={() => setConfirming(true)}
          >
            Reset progress…
          </button>
        ) : (
          <span role="group" aria-label="Confirm reset" className="row">
            <span>Erase all progress in this browser?</span>
            <button
              type="button"
              className="button button--small"
              onClick={() => {
                resetProgress();
                setConfirming(false);
                setMessage({ ok: true, text: 'Progress erased.' });
              }}
            >
              Erase progress
            </button>
            <button
              type="button"
              className="button button--small"
              onClick={() => setConfirming(false)}
            >
              Keep it
            </button>
          </span>
        )}
      </div>
      <p className="field__hint">
        Progress is kept in this browser only (localStorage); nothing is sent anywhere. Export it to
        move it to another browser or keep a copy.
      </p>
      {message && (
        <p
          role={message.ok ? 'status' : 'alert'}
          className={message.ok ? undefined : 'field__error'}
        >
          {message.text}
        </p>
      )}
    </div>
  );
}

/**
 * Keys per use: a password-reset link replayed as a session cookie. The worker signs and verifies
 * with Web Crypto HMAC; this section shows the two verdicts it returns.
 */
import { useCallback, useEffect } from 'react';
import { Callout, Verdict } from '../../ui/Callout';
import { Choice } from '../../ui/Choice';
import { useLabAction, useLabChoice } from '../../ui/lab-context';
import { useWorkerJob } from '../../ui/use-worker-job';
import type { WorkerClient } from '../../platform/worker-client';
import { FEATURES, type ReplayReport } from './core/salted-keys';
import type { LengthExtensionApi } from './length-extension.worker';
import { LENGTH_EXTENSION } from './lab';
import { TableScroll } from '../../ui/TableScroll';
import { JobError } from '../../ui/JobControls';

export function SaltedKeysSection({ worker }: { worker: WorkerClient<LengthExtensionApi> }) {
  const [derivation, setDerivation] = useLabChoice(LENGTH_EXTENSION, 'derivation');
  const job = useWorkerJob<ReplayReport>(worker);
  const { start } = job;
  const replay = useCallback(
    () => start(() => worker.call('replay', { derivation })),
    [start, worker, derivation],
  );

  useEffect(() => replay(), [replay]);
  useLabAction(LENGTH_EXTENSION, 'replay', replay);

  const run = job.state;
  const report = run.status === 'done' ? run.value : null;
  return (
    <section className="card" aria-labelledby="le-salted-heading">
      <h2 id="le-salted-heading">Keys per use: a reset link is not a session</h2>
      <p>
        HMAC fixes forgery, but one key for everything still lets a value signed in one place be
        used in another. This app signs <strong>password-reset links</strong> and{' '}
        <strong>session cookies</strong> with HMAC-SHA256, both holding{' '}
        <code>user=…&amp;expires=…</code>. Someone who sees alice’s reset link (a forwarded e-mail,
        a Referer header, a proxy log) presents its value and tag as a session cookie.
      </p>
      <div className="row">
        <Choice
          label="Each feature’s key"
          value={derivation}
          onChange={setDerivation}
          options={[
            { value: 'none', label: 'Same key (no salt)' },
            { value: 'django', label: 'Django-style salt' },
            { value: 'hkdf', label: 'HKDF with info' },
          ]}
        />
        <button type="button" className="button button--ghost" onClick={replay}>
          Replay again
        </button>
      </div>
      <JobError state={run} />
      {report && (
        <div className="stack" aria-live="polite">
          <TableScroll label="Replay results" id="le-replay-table">
            <table>
              <thead>
                <tr>
                  <th scope="col">Feature and its key</th>
                  <th scope="col">Shown the reset link’s value and tag</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">
                    {FEATURES.reset.label}
                    <div className="mono field__hint">{report.formulas.reset}</div>
                  </th>
                  <td>
                    <Verdict ok={report.resetAccepts} yes="Accepted" no="Rejected" /> its own link
                  </td>
                </tr>
                <tr>
                  <th scope="row">
                    {FEATURES.session.label}
                    <div className="mono field__hint">{report.formulas.session}</div>
                  </th>
                  <td>
                    {report.sessionAccepts ? (
                      <>
                        <Verdict ok={false} yes="" no="Accepted" /> logged in as alice
                      </>
                    ) : (
                      <Verdict ok yes="Rejected" no="" />
                    )}
                  </td>
                </tr>
              </tbody>
            </table>
          </TableScroll>
          <p className="field__hint">
            Signed value <code>{report.value}</code>, tag{' '}
            <span className="digest">{report.tagHex}</span>, both verified with Web Crypto
            HMAC-SHA256 in the worker.
          </p>
          {report.sessionAccepts ? (
            <Callout tone="danger" title="Replay accepted">
              Both features use the same key, so a tag valid for one is valid for the other. The
              reset link became a login.
            </Callout>
          ) : (
            <Callout tone="success" title="Replay rejected">
              Each feature derives its own key from the app secret, so a tag made for reset links
              means nothing to the session check.{' '}
              {derivation === 'django'
                ? 'Django does this with a salt per use (salted_hmac, signing.dumps(salt=…)).'
                : 'HKDF (RFC 5869) derives as many independent keys as you have purposes, one info string each.'}
            </Callout>
          )}
        </div>
      )}
    </section>
  );
}

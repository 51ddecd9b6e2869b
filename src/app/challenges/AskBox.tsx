/**
 * "Ask the server": a request other than an answer (a batch of guesses to time), typed as JSON in
 * the shape the challenge gives, sent to the instance's session in the worker. The response is
 * shown as JSON; a malformed request gets its message at the field and costs nothing; each request
 * spends the budget the page shows.
 */
import { useState } from 'react';
import type { Challenge } from '../../core/challenge';
import { TextField } from '../../ui/Field';
import type { AskOutcome } from './challenges.worker';

export function AskBox({
  challenge,
  ask,
  onUsed,
}: {
  challenge: Challenge;
  ask: (request: string) => Promise<AskOutcome>;
  onUsed: (requestsUsed: number) => void;
}) {
  const [request, setRequest] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [response, setResponse] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const shape = challenge.ask?.requestShape ?? '';

  const send = async () => {
    setBusy(true);
    setError(null);
    setRefused(null);
    try {
      const outcome = await ask(request);
      if (outcome.kind === 'invalid') setError(outcome.error.message);
      else if (outcome.kind === 'over-budget') {
        onUsed(outcome.requestsUsed);
        setRefused(outcome.message);
      } else {
        onUsed(outcome.requestsUsed);
        setResponse(JSON.stringify(outcome.response));
      }
    } catch (thrown) {
      setError(thrown instanceof Error ? thrown.message : String(thrown));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="ask-heading">
      <h2 id="ask-heading">Ask the server</h2>
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <TextField
          label="Request (JSON)"
          value={request}
          multiline
          rows={3}
          monospace
          placeholder={shape}
          hint={
            <>
              The request's shape: <code>{shape}</code>. The response's:{' '}
              <code>{challenge.ask?.responseShape}</code>
            </>
          }
          error={error}
          onChange={(next) => {
            setRequest(next);
            setError(null);
          }}
        />
        <div className="row">
          <button type="submit" className="button" disabled={busy}>
            Send the request
          </button>
        </div>
      </form>
      <div aria-live="polite">
        {busy && <p>Asking the server…</p>}
        {refused && (
          <div className="callout callout--warning" role="region" aria-label="Request refused">
            <strong className="callout__title">Out of requests</strong>
            <p>{refused}</p>
          </div>
        )}
        {response !== null && (
          <div className="callout callout--note" role="region" aria-label="Server response">
            <strong className="callout__title">The server’s response</strong>
            <pre className="mono challenge-json">{response}</pre>
          </div>
        )}
      </div>
    </section>
  );
}

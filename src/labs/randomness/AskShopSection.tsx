/**
 * "Ask the shop yourself": a victim shop in the worker hands out 624 order numbers and keeps
 * running. The learner types the next password-reset key, and only when that guess has reached
 * the shop does it draw the key; the worker compares the two. "Show me" asks the clone attack for
 * the key instead. This file lays out what the worker returns.
 */
import { useEffect, useState } from 'react';
import { Callout, Verdict } from '../../ui/Callout';
import { CopyButton } from '../../ui/CopyButton';
import { Field, TextField } from '../../ui/Field';
import { JobError } from '../../ui/JobControls';
import { TableScroll } from '../../ui/TableScroll';
import { useLabChoice, useLabParam } from '../../ui/lab-context';
import { useWorker } from '../../ui/use-worker';
import { shownValue, useWorkerJob } from '../../ui/use-worker-job';
import { parseKeyGuess, type ShopView } from './core/ask-shop';
import { parseAlphabet, parseLength } from './core/key-format';
import type { RandomnessApi } from './randomness.worker';
import { RANDOMNESS } from './lab';

export function AskShopSection() {
  const [victim] = useLabChoice(RANDOMNESS, 'victim');
  const [alphabetText] = useLabParam(RANDOMNESS, 'alphabet');
  const [lengthText] = useLabParam(RANDOMNESS, 'length');
  const [guessText, setGuessText] = useLabParam(RANDOMNESS, 'askKey');
  const [opened, setOpened] = useState(0);
  const alphabet = parseAlphabet(alphabetText);
  const length = parseLength(lengthText);
  const worker = useWorker<RandomnessApi>(
    () => new Worker(new URL('./randomness.worker.ts', import.meta.url), { type: 'module' }),
  );
  const shop = useWorkerJob<ShopView>(worker);
  const predict = useWorkerJob<string>(worker);

  const format =
    alphabet.ok && length.ok ? { alphabet: alphabet.value, keyLength: length.value } : null;
  const formatKey = format ? JSON.stringify(format) : null;
  const { start: startShop } = shop;
  const { reset: resetPredict } = predict;
  useEffect(() => {
    if (formatKey === null) return;
    resetPredict();
    const request = {
      victim,
      ...(JSON.parse(formatKey) as { alphabet: string; keyLength: number }),
    };
    startShop(() => worker.call('shop-open', request));
  }, [formatKey, victim, opened, worker, startShop, resetPredict]);

  const view = shownValue(shop.state);
  const guess = format ? parseKeyGuess(guessText, format.alphabet, format.keyLength) : null;
  const guessError = guessText !== '' && guess && !guess.ok ? guess.error.message : null;
  const busy = shop.state.status === 'running';
  const last = view?.resets.at(-1) ?? null;

  return (
    <section className="card" aria-labelledby="ask-shop-heading">
      <h2 id="ask-shop-heading">Ask the shop yourself</h2>
      <p>
        Another shop, with the settings above (Python’s <code>random</code> or <code>secrets</code>,
        the key’s characters and length), has handed out 624 order numbers. Clone its generator
        yourself (the take-home script above, or your own code) and type the password-reset key it
        will make next. The shop draws the key only after your guess has reached it, with{' '}
        <code>''.join(random.choice(alphabet) for i in range(length))</code>.
      </p>
      {!format && (
        <p className="field__error" role="alert">
          Fix the key’s characters and length above first.
        </p>
      )}
      <JobError state={shop.state} />
      {view && (
        <form
          className="stack"
          aria-label="Your guess of the next reset key"
          onSubmit={(event) => {
            event.preventDefault();
            if (!guess?.ok) return;
            const request = { guess: guess.value };
            shop.start(() => worker.call('shop-reset', request));
          }}
        >
          <Field label="The shop’s 624 order numbers (getrandbits(32), in order)">
            {(a11y) => (
              <textarea
                {...a11y}
                className="mono"
                readOnly
                rows={3}
                value={view.orderNumbers.join(' ')}
              />
            )}
          </Field>
          <div className="row">
            <CopyButton value={view.orderNumbers.join('\n')} label="Copy the order numbers" />
            <button
              type="button"
              className="button button--ghost"
              onClick={() => setOpened((n) => n + 1)}
            >
              Open a new shop
            </button>
          </div>
          <TextField
            label="The next reset key, as you predict it"
            value={guessText}
            onChange={setGuessText}
            monospace
            error={guessError}
            hint={
              format
                ? `${format.keyLength} characters from the shop’s alphabet; after each reset, predict the one after it.`
                : undefined
            }
          />
          <div className="row">
            <button type="submit" className="button" disabled={!guess?.ok || busy}>
              Ask the shop for a reset key
            </button>
            <button
              type="button"
              className="button button--ghost"
              disabled={predict.state.status === 'running' || busy}
              onClick={() =>
                predict.start(async () => {
                  const key = await worker.call('shop-predict', null);
                  setGuessText(key);
                  return key;
                })
              }
            >
              Show me: predict it from the order numbers
            </button>
          </div>
          <JobError state={predict.state} />
        </form>
      )}
      <div aria-live="polite">
        {last && (
          <div role="region" aria-label="The shop’s last reset key">
            <Callout
              tone={last.matched ? 'danger' : 'note'}
              title={last.matched ? 'Predicted before it was drawn' : 'Not the key the shop drew'}
            >
              <p>
                <Verdict ok={!last.matched} yes="Different" no="Matched" /> Reset key {last.number}:
                the shop drew <code>{last.key}</code>; you sent <code>{last.guess}</code>
                {last.matched ? '.' : ` (the first ${last.rightPrefix} characters right).`}
              </p>
            </Callout>
          </div>
        )}
      </div>
      {view && view.resets.length > 0 && (
        <TableScroll label="Reset keys so far">
          <table>
            <thead>
              <tr>
                <th scope="col">Reset</th>
                <th scope="col">Your guess</th>
                <th scope="col">The shop’s key</th>
                <th scope="col">Matched</th>
              </tr>
            </thead>
            <tbody>
              {view.resets.map((r) => (
                <tr key={r.number}>
                  <th scope="row">{r.number}</th>
                  <td className="mono">{r.guess}</td>
                  <td className="mono">{r.key}</td>
                  <td>{r.matched ? 'yes' : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

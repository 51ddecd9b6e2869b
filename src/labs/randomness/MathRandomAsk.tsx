/**
 * "Type the next values before the tab draws them": the learner's own predictions of this tab's
 * Math.random, typed first; only on the button does the page draw as many real values (it must:
 * Math.random belongs to this page), and core compares them place by place.
 */
import { useState } from 'react';
import { Callout, Verdict } from '../../ui/Callout';
import { fail } from '../../core/result';
import { TextField } from '../../ui/Field';
import { TableScroll } from '../../ui/TableScroll';
import { compareTyped, type TypedComparison } from './core/math-random';
import { parseUnitDoubles } from './core/parse-numbers';
import { formatNumber } from '../../core/number-format';

/** More than the lab ever predicts; a paste beyond this is refused before it is read. */
const MAX_TYPED = 200;
const MAX_CHARS = 20_000;

export function MathRandomAsk() {
  const [text, setText] = useState('');
  const [drawn, setDrawn] = useState<{
    typed: number[];
    values: number[];
    comparison: TypedComparison;
  } | null>(null);
  const parsed =
    text.trim() === ''
      ? null
      : text.length > MAX_CHARS
        ? fail('typed/too-long', `${formatNumber(text.length)} characters is too long.`)
        : parseUnitDoubles(text);
  const error =
    parsed && !parsed.ok
      ? parsed.error.message
      : parsed && parsed.value.length > MAX_TYPED
        ? `At most ${MAX_TYPED} values; these are ${parsed.value.length}.`
        : null;
  const typed = parsed?.ok && error === null ? parsed.value : null;

  return (
    <form
      className="stack"
      aria-label="Your prediction of this tab’s next Math.random() values"
      onSubmit={(event) => {
        event.preventDefault();
        if (!typed) return;
        // Drawn only now, after the prediction was typed, in one synchronous loop.
        const values = Array.from({ length: typed.length }, () => Math.random());
        setDrawn({ typed, values, comparison: compareTyped(typed, values) });
      }}
    >
      <h3>Predict them yourself</h3>
      <p>
        Type the values you expect this tab’s <code>Math.random()</code> to give next (from your own
        solver, or copied from the predictions above), then draw: the tab draws as many values only
        when you press the button, and each is compared with yours exactly.
      </p>
      <TextField
        label="Your next Math.random() values (one per line or comma-separated)"
        value={text}
        onChange={(next) => {
          setText(next);
          setDrawn(null);
        }}
        multiline
        rows={3}
        monospace
        error={error}
      />
      <div className="row">
        <button type="submit" className="button" disabled={!typed}>
          Draw {typed ? typed.length : ''} values and compare with mine
        </button>
      </div>
      <div aria-live="polite">
        {drawn && (
          <div role="region" aria-label="Your values against the drawn ones">
            <Callout
              tone={drawn.comparison.hits === drawn.values.length ? 'danger' : 'note'}
              title="Your values against the drawn ones"
            >
              <Verdict
                ok={drawn.comparison.hits !== drawn.values.length}
                yes={`${drawn.comparison.hits} of ${drawn.values.length} matched`}
                no={`All ${drawn.values.length} matched: predicted before they were drawn`}
              />
            </Callout>
            <TableScroll label="Your values and the drawn ones">
              <table>
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">Yours</th>
                    <th scope="col">Drawn</th>
                    <th scope="col">Match</th>
                  </tr>
                </thead>
                <tbody>
                  {drawn.values.map((v, i) => (
                    <tr key={i}>
                      <td>{i + 1}</td>
                      <td className="mono">{drawn.typed[i]}</td>
                      <td className="mono">{v}</td>
                      <td>{drawn.comparison.matches[i] ? 'yes' : 'no'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </div>
        )}
      </div>
    </form>
  );
}

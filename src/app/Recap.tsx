/**
 * A lab's recap at its end: a few questions aimed at the usual misconceptions (src/labs/recaps.ts).
 * Choosing an option says whether it is right and why; the learner may choose again. The answer
 * chosen is kept with the challenges' progress (localStorage; exported, imported and reset with it).
 */
import type { RecapQuestion } from '../core/recap';
import { RECAPS } from '../labs/recaps';
import { recapAnswerOf } from './challenges/progress';
import { saveRecapAnswer, useProgress } from './challenges/use-progress';

function Question({ labId, question }: { labId: string; question: RecapQuestion }) {
  const stored = recapAnswerOf(useProgress(), labId, question.id);
  // An answer saved by another version may point past this version's options: ignore it.
  const chosen = stored && stored.option < question.options.length ? stored.option : null;
  const setChosen = (option: number) =>
    saveRecapAnswer(labId, question.id, { option, right: question.options[option]!.right });
  const name = `recap-${labId}-${question.id}`;
  const option = chosen === null ? null : question.options[chosen]!;
  return (
    <fieldset className="recap__question">
      <legend>{question.question}</legend>
      {question.options.map((o, i) => (
        <label key={o.text} className="recap__option">
          <input type="radio" name={name} checked={chosen === i} onChange={() => setChosen(i)} />{' '}
          {o.text}
        </label>
      ))}
      <p className="recap__feedback" role="status">
        {option && (
          <>
            <strong className={option.right ? 'recap__right' : 'recap__wrong'}>
              {option.right ? 'Right.' : 'Not quite.'}
            </strong>{' '}
            {option.why}
          </>
        )}
      </p>
    </fieldset>
  );
}

export function Recap({ labId }: { labId: string }) {
  const questions = RECAPS[labId];
  if (!questions || questions.length === 0) return null;
  const headingId = `recap-${labId}`;
  return (
    <section className="callout recap" aria-labelledby={headingId}>
      <h2 id={headingId} className="callout__title">
        Recap: check what you learnt
      </h2>
      {questions.map((q) => (
        <Question key={q.id} labId={labId} question={q} />
      ))}
    </section>
  );
}

/** The landing page: the talk's advice, each point linked to the lab that shows it happening. */
import { LABS } from '../labs/registry';
import { talkAddress } from './talk/talk';

export function Landing() {
  return (
    <article className="landing">
      <h1>Security Playground</h1>
      <p className="lead">
        The classic mistakes from the talk “Advanced Security Topics”, exploited for real in your
        browser, on real bytes, and then fixed. Nothing leaves this page: every attack, victim and
        check runs here, offline.
      </p>
      <p className="landing__start">
        <a className="button" href={`#/${LABS[0]!.id}?step=1`}>
          Start here: {LABS[0]!.title}, step by step →
        </a>{' '}
        <span className="field__hint">
          The first lab’s guided steps; each lab then walks through its attack and its fix.
        </span>
      </p>
      <p className="landing__talk">
        <a className="button" href={talkAddress()}>
          ▶ Give the talk
        </a>{' '}
        <span className="field__hint">
          Every point and every lab's steps as one deck: arrow keys, a clock, speaker notes.
        </span>
      </p>
      <h2>The advice, and where to see it</h2>
      <ol className="advice">
        {LABS.flatMap((lab) =>
          lab.points.map((point) => (
            <li key={`${lab.id}:${point.advice}`}>
              <p className="advice__text">{point.advice}</p>
              <p className="advice__today">
                <span className="advice__label">Today:</span> {point.today}
              </p>
              <a className="advice__link" href={`#/${lab.id}`}>
                Open the {lab.title} lab →
              </a>
            </li>
          )),
        )}
      </ol>
      <h2>The labs</h2>
      <ul className="lab-cards">
        {LABS.map((lab) => (
          <li key={lab.id}>
            <a href={`#/${lab.id}`}>
              <strong>{lab.title}</strong>
              <span>{lab.summary}</span>
            </a>
          </li>
        ))}
      </ul>
    </article>
  );
}

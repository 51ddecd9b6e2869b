/** A lab's "Then and now" box: what changed since the talk, each change with its source. */
import { THEN_AND_NOW } from './then-and-now';

export function ThenAndNow({ labId }: { labId: string }) {
  const changes = THEN_AND_NOW[labId];
  if (!changes || changes.length === 0) return null;
  const headingId = `then-and-now-${labId}`;
  return (
    <section className="callout callout--note then-and-now" aria-labelledby={headingId}>
      <h2 id={headingId} className="callout__title">
        Then and now: what changed since the talk (2012)
      </h2>
      <ul>
        {changes.map((change) => (
          <li key={change.source.url + change.when}>
            <strong>{change.when}:</strong> {change.what}{' '}
            <a href={change.source.url} target="_blank" rel="noopener noreferrer">
              {change.source.title}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

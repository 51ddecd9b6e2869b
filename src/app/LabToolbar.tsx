/** Above every lab: share a link, copy embed code, enter or leave presenter mode, reset. */
import { formatRoute, type Route } from '../core/route';
import type { LabEntry } from '../labs/registry';
import { CopyButton } from '../ui/CopyButton';
import { downloadJson } from '../ui/download';
import { embedSnippet, toggleFullScreen } from './modes';
import { talkAddress } from './talk/talk';
import { navigate } from './use-route';

type LabRoute = Extract<Route, { kind: 'lab' }>;

function addressOf(route: LabRoute): string {
  return `${window.location.origin}${window.location.pathname}${formatRoute(route)}`;
}

export function LabToolbar({
  lab,
  route,
  onReset,
  results,
}: {
  lab: LabEntry;
  route: LabRoute;
  onReset: () => void;
  results: unknown;
}) {
  if (route.mode === 'embed') return null;
  const { step: _step, ...params } = route.params;
  const presenting = route.mode === 'present';
  return (
    <div className="lab-toolbar" role="toolbar" aria-label="Lab tools">
      {presenting && <strong className="lab-toolbar__title">{lab.title}</strong>}
      <CopyButton value={addressOf(route)} label="Copy link" />
      {!presenting && (
        <CopyButton
          value={embedSnippet(
            addressOf({ ...route, mode: 'embed', params }),
            `${lab.title} — Security Playground`,
          )}
          label="Copy embed code"
        />
      )}
      <button
        type="button"
        className="button button--small"
        disabled={results === null}
        onClick={() =>
          downloadJson(
            { lab: lab.id, exportedAt: new Date().toISOString(), inputs: params, results },
            `${lab.id}-results.json`,
          )
        }
      >
        Export results (JSON)
      </button>
      <button
        type="button"
        className="button button--small"
        onClick={onReset}
        aria-keyshortcuts={presenting ? 'R' : undefined}
      >
        Reset lab
      </button>
      {presenting && (
        <button
          type="button"
          className="button button--small"
          onClick={toggleFullScreen}
          aria-keyshortcuts="F"
        >
          Full screen
        </button>
      )}
      <button
        type="button"
        className="button button--small"
        onClick={() => navigate({ ...route, mode: presenting ? 'normal' : 'present' })}
      >
        {presenting ? 'Leave presenter mode' : 'Presenter mode'}
      </button>
      {!presenting && (
        <a className="button button--small" href={talkAddress(lab.id)}>
          In the talk deck
        </a>
      )}
      {presenting && (
        <span className="lab-toolbar__keys field__hint">
          <kbd>→</kbd> next step · <kbd>←</kbd> back · <kbd>R</kbd> reset · <kbd>F</kbd> full screen
        </span>
      )}
    </div>
  );
}

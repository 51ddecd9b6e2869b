import './app/app.css';
import { holdEarlyKeys } from './app/early-keys';
import { registerServiceWorker } from './platform/register-service-worker';

// The app renders a few tasks after `load` (below): a → pressed meanwhile waits for it.
holdEarlyKeys();

// React DOM and the app are imported dynamically, so that the browser evaluates their modules in
// tasks of their own rather than all in the entry's one: on a modest laptop (CPU slowed 4×) the
// whole graph in one task took 130–300 ms of main thread, over the 200 ms budget (README,
// "Main-thread tasks at 4× CPU slowdown"). In the single file they are inlined, as before.
void Promise.all([import('react'), import('react-dom/client'), import('./app/App')]).then(
  ([{ StrictMode, startTransition }, { createRoot }, { App }]) => {
    const root = createRoot(document.getElementById('root')!);
    // As a transition, React renders the first screen in slices and yields between them; an
    // ordinary first render is one task (90–130 ms at 4× for a lab's panel).
    startTransition(() =>
      root.render(
        <StrictMode>
          <App />
        </StrictMode>,
      ),
    );
  },
);

if (import.meta.env.PROD) registerServiceWorker();

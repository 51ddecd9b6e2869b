/**
 * The figure issue 15 asks for: with the CPU slowed 4× (Chrome's own throttling, as Lighthouse
 * uses for a modest device), open a lab in presenter mode and run all its guided steps the way a
 * presenter does (→ for the next step, then wait until the step's work has finished), recording
 * every main-thread task over 50 ms with a `longtask` PerformanceObserver installed before the
 * page's own scripts run. The longest task is reported with the step that was on screen when it
 * started ("open" before the first step).
 */
import type { Browser } from '@playwright/test';
import type { LabEntry } from '../../src/labs/registry';

export const CPU_SLOWDOWN = 4;

/**
 * A step's work is over when the lab says the step has finished (the guided-steps panel's
 * `data-step-finished`, set once the step's action ran and no job of the lab is running) and the
 * page has not changed for this long. Before the first step (no panel yet) no progress bar may
 * show instead. A progress bar alone cannot tell: the timing lab keeps its attack's bar on screen,
 * full or not, as part of the result.
 */
const QUIET_MS = 1500;
/** A step that never settles (a broken action, a stuck worker) is given up after this long. */
const STEP_LIMIT_MS = 60_000;

export interface LongTask {
  start: number;
  duration: number;
  /** What was on screen: "open", or "step N “title”". */
  phase: string;
}

export interface DemoRun {
  longest: LongTask | null;
  /** The five longest tasks, longest first. */
  top: LongTask[];
  /** Tasks over 50 ms during the whole run. */
  count: number;
  /** Steps that had not settled after STEP_LIMIT_MS. */
  unsettled: number[];
  wallMs: number;
  /** With `profile`: where the time of each task over 200 ms went (self time, by function). */
  hot?: string[];
}

interface Probe {
  tasks: { start: number; duration: number }[];
  phases: { at: number; name: string }[];
  lastChange: number;
}

export async function runPresenterDemo(
  browser: Browser,
  baseUrl: string,
  lab: LabEntry,
  profile = false,
): Promise<DemoRun> {
  const context = await browser.newContext({
    serviceWorkers: 'block',
    viewport: { width: 1280, height: 800 },
  });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await page.addInitScript(() => {
      const probe: Probe = { tasks: [], phases: [{ at: 0, name: 'open' }], lastChange: 0 };
      (window as unknown as { __probe: Probe }).__probe = probe;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries())
          probe.tasks.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask', buffered: true });
      const watch = () =>
        new MutationObserver(() => {
          probe.lastChange = performance.now();
        }).observe(document.documentElement, {
          subtree: true,
          childList: true,
          attributes: true,
          characterData: true,
        });
      if (document.documentElement) watch();
      else document.addEventListener('DOMContentLoaded', watch);
    });
    const started = Date.now();
    let profileStart = 0;
    if (profile) {
      // The profile and the page's clock must share an origin, so the shell is loaded first and
      // the lab opened by changing the address' fragment (no new document).
      await page.goto(`${baseUrl}#/`);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
      profileStart = await page.evaluate(() => performance.now());
      await page.evaluate((hash) => (window.location.hash = hash), `#/present/${lab.id}`);
    } else await page.goto(`${baseUrl}#/present/${lab.id}`);
    await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: STEP_LIMIT_MS });
    const unsettled: number[] = [];
    if (!(await settle(page, 0))) unsettled.push(0);
    for (const [index, step] of lab.steps.entries()) {
      await page.evaluate(
        (name) => {
          (document.activeElement as HTMLElement | null)?.blur?.();
          const probe = (window as unknown as { __probe: Probe }).__probe;
          probe.phases.push({ at: performance.now(), name });
        },
        `step ${index + 1} “${step.title}”`,
      );
      // Presenter mode: → (or PageDown) moves to the next step, the first press opens step 1.
      await page.keyboard.press('ArrowRight');
      await page.waitForURL(new RegExp(`step=${index + 1}(&|$)`), { timeout: STEP_LIMIT_MS });
      // A step with a prediction first asks the room (its question in the step panel); the
      // presenter's next → runs it.
      if (step.predict) {
        await page
          .getByRole('group', { name: /Predict:/ })
          .waitFor({ timeout: STEP_LIMIT_MS })
          .catch(() => undefined);
        await page.keyboard.press('ArrowRight');
      }
      if (!(await settle(page, index + 1))) unsettled.push(index + 1);
    }
    const probe = await page.evaluate(() => (window as unknown as { __probe: Probe }).__probe);
    const phaseAt = (start: number) =>
      probe.phases.filter((p) => p.at <= start).at(-1)?.name ?? 'open';
    const top = probe.tasks
      .map((task) => ({ ...task, phase: phaseAt(task.start) }))
      .sort((a, b) => b.duration - a.duration)
      .slice(0, 5);
    const longest = top[0] ?? null;
    let hot: string[] | undefined;
    if (profile) {
      const { profile: cpu } = (await cdp.send('Profiler.stop')) as unknown as {
        profile: CpuProfile;
      };
      hot = probe.tasks
        .filter((task) => task.duration >= 200)
        .map(
          (task) =>
            `${task.duration.toFixed(0)} ms in ${phaseAt(task.start)}: ` +
            hotFunctions(cpu, (task.start - profileStart) * 1000, task.duration * 1000),
        );
    }
    return {
      longest,
      top,
      count: probe.tasks.length,
      unsettled,
      wallMs: Date.now() - started,
      hot,
    };
  } finally {
    await context.close();
  }
}

/**
 * Waits until step `step` (1-based; 0: the lab just opened) is done: finished by the lab's own
 * account (before the first step: no progress bar on screen), and the page still for a while.
 */
async function settle(page: import('@playwright/test').Page, step: number): Promise<boolean> {
  const until = Date.now() + STEP_LIMIT_MS;
  while (Date.now() < until) {
    const quiet = await page.evaluate(
      ({ quietMs, step }) => {
        const probe = (window as unknown as { __probe: Probe }).__probe;
        const panel = document.querySelector('[data-step-finished]');
        const busy =
          step > 0
            ? !panel?.textContent?.includes(`Step ${step} of`) ||
              panel.getAttribute('data-step-finished') !== 'true'
            : [...document.querySelectorAll('[role="progressbar"]')].some(
                (bar) => (bar as HTMLElement).offsetParent !== null,
              );
        return !busy && performance.now() - probe.lastChange >= quietMs;
      },
      { quietMs: QUIET_MS, step },
    );
    if (quiet) return true;
    await page.waitForTimeout(250);
  }
  return false;
}

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/**
 * The functions with the most self time in a window of the profile (µs from its start), and the
 * nearest component above each sample, so a hot spot in React or a library is traced
 * back to the component or module that asked for it.
 */
function hotFunctions(cpu: CpuProfile, from: number, length: number): string {
  const byId = new Map(cpu.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of cpu.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (id: number) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const file = url.split('/').pop() ?? '';
    return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
  };
  // Components are PascalCase; the nearest one above a sample says who asked for the work (read
  // an unminified build: `npx vite build --minify false`).
  const own = (id: number) => /^[A-Z][a-z]/.test(byId.get(id)!.callFrame.functionName);
  const self = new Map<string, number>();
  const app = new Map<string, number>();
  let t = 0;
  for (let i = 0; i < cpu.samples.length; i++) {
    t += cpu.timeDeltas[i]!;
    if (t < from || t > from + length) continue;
    const id = cpu.samples[i]!;
    const name = label(id);
    self.set(name, (self.get(name) ?? 0) + cpu.timeDeltas[i]!);
    let up: number | undefined = id;
    while (up !== undefined && !own(up)) up = parent.get(up);
    const mine = up === undefined ? '(no app frame)' : label(up);
    app.set(mine, (app.get(mine) ?? 0) + cpu.timeDeltas[i]!);
  }
  const top = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([name, us]) => `${name} ${(us / 1000).toFixed(0)}`)
      .join(', ');
  return `self: ${top(self)} | under app frame: ${top(app)}`;
}

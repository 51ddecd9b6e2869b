/**
 * One owner for the lifecycle of a job a panel hands to a worker (after squoosh's WorkerBridge):
 * idle → running → done, failed or cancelled. Starting again supersedes the job in flight, whose
 * answer is then dropped; cancelling terminates the worker, so the computation really ends; an
 * optional debounce waits for typing to settle, and an optional time limit terminates a job that
 * runs too long. Progress is passed on at most once per animation frame (a worker may report
 * thousands of times a second; each report would be a render). Plain TypeScript: `useWorkerJob` is a thin React wrapper, and the tests drive
 * this class directly.
 */
import { WorkerStopped } from '../platform/worker-protocol';

export type JobState<R, P = never> =
  | { status: 'idle' }
  /** `previous`: the last answer, still worth showing while a newer one is computed. */
  | { status: 'running'; progress: P | null; previous: R | null }
  | { status: 'done'; value: R }
  /** `timedOut`: the job reached its time limit and its worker was terminated. */
  | { status: 'failed'; message: string; timedOut: boolean }
  /** Stopped before it finished (by `cancel`, or by the worker being terminated). */
  | { status: 'cancelled'; progress: P | null };

/** The answer worth showing: the last one, kept on screen while the next is computed. */
export function shownValue<R>(state: JobState<R, unknown>): R | null {
  return state.status === 'done' ? state.value : state.status === 'running' ? state.previous : null;
}

/** What a job runs on: anything that can be terminated (a `WorkerClient`). */
export interface Stoppable {
  stop(): void;
}

export interface JobOptions {
  /** Wait this long after the last `start` before running (typed input). */
  debounceMs?: number;
  /** Terminate the worker and fail the job after this long (measured from when it runs). */
  timeLimitMs?: number;
  /** Terminate the worker when a new start supersedes a job in flight (not just drop its answer). */
  stopOnRestart?: boolean;
}

/** The job itself: usually one `worker.call(type, payload, progress)`. */
export type JobTask<R, P> = (progress: (update: P) => void) => Promise<R>;

/** `urgent` is false for progress and answers, which a UI may render at lower priority. */
export type JobListener<R, P> = (state: JobState<R, P>, urgent: boolean) => void;

const IDLE = { status: 'idle' } as const;

export class JobRunner<R, P = never> {
  private current: JobState<R, P> = IDLE;
  /** Bumped by every start, cancel, reset and drop: an answer from an older generation is stale. */
  private generation = 0;
  /** The generation whose task was handed to the worker and has not settled yet. */
  private inFlight: number | null = null;
  private debounceTimer: ReturnType<typeof setTimeout> | undefined;
  private limitTimer: ReturnType<typeof setTimeout> | undefined;
  /** Cancels the frame that will pass the latest progress on, if one is booked. */
  private cancelFrame: (() => void) | undefined;

  constructor(
    private readonly worker: Stoppable,
    private readonly listener: JobListener<R, P>,
    private readonly options: JobOptions = {},
  ) {}

  get state(): JobState<R, P> {
    return this.current;
  }

  /** Runs `task` (after the debounce, if any), superseding whatever this runner was doing. */
  readonly start = (task: JobTask<R, P>): void => {
    const previous = this.lastValue();
    const superseded = this.inFlight !== null;
    const generation = this.forget();
    if (superseded && this.options.stopOnRestart) this.worker.stop();
    this.set({ status: 'running', progress: null, previous }, true);
    const { debounceMs } = this.options;
    if (debounceMs !== undefined && debounceMs > 0)
      this.debounceTimer = setTimeout(() => this.launch(task, generation), debounceMs);
    else this.launch(task, generation);
  };

  /** Stops the job in flight: its worker is terminated and the job ends `cancelled`. */
  readonly cancel = (): void => {
    if (this.current.status !== 'running') return;
    const { progress } = this.current;
    const launched = this.inFlight !== null;
    this.forget();
    if (launched) this.worker.stop();
    this.set({ status: 'cancelled', progress }, true);
  };

  /** Back to idle; a job in flight is left to finish in its worker, and its answer is dropped. */
  readonly reset = (): void => {
    this.forget();
    if (this.current.status !== 'idle') this.set(IDLE, true);
  };

  /**
   * Forgets the job in flight (its answer is dropped) but keeps what is on screen: a running job
   * falls back to its previous answer, or to idle. For input that has just become invalid.
   */
  readonly drop = (): void => {
    this.forget();
    if (this.current.status !== 'running') return;
    const { previous } = this.current;
    this.set(previous === null ? IDLE : { status: 'done', value: previous }, true);
  };

  /** For unmounting: drops every answer and timer, without a last state change. */
  readonly dispose = (): void => {
    this.forget();
  };

  private launch(task: JobTask<R, P>, generation: number): void {
    this.debounceTimer = undefined;
    if (generation !== this.generation) return;
    this.inFlight = generation;
    const { timeLimitMs } = this.options;
    if (timeLimitMs !== undefined)
      this.limitTimer = setTimeout(() => {
        if (generation !== this.generation) return;
        this.forget();
        this.worker.stop();
        this.set(
          {
            status: 'failed',
            message: `Stopped at the time limit (${formatSeconds(timeLimitMs)}); the worker was terminated.`,
            timedOut: true,
          },
          true,
        );
      }, timeLimitMs);
    const progress = (update: P) => {
      if (generation !== this.generation || this.current.status !== 'running') return;
      // `state` is current at once; the listener hears the latest progress on the next frame.
      this.current = { ...this.current, progress: update };
      this.cancelFrame ??= onNextFrame(() => {
        this.cancelFrame = undefined;
        this.listener(this.current, false);
      });
    };
    let answer: Promise<R>;
    try {
      answer = task(progress);
    } catch (error) {
      answer = Promise.reject(error);
    }
    answer.then(
      (value) => {
        if (generation !== this.generation) return;
        this.settle();
        this.set({ status: 'done', value }, false);
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        this.settle();
        const progressSoFar = this.current.status === 'running' ? this.current.progress : null;
        this.set(
          error instanceof WorkerStopped
            ? { status: 'cancelled', progress: progressSoFar }
            : { status: 'failed', message: messageOf(error), timedOut: false },
          true,
        );
      },
    );
  }

  private lastValue(): R | null {
    if (this.current.status === 'done') return this.current.value;
    if (this.current.status === 'running') return this.current.previous;
    return null;
  }

  /** Makes every pending answer stale and clears the timers; returns the new generation. */
  private forget(): number {
    this.settle();
    this.dropFrame();
    clearTimeout(this.debounceTimer);
    this.debounceTimer = undefined;
    return ++this.generation;
  }

  private dropFrame(): void {
    this.cancelFrame?.();
    this.cancelFrame = undefined;
  }

  private settle(): void {
    this.inFlight = null;
    clearTimeout(this.limitTimer);
    this.limitTimer = undefined;
  }

  private set(state: JobState<R, P>, urgent: boolean): void {
    this.dropFrame();
    this.current = state;
    this.listener(state, urgent);
  }
}

/** Runs `callback` before the next paint (a timer where there are no frames: Node, tests). */
function onNextFrame(callback: () => void): () => void {
  if (typeof requestAnimationFrame === 'function') {
    const frame = requestAnimationFrame(callback);
    return () => cancelAnimationFrame(frame);
  }
  const timer = setTimeout(callback, 16);
  return () => clearTimeout(timer);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

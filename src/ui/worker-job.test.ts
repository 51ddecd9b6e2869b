import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkerStopped } from '../platform/worker-protocol';
import { JobRunner, shownValue, type JobState } from './worker-job';

/** A worker stand-in: each call is a promise the test settles; stop() rejects every pending one. */
class FakeWorker {
  stops = 0;
  private pending: {
    resolve: (value: string) => void;
    reject: (error: Error) => void;
    progress: (update: number) => void;
  }[] = [];

  call = (progress: (update: number) => void): Promise<string> =>
    new Promise((resolve, reject) => this.pending.push({ resolve, reject, progress }));

  get calls() {
    return this.pending.length;
  }
  answer(index: number, value: string) {
    this.pending[index]!.resolve(value);
  }
  fail(index: number, message: string) {
    this.pending[index]!.reject(new Error(message));
  }
  progress(index: number, update: number) {
    this.pending[index]!.progress(update);
  }
  stop() {
    this.stops++;
    for (const call of this.pending) call.reject(new WorkerStopped());
  }
}

function setup(options = {}) {
  const worker = new FakeWorker();
  const states: JobState<string, number>[] = [];
  const runner = new JobRunner<string, number>(worker, (state) => states.push(state), options);
  return { worker, runner, states, task: worker.call };
}

/** Lets promise callbacks run. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('JobRunner', () => {
  it('goes idle → running → done, passing progress on', async () => {
    const { worker, runner, task } = setup();
    expect(runner.state).toEqual({ status: 'idle' });
    runner.start(task);
    expect(runner.state).toEqual({ status: 'running', progress: null, previous: null });
    worker.progress(0, 40);
    expect(runner.state).toEqual({ status: 'running', progress: 40, previous: null });
    worker.answer(0, 'digest');
    await settle();
    expect(runner.state).toEqual({ status: 'done', value: 'digest' });
  });

  it('reports a failure with its message', async () => {
    const { worker, runner, task } = setup();
    runner.start(task);
    worker.fail(0, 'Could not read the file.');
    await settle();
    expect(runner.state).toEqual({
      status: 'failed',
      message: 'Could not read the file.',
      timedOut: false,
    });
  });

  it('a task that throws instead of rejecting fails the same way', async () => {
    const { runner } = setup();
    runner.start(() => {
      throw new Error('bad payload');
    });
    await settle();
    expect(runner.state).toMatchObject({ status: 'failed', message: 'bad payload' });
  });

  it('drops the answer and the progress of a superseded job', async () => {
    const { worker, runner, task } = setup();
    runner.start(task);
    runner.start(task);
    worker.answer(1, 'new');
    await settle();
    worker.progress(0, 99);
    worker.answer(0, 'old');
    await settle();
    expect(runner.state).toEqual({ status: 'done', value: 'new' });
    expect(worker.stops).toBe(0);
  });

  it('keeps the previous answer on show while a newer one is computed', async () => {
    const { worker, runner, task } = setup();
    runner.start(task);
    worker.answer(0, 'first');
    await settle();
    runner.start(task);
    expect(runner.state).toEqual({ status: 'running', progress: null, previous: 'first' });
    runner.start(task);
    expect(runner.state).toMatchObject({ previous: 'first' });
  });

  it('stops the worker on restart only when asked to', async () => {
    const { worker, runner, task } = setup({ stopOnRestart: true });
    runner.start(task);
    runner.start(task);
    expect(worker.stops).toBe(1);
    await settle();
    // The superseded call was rejected by the stop: that is not this job's cancellation.
    expect(runner.state).toEqual({ status: 'running', progress: null, previous: null });
    worker.answer(1, 'second');
    await settle();
    expect(runner.state).toEqual({ status: 'done', value: 'second' });
  });

  it('cancel terminates the worker and keeps the progress so far', async () => {
    const { worker, runner, task } = setup();
    runner.start(task);
    worker.progress(0, 3);
    runner.cancel();
    expect(worker.stops).toBe(1);
    expect(runner.state).toEqual({ status: 'cancelled', progress: 3 });
    await settle();
    expect(runner.state).toEqual({ status: 'cancelled', progress: 3 });
  });

  it('cancel does nothing when nothing runs', () => {
    const { worker, runner } = setup();
    runner.cancel();
    expect(worker.stops).toBe(0);
    expect(runner.state).toEqual({ status: 'idle' });
  });

  it('a worker stopped by someone else ends the job cancelled', async () => {
    const { worker, runner, task } = setup();
    runner.start(task);
    worker.progress(0, 7);
    worker.stop();
    await settle();
    expect(runner.state).toEqual({ status: 'cancelled', progress: 7 });
  });

  it('reset returns to idle and drops the answer without stopping the worker', async () => {
    const { worker, runner, task } = setup();
    runner.start(task);
    runner.reset();
    expect(runner.state).toEqual({ status: 'idle' });
    worker.answer(0, 'late');
    await settle();
    expect(runner.state).toEqual({ status: 'idle' });
    expect(worker.stops).toBe(0);
  });

  it('drop falls back to the previous answer, or to idle', async () => {
    const { worker, runner, task } = setup();
    runner.start(task);
    runner.drop();
    expect(runner.state).toEqual({ status: 'idle' });
    runner.start(task);
    worker.answer(1, 'kept');
    await settle();
    runner.start(task);
    runner.drop();
    expect(runner.state).toEqual({ status: 'done', value: 'kept' });
    worker.answer(2, 'dropped');
    await settle();
    expect(runner.state).toEqual({ status: 'done', value: 'kept' });
  });

  it('debounces: only the last of quick starts reaches the worker', async () => {
    const { worker, runner, task } = setup({ debounceMs: 120 });
    runner.start(task);
    await vi.advanceTimersByTimeAsync(100);
    runner.start(task);
    await vi.advanceTimersByTimeAsync(100);
    expect(worker.calls).toBe(0);
    expect(runner.state.status).toBe('running');
    await vi.advanceTimersByTimeAsync(20);
    expect(worker.calls).toBe(1);
    worker.answer(0, 'settled');
    await settle();
    expect(runner.state).toEqual({ status: 'done', value: 'settled' });
  });

  it('a debounced start that is cancelled or dropped never reaches the worker', async () => {
    const { worker, runner, task } = setup({ debounceMs: 50 });
    runner.start(task);
    runner.cancel();
    expect(runner.state).toEqual({ status: 'cancelled', progress: null });
    runner.start(task);
    runner.drop();
    await vi.advanceTimersByTimeAsync(200);
    expect(worker.calls).toBe(0);
    expect(worker.stops).toBe(0);
  });

  it('a job past its time limit is stopped and fails as timed out', async () => {
    const { worker, runner, task } = setup({ timeLimitMs: 5000 });
    runner.start(task);
    await vi.advanceTimersByTimeAsync(4999);
    expect(runner.state.status).toBe('running');
    await vi.advanceTimersByTimeAsync(1);
    expect(worker.stops).toBe(1);
    expect(runner.state).toEqual({
      status: 'failed',
      message: 'Stopped at the time limit (5 s); the worker was terminated.',
      timedOut: true,
    });
  });

  it('the time limit counts from the end of the debounce and ends with the answer', async () => {
    const { worker, runner, task } = setup({ debounceMs: 1000, timeLimitMs: 1500 });
    runner.start(task);
    await vi.advanceTimersByTimeAsync(2000);
    expect(runner.state.status).toBe('running');
    worker.answer(0, 'in time');
    await settle();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(worker.stops).toBe(0);
    expect(runner.state).toEqual({ status: 'done', value: 'in time' });
  });

  it('after dispose no answer, progress or timer changes the state', async () => {
    const { worker, runner, task, states } = setup({ timeLimitMs: 100 });
    runner.start(task);
    const seen = states.length;
    runner.dispose();
    worker.progress(0, 1);
    worker.answer(0, 'late');
    await vi.advanceTimersByTimeAsync(1000);
    expect(states.length).toBe(seen);
    expect(worker.stops).toBe(0);
  });

  it('progress and answers are not urgent; everything else is', async () => {
    const worker = new FakeWorker();
    const urgency: [string, boolean][] = [];
    const runner = new JobRunner<string, number>(worker, (state, urgent) =>
      urgency.push([state.status, urgent]),
    );
    runner.start(worker.call);
    worker.progress(0, 1);
    await vi.advanceTimersByTimeAsync(20);
    worker.answer(0, 'x');
    await settle();
    runner.start(worker.call);
    runner.cancel();
    expect(urgency).toEqual([
      ['running', true],
      ['running', false],
      ['done', false],
      ['running', true],
      ['cancelled', true],
    ]);
  });
  it('passes progress on once a frame, the latest only, and never after the answer', async () => {
    const { worker, runner, task, states } = setup();
    runner.start(task);
    for (let update = 1; update <= 100; update++) worker.progress(0, update);
    expect(runner.state).toEqual({ status: 'running', progress: 100, previous: null });
    expect(states.at(-1)).toEqual({ status: 'running', progress: null, previous: null });
    await vi.advanceTimersByTimeAsync(20);
    expect(states.slice(1)).toEqual([{ status: 'running', progress: 100, previous: null }]);
    worker.progress(0, 101);
    worker.answer(0, 'done');
    await vi.advanceTimersByTimeAsync(20);
    expect(states.slice(2)).toEqual([{ status: 'done', value: 'done' }]);
  });
});

describe('shownValue', () => {
  it('keeps the last answer while the next is computed, and nothing after a failure', async () => {
    const { worker, runner, task } = setup();
    expect(shownValue(runner.state)).toBeNull();
    runner.start(task);
    expect(shownValue(runner.state)).toBeNull();
    worker.answer(0, 'first');
    await settle();
    expect(shownValue(runner.state)).toBe('first');
    runner.start(task);
    expect(shownValue(runner.state)).toBe('first');
    worker.fail(1, 'broken');
    await settle();
    expect(shownValue(runner.state)).toBeNull();
  });
});

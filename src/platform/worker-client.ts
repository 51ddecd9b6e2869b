/** In the page: one worker, started on first use, stopped (terminated) on `stop()` or `dispose()`. */
import { WorkerStopped, type JobMessage, type WorkerApi } from './worker-protocol';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onProgress?: (data: unknown) => void;
}

export class WorkerClient<Api extends WorkerApi> {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();

  constructor(private readonly create: () => Worker) {}

  call<K extends keyof Api & string>(
    type: K,
    payload: Api[K]['payload'],
    onProgress?: (data: NonNullable<Api[K]['progress']>) => void,
    transfer: Transferable[] = [],
  ): Promise<Api[K]['result']> {
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve: resolve as (value: unknown) => void,
        reject,
        onProgress: onProgress as ((data: unknown) => void) | undefined,
      });
      worker.postMessage({ id, type, payload }, transfer);
    });
  }

  /** Terminates the worker: every pending call rejects with WorkerStopped; the next call starts a fresh one. */
  stop(): void {
    this.worker?.terminate();
    this.worker = null;
    for (const pending of this.pending.values()) pending.reject(new WorkerStopped());
    this.pending.clear();
  }

  dispose(): void {
    this.stop();
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = this.create();
    worker.onmessage = (event: MessageEvent<JobMessage>) => {
      const message = event.data;
      const pending = this.pending.get(message.id);
      if (!pending) return;
      if (message.kind === 'progress') pending.onProgress?.(message.data);
      else {
        this.pending.delete(message.id);
        if (message.kind === 'done') pending.resolve(message.data);
        else pending.reject(new Error(message.message));
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      const error = new Error(event.message || 'The worker failed to start.');
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
      this.worker?.terminate();
      this.worker = null;
    };
    this.worker = worker;
    return worker;
  }
}

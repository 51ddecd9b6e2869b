/**
 * The one message protocol between the page and every lab's worker. A worker module is a thin
 * `serveWorker({ name: handler })` switch over core/ functions; the page talks to it through a
 * `WorkerClient`, which can report progress and always terminates the worker when asked to stop.
 */

export interface JobRequest {
  id: number;
  type: string;
  payload: unknown;
}

export type JobMessage =
  | { id: number; kind: 'progress'; data: unknown }
  | { id: number; kind: 'done'; data: unknown }
  | { id: number; kind: 'error'; message: string };

/** The shape of a worker's API: each request type maps to its payload, progress and result. */
export type WorkerApi = Record<string, { payload: unknown; progress?: unknown; result: unknown }>;

export class WorkerStopped extends Error {
  constructor() {
    super('The job was stopped.');
    this.name = 'WorkerStopped';
  }
}

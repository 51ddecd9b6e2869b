/** Inside a worker: dispatches requests to handlers and posts progress, results and errors back. */
import type { JobMessage, JobRequest, WorkerApi } from './worker-protocol';

export type WorkerHandlers<Api extends WorkerApi> = {
  [K in keyof Api]: (
    payload: Api[K]['payload'],
    progress: (data: Api[K]['progress']) => void,
  ) => Api[K]['result'] | Promise<Api[K]['result']>;
};

export function serveWorker<Api extends WorkerApi>(handlers: WorkerHandlers<Api>): void {
  const post = (message: JobMessage) => self.postMessage(message);
  self.onmessage = async (event: MessageEvent<JobRequest>) => {
    const { id, type, payload } = event.data;
    const handler = handlers[type as keyof Api];
    if (!handler) {
      post({ id, kind: 'error', message: `Unknown request "${type}".` });
      return;
    }
    try {
      const data = await handler(payload as never, (progress) =>
        post({ id, kind: 'progress', data: progress }),
      );
      post({ id, kind: 'done', data });
    } catch (error) {
      post({ id, kind: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  };
}

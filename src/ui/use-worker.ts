/** A lab's worker for as long as its panel is on screen: terminated when the panel goes away. */
import { useEffect, useState } from 'react';
import { WorkerClient } from '../platform/worker-client';
import type { WorkerApi } from '../platform/worker-protocol';

export function useWorker<Api extends WorkerApi>(create: () => Worker): WorkerClient<Api> {
  const [client] = useState(() => new WorkerClient<Api>(create));
  useEffect(() => () => client.dispose(), [client]);
  return client;
}

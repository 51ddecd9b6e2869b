/**
 * The app's end of a sandbox's channel: numbered requests, answers matched by number, notices
 * capped and counted (protocol.ts). It runs in the page or in one of the app's own workers (the
 * code lab's battery worker holds it), so it uses nothing but the MessagePort.
 */
import { NoticeLog, parseSandboxMessage, type SandboxNotice } from './protocol';

export class SandboxClosed extends Error {
  constructor() {
    super('The sandbox was closed.');
    this.name = 'SandboxClosed';
  }
}

/** The sandbox answered a request with an error (a handler threw, an answer would not clone). */
export class SandboxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxError';
  }
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class SandboxChannel {
  readonly notices = new NoticeLog();
  /** Messages that were not of the protocol's shape, or answered no open request. */
  malformed = 0;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closed = false;

  constructor(
    private readonly port: MessagePort,
    private readonly onNotice: (notice: SandboxNotice) => void = () => {},
  ) {
    port.onmessage = (event: MessageEvent) => this.receive(event.data);
    port.onmessageerror = () => this.malformed++;
  }

  request(op: string, payload: unknown = null): Promise<unknown> {
    if (this.closed) return Promise.reject(new SandboxClosed());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.port.postMessage({ id, op, payload });
    });
  }

  /** How many notices of each kind the code produced, as counted inside the sandbox. */
  async counts(): Promise<Record<string, number> | null> {
    const value = await this.request('sandbox.counts');
    if (typeof value !== 'object' || value === null) return null;
    const out: Record<string, number> = {};
    for (const [kind, count] of Object.entries(value))
      if (typeof count === 'number' && Number.isSafeInteger(count) && count >= 0) out[kind] = count;
    return out;
  }

  /** Rejects every open request with SandboxClosed and stops listening. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.port.onmessage = null;
    this.port.close();
    for (const pending of this.pending.values()) pending.reject(new SandboxClosed());
    this.pending.clear();
  }

  private receive(data: unknown): void {
    const message = parseSandboxMessage(data);
    if (!message) {
      this.malformed++;
      return;
    }
    if (message.kind === 'notice') {
      const kept = this.notices.add(message.notice);
      if (kept) this.onNotice(kept);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) {
      this.malformed++;
      return;
    }
    this.pending.delete(message.id);
    if (message.kind === 'answer') pending.resolve(message.value);
    else pending.reject(new SandboxError(message.message));
  }
}

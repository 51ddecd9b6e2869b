import { afterEach, describe, expect, test } from 'vitest';
import { SandboxChannel, SandboxClosed, SandboxError } from './channel';
import { MAX_NOTICES_PER_KIND, MAX_NOTICE_TEXT, type SandboxNotice } from './protocol';

/** The app's channel on one end of a real MessageChannel; the test plays the sandbox on the other. */
function connect() {
  const { port1, port2 } = new MessageChannel();
  const notices: SandboxNotice[] = [];
  const channel = new SandboxChannel(port1, (notice) => notices.push(notice));
  const requests: { id: number; op: string; payload: unknown }[] = [];
  port2.onmessage = (event: MessageEvent) =>
    requests.push(event.data as { id: number; op: string; payload: unknown });
  opened.push(port2, channel);
  return { channel, sandbox: port2, requests, notices };
}

const opened: ({ close: () => void } | MessagePort)[] = [];
afterEach(() => {
  for (const item of opened.splice(0)) item.close();
});

/** Lets the messages in flight arrive (MessagePort delivers on a later task). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('the app’s end of a sandbox channel', () => {
  test('an answer settles the request with its number, and only that one', async () => {
    const { channel, sandbox, requests } = connect();
    const first = channel.request('sign', { message: 'a' });
    const second = channel.request('verify', { message: 'b' });
    await settle();
    expect(requests.map(({ id, op }) => [id, op])).toEqual([
      [1, 'sign'],
      [2, 'verify'],
    ]);
    sandbox.postMessage({ kind: 'answer', id: 2, value: 'second' });
    sandbox.postMessage({ kind: 'error', id: 1, message: 'sign threw' });
    await expect(second).resolves.toBe('second');
    await expect(first).rejects.toEqual(new SandboxError('sign threw'));
  });

  test('messages of the wrong shape, and answers nobody asked for, are counted and dropped', async () => {
    const { channel, sandbox } = connect();
    const pending = channel.request('sign');
    let settled = false;
    void pending.then(
      () => (settled = true),
      () => (settled = true),
    );
    // A forged answer to a request not made yet, a second answer to one already answered, and
    // things that are not the protocol at all (the old worker host's "done" shape among them).
    sandbox.postMessage({ kind: 'answer', id: 7, value: 'forged' });
    sandbox.postMessage({ id: 1, kind: 'done', data: 'fake' });
    sandbox.postMessage('ready');
    sandbox.postMessage({ kind: 'answer', id: '1', value: 'forged' });
    await settle();
    expect(settled).toBe(false);
    expect(channel.malformed).toBe(4);
    sandbox.postMessage({ kind: 'answer', id: 1, value: 'real' });
    sandbox.postMessage({ kind: 'answer', id: 1, value: 'again' });
    await expect(pending).resolves.toBe('real');
    await settle();
    expect(channel.malformed).toBe(5);
  });

  test('a flood of 1 MiB notices keeps the cap, each cut to the limit, and counts the rest', async () => {
    const { channel, sandbox, notices } = connect();
    const mebibyte = 'x'.repeat(1 << 20);
    for (let i = 0; i < 3 * MAX_NOTICES_PER_KIND; i++)
      sandbox.postMessage({
        kind: 'notice',
        notice: { kind: 'error', label: 'uncaught', text: `${i}: ${mebibyte}` },
      });
    sandbox.postMessage({ kind: 'notice', notice: { kind: 'blocked', label: 'fetch', text: 'x' } });
    await expect.poll(() => channel.notices.counts().blocked).toBe(1);
    expect(channel.notices.counts()).toEqual({
      console: 0,
      error: 3 * MAX_NOTICES_PER_KIND,
      blocked: 1,
    });
    expect(notices).toHaveLength(MAX_NOTICES_PER_KIND + 1);
    expect(notices.at(-2)!.text.startsWith(`${MAX_NOTICES_PER_KIND - 1}: xxx`)).toBe(true);
    for (const notice of notices)
      expect(notice.text.length).toBeLessThanOrEqual(MAX_NOTICE_TEXT + 40);
    expect(channel.notices.dropped().error).toBe(2 * MAX_NOTICES_PER_KIND);
  });

  test('closing rejects every open request and refuses new ones', async () => {
    const { channel, sandbox } = connect();
    const open = channel.request('tokens-collect');
    channel.close();
    await expect(open).rejects.toBeInstanceOf(SandboxClosed);
    await expect(channel.request('sign')).rejects.toBeInstanceOf(SandboxClosed);
    // A late answer reaches nobody.
    sandbox.postMessage({ kind: 'answer', id: 1, value: 'late' });
    await settle();
  });

  test('the sandbox’s own counts are taken only as whole, non-negative numbers', async () => {
    const { channel, sandbox, requests } = connect();
    const counts = channel.counts();
    await settle();
    expect(requests[0]!.op).toBe('sandbox.counts');
    sandbox.postMessage({
      kind: 'answer',
      id: requests[0]!.id,
      value: { console: 12_345, error: -1, blocked: 1.5, extra: 'x' },
    });
    await expect(counts).resolves.toEqual({ console: 12_345 });
  });
});

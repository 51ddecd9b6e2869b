import { afterEach, describe, expect, it } from 'vitest';
import { holdEarlyKeys, takeEarlyKeys } from './early-keys';

function key(target: EventTarget, name: string): Event {
  const event = Object.assign(new Event('keydown'), { key: name });
  target.dispatchEvent(event);
  return event;
}

describe('early keys', () => {
  afterEach(() => void takeEarlyKeys());

  it('hands over the keys pressed before the app mounted, in order, once', () => {
    const page = new EventTarget();
    holdEarlyKeys(page);
    const first = key(page, 'ArrowRight');
    const second = key(page, 'ArrowLeft');
    expect(takeEarlyKeys()).toEqual([first, second]);
    expect(takeEarlyKeys()).toEqual([]);
  });

  it('stops holding once taken, so a key is never handled twice', () => {
    const page = new EventTarget();
    holdEarlyKeys(page);
    takeEarlyKeys();
    key(page, 'ArrowRight');
    expect(takeEarlyKeys()).toEqual([]);
  });

  it('holds nothing when the entry never asked', () => {
    key(new EventTarget(), 'ArrowRight');
    expect(takeEarlyKeys()).toEqual([]);
  });
});

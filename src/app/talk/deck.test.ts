import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute } from '../../core/route';
import { LABS } from '../../labs/registry';
import { CLOCK_AT_ZERO, elapsedMs, formatElapsed, parseClock, toggleClock } from './clock';
import { buildDeck, pinnedParams, slideIndex, slideNotes } from './deck';
import { parseTalkMessage } from './messages';
import { DECK, isSlide } from './talk';

describe('the talk deck', () => {
  it('has, lab by lab in the talk’s order, each advice point and then each guided step', () => {
    const expected = LABS.flatMap((lab) => [
      ...lab.points.map((point) => ({ lab: lab.id, kind: 'point', value: point as unknown })),
      ...lab.steps.map((step) => ({ lab: lab.id, kind: 'step', value: step as unknown })),
    ]);
    expect(
      DECK.map((slide) => ({
        lab: slide.labId,
        kind: slide.kind,
        // The very objects of the contracts, not copies.
        value: slide.kind === 'point' ? slide.point : slide.step,
      })),
    ).toEqual(expected);
    for (const [i, slide] of DECK.entries()) {
      const value = slide.kind === 'point' ? slide.point : slide.step;
      expect(value).toBe(expected[i]!.value);
    }
  });

  it('has every lab, every point and every step, with unique ids the address can name', () => {
    for (const [n, lab] of LABS.entries()) {
      const slides = DECK.filter((slide) => slide.labId === lab.id);
      expect(slides.filter((slide) => slide.kind === 'point')).toHaveLength(lab.points.length);
      const steps = slides.flatMap((slide) => (slide.kind === 'step' ? [slide] : []));
      expect(steps.map((slide) => slide.step)).toEqual(lab.steps);
      expect(steps.map((slide) => slide.stepIndex)).toEqual(lab.steps.map((_, i) => i));
      expect(
        slides.every((slide) => slide.labNumber === n + 1 && slide.labTitle === lab.title),
      ).toBe(true);
    }
    expect(DECK.length).toBe(
      LABS.reduce((sum, lab) => sum + lab.points.length + lab.steps.length, 0),
    );
    const ids = DECK.map((slide) => slide.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [i, id] of ids.entries()) {
      expect(slideIndex(DECK, id)).toBe(i);
      // The id survives the address.
      expect(parseRoute(formatRoute({ kind: 'talk', params: { at: id } }))).toEqual({
        kind: 'talk',
        params: { at: id },
      });
    }
    expect(slideIndex(DECK, undefined)).toBeNull();
    expect(slideIndex(DECK, 'hashes-step-99')).toBeNull();
  });

  it('names slides readably', () => {
    const deck = buildDeck([LABS[1]!]);
    expect(deck[0]!.id).toBe(`${LABS[1]!.id}-point-1`);
    expect(deck[LABS[1]!.points.length]!.id).toBe(`${LABS[1]!.id}-step-1`);
  });

  it('gives the notes a slide’s words: the advice and today’s answer, or the step', () => {
    const point = DECK.find((slide) => slide.kind === 'point')!;
    const step = DECK.find((slide) => slide.kind === 'step')!;
    if (point.kind !== 'point' || step.kind !== 'step') throw new Error('unreachable');
    expect(slideNotes(point)).toEqual({
      title: point.point.advice,
      text: `Today: ${point.point.today}`,
    });
    expect(slideNotes(step)).toEqual({ title: step.step.title, text: step.step.text });
  });

  it('no lab takes the deck’s address', () => {
    expect(LABS.map((lab) => lab.id)).not.toContain('talk');
    expect(parseRoute('#/talk?at=hashes-step-2')).toEqual({
      kind: 'talk',
      params: { at: 'hashes-step-2' },
    });
    expect(parseRoute('#/talk/notes')).toEqual({ kind: 'talk-notes' });
    expect(parseRoute('#/talk/other')).toEqual({ kind: 'home' });
    expect(formatRoute({ kind: 'talk-notes' })).toBe('#/talk/notes');
  });

  it('pins only a lab’s declared inputs, with an allowed value', () => {
    const timing = LABS.find((lab) => lab.id === 'timing')!;
    expect(
      pinnedParams(timing, {
        at: 'timing-step-2',
        'timing.seed': '1',
        'timing.network': 'lan',
        'timing.compare': 'no-such-compare',
        'timing.nope': 'x',
        'hashes.input': 'abc',
        'timing.__proto__': 'x',
      }),
    ).toEqual({ seed: '1', network: 'lan' });
  });
});

describe('messages between the deck and its notes', () => {
  const clock = { elapsedMs: 1500, runningSince: 1_700_000_000_000 };
  const at = DECK[3]!.id;

  it('accepts exactly the three shapes', () => {
    expect(parseTalkMessage({ type: 'talk:state', at, clock }, isSlide)).toEqual({
      type: 'talk:state',
      at,
      clock,
    });
    expect(parseTalkMessage({ type: 'talk:hello' }, isSlide)).toEqual({ type: 'talk:hello' });
    for (const command of ['next', 'back', 'reset', 'clock'])
      expect(parseTalkMessage({ type: 'talk:command', command }, isSlide)).toEqual({
        type: 'talk:command',
        command,
      });
  });

  it('drops anything else', () => {
    const bad: unknown[] = [
      null,
      undefined,
      'talk:hello',
      42,
      [],
      ['talk:hello'],
      {},
      { type: 'talk:hello', extra: 1 },
      { type: 'talk:unknown' },
      { type: 'talk:command', command: 'eval' },
      { type: 'talk:command', command: 'toString' },
      { type: 'talk:command' },
      { type: 'talk:state', at: 'no-such-slide', clock },
      { type: 'talk:state', at: 'x'.repeat(10_000), clock },
      { type: 'talk:state', at: 3, clock },
      { type: 'talk:state', at },
      { type: 'talk:state', at, clock, text: '<img onerror=alert(1)>' },
      { type: 'talk:state', at, clock: { elapsedMs: -1, runningSince: null } },
      { type: 'talk:state', at, clock: { elapsedMs: Number.NaN, runningSince: null } },
      { type: 'talk:state', at, clock: { elapsedMs: Infinity, runningSince: null } },
      { type: 'talk:state', at, clock: { elapsedMs: 1, runningSince: '1' } },
      { type: 'talk:state', at, clock: { elapsedMs: 1, runningSince: null, x: 1 } },
      { type: 'talk:state', at, clock: { elapsedMs: 1 } },
      { type: 'talk:state', at, clock: new Date() },
      Object.assign(Object.create({ inherited: true }) as object, { type: 'talk:hello' }),
      new (class Message {
        type = 'talk:hello';
      })(),
    ];
    for (const data of bad)
      expect(parseTalkMessage(data, isSlide), JSON.stringify(data)).toBeNull();
  });
});

describe('the talk clock', () => {
  it('counts only while running, across pauses', () => {
    let clock = toggleClock(CLOCK_AT_ZERO, 1_000);
    expect(elapsedMs(clock, 6_000)).toBe(5_000);
    clock = toggleClock(clock, 6_000);
    expect(clock).toEqual({ elapsedMs: 5_000, runningSince: null });
    expect(elapsedMs(clock, 60_000)).toBe(5_000);
    clock = toggleClock(clock, 100_000);
    expect(elapsedMs(clock, 101_500)).toBe(6_500);
    // A clock read from another window a moment early never runs backwards.
    expect(elapsedMs(clock, 99_000)).toBe(5_000);
  });

  it('shows minutes and seconds, and hours from the first hour on', () => {
    expect(formatElapsed(0)).toBe('0:00');
    expect(formatElapsed(59_999)).toBe('0:59');
    expect(formatElapsed(61_000)).toBe('1:01');
    expect(formatElapsed(3_600_000 + 62_000)).toBe('1:01:02');
  });

  it('reads back only a clock it wrote', () => {
    expect(parseClock({ elapsedMs: 0, runningSince: null })).toEqual(CLOCK_AT_ZERO);
    expect(parseClock(JSON.parse('{"elapsedMs":5,"runningSince":7}'))).toEqual({
      elapsedMs: 5,
      runningSince: 7,
    });
    expect(parseClock({ elapsedMs: 1e15, runningSince: null })).toBeNull();
    expect(parseClock('0')).toBeNull();
  });
});

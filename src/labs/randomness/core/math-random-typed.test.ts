import { describe, expect, it } from 'vitest';
import { compareTyped } from './math-random';

describe('values typed before the draw', () => {
  it('match place by place and exactly', () => {
    expect(compareTyped([0.5, 0.25, 0.125], [0.5, 0.3, 0.125])).toEqual({
      matches: [true, false, true],
      hits: 2,
    });
    // Too few typed values: the rest cannot match.
    expect(compareTyped([0.5], [0.5, 0.25]).matches).toEqual([true, false]);
    // Exactly: a rounded value does not count.
    expect(compareTyped([0.1234], [0.12345678]).hits).toBe(0);
  });
});

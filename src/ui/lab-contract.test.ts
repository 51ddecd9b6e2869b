import { describe, expect, expectTypeOf, it } from 'vitest';
import { choice, defineLab, text, type ParamValue } from './lab-contract';

const base = {
  id: 'demo',
  title: 'Demo',
  summary: 'A lab for the type tests.',
  points: [],
  params: { mode: choice(['a', 'b'], 'a'), note: text('') },
  actions: ['go'],
  targets: ['go-heading'],
} as const;

describe('defineLab', () => {
  it('accepts steps that name declared parameters, values, actions and targets', () => {
    const lab = defineLab({
      ...base,
      steps: [
        {
          title: 'One',
          text: '…',
          params: { mode: 'b', note: 'x' },
          action: 'go',
          target: 'go-heading',
        },
      ],
    });
    expect(lab.steps[0]!.action).toBe('go');
    expectTypeOf(lab.actions).toEqualTypeOf<readonly 'go'[]>();
    expectTypeOf<ParamValue<typeof lab.params.mode>>().toEqualTypeOf<'a' | 'b'>();
    expectTypeOf<ParamValue<typeof lab.params.note>>().toEqualTypeOf<string>();
  });

  it('rejects, at compile time, a step naming what the lab does not declare', () => {
    const labs = [
      // @ts-expect-error: no action "fly"
      defineLab({ ...base, steps: [{ title: 'x', text: 'x', action: 'fly' }] }),
      // @ts-expect-error: no target "nowhere"
      defineLab({ ...base, steps: [{ title: 'x', text: 'x', target: 'nowhere' }] }),
      // @ts-expect-error: no parameter "colour"
      defineLab({ ...base, steps: [{ title: 'x', text: 'x', params: { colour: 'red' } }] }),
      // @ts-expect-error: "c" is not one of mode's choices
      defineLab({ ...base, steps: [{ title: 'x', text: 'x', params: { mode: 'c' } }] }),
    ];
    expect(labs).toHaveLength(4);
  });

  it('rejects a default that is not one of the choices', () => {
    // @ts-expect-error: "z" is not a choice
    const spec = choice(['x', 'y'], 'z');
    expect(spec.choices).toEqual(['x', 'y']);
  });
});

/**
 * Every lab's contract against its code: each step names only what the lab declares (the compiler
 * checks this too; this catches a cast), each declared action is registered by one of the lab's
 * components with useLabAction, each declared target is a literal id="…" in them, and the choices
 * the address accepts are the ones the lab's core knows.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LABS } from './registry';
import { HASH_ALGORITHM_IDS } from './hashes/core/algorithms';
import {
  PRESETS as LE_PRESETS,
  PRESET_IDS as LE_PRESET_IDS,
} from './length-extension/core/presets';
import { HIDDEN_MAX, SIGNING_SCHEMES } from './length-extension/core/victim';
import { KEY_DERIVATIONS } from './length-extension/core/salted-keys';
import { ALGORITHM_CHOICES, OUTPUT_ENCODINGS } from './length-extension/core/tool';
import { BYTE_ENCODINGS } from '../core/bytes';
import { SCHEMES as CIPHER_SCHEMES } from './encryption/core';
import { NOISE_PRESETS } from './timing/core/noise';
import { COMPARES } from './timing/core/compares';
import { TAMPERS } from './untrusted-data/core/pickle/signing';
import { ATTACKERS, PAGE_HASHES, TRANSPORTS } from './untrusted-data/core/supply/install';
import { PRESET_IDS as CODE_PRESET_IDS } from './code/core/presets';
import { LANGUAGES } from './code/core/compile';

/** The source of a lab's components (not its core, tests or workers). */
function componentSource(id: string): string {
  const dir = new URL(`./${id}/`, import.meta.url).pathname;
  return readdirSync(dir)
    .filter((name) => name.endsWith('.tsx'))
    .map((name) => readFileSync(join(dir, name), 'utf8'))
    .join('\n');
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.each(LABS.map((lab) => [lab.id, lab] as const))('the %s lab', (_, lab) => {
  const source = componentSource(lab.id);

  it('has steps that name only its own parameters, values, actions and targets', () => {
    expect(lab.steps.length).toBeGreaterThan(0);
    for (const step of lab.steps) {
      if (step.action) expect(lab.actions, step.title).toContain(step.action);
      if (step.target) expect(lab.targets, step.title).toContain(step.target);
      for (const [key, value] of Object.entries(step.params ?? {})) {
        const spec = lab.params[key];
        expect(spec, `${step.title}: parameter ${key}`).toBeDefined();
        if (spec?.choices) expect(spec.choices, `${step.title}: ${key}`).toContain(value);
      }
    }
  });

  it('registers every action it declares', () => {
    for (const action of lab.actions) {
      const registered = new RegExp(
        `useLabAction\\(\\s*(?:[A-Z_]+\\s*,\\s*)?'${escape(action)}'`,
      ).test(source);
      expect(registered, `useLabAction(…, '${action}') in src/labs/${lab.id}/*.tsx`).toBe(true);
    }
  });

  it('renders every target it declares', () => {
    for (const target of lab.targets)
      expect(source, `id="${target}" in src/labs/${lab.id}/*.tsx`).toContain(`id="${target}"`);
  });

  it('gives each parameter with choices a default among them', () => {
    for (const [key, spec] of Object.entries(lab.params))
      if (spec.choices) expect(spec.choices, key).toContain(spec.default);
  });
});

describe('choices in the address agree with the cores', () => {
  const params = (id: string) => LABS.find((lab) => lab.id === id)!.params;
  const choices = (id: string, key: string) => params(id)[key]!.choices;

  it('hashes', () => {
    expect(params('hashes').algs!.default).toBe(HASH_ALGORITHM_IDS.join(','));
  });

  it('length extension', () => {
    expect(choices('length-extension', 'preset')).toEqual(LE_PRESET_IDS);
    expect(params('length-extension').append!.default).toBe(
      LE_PRESETS.find((p) => p.id === params('length-extension').preset!.default)!.append,
    );
    expect(choices('length-extension', 'scheme')).toEqual(SIGNING_SCHEMES);
    expect(params('length-extension').tryMax!.default).toBe(String(HIDDEN_MAX));
    expect(choices('length-extension', 'derivation')).toEqual(KEY_DERIVATIONS);
    for (const key of ['appendAs', 'toolDataAs', 'toolAppendAs'])
      expect(choices('length-extension', key)).toEqual(BYTE_ENCODINGS);
    expect(choices('length-extension', 'toolAlg')).toEqual(ALGORITHM_CHOICES);
    expect(choices('length-extension', 'toolOut')).toEqual(OUTPUT_ENCODINGS);
  });

  it('encryption', () => {
    expect(choices('encryption', 'scheme')).toEqual(CIPHER_SCHEMES);
  });

  it('timing', () => {
    expect(choices('timing', 'network')).toEqual([...NOISE_PRESETS.map((p) => p.id), 'custom']);
    expect(choices('timing', 'compare')).toEqual(Object.keys(COMPARES));
  });

  it('untrusted data', () => {
    expect(choices('untrusted-data', 'tamper')).toEqual(TAMPERS);
    expect(choices('untrusted-data', 'attacker')).toEqual(ATTACKERS);
    expect(choices('untrusted-data', 'transport')).toEqual(TRANSPORTS);
    expect(choices('untrusted-data', 'pagehash')).toEqual(PAGE_HASHES);
  });

  it('code', () => {
    expect(choices('code', 'preset')).toEqual(CODE_PRESET_IDS);
    expect(choices('code', 'lang')).toEqual([...LANGUAGES, 'python']);
  });
});

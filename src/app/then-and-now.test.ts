import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LABS } from '../labs/registry';
import { THEN_AND_NOW } from './then-and-now';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('then and now', () => {
  it('has a box for every lab, and nothing for labs that do not exist', () => {
    expect(Object.keys(THEN_AND_NOW).sort()).toEqual(LABS.map((lab) => lab.id).sort());
    for (const lab of LABS) expect(THEN_AND_NOW[lab.id]!.length).toBeGreaterThan(0);
  });

  it('cites each change in the README, by title and address', () => {
    for (const changes of Object.values(THEN_AND_NOW))
      for (const { source } of changes) {
        expect(source.url).toMatch(/^https:\/\//);
        expect(readme).toContain(`[${source.title}](${source.url})`);
      }
  });

  it('covers the changes the talk’s advice depends on', () => {
    const all = Object.values(THEN_AND_NOW)
      .flat()
      .map((c) => c.what)
      .join(' ');
    for (const fact of [
      'hmac.compare_digest',
      'secrets',
      'PEP 476',
      '--require-hashes',
      'PGP',
      'Trusted Publishing',
      'attestations',
    ])
      expect(all).toContain(fact);
  });
});

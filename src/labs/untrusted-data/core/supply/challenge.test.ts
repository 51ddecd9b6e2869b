import { describe, expect, it } from 'vitest';
import { checkAnswer, makeInstance } from '../../../../core/challenge';
import { expectOk } from '../../../../core/result';
import { fewestSupplyDefences, type SupplyPublic } from './challenge';
import { computeMatrix, DEFENCE_COLUMNS } from './matrix';

// Main's seeding gives these seeds each shape: 'i' and 'm' lack the signature defence.
const SEEDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'm'];
const matrix = computeMatrix();

function judge(seed: string, defences: unknown) {
  return checkAnswer(fewestSupplyDefences, makeInstance(fewestSupplyDefences, seed), {
    defences,
  });
}
const verdict = (seed: string, defences: string[]) => expectOk(judge(seed, defences));
const pubOf = (seed: string) => makeInstance(fewestSupplyDefences, seed).public as SupplyPublic;
/** A seed whose instance offers (or lacks) the defence. */
const seedWith = (id: string, available = true) =>
  SEEDS.find((s) => pubOf(s).defences.some((d) => d.id === id) === available)!;

describe('untrusted-data/fewest-defences', () => {
  it('makes the same instance for a seed, and takes different defences away across seeds', () => {
    for (const seed of SEEDS) expect(pubOf(seed)).toEqual(pubOf(seed));
    const shapes = new Set(
      SEEDS.map((s) =>
        pubOf(s)
          .unavailable.map((u) => u.id)
          .join(','),
      ),
    );
    expect(shapes.size).toBeGreaterThan(2);
    for (const seed of SEEDS) {
      const pub = pubOf(seed);
      expect(pub.attackers.map((a) => a.id)).toEqual(['wifi', 'onpath', 'mirror', 'index']);
      expect(pub.defences.length + pub.unavailable.length).toBe(7);
      // At least one defence that pins something out of band is always left.
      expect(pub.defences.some((d) => ['lock', 'signature', 'log'].includes(d.id))).toBe(true);
    }
  });

  it('is solved by one available defence the lab’s matrix shows stopping every attacker', () => {
    for (const seed of SEEDS) {
      const available = new Set<string>(pubOf(seed).defences.map((d) => d.id));
      // Independently of the challenge: the matrix's columns, each one defence over plain HTTP.
      const single = DEFENCE_COLUMNS.filter(
        (column) =>
          available.has(column.id) &&
          matrix.rows
            .filter((r) => r.attacker !== 'none')
            .every((r) => r.stoppedBy.includes(column.label)),
      );
      expect(single.length).toBeGreaterThan(0);
      const result = verdict(seed, [single[0]!.id]);
      expect(result).toMatchObject({ solved: true });
      expect(result.reason).toMatch(/All four attackers are stopped with one defence/);
    }
  });

  it('names the attacker that still wins', () => {
    const transport = verdict('a', ['tls-verify', 'sha256']);
    expect(transport.solved).toBe(false);
    expect(transport.reason).toMatch(
      /^The attacker “Compromised index page” still wins\. Inside pypi\.example/,
    );
    const tls = verdict('a', ['tls-verify']);
    expect(tls.reason).toMatch(
      /“Compromised mirror” still wins \(and so does “Compromised index page”\)/,
    );
    expect(verdict('a', []).reason).toMatch(
      /^With no defence on, the attacker “Open Wi-Fi: spoofed DNS” still wins \(and so do “On the path: plain HTTP”, “Compromised mirror” and “Compromised index page”\)/,
    );
    expect(verdict('a', ['md5']).reason).toMatch(/“Open Wi-Fi: spoofed DNS” still wins/);
  });

  it('refuses more defences than needed, and defences this team does not have', () => {
    const seed = SEEDS.find((s) => {
      const ids = pubOf(s).defences.map((d) => d.id);
      return ids.includes('lock') && ids.includes('tls-verify');
    })!;
    const more = verdict(seed, ['tls-verify', 'lock']);
    expect(more.solved).toBe(false);
    expect(more.reason).toMatch(
      /All four attackers are stopped .* but with 2 defences, and fewer will do/,
    );
    const lacking = seedWith('signature', false);
    const missing = verdict(lacking, ['signature']);
    expect(missing).toMatchObject({ solved: false });
    expect(missing.reason).toMatch(/^Signature, pinned key is not available here: The publisher/);
  });

  it('rejects malformed answers with the field named', () => {
    const error = (defences: unknown) => {
      const result = judge('a', defences);
      return result.ok ? null : result.error.message;
    };
    expect(error('lock')).toMatch(/^defences: must be a list/);
    expect(error(['lock', 'firewall'])).toMatch(/^defences: "firewall" is not a defence/);
    expect(error([3])).toMatch(/^defences: 3 is not a defence/);
    expect(error(['log', 'log'])).toMatch(/"log" is listed twice/);
    expect(error(['tls', 'tls-verify'])).toMatch(/cannot both be on: pick one transport/);
    expect(error(['md5', 'sha256'])).toMatch(/pick one hash on the index page/);
    const extra = checkAnswer(fewestSupplyDefences, makeInstance(fewestSupplyDefences, 'a'), {
      defences: [],
      budget: 1,
    });
    expect(extra.ok ? null : extra.error.message).toMatch(/"budget" is not a field/);
    const none = checkAnswer(fewestSupplyDefences, makeInstance(fewestSupplyDefences, 'a'), {});
    expect(none.ok ? null : none.error.message).toMatch(/no "defences" field/);
  });
});

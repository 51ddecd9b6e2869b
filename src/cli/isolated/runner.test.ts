import { describe, expect, it } from 'vitest';
import { chooseConfinement, probeNamespaces } from './runner';

describe('chooseConfinement', () => {
  const prefix = ['/usr/bin/unshare', '--net', '--pid', '--fork', '--kill-child', '--'];

  it('uses the namespaces when they can be made, whatever --allow-network says', () => {
    for (const allow of [false, true])
      expect(chooseConfinement({ prefix, why: '' }, allow)).toEqual({
        ok: true,
        value: { prefix, network: 'namespace' },
      });
  });

  it('refuses without namespaces, saying why and what to do, unless --allow-network', () => {
    const probe = {
      prefix: null,
      why: 'unshare --net failed: unshare: unshare failed: Operation not permitted',
    };
    const refused = chooseConfinement(probe, false);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('isolation/no-network-namespace');
      expect(refused.error.message).toContain('Operation not permitted');
      expect(refused.error.message).toContain('--allow-network');
      expect(refused.error.message).not.toContain('\n');
    }
    expect(chooseConfinement(probe, true)).toEqual({
      ok: true,
      value: { prefix: [], network: 'none (--allow-network)' },
    });
  });

  it('finds the namespaces on this machine (Linux, unshare present)', () => {
    // The CLI's tests of hostile input rely on them; say so plainly if the machine lacks them.
    expect(probeNamespaces()).toMatchObject({ prefix: expect.arrayContaining(['--net', '--pid']) });
  });
});

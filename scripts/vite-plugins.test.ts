import { describe, expect, it } from 'vitest';
import { hostHeaders, metaPolicy } from './vite-plugins';

const POLICY = "default-src 'self'; connect-src 'self'; media-src 'none'";

/** `_headers` as the hosts read it: path lines, each followed by indented `Name: value` lines. */
function parseRules(text: string): Map<string, [string, string][]> {
  const rules = new Map<string, [string, string][]>();
  let current: [string, string][] | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    if (!line.startsWith(' ')) {
      expect(rules.has(line)).toBe(false);
      current = [];
      rules.set(line, current);
      continue;
    }
    const match = /^ {2}([A-Za-z-]+): (.+)$/.exec(line);
    expect(match, line).not.toBeNull();
    current!.push([match![1]!, match![2]!]);
  }
  return rules;
}

describe('metaPolicy', () => {
  it('reads the policy out of the built page, unescaped', () => {
    const html = `<head><meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39;; img-src &#39;self&#39; data:"><title>x</title>`;
    expect(metaPolicy(html)).toBe("default-src 'self'; img-src 'self' data:");
    expect(() => metaPolicy('<head></head>')).toThrow(/no Content-Security-Policy/);
  });
});

describe('hostHeaders', () => {
  const PYTHON = "default-src 'none'; script-src 'sha256-x' blob: 'wasm-unsafe-eval'";
  const rules = parseRules(
    hostHeaders(POLICY, ['favicon.svg', 'index.html', 'sandbox-python.html', 'sw.js', '_headers'], {
      path: 'sandbox-python.html',
      policy: PYTHON,
    }),
  );

  it('sends COOP and COEP with every file', () => {
    expect(rules.get('/*')).toEqual([
      ['Cross-Origin-Opener-Policy', 'same-origin'],
      ['Cross-Origin-Embedder-Policy', 'require-corp'],
      ['X-Content-Type-Options', 'nosniff'],
    ]);
  });

  it("gives each path one policy: the page's, and the Python frame its own with 'wasm-unsafe-eval'", () => {
    const policies = new Map(
      [...rules].map(([path, headers]) => [
        path,
        headers.filter(([name]) => name === 'Content-Security-Policy').map(([, v]) => v),
      ]),
    );
    expect(policies.get('/*')).toEqual([]);
    for (const [path, values] of policies)
      if (path !== '/*')
        expect(values, path).toEqual([path === '/sandbox-python.html' ? PYTHON : POLICY]);
    expect([...policies.keys()]).toContain('/pyodide/*');
  });

  it('gives each path one CORP: cross-origin for the page, same-origin for every other file', () => {
    const corp = new Map(
      [...rules].flatMap(([path, headers]) =>
        headers
          .filter(([name]) => name === 'Cross-Origin-Resource-Policy')
          .map(([, v]) => [path, v]),
      ),
    );
    expect(Object.fromEntries(corp)).toEqual({
      '/': 'cross-origin',
      '/index.html': 'cross-origin',
      '/assets/*': 'same-origin',
      '/favicon.svg': 'same-origin',
      '/pyodide/*': 'same-origin',
      '/sandbox-python.html': 'same-origin',
      '/sw.js': 'same-origin',
    });
    for (const headers of rules.values())
      expect(
        headers.filter(([name]) => name === 'Cross-Origin-Resource-Policy').length,
      ).toBeLessThanOrEqual(1);
    expect(rules.get('/*')!.some(([name]) => name === 'Cross-Origin-Resource-Policy')).toBe(false);
  });

  it('lets hashed assets be cached for good, and nothing else', () => {
    const cached = [...rules].filter(([, headers]) =>
      headers.some(([name]) => name === 'Cache-Control'),
    );
    expect(cached).toEqual([
      [
        '/assets/*',
        [
          ['Content-Security-Policy', POLICY],
          ['Cross-Origin-Resource-Policy', 'same-origin'],
          ['Cache-Control', 'public, max-age=31536000, immutable'],
        ],
      ],
    ]);
  });
});

import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { sandboxFrameHash } from '../../../scripts/vite-sandbox';
import { FRAME_BOOTSTRAP } from './frame-bootstrap';
import { bootstrapHashSource, frameDocument, framePolicy } from './frame';

describe('the sandbox frame', () => {
  test('the page (build time) and the frame (run time) allow the same bootstrap hash', () => {
    const expected = `'sha256-${createHash('sha256').update(FRAME_BOOTSTRAP, 'utf8').digest('base64')}'`;
    expect(bootstrapHashSource()).toBe(expected);
    expect(sandboxFrameHash()).toBe(expected);
  });

  test('the bootstrap cannot close its own script tag', () => {
    expect(FRAME_BOOTSTRAP).not.toMatch(/<\/script/i);
  });

  test('the frame’s policy allows its bootstrap and blob: code, and no connection at all', () => {
    const policy = framePolicy("'sha256-abc'");
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'sha256-abc' blob:");
    expect(policy).toContain("connect-src 'none'");
    expect(policy).not.toMatch(/unsafe-(inline|eval)|wasm-unsafe-eval|\*|https?:|data:/);
    const document = frameDocument();
    expect(document).toContain(
      `content="${framePolicy(bootstrapHashSource()).replace(/"/g, '&quot;')}"`,
    );
    expect(document).toContain(`<script>${FRAME_BOOTSTRAP}</script>`);
    // Its policy comes before its script, so the script already runs under it.
    expect(document.indexOf('Content-Security-Policy')).toBeLessThan(document.indexOf('<script>'));
  });
});

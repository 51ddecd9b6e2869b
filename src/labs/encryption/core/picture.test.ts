import { createCipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../core/bytes';
import { countBlocks, drawPadlock, encryptPicture, rgbToRgba } from './picture';

describe('the ECB picture', () => {
  it('ECB keeps the picture’s repeated blocks (node:crypto makes the same bytes); GCM does not', async () => {
    const picture = drawPadlock();
    expect(picture.rgb).toHaveLength(128 * 96 * 3);
    const key = globalThis.crypto.getRandomValues(new Uint8Array(16));
    const nonce = globalThis.crypto.getRandomValues(new Uint8Array(12));
    const result = await encryptPicture(picture, globalThis.crypto.subtle, key, nonce);

    const node = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false);
    expect(bytesToHex(result.ecb)).toBe(
      Buffer.concat([node.update(picture.rgb), node.final()]).toString('hex'),
    );
    const { plain, ecb, gcm } = result.stats;
    expect(plain.blocks).toBe(2304);
    // A few flat colours: a few hundred distinct blocks out of 2304, and ECB keeps exactly those.
    expect(plain.distinct).toBeLessThan(plain.blocks / 4);
    expect(ecb).toEqual(plain);
    expect(gcm).toEqual({ blocks: 2304, distinct: 2304 });
    // The canvas pixels are the same bytes, an opaque alpha after each triple.
    const pixel = 1234;
    expect([...result.rgba.ecb.subarray(4 * pixel, 4 * pixel + 4)]).toEqual([
      ...result.ecb.subarray(3 * pixel, 3 * pixel + 3),
      255,
    ]);
    expect(result.rgba.plain).toHaveLength(128 * 96 * 4);
    expect(result.rgba.gcm[4 * 9000 + 1]).toBe(result.gcm[3 * 9000 + 1]);
  });

  it('turns RGB triples into RGBA pixels, a short last pixel padded with 0', () => {
    expect([...rgbToRgba(new Uint8Array([1, 2, 3, 4, 5]), 2)]).toEqual([
      1, 2, 3, 255, 4, 5, 0, 255,
    ]);
  });

  it('counts blocks', () => {
    expect(countBlocks(new Uint8Array(48))).toEqual({ blocks: 3, distinct: 1 });
  });
});

/**
 * The ECB picture (the "ECB penguin"): a small RGB image with flat colours, encrypted as raw bytes
 * with AES-ECB and with AES-GCM, and the ciphertext bytes drawn back as pixels. ECB encrypts each
 * 16-byte block on its own (SP 800-38A §6.1), so every block of flat colour turns into the same
 * ciphertext block and the outline survives; GCM (a counter per block) gives noise.
 */
import { ecbEncrypt, gcmEncrypt, AES_BLOCK, GCM_TAG_BYTES } from './aes';

export const PICTURE_WIDTH = 128;
export const PICTURE_HEIGHT = 96;

export interface Picture {
  width: number;
  height: number;
  /** Row-major RGB, 3 bytes per pixel. */
  rgb: Uint8Array;
}

type Rgb = readonly [number, number, number];
const BACKGROUND: Rgb = [232, 238, 247];
const SHACKLE: Rgb = [107, 114, 128];
const BODY: Rgb = [43, 89, 195];
const KEYHOLE: Rgb = [17, 24, 39];
const STRIPE: Rgb = [250, 204, 21];

/**
 * A padlock, drawn with integer geometry so every run of a colour is exactly that colour (no
 * anti-aliasing). A row is 128 × 3 = 384 bytes = 24 AES blocks, so the pattern lines up row by row.
 */
export function drawPadlock(): Picture {
  const width = PICTURE_WIDTH;
  const height = PICTURE_HEIGHT;
  const rgb = new Uint8Array(width * height * 3);
  const cx = width / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let colour: Rgb = BACKGROUND;
      // Shackle: a ring (outer radius 30, inner 20) above the body.
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - 40;
      const r2 = dx * dx + dy * dy;
      if (y < 48 && r2 <= 30 * 30 && r2 >= 20 * 20) colour = SHACKLE;
      if (y >= 40 && y < 50 && Math.abs(dx) >= 20 && Math.abs(dx) <= 30) colour = SHACKLE;
      // Body.
      if (y >= 46 && y < 90 && x >= 24 && x < 104) colour = y >= 80 && y < 84 ? STRIPE : BODY;
      // Keyhole: a disc and a slot.
      const ky = y + 0.5 - 60;
      if (dx * dx + ky * ky <= 36 || (y >= 60 && y < 74 && Math.abs(dx) <= 2.5)) colour = KEYHOLE;
      const i = (y * width + x) * 3;
      rgb[i] = colour[0];
      rgb[i + 1] = colour[1];
      rgb[i + 2] = colour[2];
    }
  }
  return { width, height, rgb };
}

export interface BlockStats {
  blocks: number;
  distinct: number;
}

export function countBlocks(bytes: Uint8Array): BlockStats {
  const seen = new Set<string>();
  const blocks = Math.floor(bytes.length / AES_BLOCK);
  for (let i = 0; i < blocks; i++) {
    let key = '';
    for (let j = 0; j < AES_BLOCK; j++) key += String.fromCharCode(bytes[i * AES_BLOCK + j]!);
    seen.add(key);
  }
  return { blocks, distinct: seen.size };
}

export interface EncryptedPicture {
  plain: Picture;
  ecb: Uint8Array;
  /** GCM ciphertext without its tag, the same length as the pixels. */
  gcm: Uint8Array;
  /**
   * The same three byte strings as canvas pixels (RGBA, 4 bytes a pixel: each RGB triple and an
   * opaque alpha), so the page draws them without a loop over every pixel on its main thread.
   */
  rgba: {
    plain: Uint8ClampedArray<ArrayBuffer>;
    ecb: Uint8ClampedArray<ArrayBuffer>;
    gcm: Uint8ClampedArray<ArrayBuffer>;
  };
  stats: { plain: BlockStats; ecb: BlockStats; gcm: BlockStats };
}

/** Three bytes a pixel as a canvas' four (alpha 255); a missing byte at the end is 0. */
export function rgbToRgba(rgb: Uint8Array, pixels: number): Uint8ClampedArray<ArrayBuffer> {
  const rgba = new Uint8ClampedArray(pixels * 4);
  for (let p = 0; p < pixels; p++) {
    rgba[4 * p] = rgb[3 * p] ?? 0;
    rgba[4 * p + 1] = rgb[3 * p + 1] ?? 0;
    rgba[4 * p + 2] = rgb[3 * p + 2] ?? 0;
    rgba[4 * p + 3] = 255;
  }
  return rgba;
}

export async function encryptPicture(
  picture: Picture,
  subtle: SubtleCrypto,
  key: Uint8Array,
  nonce: Uint8Array,
): Promise<EncryptedPicture> {
  const ecb = ecbEncrypt(key, picture.rgb);
  const sealed = await gcmEncrypt(subtle, key, nonce, picture.rgb);
  const gcm = sealed.slice(0, sealed.length - GCM_TAG_BYTES);
  const pixels = picture.width * picture.height;
  return {
    plain: picture,
    ecb,
    gcm,
    rgba: {
      plain: rgbToRgba(picture.rgb, pixels),
      ecb: rgbToRgba(ecb, pixels),
      gcm: rgbToRgba(gcm, pixels),
    },
    stats: { plain: countBlocks(picture.rgb), ecb: countBlocks(ecb), gcm: countBlocks(gcm) },
  };
}

/**
 * Deterministic "random" bytes for the simulation (TLS randoms, DNS ids, ephemeral keys): SHA-256
 * of a label and a counter. The simulation must give the same bytes on every run, so its matrix
 * and tests are reproducible; real TLS draws these from the operating system's CSPRNG.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '../../../../core/bytes';

export class Drbg {
  private counter = 0;
  private readonly seed: Uint8Array;
  constructor(label: string) {
    this.seed = sha256(utf8ToBytes(label));
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let filled = 0; filled < n; filled += 32) {
      const c = this.counter++;
      const block = sha256(concatBytes(this.seed, Uint8Array.of(c >>> 24, c >> 16, c >> 8, c)));
      out.set(block.subarray(0, Math.min(32, n - filled)), filled);
    }
    return out;
  }
  uint16(): number {
    const b = this.bytes(2);
    return (b[0]! << 8) | b[1]!;
  }
}

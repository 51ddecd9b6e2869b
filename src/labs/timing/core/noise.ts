/**
 * Where the attacker sits. Crosby, Wallach and Riedi ("Opportunities and limits of remote timing
 * attacks", 2009) resolved differences of about 100 ns across a LAN and 15–100 µs across the
 * internet, with thousands of measurements each. The jitter below is the standard deviation of the
 * (already filtered) round-trip time that makes those figures come out: with 10,000 samples per
 * guess a rank test separates about 4σ/√10000 ≈ σ/25.
 */

export interface NoiseModel {
  /** Round-trip time that does not depend on the guess (network, HMAC, framework). */
  baseNs: number;
  /** Standard deviation of the normal part of the jitter. */
  jitterNs: number;
  /** Fraction of responses delayed by a hiccup (scheduling, retransmission). */
  outlierRate: number;
  /** Mean extra delay of a hiccup (exponential), in multiples of the jitter. */
  outlierScale: number;
}

export type NoisePresetId = 'same-machine' | 'neighbouring-vm' | 'lan' | 'internet';

export interface NoisePreset {
  id: NoisePresetId;
  label: string;
  jitterNs: number;
  baseNs: number;
  note: string;
}

export const NOISE_PRESETS: readonly NoisePreset[] = [
  {
    id: 'same-machine',
    label: 'Same machine',
    jitterNs: 20,
    baseNs: 15_000,
    note: 'Another process on the same host calling the server over loopback.',
  },
  {
    id: 'neighbouring-vm',
    label: 'Neighbouring VM',
    jitterNs: 400,
    baseNs: 60_000,
    note: 'A virtual machine rented on the same physical host: the talk’s “practical” case.',
  },
  {
    id: 'lan',
    label: 'LAN',
    jitterNs: 2_500,
    baseNs: 250_000,
    note: 'Same network: about 100 ns resolvable with thousands of samples (Crosby et al., 2009).',
  },
  {
    id: 'internet',
    label: 'Internet',
    jitterNs: 1_000_000,
    baseNs: 40_000_000,
    note: 'Across the internet: 15–100 µs resolvable at best (Crosby et al., 2009).',
  },
];

export function noiseModel(jitterNs: number, baseNs = 50_000): NoiseModel {
  return { baseNs, jitterNs, outlierRate: 0.02, outlierScale: 8 };
}

export function findPreset(id: string): NoisePreset | undefined {
  return NOISE_PRESETS.find((p) => p.id === id);
}

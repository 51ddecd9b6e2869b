/**
 * The forgery, step by step, for the step-through view: the tag read back into chaining-state
 * words, then each compression over the attacker's blocks (every round recorded by the traced
 * engines), then the new state written out as the forged tag. The panel only displays this.
 */
import { bytesToHex } from '../../../core/bytes';
import { SPAN_LABELS, type ByteSpan, type Forgery } from './forge';
import { ENGINES, continueHashTraced, digestToState, type TracedBlock } from './merkle-damgard';

export interface StateWord {
  name: string;
  /** The tag's bytes that make this word, in the order they appear in the tag. */
  bytes: string;
  /** The word's value (MD5 reads its bytes little-endian, so they appear reversed). */
  value: string;
}

export interface ExtensionTrace {
  algorithm: Forgery['algorithm'];
  label: string;
  spec: string;
  littleEndian: boolean;
  wordBits: 32 | 64;
  registers: readonly string[];
  tagHex: string;
  stateWords: StateWord[];
  /** Bytes the victim had hashed (secret + message + glue), and so blocks the attacker skips. */
  processedLength: number;
  skippedBlocks: number;
  /** The attacker's blocks: appended data and the final padding, with the roles of their bytes. */
  blocks: (TracedBlock & { spans: ByteSpan[] })[];
  forgedTagHex: string;
}

export function traceExtension(forgery: Forgery): ExtensionTrace {
  const engine = ENGINES[forgery.algorithm];
  const state = digestToState(engine, forgery.tag);
  const wordBytes = engine.wordBits / 8;
  const stateWords: StateWord[] = engine.stateNames.map((name, i) => {
    const bytes = forgery.tag.subarray(i * wordBytes, (i + 1) * wordBytes);
    const value =
      engine.wordBits === 64
        ? (state[2 * i]! >>> 0).toString(16).padStart(8, '0') +
          (state[2 * i + 1]! >>> 0).toString(16).padStart(8, '0')
        : (state[i]! >>> 0).toString(16).padStart(8, '0');
    return { name, bytes: bytesToHex(bytes), value };
  });
  const { blocks, digest } = continueHashTraced(
    engine,
    state,
    forgery.processedLength,
    forgery.append,
  );
  const appendEnd = forgery.append.length;
  const streamLength = blocks.length * engine.blockSize;
  const lengthStart = streamLength - engine.lengthFieldSize;
  const withSpans = blocks.map((block, i) => {
    const start = i * engine.blockSize;
    const end = start + engine.blockSize;
    const spans: ByteSpan[] = [];
    const clip = (kind: ByteSpan['kind'], from: number, to: number) => {
      const a = Math.max(from, start);
      const b = Math.min(to, end);
      if (a < b) spans.push({ start: a - start, end: b - start, kind, label: SPAN_LABELS[kind] });
    };
    clip('append', 0, appendEnd);
    clip('neutral', appendEnd, lengthStart);
    clip('length', lengthStart, streamLength);
    return { ...block, spans };
  });
  return {
    algorithm: forgery.algorithm,
    label: engine.label,
    spec: engine.spec,
    littleEndian: engine.littleEndian,
    wordBits: engine.wordBits,
    registers: engine.registers,
    tagHex: bytesToHex(forgery.tag),
    stateWords,
    processedLength: forgery.processedLength,
    skippedBlocks: forgery.processedLength / engine.blockSize,
    blocks: withSpans,
    forgedTagHex: bytesToHex(digest),
  };
}

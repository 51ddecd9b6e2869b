/**
 * The length-extension lab's public API, for other labs, the CLI and benchmarks. It pulls in only
 * the teaching engines and the forgery (no @noble, no Web Crypto), so importing it stays cheap.
 *
 *   const forged = forgeExtension({ algorithm: 'md5', tag, message, append, secretLength: 6 });
 *   if (forged.ok) verify(forged.value.forgedMessage, forged.value.forgedTag);
 *
 *   await attackSecretLengths({ ...request, minSecretLength: 0, maxSecretLength: 128 }, verify);
 */
export {
  MAX_RANGE_TRIES,
  MAX_SECRET_LENGTH,
  describeForgery,
  forgeEach,
  forgeExtension,
  forgeRange,
  guessAlgorithmFromTagLength,
  layoutForgery,
  type ByteSpan,
  type ForgeRequest,
  type Forgery,
  type ForgeryLayout,
  type RangeRequest,
} from './forge';
export {
  attackSecretLengths,
  type AttackAttempt,
  type AttackOutcome,
  type AttackProgress,
  type Verifier,
} from './attack';
export {
  ENGINES,
  EXTENDABLE_ALGORITHMS,
  continueHash,
  continueHashTraced,
  digest,
  digestToState,
  hash,
  padding,
  resumeFromDigest,
  stateToDigest,
  type ExtendableAlgorithm,
  type MdAlgorithm,
  type MdEngine,
} from './merkle-damgard';
export { traceExtension, type ExtensionTrace } from './trace';
export {
  FORMAT_CHECKS,
  FORMAT_CHECK_LABELS,
  firstUnprintable,
  readFieldsStrictly,
  type FieldReading,
  type FormatCheck,
  type FormatRefusal,
} from './format-check';

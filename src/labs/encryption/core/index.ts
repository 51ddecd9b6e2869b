/**
 * The encryption lab's public API, for the worker, the CLI and other labs:
 *
 *   const wire = await seal('ctr', env, key, utf8ToBytes('amount=100'));
 *   const flipped = flipCiphertext({ scheme: 'ctr', wire, offset: 7, known, want });
 *   await open('ctr', env.subtle, key, flipped.value.wire); // decrypts to amount=900
 */
export {
  AES_BLOCK,
  GCM_NONCE_BYTES,
  GCM_TAG_BYTES,
  KEY_BYTES,
  cbcDecrypt,
  cbcEncrypt,
  ctrCrypt,
  ecbDecrypt,
  ecbEncrypt,
  gcmDecrypt,
  gcmEncrypt,
  xorBytes,
} from './aes';
export {
  MAX_WIRE_BYTES,
  SCHEMES,
  SCHEME_INFO,
  checkWireLength,
  ciphertextOf,
  drawBytes,
  isScheme,
  open,
  parseWire,
  seal,
  sealWith,
  wireParts,
  type CryptoEnv,
  type Opened,
  type Scheme,
  type SchemeInfo,
} from './scheme';
export {
  checkReplacement,
  flipCiphertext,
  parseOffset,
  plaintextLength,
  wireOffsetFor,
  type FlipRequest,
  type FlipResult,
} from './flip';
export {
  DEFAULT_TRANSFER,
  MAX_TRANSFER_BYTES,
  findAmount,
  parseTransfer,
  readTransfer,
  type TransferReading,
} from './transfer';
export {
  COMMON_CRIBS,
  LIKELY_SCORE,
  NONCE_MESSAGES,
  applyPlacements,
  autoDrag,
  checkRecovery,
  dragCrib,
  englishScore,
  formatPlacements,
  isReadable,
  other,
  parseGuess,
  parsePlacements,
  recoveredText,
  type AutoHit,
  type CribHit,
  type Placement,
  type Recovery,
  type RecoveryCheck,
  type Side,
} from './nonce-reuse';
export {
  PICTURE_HEIGHT,
  PICTURE_WIDTH,
  countBlocks,
  drawPadlock,
  encryptPicture,
  type BlockStats,
  type EncryptedPicture,
  type Picture,
} from './picture';

/**
 * The encryption lab: real AES, used the way someone "adding encryption" by hand would use it,
 * attacked without the key; then authenticated encryption refusing the same attacks. The sender
 * and receiver live in a worker (keys never reach the page); the panel is the attacker's view.
 */
import { useCallback, useState } from 'react';
import { useLabResults } from '../../ui/lab-context';
import { useWorker } from '../../ui/use-worker';
import { AdviceSection } from './AdviceSection';
import type { EncryptionApi } from './encryption.worker';
import { FlipSection } from './FlipSection';
import { NonceSection } from './NonceSection';
import { PictureSection } from './PictureSection';
import './encryption.css';

export type Report = (section: string, value: unknown) => void;

export default function EncryptionPanel() {
  const worker = useWorker<EncryptionApi>(
    () => new Worker(new URL('./encryption.worker.ts', import.meta.url), { type: 'module' }),
  );
  // Each section reports its latest results; "Export results (JSON)" saves them together.
  const [results, setResults] = useState<Record<string, unknown>>({});
  const report = useCallback(
    (section: string, value: unknown) => setResults((all) => ({ ...all, [section]: value })),
    [],
  );
  useLabResults(results);
  return (
    <article className="lab">
      <h1>Homemade encryption</h1>
      <p className="panel-intro">
        “You should not be implementing encryption.” Not the cipher: everyone uses AES. The scheme
        around it. Here a bank, in a Web Worker, encrypts with real AES (Web Crypto, and
        @noble/ciphers for ECB) and random keys you never see. Encryption alone hides the bytes; it
        does not stop anyone from changing them, and a mode or a nonce used wrongly leaks them.
      </p>
      <FlipSection worker={worker} report={report} />
      <PictureSection worker={worker} report={report} />
      <NonceSection worker={worker} report={report} />
      <AdviceSection />
    </article>
  );
}

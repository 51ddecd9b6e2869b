/**
 * The ECB picture: the worker encrypts a padlock's pixels with AES-ECB and AES-GCM; each canvas
 * draws bytes exactly as core returned them, three bytes per pixel.
 */
import { useCallback, useEffect, useRef } from 'react';
import type { WorkerClient } from '../../platform/worker-client';
import { Callout } from '../../ui/Callout';
import { useLabAction } from '../../ui/lab-context';
import { shownValue, useWorkerJob } from '../../ui/use-worker-job';
import type { BlockStats, EncryptedPicture } from './core';
import type { EncryptionApi } from './encryption.worker';
import type { Report } from './EncryptionPanel';
import { ENCRYPTION } from './lab';
import { JobError } from '../../ui/JobControls';

export function PictureSection({
  worker,
  report,
}: {
  worker: WorkerClient<EncryptionApi>;
  report: Report;
}) {
  const job = useWorkerJob<EncryptedPicture>(worker);
  const state = job.state;
  const { start } = job;
  const encrypt = useCallback(() => start(() => worker.call('picture', null)), [start, worker]);
  useEffect(encrypt, [encrypt]);
  useLabAction(ENCRYPTION, 'picture', encrypt);
  // The last pictures stay on screen while new ones are encrypted, so the page does not jump.
  const value = shownValue(state);
  useEffect(() => report('ecb', value?.stats ?? null), [report, value]);

  return (
    <section className="card" aria-labelledby="enc-ecb-heading">
      <h2 id="enc-ecb-heading">ECB draws the picture</h2>
      <p>
        ECB is what Java’s <code>Cipher.getInstance("AES")</code> gives you (AES/ECB/PKCS5Padding);
        Web Crypto leaves it out on purpose. ECB encrypts every 16-byte block on its own with the
        same key, so equal blocks of pixels become equal blocks of ciphertext. Below, a picture’s
        raw bytes are encrypted and the ciphertext bytes are drawn back as pixels.
      </p>
      <div className="row">
        <button
          type="button"
          className="button button--ghost"
          disabled={state.status === 'running'}
          onClick={encrypt}
        >
          Encrypt again with a new key
        </button>
      </div>
      <JobError state={state} />
      {value && (
        <>
          <div className="encryption__pictures" id="enc-pictures">
            <Bitmap
              title="The picture"
              bytes={value.plain.rgb}
              width={value.plain.width}
              height={value.plain.height}
              stats={value.stats.plain}
            />
            <Bitmap
              title="AES-ECB ciphertext"
              bytes={value.ecb}
              width={value.plain.width}
              height={value.plain.height}
              stats={value.stats.ecb}
            />
            <Bitmap
              title="AES-GCM ciphertext"
              bytes={value.gcm}
              width={value.plain.width}
              height={value.plain.height}
              stats={value.stats.gcm}
            />
          </div>
          <Callout tone="danger" title="The outline survives ECB">
            <p>
              The picture has {value.stats.plain.distinct.toLocaleString('en')} different blocks
              among {value.stats.plain.blocks.toLocaleString('en')}; its ECB ciphertext has exactly
              as many ({value.stats.ecb.distinct.toLocaleString('en')}), so anyone sees where the
              colours were. GCM (a counter per block) gives{' '}
              {value.stats.gcm.distinct.toLocaleString('en')} different blocks: noise. The same
              holds for any data with repeats: database fields, file headers, padded records.
            </p>
          </Callout>
        </>
      )}
    </section>
  );
}

function Bitmap({
  title,
  bytes,
  width,
  height,
  stats,
}: {
  title: string;
  bytes: Uint8Array;
  width: number;
  height: number;
  stats: BlockStats;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const image = context.createImageData(width, height);
    for (let p = 0; p < width * height; p++) {
      image.data[4 * p] = bytes[3 * p] ?? 0;
      image.data[4 * p + 1] = bytes[3 * p + 1] ?? 0;
      image.data[4 * p + 2] = bytes[3 * p + 2] ?? 0;
      image.data[4 * p + 3] = 255;
    }
    context.putImageData(image, 0, 0);
  }, [bytes, width, height]);
  const summary = `${stats.blocks.toLocaleString('en')} blocks, ${stats.distinct.toLocaleString('en')} different`;
  return (
    <figure className="encryption__picture">
      <canvas
        ref={canvas}
        width={width}
        height={height}
        role="img"
        aria-label={`${title}: ${width}×${height} pixels, ${summary}`}
      />
      <figcaption>
        <strong>{title}</strong>
        <br />
        <span className="field__hint">{summary}</span>
      </figcaption>
    </figure>
  );
}

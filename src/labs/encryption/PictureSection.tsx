/**
 * The ECB picture: the worker encrypts a padlock's pixels with AES-ECB and AES-GCM; each canvas
 * draws bytes exactly as core returned them, already laid out as canvas pixels (RGBA).
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
import { formatNumber } from '../../core/number-format';

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
              pixels={value.rgba.plain}
              width={value.plain.width}
              height={value.plain.height}
              stats={value.stats.plain}
            />
            <Bitmap
              title="AES-ECB ciphertext"
              pixels={value.rgba.ecb}
              width={value.plain.width}
              height={value.plain.height}
              stats={value.stats.ecb}
            />
            <Bitmap
              title="AES-GCM ciphertext"
              pixels={value.rgba.gcm}
              width={value.plain.width}
              height={value.plain.height}
              stats={value.stats.gcm}
            />
          </div>
          <Callout tone="danger" title="The outline survives ECB">
            <p>
              The picture has {formatNumber(value.stats.plain.distinct)} different blocks among{' '}
              {formatNumber(value.stats.plain.blocks)}; its ECB ciphertext has exactly as many (
              {formatNumber(value.stats.ecb.distinct)}), so anyone sees where the colours were. GCM
              (a counter per block) gives {formatNumber(value.stats.gcm.distinct)} different blocks:
              noise. The same holds for any data with repeats: database fields, file headers, padded
              records.
            </p>
          </Callout>
        </>
      )}
    </section>
  );
}

function Bitmap({
  title,
  pixels,
  width,
  height,
  stats,
}: {
  title: string;
  /** RGBA, as core returned it: drawn as is. */
  pixels: Uint8ClampedArray<ArrayBuffer>;
  width: number;
  height: number;
  stats: BlockStats;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    canvas.current?.getContext('2d')?.putImageData(new ImageData(pixels, width, height), 0, 0);
  }, [pixels, width, height]);
  const summary = `${formatNumber(stats.blocks)} blocks, ${formatNumber(stats.distinct)} different`;
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

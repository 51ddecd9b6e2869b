/**
 * The bank encrypts a transfer (in the worker); the attacker flips ciphertext bits so the amount
 * changes; the receiver (in the worker) decrypts and reports what it read. Displays what core and
 * the worker return.
 */
import { useCallback, useEffect, useEffectEvent, useMemo, useState, type ReactNode } from 'react';
import { bytesToCEscaped, bytesToHex, utf8ToBytes } from '../../core/bytes';
import type { WorkerClient } from '../../platform/worker-client';
import { ByteMap, type ByteRegion } from '../../ui/ByteMap';
import { Callout, Verdict } from '../../ui/Callout';
import { Choice } from '../../ui/Choice';
import { TextField } from '../../ui/Field';
import { useLabAction, useLabChoice, useLabParam } from '../../ui/lab-context';
import { shownValue, useWorkerJob } from '../../ui/use-worker-job';
import {
  AES_BLOCK,
  SCHEMES,
  SCHEME_INFO,
  checkReplacement,
  findAmount,
  flipCiphertext,
  parseTransfer,
  parseWire,
  wireParts,
  type FlipResult,
  type Scheme,
} from './core';
import type { Delivery, EncryptionApi } from './encryption.worker';
import type { Report } from './EncryptionPanel';
import { ENCRYPTION } from './lab';
import { JobError } from '../../ui/JobControls';

type Sent = { scheme: Scheme; message: Uint8Array; wire: Uint8Array };
type Delivered = Delivery & { wire: Uint8Array };
/** What the attacker did to the order on the wire: edited its hex, or flipped its bytes. */
type Tampering = { sent: Sent; wireText: string; flip: FlipResult | null };

export function FlipSection({
  worker,
  report,
}: {
  worker: WorkerClient<EncryptionApi>;
  report: Report;
}) {
  const [scheme, setScheme] = useLabChoice(ENCRYPTION, 'scheme');
  const [transferText, setTransferText] = useLabParam(ENCRYPTION, 'transfer');
  const [want, setWant] = useLabParam(ENCRYPTION, 'want');
  const transfer = useMemo(() => parseTransfer(transferText), [transferText]);
  const amount = transfer.ok ? findAmount(transfer.value) : null;
  const known = useMemo(
    () =>
      transfer.ok && amount
        ? transfer.value.slice(amount.offset, amount.offset + amount.length)
        : null,
    [transfer, amount],
  );
  const replacement = useMemo(
    () => (known ? checkReplacement(known, utf8ToBytes(want)) : null),
    [known, want],
  );

  const sending = useWorkerJob<Sent>(worker);
  const delivering = useWorkerJob<Delivered>(worker);
  const sent = sending.state;
  const delivery = delivering.state;
  // The last order sent stays on screen while the next is encrypted, so the page does not jump.
  const lastSent = shownValue(sent);
  const active = lastSent?.scheme ?? scheme;
  const [tampering, setTampering] = useState<Tampering | null>(null);
  // The attacker's edits apply to the order they were made on; a new order shows as sent.
  const tampered = tampering && tampering.sent === lastSent ? tampering : null;
  const wireText = tampered ? tampered.wireText : lastSent ? bytesToHex(lastSent.wire) : '';
  const flip = tampered?.flip ?? null;
  const wire = useMemo(() => parseWire(active, wireText), [active, wireText]);

  const { start: startSending } = sending;
  const { start: startDelivering, reset: forgetDelivery } = delivering;
  const send = useCallback((): boolean => {
    if (!transfer.ok) return false;
    const message = transfer.value;
    setTampering(null);
    forgetDelivery();
    startSending(async () => ({
      scheme,
      message,
      wire: (await worker.call('send', { scheme, message })).wire,
    }));
    return true;
  }, [worker, scheme, transfer, startSending, forgetDelivery]);

  // The bank sends as soon as the lab opens, and again whenever the scheme or transfer changes.
  useEffect(() => {
    send();
  }, [send]);

  const editWire = (text: string) => {
    if (lastSent) setTampering({ sent: lastSent, wireText: text, flip: null });
    forgetDelivery();
  };

  const flipNow = (on: Sent, wireBytes: Uint8Array): FlipResult | null => {
    if (!known || !amount || !replacement?.ok) return null;
    const result = flipCiphertext({
      scheme: on.scheme,
      wire: wireBytes,
      offset: amount.offset,
      known,
      want: replacement.value,
    });
    if (!result.ok) return null;
    setTampering({ sent: on, wireText: bytesToHex(result.value.wire), flip: result.value });
    forgetDelivery();
    return result.value;
  };

  const deliver = (wireBytes: Uint8Array, forScheme: Scheme = active) =>
    startDelivering(async () => ({
      ...(await worker.call('receive', { scheme: forScheme, wire: wireBytes })),
      wire: wireBytes,
    }));

  useLabAction(ENCRYPTION, 'send', send);
  // A fresh order, flipped and delivered as soon as it is on the wire.
  const [flipWanted, setFlipWanted] = useState(false);
  useLabAction(ENCRYPTION, 'flip-deliver', () => setFlipWanted(send()));
  const flipAndDeliver = useEffectEvent((fresh: Sent) => {
    const flipped = flipNow(fresh, fresh.wire);
    if (flipped) deliver(flipped.wire, fresh.scheme);
  });
  useEffect(() => {
    if (!flipWanted || sent.status === 'running') return;
    setFlipWanted(false);
    if (sent.status === 'done') flipAndDeliver(sent.value);
  }, [flipWanted, sent]);

  const sentValue = lastSent;
  const info = SCHEME_INFO[active];
  const wireError = wireText === '' ? null : wire.ok ? null : wire.error.message;
  const wireBytes = wire.ok ? wire.value : null;
  // The flip's marks apply only while the wire is the one the flip produced.
  const shownFlip =
    flip && wireBytes && bytesToHex(flip.wire) === bytesToHex(wireBytes) ? flip : null;

  useEffect(() => {
    report('flip', {
      scheme: active,
      ciphertextHex: wireBytes ? bytesToHex(wireBytes) : null,
      flip: shownFlip && {
        maskHex: bytesToHex(shownFlip.mask),
        flipped: shownFlip.flipped,
        garbledBlocks: shownFlip.garbledBlocks,
      },
      delivered:
        delivery.status !== 'done'
          ? null
          : delivery.value.opened.ok
            ? {
                accepted: true,
                amount: delivery.value.reading?.amount,
                to: delivery.value.reading?.to,
              }
            : { accepted: false, error: delivery.value.opened.errorName },
    });
  }, [report, active, wireBytes, shownFlip, delivery]);

  return (
    <section className="card" aria-labelledby="enc-flip-heading">
      <h2 id="enc-flip-heading">Change the amount without the key</h2>
      <p>
        The bank encrypts each transfer order and sends it to the payment server. Mallory, who is
        owed 100, sits on the network. She cannot decrypt anything, but she knows the format (she
        wrote the invoice), so she knows which bytes say <code>100</code>.
      </p>
      <div className="stack">
        <Choice
          label="The bank encrypts with"
          value={scheme}
          onChange={setScheme}
          options={SCHEMES.map((id) => ({ value: id, label: SCHEME_INFO[id].label }))}
        />
        <div className="row">
          <TextField
            label="Transfer order"
            value={transferText}
            onChange={setTransferText}
            monospace
            error={transfer.ok ? null : transfer.error.message}
          />
          <button
            type="button"
            className="button button--ghost"
            disabled={!transfer.ok || sent.status === 'running'}
            onClick={send}
          >
            Encrypt and send again
          </button>
        </div>
      </div>
      <JobError state={sent} />
      {sentValue && (
        <ByteMap
          id="enc-wire"
          caption={`On the wire: ${info.headerName} ‖ ciphertext${info.tagBytes ? ' ‖ tag' : ''} (key: 16 random bytes, kept in the worker)`}
          bytes={wireBytes ?? sentValue.wire}
          regions={wireRegions(active, (wireBytes ?? sentValue.wire).length)}
          marks={shownFlip ? new Set(shownFlip.flipped) : undefined}
          markLabel="flipped by Mallory"
        />
      )}

      <h3>The attack</h3>
      <p>
        Mallory knows:{' '}
        {known && amount ? (
          <>
            <code>amount={new TextDecoder().decode(known)}</code> at plaintext bytes {amount.offset}
            –{amount.offset + amount.length - 1}.
          </>
        ) : (
          'nothing yet (the transfer order needs an amount).'
        )}
      </p>
      <TextField
        label="Ciphertext in transit (hex)"
        value={wireText}
        onChange={editWire}
        multiline
        rows={3}
        monospace
        error={wireError}
        hint="What the payment server will receive. Flip the bytes, or edit it by hand."
      />
      <div className="row">
        <TextField
          label="Amount Mallory wants"
          value={want}
          onChange={setWant}
          monospace
          error={replacement && !replacement.ok ? replacement.error.message : null}
        />
        <button
          type="button"
          className="button"
          disabled={!wireBytes || !replacement?.ok || sent.status === 'running'}
          onClick={() => lastSent && wireBytes && flipNow(lastSent, wireBytes)}
        >
          Flip the bytes
        </button>
        <button
          type="button"
          className="button"
          disabled={!wireBytes || delivery.status === 'running' || sent.status === 'running'}
          onClick={() => wireBytes && deliver(wireBytes)}
        >
          Deliver to the payment server
        </button>
      </div>

      {/* Everything that changes after a step lands is below this point, so the step's scroll holds. */}
      <div aria-live="polite" id="enc-flip-result">
        <JobError state={delivery} />
        {delivery.status === 'done' && sentValue ? (
          <DeliveryVerdict
            delivery={delivery.value}
            sent={sentValue}
            flip={shownFlip}
            explained={shownFlip && known && <FlipExplained flip={shownFlip} known={known} />}
          />
        ) : (
          shownFlip && known && <FlipExplained flip={shownFlip} known={known} />
        )}
      </div>
    </section>
  );
}

function wireRegions(scheme: Scheme, length: number): ByteRegion[] {
  const parts = wireParts(scheme, length);
  const info = SCHEME_INFO[scheme];
  const regions: ByteRegion[] = [
    { start: parts.header[0], end: parts.header[1], kind: 'length', label: info.headerName },
    { start: parts.body[0], end: parts.body[1], kind: 'message', label: 'ciphertext' },
  ];
  if (parts.tag)
    regions.push({ start: parts.tag[0], end: parts.tag[1], kind: 'secret', label: 'tag' });
  return regions;
}

function FlipExplained({ flip, known }: { flip: FlipResult; known: Uint8Array }) {
  const where = flip.flipped.map((w) => `byte ${w}`).join(', ');
  return (
    <div className="encryption__explain">
      <p>
        Mallory XORs <code>known ⊕ wanted</code> ={' '}
        <span className="digest">{bytesToHex(flip.mask)}</span> into the ciphertext:{' '}
        {where || 'no byte'} on the wire
        {flip.scheme === 'cbc'
          ? ' — in the ciphertext block before the amount’s block (or the IV): CBC decrypts a block, then XORs it with the previous ciphertext block.'
          : ` — the same positions as the amount (${flip.scheme === 'gcm' ? 'GCM encrypts with a counter-mode keystream' : 'CTR XORs a keystream'}, byte for byte).`}{' '}
        {known.length} byte{known.length === 1 ? '' : 's'} known, no key needed.
      </p>
      {flip.scheme === 'cbc' && flip.garbledBlocks.length > 0 && (
        <p className="field__hint">
          The price in CBC: plaintext block{flip.garbledBlocks.length > 1 ? 's' : ''}{' '}
          {flip.garbledBlocks.join(', ')} will decrypt to random-looking bytes.
        </p>
      )}
    </div>
  );
}

function DeliveryVerdict({
  delivery,
  sent,
  flip,
  explained,
}: {
  delivery: Delivery & { wire: Uint8Array };
  sent: Sent;
  flip: FlipResult | null;
  /** How the flip was made, shown under the verdict. */
  explained: ReactNode;
}) {
  const { opened, reading } = delivery;
  if (!opened.ok) {
    return (
      <>
        <div id="enc-verdict">
          <Callout tone="success" title="Refused">
            <p>
              <Verdict ok yes="Refused" no="" /> The payment server’s decrypt threw{' '}
              <code>
                {opened.errorName}
                {opened.errorMessage ? `: ${opened.errorMessage}` : ''}
              </code>
              .{' '}
              {sent.scheme === 'gcm'
                ? 'AES-GCM checks its 16-byte tag before releasing any plaintext: a changed bit anywhere in the nonce, ciphertext or tag, and Web Crypto rejects the whole message. Nothing was paid.'
                : 'The bytes did not decrypt to valid padding (or were not whole blocks). That is an accident of the edit, not a protection: an attacker who can tell this error apart from others has a padding oracle.'}
            </p>
          </Callout>
        </div>
        {explained}
      </>
    );
  }
  const sentAmount = findAmount(sent.message);
  const before = sentAmount
    ? new TextDecoder().decode(
        sent.message.slice(sentAmount.offset, sentAmount.offset + sentAmount.length),
      )
    : null;
  const changed = reading?.amount !== before;
  const garbled: ByteRegion[] =
    flip?.garbledBlocks.map((b) => ({
      start: b * AES_BLOCK,
      end: Math.min((b + 1) * AES_BLOCK, opened.plaintext.length),
      kind: 'padding',
      label: 'garbled by the flip',
    })) ?? [];
  const at = findAmount(opened.plaintext);
  const regions: ByteRegion[] = [
    ...garbled,
    ...(at && changed
      ? [{ start: at.offset, end: at.offset + at.length, kind: 'append', label: 'flipped amount' }]
      : []),
  ];
  return (
    <>
      <div id="enc-verdict">
        <Callout
          tone={changed ? 'danger' : 'note'}
          title={changed ? 'Accepted, and changed' : 'Accepted'}
        >
          <p>
            {changed ? (
              <Verdict ok={false} yes="" no="Accepted" />
            ) : (
              <Verdict ok yes="Accepted" no="" />
            )}{' '}
            The payment server decrypted the order and pays{' '}
            <strong className="encryption__amount">amount={reading?.amount ?? '(none)'}</strong> to{' '}
            <code>{reading?.to ?? '(nobody)'}</code>
            {changed ? `; the bank sent amount=${before}.` : ', as the bank sent it.'}{' '}
            {changed &&
              (sent.scheme === 'cbc' && garbled.length > 0
                ? 'Nothing told it the order had been changed: the garbled block is just an odd memo to a parser.'
                : 'Nothing told it the order had been changed: encryption without a MAC does not detect tampering.')}
          </p>
        </Callout>
      </div>
      {explained}
      <ByteMap
        caption="What the payment server decrypted"
        bytes={opened.plaintext}
        regions={regions}
        blockSize={AES_BLOCK}
      />
      <p className="field__hint">
        As text: <code>{bytesToCEscaped(opened.plaintext)}</code>
      </p>
    </>
  );
}

/**
 * The forgery, one compression at a time: the tag read back into state words, the attacker's
 * block, every recorded round, and the feed-forward that gives the forged tag. Everything shown
 * comes from core's traceExtension, run in the lab's worker with the attack (it is too slow for
 * a render on a modest machine); this component only chooses what to display.
 */
import { useState } from 'react';
import { ByteMap } from '../../ui/ByteMap';
import { Choice } from '../../ui/Choice';
import type { ExtensionTrace } from './core/trace';
import { TableScroll } from '../../ui/TableScroll';

export function StepThrough({ trace }: { trace: ExtensionTrace }) {
  const [blockChoice, setBlockChoice] = useState(0);
  const [roundChoice, setRoundChoice] = useState(0);
  const blockIndex = Math.min(blockChoice, trace.blocks.length - 1);
  const block = trace.blocks[blockIndex]!;
  const rounds = block.trace.rounds;
  const round = Math.min(roundChoice, rounds.length - 1);
  const current = rounds[round]!;
  const previous = round === 0 ? block.trace.before : rounds[round - 1]!.registers;
  const last = rounds[rounds.length - 1]!;

  return (
    <div className="stack">
      <h3>1. The tag is the chaining state</h3>
      <p>
        {trace.label}’s tag is its internal state after the last block, written out word by word
        {trace.littleEndian
          ? ' (MD5 writes each 32-bit word little-endian, so its bytes appear reversed)'
          : ''}
        . The attacker reads it back:
      </p>
      <TableScroll label="State words from the digest">
        <table>
          <thead>
            <tr>
              <th scope="col">State word</th>
              <th scope="col">Tag bytes</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {trace.stateWords.map((word) => (
              <tr key={word.name}>
                <th scope="row">{word.name}</th>
                <td className="digest">{word.bytes}</td>
                <td className="digest">{word.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>

      <h3>2. Skip what the victim already hashed</h3>
      <p>
        Secret, message and glue padding make {trace.processedLength} bytes: exactly{' '}
        {trace.skippedBlocks} block{trace.skippedBlocks === 1 ? '' : 's'}. The victim’s hash stopped
        there with the state above, so the attacker starts at block {trace.skippedBlocks}, and the
        final length field counts those bytes too.
      </p>

      <h3>3. Compress the attacker’s block{trace.blocks.length > 1 ? 's' : ''}</h3>
      {trace.blocks.length > 1 && (
        <Choice
          label="Block"
          value={String(blockIndex)}
          onChange={(value) => {
            setBlockChoice(Number(value));
            setRoundChoice(0);
          }}
          options={trace.blocks.map((b, i) => ({ value: String(i), label: `block ${b.index}` }))}
        />
      )}
      <ByteMap
        caption={`Block ${block.index}, as the compression reads it`}
        bytes={block.bytes}
        regions={block.spans}
        rowSize={16}
      />
      <details>
        <summary>Message schedule ({block.trace.schedule.length} words)</summary>
        <ol className="length-extension__words mono" start={0}>
          {block.trace.schedule.map((word, i) => (
            <li key={i}>
              <span className="length-extension__word-name">W{i}</span> {word}
            </li>
          ))}
        </ol>
      </details>

      <div className="length-extension__stepper">
        <label htmlFor="le-round">
          Round {round} of {rounds.length - 1}
        </label>
        <input
          id="le-round"
          type="range"
          min={0}
          max={rounds.length - 1}
          value={round}
          onChange={(event) => setRoundChoice(Number(event.target.value))}
        />
        <div className="row">
          <button
            type="button"
            className="button button--small"
            disabled={round === 0}
            onClick={() => setRoundChoice(round - 1)}
          >
            ◀ Previous round
          </button>
          <button
            type="button"
            className="button button--small"
            disabled={round === rounds.length - 1}
            onClick={() => setRoundChoice(round + 1)}
          >
            Next round ▶
          </button>
        </div>
      </div>
      <p className="field__hint">
        Round {round} mixed in message word <span className="mono">{current.word}</span> and
        constant <span className="mono">{current.constant}</span> ({trace.spec}).
      </p>
      <TableScroll label="Registers after the selected round">
        <table aria-label={`Registers after round ${round}`}>
          <thead>
            <tr>
              <th scope="col">Register</th>
              <th scope="col">Before round {round}</th>
              <th scope="col">After round {round}</th>
            </tr>
          </thead>
          <tbody>
            {trace.registers.map((name, i) => {
              const value = current.registers[i]!;
              // Most registers only shift along each round; say which are freshly computed.
              const from = previous.indexOf(value);
              const fresh = from < 0;
              return (
                <tr key={name} className={fresh ? 'length-extension__changed' : undefined}>
                  <th scope="row">{name}</th>
                  <td className="digest">{previous[i]}</td>
                  <td className="digest">
                    {value}
                    {fresh ? ' ← new' : from !== i ? ` ← was ${trace.registers[from]}` : ''}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      <details>
        <summary>All {rounds.length} rounds of this block</summary>
        <div
          className="table-scroll length-extension__rounds"
          tabIndex={0}
          role="region"
          aria-label="Registers after every round"
        >
          <table>
            <thead>
              <tr>
                <th scope="col">Round</th>
                {trace.registers.map((name) => (
                  <th key={name} scope="col">
                    {name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rounds.map((r, i) => (
                <tr key={i}>
                  <th scope="row">{i}</th>
                  {r.registers.map((value, j) => (
                    <td key={j} className="mono">
                      {value}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>

      <h3>4. Add, and write the state out</h3>
      <p>
        After the last round each register is added to the state the block started with (mod 2
        <sup>{trace.wordBits}</sup>).
        {blockIndex < trace.blocks.length - 1
          ? ' That new state goes into the next block.'
          : ` Written out${trace.littleEndian ? ' (each word little-endian again)' : ''}, the final state is the forged tag.`}
      </p>
      <TableScroll label="Final state words">
        <table>
          <thead>
            <tr>
              <th scope="col">Word</th>
              <th scope="col">State in</th>
              <th scope="col">+ last round</th>
              <th scope="col">= state out</th>
            </tr>
          </thead>
          <tbody>
            {block.trace.after.map((value, i) => (
              <tr key={i}>
                <th scope="row">{trace.stateWords[i]?.name ?? i}</th>
                <td className="digest">{block.trace.before[i]}</td>
                <td className="digest">{last.registers[i]}</td>
                <td className="digest">{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p>
        Forged tag: <span className="digest">{trace.forgedTagHex}</span>
      </p>
    </div>
  );
}

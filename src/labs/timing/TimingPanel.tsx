/** The timing lab: measure early-exit against constant-time compares, then recover a tag by timing. */
import { Callout } from '../../ui/Callout';
import { useRunLabAction } from '../../ui/lab-context';
import { AskSection } from './AskSection';
import { AttackSection } from './AttackSection';
import { MeasureSection } from './MeasureSection';
import { SweepSection } from './SweepSection';
import { TIMING } from './lab';
import './timing.css';

export default function TimingPanel() {
  const runAction = useRunLabAction(TIMING);
  return (
    <article className="lab">
      <h1>Timing attacks on ==</h1>
      <p className="panel-intro">
        <code>if sig == expected</code> stops at the first byte that differs, so a wrong guess is
        answered a little sooner the fewer of its leading bytes are right. Time enough answers and
        the tag falls out one byte at a time. Below, the leak is measured in this browser, then a
        server’s tag is recovered from timing alone, and then the same attack meets a constant-time
        compare.
      </p>
      <div className="row">
        <button type="button" className="button button--primary" onClick={() => runAction('demo')}>
          Run the demo
        </button>
        <span className="field__hint">Measures the compares and attacks the server at once.</span>
      </div>
      <Callout tone="warning" title="Compare secrets in constant time">
        Check the length, then OR together the XOR of every byte pair, so the loop always runs to
        the end. Today: <code>hmac.compare_digest</code> in Python,{' '}
        <code>crypto.timingSafeEqual</code> in Node, or let the library verify (
        <code>crypto.subtle.verify</code>).
      </Callout>
      <MeasureSection />
      <AttackSection />
      <AskSection />
      <SweepSection />
    </article>
  );
}

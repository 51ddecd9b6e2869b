/**
 * The randomness lab: clone Python's generator, find time seeds, predict this tab's Math.random,
 * and the seeds a machine has at boot.
 */
import { Callout } from '../../ui/Callout';
import { AskShopSection } from './AskShopSection';
import { BootEntropySection } from './BootEntropySection';
import { CloneSection } from './CloneSection';
import { EntropySection } from './EntropySection';
import { MathRandomSection } from './MathRandomSection';
import { SeedSearchSection } from './SeedSearchSection';
import './randomness.css';

export default function RandomnessPanel() {
  return (
    <article className="lab">
      <h1>Predictable random numbers</h1>
      <p className="panel-intro">
        <code>secret = ''.join(random.choice(allowed_chars) for i in range(length))</code> looks
        random. It is not secret: Python’s <code>random</code> and the browser’s{' '}
        <code>Math.random</code> are built to be fast and statistically even, not unguessable.
        Below, each weakness is exploited for real, and then the fix is tried against the same
        attack.
      </p>
      <Callout tone="warning" title="Use the system’s generator">
        For keys, tokens and passwords: <code>secrets</code> in Python (or{' '}
        <code>random.SystemRandom</code>), <code>crypto.getRandomValues</code> or{' '}
        <code>crypto.randomUUID</code> in JavaScript. Never seed a generator with the time.
      </Callout>
      <CloneSection />
      <AskShopSection />
      <SeedSearchSection />
      <MathRandomSection />
      <EntropySection />
      <BootEntropySection />
    </article>
  );
}

/** The untrusted data and supply-chain lab: loading a pickle is eval, and pip install trusts everyone. */
import { Callout } from '../../ui/Callout';
import { JsonContrast } from './JsonContrast';
import { PayloadBuilder } from './PayloadBuilder';
import { PickleInspector } from './PickleInspector';
import { SignedPickle } from './SignedPickle';
import { SupplyChain } from './SupplyChain';
import './untrusted-data.css';

const SECTIONS = [
  { id: 'inspect', label: 'Inspect a pickle' },
  { id: 'build', label: 'Build a payload' },
  { id: 'json', label: 'JSON and eval' },
  { id: 'sign', label: 'Sign and verify' },
  { id: 'supply', label: 'pip install' },
] as const;

const scrollTo = (id: string) =>
  document.getElementById(id)?.scrollIntoView({ block: 'start', behavior: 'smooth' });

export default function UntrustedDataPanel() {
  return (
    <article className="lab">
      <h1>Untrusted data and the supply chain</h1>
      <p className="panel-intro">
        Loading a pickle runs whatever program it contains, so unpickling data from someone else is
        running their code. Installing a package runs the package author’s code too — and that of
        anyone who could change it on the way.
      </p>
      <Callout tone="warning" title="The short version">
        Use JSON for data from outside; if you must use pickle, sign it with HMAC and verify before
        loading. Pin the hashes of what you install (<code>pip --require-hashes</code>), check
        certificates, and never run an installer as root.
      </Callout>
      <nav className="untrusted-data-toc" aria-label="Sections of this lab">
        {SECTIONS.map((s) => (
          <button
            key={s.id}
            type="button"
            className="button button--small"
            onClick={() => scrollTo(s.id)}
          >
            {s.label}
          </button>
        ))}
      </nav>
      <PickleInspector />
      <PayloadBuilder onInspect={() => scrollTo('inspect')} />
      <JsonContrast />
      <SignedPickle />
      <SupplyChain />
    </article>
  );
}

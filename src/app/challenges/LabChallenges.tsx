/** Near the end of each lab: its challenges, with the learner's status on each. */
import { CHALLENGES } from '../../labs/challenges';
import { ChallengeTable } from './ChallengesIndex';
import { useProgress } from './use-progress';

export default function LabChallenges({ labId }: { labId: string }) {
  const progress = useProgress();
  if (!CHALLENGES.some((c) => c.lab === labId)) return null;
  const headingId = `lab-challenges-${labId}`;
  return (
    <section className="callout callout--note lab-challenges" aria-labelledby={headingId}>
      <h2 id={headingId} className="callout__title">
        Challenges: do it yourself
      </h2>
      <ChallengeTable progress={progress} labId={labId} />
      <p>
        <a href="#/challenges">All challenges and your progress →</a>
      </p>
    </section>
  );
}

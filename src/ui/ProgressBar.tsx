/** A named progress bar with its numbers spelled out beside it. */
interface ProgressBarProps {
  label: string;
  value: number;
  max: number;
  detail?: string;
  /**
   * The work is over and the bar stays as a result: it is then a meter (ARIA 1.2), not a
   * progressbar, which tools and the bench would take for work still going on.
   */
  finished?: boolean;
}

export function ProgressBar({ label, value, max, detail, finished = false }: ProgressBarProps) {
  const percent = max > 0 ? Math.min(100, (value / max) * 100) : 0;
  return (
    <div className="progress">
      <div
        className="progress__track"
        role={finished ? 'meter' : 'progressbar'}
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(percent)}
        aria-valuetext={`${percent.toFixed(0)}%${detail ? `, ${detail}` : ''}`}
      >
        <div className="progress__fill" style={{ width: `${percent}%` }} />
      </div>
      <div className="progress__text">
        {percent.toFixed(0)}%{detail ? ` · ${detail}` : ''}
      </div>
    </div>
  );
}

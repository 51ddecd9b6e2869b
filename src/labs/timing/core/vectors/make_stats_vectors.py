"""Reference values for the timing lab's statistics, computed by CPython (statistics) and SciPy.

Run: python3 make_stats_vectors.py > stats.json
"""
import json, random, statistics
import numpy as np
from scipy import stats

rng = random.Random(20261128)
cases = []
for i in range(12):
    n1, n2 = rng.randint(1, 40), rng.randint(1, 60)
    # Some cases with heavy ties (small integer values), some continuous with a shift.
    if i % 3 == 0:
        a = [rng.randint(0, 5) for _ in range(n1)]
        b = [rng.randint(0, 4) for _ in range(n2)]
    else:
        a = [round(rng.gauss(1.0 + 0.1 * i, 1.0), 6) for _ in range(n1)]
        b = [round(rng.gauss(1.0, 1.0), 6) for _ in range(n2)]
    if len(set(a + b)) == 1:
        continue
    mw = stats.mannwhitneyu(a, b, alternative='greater', method='asymptotic', use_continuity=False)
    sample = a + b
    cases.append({
        'a': a, 'b': b,
        'u': float(mw.statistic), 'pGreater': float(mw.pvalue),
        'median': statistics.median(sample),
        'mean': statistics.fmean(sample),
        'variance': statistics.variance(sample) if len(sample) > 1 else None,
        'quantiles': {str(q): float(np.quantile(sample, q)) for q in (0.05, 0.1, 0.25, 0.75, 0.9)},
        'slope': float(stats.linregress(list(range(len(sample))), sample).slope) if len(sample) > 1 else None,
    })
tails = [{'z': z, 'upper': float(stats.norm.sf(z))} for z in (-3, -1.5, 0, 0.5, 1.96, 3, 4.5, 6)]
print(json.dumps({'source': 'python3 make_stats_vectors.py (CPython statistics, numpy.quantile, scipy.stats)',
                  'mannWhitney': cases, 'normalUpperTail': tails}, indent=1))

"""Reference values for src/core/stats.ts, computed by CPython (statistics), NumPy and SciPy.

Run: python3 make_stats_vectors.py > stats.json

- "samples": Mann-Whitney U and its one-sided p (scipy.stats.mannwhitneyu, asymptotic, no
  continuity correction), then of the pooled sample: median, mean, variance (statistics),
  quantiles (numpy.quantile, linear), the least-squares slope against the index (linregress),
  ranks (scipy.stats.rankdata, ties averaged), Spearman's rho against the index (spearmanr) and the
  Theil-Sen slope against the index (theilslopes).
- "weightedLines": levels measured n times each (x, n, sum of the samples), and the weighted
  least-squares line through the means with weights n (numpy.polyfit, w = sqrt(n)).
- "normalUpperTail": scipy.stats.norm.sf.
- "erfc", "igamc": scipy.special.erfc and scipy.special.gammaincc.
"""
import json, random, statistics
import numpy as np
import scipy
from scipy import special, stats

rng = random.Random(20261128)
samples = []
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
    index = list(range(len(sample)))
    samples.append({
        'a': a, 'b': b,
        'u': float(mw.statistic), 'pGreater': float(mw.pvalue),
        'median': statistics.median(sample),
        'mean': statistics.fmean(sample),
        'variance': statistics.variance(sample) if len(sample) > 1 else None,
        'quantiles': {str(q): float(np.quantile(sample, q)) for q in (0.05, 0.1, 0.25, 0.75, 0.9)},
        'slope': float(stats.linregress(index, sample).slope) if len(sample) > 1 else None,
        'ranks': [float(r) for r in stats.rankdata(sample)],
        'spearman': float(stats.spearmanr(index, sample).statistic) if len(sample) > 2 else None,
        'theilSen': float(stats.theilslopes(sample, index).slope) if len(sample) > 1 else None,
    })

lines = []
for i in range(6):
    levels = []
    for k in range(rng.randint(2, 9)):
        n = rng.randint(1, 400)
        level = 1000 + 97.5 * k + rng.gauss(0, 30)
        total = sum(rng.gauss(level, 50) for _ in range(n))
        levels.append({'x': k, 'n': n, 'sum': total})
    xs = [l['x'] for l in levels]
    means = [l['sum'] / l['n'] for l in levels]
    slope, intercept = np.polyfit(xs, means, 1, w=[l['n'] ** 0.5 for l in levels])
    lines.append({'levels': levels, 'slope': float(slope), 'intercept': float(intercept)})

print(json.dumps({
    'source': f'python3 make_stats_vectors.py (CPython statistics, NumPy {np.__version__}, SciPy {scipy.__version__})',
    'samples': samples,
    'weightedLines': lines,
    'normalUpperTail': [{'z': z, 'upper': float(stats.norm.sf(z))}
                        for z in (-3, -1.5, 0, 0.5, 1.959964, 1.96, 3, 3.090232, 4.5, 6)],
    'erfc': [[x, float(special.erfc(x))] for x in [-1.5, 0, 0.1, 0.5, 1, 1.5, 1.99, 2, 2.5, 3, 4, 5.5]],
    'igamc': [[a, x, float(special.gammaincc(a, x))] for a, x in
              [(0.5, 0.3), (1, 1), (2.5, 1), (5, 10), (127.5, 100), (127.5, 127.5), (127.5, 146.6),
               (127.5, 160), (127.5, 200), (4.5, 20)]],
}, indent=1))

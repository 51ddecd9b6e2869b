#!/usr/bin/env python3
"""Makes math-random-chromium.json and math-random-chromium-seeded.json from a real Chromium.

    python3 make_math_random_chromium.py [/usr/bin/chromium]

Each set is one fresh page in its own headless Chromium process (a new profile, a file:// page
with nothing on it but this script): it calls Math.random() `skipped_before` times and throws
the values away, then prints 80 values; the first 20 are "observed", the other 60 "next".
Nothing else runs in the page, so the values are consecutive outputs of one V8 context, and the
first call of the page is the context's first value (the lab's recovery checks both by walking
back to V8's seed state).

The seeded file answers a different question, which order the engine hands values out in: with
--js-flags=--random-seed=S, V8 seeds the context from S instead of the OS (src/numbers/
math-random.cc), so the 200 values printed can be compared with a simulation from S in each
candidate order, across three refills of the 64-value cache.
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

CHROMIUM = sys.argv[1] if len(sys.argv) > 1 else '/usr/bin/chromium'
HERE = Path(__file__).resolve().parent
SKIPS = [0, 7, 40, 63, 100]
SEEDS = [42, -5]

PAGE = """<!doctype html><body><script>
for (let i = 0; i < %(skip)d; i++) Math.random();
const values = [];
for (let i = 0; i < %(count)d; i++) values.push(Math.random());
document.body.textContent = JSON.stringify(values);
</script></body>
"""


def version():
    out = subprocess.run([CHROMIUM, '--version'], capture_output=True, text=True, check=True)
    # "Chromium 156.0.8078.114 built on Debian GNU/Linux 12 (bookworm)"
    return ' '.join(out.stdout.split()[:2])


def run_page(skip, count, seed=None):
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / 'page.html'
        page.write_text(PAGE % {'skip': skip, 'count': count})
        args = [CHROMIUM, '--headless', '--no-sandbox', '--disable-gpu',
                f'--user-data-dir={tmp}/profile', '--dump-dom']
        if seed is not None:
            args.append(f'--js-flags=--random-seed={seed}')
        dom = subprocess.run(args + [page.as_uri()], capture_output=True, text=True,
                             timeout=120, check=True).stdout
    body = dom[dom.index('<body>') + len('<body>'):dom.index('</body>')]
    values = json.loads(body)
    assert len(values) == count and all(isinstance(v, float) and 0 <= v < 1 for v in values)
    return values


def main():
    engine = version()
    how = ('make_math_random_chromium.py: a fresh headless page (chromium --headless --dump-dom '
           'on a file:// page with only this loop), Math.random() called skipped_before times, '
           'then 80 values printed')
    sets = []
    for skip in SKIPS:
        values = run_page(skip, 80)
        sets.append({'engine': engine, 'made_by': how, 'skipped_before': skip,
                     'observed': values[:20], 'next': values[20:]})
    (HERE / 'math-random-chromium.json').write_text(json.dumps(sets, indent=1) + '\n')

    seeded = [{'engine': engine,
               'made_by': 'make_math_random_chromium.py: the same page with '
                          f'--js-flags=--random-seed={seed}, 200 values from the first call',
               'random_seed': seed, 'values': run_page(0, 200, seed)} for seed in SEEDS]
    (HERE / 'math-random-chromium-seeded.json').write_text(json.dumps(seeded, indent=1) + '\n')


if __name__ == '__main__':
    main()

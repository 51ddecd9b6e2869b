#!/usr/bin/env python3
"""Makes stats.json: reference values for the bit and byte tests, computed with SciPy (erfc and
igamc themselves are checked in src/core/vectors).

    python3 make_stats_vectors.py > stats.json

- "nist": the worked examples of NIST SP 800-22 rev 1a (§2.1.4, §2.1.8, §2.3.4, §2.3.8), with the
  p-values the document prints.
- "bytes": byte samples (hex) with SciPy's chi-square p-value over the 256 byte values and the
  Shannon entropy in bits per byte, plus the monobit and runs p-values per SP 800-22's formulas.
"""
import json
import math
import random

import numpy as np
import scipy
from scipy import special, stats

EPS_100 = ('11001001000011111101101010100010001000010110100011'
           '00001000110100110001001100011001100010100010111000')


def bits_of(data):
    return ''.join(format(b, '08b') for b in data)


def monobit(bits):
    n = len(bits)
    s = sum(1 if b == '1' else -1 for b in bits)
    return float(special.erfc(abs(s) / math.sqrt(n) / math.sqrt(2)))


def runs(bits):
    n = len(bits)
    pi = bits.count('1') / n
    if abs(pi - 0.5) >= 2 / math.sqrt(n):
        return 0.0
    v = 1 + sum(1 for i in range(1, n) if bits[i] != bits[i - 1])
    return float(special.erfc(abs(v - 2 * n * pi * (1 - pi)) / (2 * math.sqrt(2 * n) * pi * (1 - pi))))


def byte_case(name, data):
    counts = np.bincount(np.frombuffer(data, dtype=np.uint8), minlength=256)
    chi = stats.chisquare(counts)
    p = counts[counts > 0] / len(data)
    bits = bits_of(data)
    return {'name': name, 'hex': data.hex(), 'chi2': float(chi.statistic), 'chi2_p': float(chi.pvalue),
            'entropy': float(-(p * np.log2(p)).sum()), 'monobit_p': monobit(bits), 'runs_p': runs(bits)}


r = random.Random(20240601)
lcg = []
state = 1
for _ in range(4096):
    state = (state * 1103515245 + 12345) % 2**32
    lcg.append(state & 0xff)

print(json.dumps({
    'origin': f'SciPy {scipy.__version__}, made by make_stats_vectors.py',
    'nist': [
        {'section': '2.1.4', 'test': 'monobit', 'bits': '1011010101', 'p': 0.527089},
        {'section': '2.1.8', 'test': 'monobit', 'bits': EPS_100, 'p': 0.109599},
        {'section': '2.3.4', 'test': 'runs', 'bits': '1001101011', 'p': 0.147232},
        {'section': '2.3.8', 'test': 'runs', 'bits': EPS_100, 'p': 0.500798},
    ],
    'bytes': [
        byte_case('mt-4096', r.randbytes(4096)),
        byte_case('mt-65536', r.randbytes(65536)),
        byte_case('lcg-low-byte-4096', bytes(lcg)),
        byte_case('biased-4096', bytes(b & 0xf7 for b in r.randbytes(4096))),
    ],
}))

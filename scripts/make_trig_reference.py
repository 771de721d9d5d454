#!/usr/bin/python3
"""Writes the correctly rounded sin/cos values that DoubleTrig is tested against, with mpmath.

Each line: x, then the doubles nearest to sin(x) and cos(x), all in Python's float.hex() form
(Java's Double.parseDouble reads it). mpmath evaluates at 320 bits, far beyond any double's
distance from a rounding midpoint here, and the result is rounded once to double. Arguments:
  - PyTorch's double Box-Muller angles 2*pi*u, u = k * 2^-53 (random k), as Java computes them
  - the float angles of the DEFAULT-capability float path, (float) (2*pi*u), u = k * 2^-24
  - the doubles nearest to m*pi/2 and their neighbours (m up to 2^20 * 2/pi): the hardest reductions
  - log-uniform magnitudes in [2^-30, 2^20], both signs, and a few special values
  - arguments where fdlibm (Java's StrictMath) is not correctly rounded, found by DoubleTrig's
    measurement against StrictMath (listed below)

Run: /usr/bin/python3 scripts/make_trig_reference.py > runtime/src/test/resources/io/nninit/runtime/trig_reference.txt
"""
import math
import random
import sys

import mpmath
import numpy as np

mpmath.mp.prec = 320

# Box-Muller angles 2*pi*u where StrictMath.sin or cos (fdlibm) differs from DoubleTrig by one ulp.
FDLIBM_MISROUNDED = [
    float.fromhex('0x1.1c5ad79093c2cp0'),
    float.fromhex('0x1.5d75df9f0a828p2'),
    float.fromhex('0x1.6bb4bf5ccf074p-1'),
    float.fromhex('0x1.f2433b418f158p1'),
    float.fromhex('0x1.969692d936101p-1'),
    float.fromhex('0x1.2d7cc9125b5b1p-1'),
    float.fromhex('0x1.17e0b154977ffp2'),
    float.fromhex('0x1.2b2586358b842p0'),
    float.fromhex('0x1.0e082b224efb5p0'),
    float.fromhex('0x1.ea250b9c1fdep1'),
    float.fromhex('0x1.7a5bff3e46225p0'),
    float.fromhex('0x1.0258ea55d5beep2'),
]


def rounded(v):
    return float(v)  # mpmath rounds to nearest


def nearest_doubles(m):
    center = float(mpmath.mpf(m) * mpmath.pi / 2)
    out = [center]
    up = down = center
    for _ in range(2):
        up = math.nextafter(up, math.inf)
        down = math.nextafter(down, -math.inf)
        out += [up, down]
    return out


def main():
    rng = random.Random(20261129)
    xs = []
    for _ in range(600):
        xs.append(2.0 * math.pi * (rng.getrandbits(53) * 2.0**-53))
    for _ in range(300):
        xs.append(float(np.float32(2.0 * math.pi * (rng.getrandbits(24) * 2.0**-24))))
    for m in list(range(1, 17)) + [rng.randrange(17, 667544) for _ in range(20)] + [667544]:
        xs += nearest_doubles(m)
    for _ in range(400):
        x = 2.0 ** rng.uniform(-30, 20)
        xs.append(x if rng.random() < 0.5 else -x)
    xs += [0.0, -0.0, 2.0**-27, math.nextafter(2.0**-27, 0), 2.0**-40, 1.0, math.pi / 4,
           math.nextafter(math.pi / 4, 0), math.nextafter(math.pi / 4, 4), 2.0**20, -(2.0**20),
           math.pi, 2 * math.pi, float(np.float32(2 * math.pi))]
    xs += FDLIBM_MISROUNDED
    for x in xs:
        mx = mpmath.mpf(x)
        s = math.copysign(rounded(mpmath.sin(mx)), x) if x == 0 else rounded(mpmath.sin(mx))
        c = rounded(mpmath.cos(mx))
        sys.stdout.write(f"{x.hex()} {s.hex()} {c.hex()}\n")


main()

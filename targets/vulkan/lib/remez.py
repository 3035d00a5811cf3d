#!/usr/bin/env python3
"""Minimax polynomial coefficients for targets/vulkan/lib/precise_math.cpp.

Each kernel polynomial p(z) of degree n approximates g(z) on [a, b],
minimising max |w(z) * (g(z) - p(z))| (w turns the error of p into the
relative error of the function it serves) by the Remez exchange algorithm,
in mpmath at 60 digits. The printed coefficients are rounded to float; the
library's own check (targets/vulkan/lib/ulp_check.cpp) measures what the
rounded coefficients give in float arithmetic.

Needs mpmath (pip install mpmath); the build does not run this script:
its output is kept in precise_math.cpp.

  python3 targets/vulkan/lib/remez.py              # every kernel
  python3 targets/vulkan/lib/remez.py sin cos      # some
  python3 targets/vulkan/lib/remez.py --constants  # the split constants
  python3 targets/vulkan/lib/remez.py --double     # precise_math_double.cpp's
"""
import struct
import sys

import mpmath as mp

mp.mp.dps = 60


def to_float(x):
    return struct.unpack("f", struct.pack("f", float(x)))[0]


def remez(g, w, a, b, n, fixed=(), iterations=40):
    """Coefficients c0..cn of the degree-n minimax p for w*(g-p) on [a, b],
    its first coefficients given by `fixed`."""
    a, b = mp.mpf(a), mp.mpf(b)
    lo = len(fixed)
    free = n + 1 - lo
    # Chebyshev points as the first reference.
    ref = [(a + b) / 2 - (b - a) / 2 * mp.cos(mp.pi * k / free) for k in range(free + 1)]
    if fixed:  # the error vanishes where the fixed part is exact (0): keep off it
        ref = [x + (b - a) * mp.mpf("1e-3") for x in ref[:-1]] + [ref[-1]]
    grid = [a + (b - a) * (1 - mp.cos(mp.pi * k / 4000)) / 2 for k in range(4001)]
    coeffs, level = None, None
    for _ in range(iterations):
        # Solve sum c_j x^j + (-1)^i E / w(x_i) = g(x_i).
        rows, rhs = [], []
        for i, x in enumerate(ref):
            rows.append([x**j for j in range(lo, n + 1)] + [(-1) ** i / w(x)])
            rhs.append(g(x) - sum(c * x**j for j, c in enumerate(fixed)))
        sol = mp.lu_solve(mp.matrix(rows), mp.matrix(rhs))
        coeffs = list(fixed) + [sol[j] for j in range(free)]
        level = abs(sol[free])

        def err(x):
            return w(x) * (g(x) - mp.polyval(coeffs[::-1], x))

        # New reference: the extrema of err between its sign changes.
        # (Points where the error vanishes identically, such as 0 when the
        # constant term is fixed, belong to no segment.)
        points = [(x, err(x)) for x in grid]
        points = [(x, v) for x, v in points if abs(v) > level * mp.mpf("1e-9")]
        grid_x = [x for x, _ in points]
        values = [v for _, v in points]
        extrema = []
        start = 0
        for k in range(1, len(values) + 1):
            if k == len(values) or mp.sign(values[k]) != mp.sign(values[start]):
                best = max(range(start, k), key=lambda i: abs(values[i]))
                extrema.append((grid_x[best], values[best]))
                start = k
        # Keep n+2 alternating extrema with the largest errors.
        while len(extrema) > free + 1:
            if abs(extrema[0][1]) < abs(extrema[-1][1]):
                extrema.pop(0)
            else:
                extrema.pop()
        if len(extrema) < free + 1:
            break
        new_ref = [x for x, _ in extrema]
        top = max(abs(v) for _, v in extrema)
        ref = new_ref
        if top - level < level * mp.mpf("1e-6"):
            break
    return coeffs, level


def measure(g, w, a, b, coeffs, exact=0):
    """Max weighted error with the coefficients rounded to float (but the
    first `exact`, which the library evaluates as double-floats)."""
    fc = [mp.mpf(c) if j < exact else mp.mpf(to_float(c)) for j, c in enumerate(coeffs)]
    top = 0
    for k in range(20001):
        x = mp.mpf(a) + (mp.mpf(b) - mp.mpf(a)) * k / 20000
        top = max(top, abs(w(x) * (g(x) - mp.polyval(fc[::-1], x))))
    return top


def odd_tail(f, z):
    """(f(r) - r) / r^3 at z = r^2, by the series near 0."""
    if z < mp.mpf("1e-40"):
        z = mp.mpf("1e-40")
    r = mp.sqrt(z)
    return (f(r) - r) / (r * z)


EPS = mp.mpf("1e-30")
KERNELS = {
    # sin(r) = r + r^3 S(r^2), |r| <= pi/4 (+ slack for k rounded from x*2/pi)
    "sin": (lambda z: odd_tail(mp.sin, z), lambda z: z * mp.sqrt(z) / mp.sin(mp.sqrt(z)), EPS, 0.62, 3),
    # cos(r) = 1 - r^2/2 + r^4 C(r^2)
    "cos": (lambda z: (mp.cos(mp.sqrt(z)) - 1 + z / 2) / z**2, lambda z: z**2 / mp.cos(mp.sqrt(z)), EPS, 0.62, 3),
    # 2^r = 1 + r (ln2 + r P(r)), |r| <= 1/2 (+ slack for pow's r + r_lo); ln2 a double-float
    "exp2": (lambda r: mp.power(2, r), lambda r: 1 / mp.power(2, r), -0.5001, 0.5001, 6, (1, mp.log(2))),
    # e^r = 1 + r + r^2 P(r), |r| <= ln2/2
    "exp": (mp.exp, lambda r: 1 / mp.exp(r), -0.3466, 0.3466, 6, (1, 1)),
    # log(1+f) = f - hfsq + s (hfsq + z P(z)), s = f/(2+f), z = s^2 <= (3-2sqrt2)^2:
    # z P(z) ~ log((1+s)/(1-s))/s - 2, whose error counts against 2
    "log": (lambda z: (2 * mp.atanh(mp.sqrt(z)) / mp.sqrt(z) - 2) / z, lambda z: z / 2, EPS, 0.02944, 3),
    # 10^r = 1 + r (ln10 + r P(r)), |r| <= log10(2)/2; ln10 a double-float
    "exp10": (lambda r: mp.power(10, r), lambda r: 1 / mp.power(10, r), -0.1506, 0.1506, 6, (1, mp.log(10))),
    # atan(t) = t + t^3 A(t^2), |t| <= 7/16 (after the reductions at 7/16, 11/16, 19/16, 39/16)
    "atan": (lambda z: odd_tail(mp.atan, z), lambda z: z * mp.sqrt(z) / mp.atan(mp.sqrt(z)), EPS, 0.1915, 6),
    # asin(x) = x + x^3 B(x^2), |x| <= 1/2
    "asin": (lambda z: odd_tail(mp.asin, z), lambda z: z * mp.sqrt(z) / mp.asin(mp.sqrt(z)), EPS, 0.25, 6),
    # tanh(x) = x + x^3 T(x^2), |x| <= 0.55
    "tanh": (lambda z: odd_tail(mp.tanh, z), lambda z: z * mp.sqrt(z) / mp.tanh(mp.sqrt(z)), EPS, 0.3025, 5),
    # sinh(x) = x + x^3 H(x^2), |x| <= 1
    "sinh": (lambda z: odd_tail(mp.sinh, z), lambda z: z * mp.sqrt(z) / mp.sinh(mp.sqrt(z)), EPS, 1.0, 4),
}


def rounded_remez(g, w, a, b, n, given=()):
    """Remez, then each coefficient rounded to float in turn, lowest first,
    the higher ones fitted again with the rounded ones fixed."""
    fixed = [mp.mpf(c) for c in given]
    level = None
    for j in range(len(given), n + 1):
        coeffs, lev = remez(g, w, a, b, n, fixed)
        if level is None:
            level = lev
        fixed.append(mp.mpf(to_float(coeffs[j])))
    return fixed, level


def fmt(c):
    h = float(c).hex()
    mant, exp = h.split("p")
    return mant.rstrip("0").rstrip(".") + "p" + exp + "f"


def split(x, bits):
    """x as float parts, each of at most `bits` significant bits (None: 24)."""
    parts = []
    rest = mp.mpf(x)
    for b in bits:
        if b is None:
            p = mp.mpf(to_float(rest))
        else:
            e = int(mp.floor(mp.log(abs(rest), 2)))
            p = mp.nint(rest * mp.mpf(2) ** (b - 1 - e)) / mp.mpf(2) ** (b - 1 - e)
        parts.append(p)
        rest -= p
    return parts, rest


def constants():
    """Constants split into float parts, and the bits of 2/pi."""
    table = [
        # Cody-Waite pi/2: four 12-bit parts (k * part exact for k < 2^12), then a full one.
        ("PIO2_CW", mp.pi / 2, [12, 12, 12, 12, None]),
        # k * ln2 exact for |k| < 2^8 (exp), k * log10(2) too (exp10).
        ("LN2_CW", mp.log(2), [16, None]),
        ("LOG10_2_CW", mp.log10(2), [16, None]),
        # e * ln2 (log), e * log10(2) (log10): |e| < 2^8.
        ("LN2_DF", mp.log(2), [16, None]),
        ("LOG10_2_DF", mp.log10(2), [16, None]),
        # double-floats: hi rounded to float, lo the rest rounded.
        ("INV_LN2", 1 / mp.log(2), [None, None]),
        ("INV_LN10", 1 / mp.log(10), [None, None]),
        ("THIRD", mp.mpf(1) / 3, [None, None]),
        # log2, log10: hi12(f) * the 12-bit first part is exact.
        ("INV_LN2_12", 1 / mp.log(2), [12, None]),
        ("INV_LN10_12", 1 / mp.log(10), [12, None]),
        ("PI", mp.pi, [None, None]),
        ("PIO2", mp.pi / 2, [None, None]),
        ("PIO4", mp.pi / 4, [None, None]),
        ("ATAN_HALF", mp.atan(0.5), [None, None]),
        ("ATAN_3HALVES", mp.atan(1.5), [None, None]),
        ("PIO2_2M62", mp.pi / 2 * mp.mpf(2) ** -62, [None, None]),
    ]
    for name, value, bits in table:
        parts, rest = split(value, bits)
        rel = abs(rest / value)
        print(f"// {name}: {mp.nstr(value, 20)}, parts to 2^{mp.nstr(mp.log(rel, 2), 4) if rel else '-inf'}")
        print("  " + ", ".join(fmt(p) for p in parts))
    v = 2 / mp.pi
    words = []
    for _ in range(8):
        v *= 2**32
        w = int(mp.floor(v))
        v -= w
        words.append(w)
    print("// 2/pi, 32 bits a word: " + ", ".join(f"0x{w:08x}" for w in words))


def series_tail(f, z):
    """(f(r) - r) / r^3 at z = r^2 (needs the higher precision of --double)."""
    return odd_tail(f, max(z, mp.mpf("1e-30")))


# The double kernels (precise_math_double.cpp): plain minimax, rounded to
# double (their rounding errors stay near 2^-57 relative).
DOUBLE_KERNELS = {
    # e^r - 1 = r + r^2 P(r), |r| <= ln2/2
    "exp": (lambda r: (mp.exp(r) - 1 - r) / r**2 if r else mp.mpf(1) / 2, lambda r: r**2 / mp.exp(r),
            -0.3467, 0.3467, 10),
    "sin": (lambda z: series_tail(mp.sin, z), lambda z: z * mp.sqrt(z) / mp.sin(mp.sqrt(z)), 1e-30, 0.617, 6),
    # cos(r) = 1 - r^2/2 + r^4 C(r^2)
    "cos": (lambda z: (mp.cos(mp.sqrt(z)) - 1 + z / 2) / z**2, lambda z: z**2 / mp.cos(mp.sqrt(z)), 1e-30, 0.617, 6),
    # atanh(s)/s - 1 = z/3 + z^2 Q(z), z = s^2 <= (3-2sqrt2)^2; the error of z^2 Q
    "log": (lambda z: (mp.atanh(mp.sqrt(z)) / mp.sqrt(z) - 1 - z / 3) / z**2, lambda z: z**2, 1e-30, 0.02945, 7),
}


def main(names):
    if names == ["--constants"]:
        mp.mp.dps = 100
        return constants()
    if names == ["--double"]:
        mp.mp.dps = 130
        for name, (g, w, a, b, n) in DOUBLE_KERNELS.items():
            coeffs, level = remez(g, w, a, b, n)
            print(f"// {name}: degree {n}, minimax error 2^{mp.nstr(mp.log(level, 2), 4)}")
            print("  " + ", ".join(float(c).hex() for c in coeffs))
        # Constants in double parts (53: rounded to double): k times a
        # Cody-Waite part exact for k < 2^20 (pi/2) or 2^11 (ln2, log10(2)).
        mp.mp.dps = 400  # (2/pi to 1216 bits)
        for cname, value, bits in [("PIO2_CW", mp.pi / 2, [33, 33, 33, 33, 53]), ("LN2_CW", mp.log(2), [42, 53]),
                                   ("LOG10_2_CW", mp.log10(2), [42, 53]), ("LN2", mp.log(2), [53, 53]),
                                   ("LN10", mp.log(10), [53, 53]), ("INV_LN2", 1 / mp.log(2), [53, 53]),
                                   ("INV_LN10", 1 / mp.log(10), [53, 53]), ("THIRD", mp.mpf(1) / 3, [53, 53]),
                                   ("PIO2", mp.pi / 2, [53, 53])]:
            parts, _ = split(value, bits)
            print(f"// {cname}: " + ", ".join(float(p).hex() for p in parts))
        v = 2 / mp.pi
        words = []
        for _ in range(19):
            v *= mp.mpf(2) ** 64
            words.append(int(mp.floor(v)))
            v -= words[-1]
        print("// 2/pi, 64 bits a word: " + ", ".join(f"0x{w:016x}" for w in words))
        return
    for name in names or KERNELS:
        g, w, a, b, n, *given = KERNELS[name]
        coeffs, level = rounded_remez(g, w, a, b, n, *given)
        exact = len(given[0]) if given else 0
        rounded = measure(g, w, a, b, coeffs, exact)
        # Refitting after each rounding can go astray where the rounding
        # error dominates: keep the plainly rounded minimax when it is better.
        plain, _ = remez(g, w, a, b, n, [mp.mpf(c) for c in (given[0] if given else ())])
        plain = [c if j < exact else mp.mpf(to_float(c)) for j, c in enumerate(plain)]
        plain_error = measure(g, w, a, b, plain, exact)
        if plain_error < rounded:
            coeffs, rounded = plain, plain_error
        print(f"// {name}: degree {n} on [{mp.nstr(mp.mpf(a), 5)}, {mp.nstr(mp.mpf(b), 5)}], "
              f"minimax relative error 2^{mp.nstr(mp.log(level, 2), 4)}, "
              f"with float coefficients 2^{mp.nstr(mp.log(rounded, 2), 4)}")
        for j, c in enumerate(coeffs):
            if j < exact and c != mp.mpf(to_float(c)):
                hi = mp.mpf(to_float(c))
                print(f"  {fmt(hi)}, {fmt(to_float(c - hi))}, // c{j} = {mp.nstr(c, 12)} (hi, lo)")
            else:
                print(f"  {fmt(c)}, // c{j} = {mp.nstr(c, 12)}")


if __name__ == "__main__":
    main(sys.argv[1:])

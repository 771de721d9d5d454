"""Expected values for StreamRangeTest: slices of TF's Philox streams far from element 0, where the
128-bit counter carries out of its first word. Computed with the reference emulation tf_philox.py
(glibc logf/sincosf through ctypes), not with nninit.

Run: PYTHONPATH=/work/shared/reference /usr/bin/python3 stream_carry_vectors.py
"""
import numpy as np
import tf_philox as t

SEED = (42, 0)


def block(key, ctr, n):
    return t.philox1(t.ctr_add(ctr, n), key)


def uniform(first, count):
    key, ctr = t.key_counter(*SEED)
    out = []
    for e in range(first, first + count):
        out.append(t.u32_to_f32([block(key, ctr, e // 4)[e % 4]])[0])
    return out


def normal(first, count):
    key, ctr = t.key_counter(*SEED)
    out = []
    for e in range(first, first + count):
        w = block(key, ctr, e // 4)
        p = (e % 4) // 2
        f0, f1 = t.box_muller(np.array([w[2 * p]]), np.array([w[2 * p + 1]]), "glibc")
        out.append((f0 if e % 2 == 0 else f1)[0])
    return out


def truncated(first, count):
    key, ctr = t.key_counter(*SEED)
    out = []
    for g in range(first // 4, (first + count + 3) // 4):
        res, n = [], 0
        while len(res) < 4:
            w = block(key, ctr, 256 * g + n)
            n += 1
            for p in range(2):
                f0, f1 = t.box_muller(np.array([w[2 * p]]), np.array([w[2 * p + 1]]), "glibc")
                for f in (f0[0], f1[0]):
                    if len(res) < 4 and abs(f) < np.float32(2.0):
                        res.append(f)
        for i, v in enumerate(res):
            if first <= 4 * g + i < first + count:
                out.append(v)
    return out


def show(name, first, values):
    bits = ", ".join("0x%08x" % np.float32(v).view(np.uint32) for v in values)
    print("  // %s, seed (42, 0), elements [%d, %d)" % (name, first, first + len(values)))
    print("  %s = {%s};" % (name, bits))


show("UNIFORM_AROUND_2_POW_34", (1 << 34) - 6, uniform((1 << 34) - 6, 12))
show("NORMAL_AROUND_2_POW_34", (1 << 34) - 6, normal((1 << 34) - 6, 12))
show("TRUNCATED_AROUND_2_POW_26", (1 << 26) - 6, truncated((1 << 26) - 6, 12))
show("TRUNCATED_FROM_5", 5, truncated(5, 10))

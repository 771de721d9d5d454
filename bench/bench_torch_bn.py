#!/usr/bin/python3
"""PyTorch 1.13 CPU baseline for the nninit batch-norm benchmark (run by run.sh / BatchNormBenchmark).

Same measurements as /work/shared/bench/bench_torch.py's BatchNorm block, restricted to what the Java
harness compares with: BatchNorm2d(64) forward on (32, 64, 56, 56), eval and train, NCHW and
channels_last, with torch.set_num_threads(THREADS), and torch's y.copy_(x) of the same bytes.

Two modes:
  /usr/bin/python3 bench_torch_bn.py [reps] [threads]
      runs every measurement reps times in a row and prints one line per measurement:
      "<name> <median seconds> <min seconds>".
  /usr/bin/python3 bench_torch_bn.py --serve [threads]
      for the interleaved comparison: sets up and warms every measurement, prints "ready <names>",
      then for each line "<name> <reps>" read from stdin makes two untimed calls and reps timed ones
      and prints "<name> <seconds> <seconds> ..."; ends at EOF or "quit". The Java harness alternates
      its own blocks with these, so both sides see the same phases of a noisy machine.
"""
import statistics
import sys
import time

import torch

SHAPE = (32, 64, 56, 56)


def operations():
    """name -> zero-argument callable, in the order the batch mode prints them."""
    torch.manual_seed(0)
    x = torch.randn(SHAPE)
    xcl = x.contiguous(memory_format=torch.channels_last)
    ops = {}
    for fmt, xin in (("NCHW", x), ("channels_last", xcl)):
        for mode in ("eval", "train"):
            bn = torch.nn.BatchNorm2d(64)
            with torch.no_grad():
                bn.weight.uniform_(0.5, 1.5)
                bn.bias.uniform_(-0.5, 0.5)
            bn.train(mode == "train")
            ops["torch_%s_%s" % (mode, fmt)] = (lambda m, t: lambda: m(t))(bn, xin)
    y = torch.empty_like(x)
    ops["torch_copy"] = lambda: y.copy_(x)
    return ops


def timed(fn, reps):
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return ts


def batch(reps, ops):
    for name, fn in ops.items():
        fn()
        fn()
        ts = timed(fn, reps)
        print("%s %.9f %.9f" % (name, statistics.median(ts), min(ts)), flush=True)


def serve(ops):
    for fn in ops.values():
        fn()
        fn()
    print("ready " + " ".join(ops), flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        name, reps = words[0], int(words[1])
        fn = ops[name]
        fn()
        fn()
        print(name + "".join(" %.9f" % t for t in timed(fn, reps)), flush=True)


def main():
    args = sys.argv[1:]
    serving = bool(args) and args[0] == "--serve"
    if serving:
        args = args[1:]
    reps = 11 if serving or not args else int(args.pop(0))
    threads = int(args[0]) if args else 1
    torch.set_num_threads(threads)
    with torch.no_grad():
        ops = operations()
        if serving:
            serve(ops)
        else:
            batch(reps, ops)


if __name__ == "__main__":
    main()

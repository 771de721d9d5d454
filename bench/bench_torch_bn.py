#!/usr/bin/python3
"""PyTorch 1.13 CPU baseline for the nninit batch-norm benchmark (run by run.sh / BatchNormBenchmark).

Same measurements as /work/shared/bench/bench_torch.py's BatchNorm block, restricted to what the Java
harness compares with: BatchNorm2d(64) forward on (32, 64, 56, 56), eval and train, NCHW and
channels_last, with torch.set_num_threads(THREADS), and torch's y.copy_(x) of the same bytes.
Prints one line per measurement: "<name> <median seconds> <min seconds>".
Usage: /usr/bin/python3 bench_torch_bn.py [reps] [threads]
"""
import statistics
import sys
import time

import torch


def timeit(fn, reps, warmup=2):
    for _ in range(warmup):
        fn()
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts), min(ts)


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 11
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    shape = (32, 64, 56, 56)
    x = torch.randn(shape)
    xcl = x.contiguous(memory_format=torch.channels_last)
    with torch.no_grad():
        for fmt, xin in (("NCHW", x), ("channels_last", xcl)):
            bn = torch.nn.BatchNorm2d(64)
            bn.weight.uniform_(0.5, 1.5)
            bn.bias.uniform_(-0.5, 0.5)
            bn.eval()
            print("torch_eval_%s %.9f %.9f" % ((fmt,) + timeit(lambda: bn(xin), reps)), flush=True)
            bn.train()
            print("torch_train_%s %.9f %.9f" % ((fmt,) + timeit(lambda: bn(xin), reps)), flush=True)
        y = torch.empty_like(x)
        print("torch_copy %.9f %.9f" % timeit(lambda: y.copy_(x), reps), flush=True)


if __name__ == "__main__":
    main()

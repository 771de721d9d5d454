#!/usr/bin/python3
"""PyTorch 1.13 CPU baseline for the nninit initializer benchmark (run by init_run.sh / InitBenchmark).

Same measurements as /work/shared/bench/bench_torch.py's initializer block, restricted to what the Java
harness compares with: uniform_, normal_, kaiming_uniform_, kaiming_normal_, xavier_uniform_ and
trunc_normal_ on a 4096x4096 float32 tensor, and orthogonal_ on a 1024x1024 one, with
torch.set_num_threads(THREADS).
Prints one line per measurement: "<name> <median seconds> <min seconds>".
Usage: /usr/bin/python3 bench_torch_init.py [reps] [threads]
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
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    w = torch.empty(4096, 4096)
    q = torch.empty(1024, 1024)
    ops = [
        ("torch_uniform", lambda: w.uniform_(-1.0, 1.0)),
        ("torch_normal", lambda: w.normal_(0.0, 1.0)),
        ("torch_kaiming_uniform", lambda: torch.nn.init.kaiming_uniform_(w, nonlinearity="relu")),
        ("torch_kaiming_normal", lambda: torch.nn.init.kaiming_normal_(w, nonlinearity="relu")),
        ("torch_xavier_uniform", lambda: torch.nn.init.xavier_uniform_(w)),
        ("torch_trunc_normal", lambda: torch.nn.init.trunc_normal_(w, std=0.02)),
        ("torch_orthogonal", lambda: torch.nn.init.orthogonal_(q)),
    ]
    for name, fn in ops:
        med, best = timeit(fn, reps if name not in ("torch_trunc_normal", "torch_orthogonal") else max(3, reps // 2))
        print(f"{name} {med:.6f} {best:.6f}", flush=True)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Checks the PyTorch-convention example model against PyTorch itself.

    scripts/torch_example_parity.py DIR

DIR holds TorchCnn.safetensors and TorchCnn.npz written by the main job
(`java -jar example/target/nninit-example.jar --save DIR`). The script builds the model the
way its Javadoc says, in PyTorch 1.13 on the CPU (Debian's python3-torch):

    torch.manual_seed(42); model = TorchCnn()
    nn.init.kaiming_normal_(model.conv1.weight, mode='fan_out', nonlinearity='relu')
    nn.init.kaiming_normal_(model.conv2.weight, mode='fan_out', nonlinearity='relu')

then loads each file with load_state_dict(strict=True) into a second instance and compares
every tensor of the two state dicts bit for bit. Exit status 0 means all matched.
"""
import os
import sys
from collections import OrderedDict

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_roundtrip import read_weights  # noqa: E402  (the independent safetensors/npz reader)


def build():
    return nn.Sequential(OrderedDict(
        conv1=nn.Conv2d(3, 16, 3),
        bn1=nn.BatchNorm2d(16),
        conv2=nn.Conv2d(16, 32, 3, bias=False),
        bn2=nn.BatchNorm2d(32),
        fc=nn.Linear(32, 10),
    ))


def reference():
    torch.set_num_threads(1)
    torch.manual_seed(42)
    model = build()
    nn.init.kaiming_normal_(model.conv1.weight, mode='fan_out', nonlinearity='relu')
    nn.init.kaiming_normal_(model.conv2.weight, mode='fan_out', nonlinearity='relu')
    return model.state_dict()


def main(directory):
    expected = reference()
    failures = 0
    for name in ("TorchCnn.safetensors", "TorchCnn.npz"):
        path = os.path.join(directory, name)
        tensors, _metadata = read_weights(path)
        model = build()
        result = model.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in tensors.items()}, strict=True)
        print(f"{name}: load_state_dict(strict=True): {result}")
        for key, want in expected.items():
            got = model.state_dict()[key]
            same = want.shape == got.shape and torch.equal(
                want.view(-1).view(torch.int32) if want.dtype == torch.float32 else want,
                got.view(-1).view(torch.int32) if got.dtype == torch.float32 else got)
            failures += 0 if same else 1
            print(f"  {key:24s} {tuple(got.shape)!s:18s} {'bit-identical' if same else 'DIFFERENT'}")
    print("all tensors bit-identical to PyTorch's own initialization" if failures == 0
          else f"{failures} tensors differ")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))

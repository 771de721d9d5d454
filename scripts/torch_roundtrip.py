#!/usr/bin/python3
"""Loads nninit weights (PyTorch convention) into a real torch.nn.Module with strict=True.

    torch_roundtrip.py WEIGHTS --spec MODEL.json   [--write OUT.npz|OUT.safetensors]
    torch_roundtrip.py WEIGHTS --module PKG.MOD:FACTORY [--path DIR] [--write OUT]
    torch_roundtrip.py WEIGHTS --dump              (NumPy only: print the tensors as JSON)

WEIGHTS is a .safetensors or .npz file written by nninit's WeightFiles.save(..., PYTORCH, ...).
The module comes either from a factory (a callable returning an nn.Module, imported from
PKG.MOD, with DIR put on sys.path first) or from a JSON spec that mirrors the model's @Layer
annotations, one object per layer in declaration order:

    [{"name": "conv1", "type": "CONV2D", "inputChannels": 3, "filters": 64, "kernelSize": [3, 3]},
     {"name": "bn1", "type": "BATCH_NORMALIZATION", "inputChannels": 64},
     {"name": "sep", "type": "SEPARABLE_CONV2D", "inputChannels": 64, "filters": 32,
      "kernelSize": [3], "depthMultiplier": 2, "useBias": false},
     {"name": "fc", "type": "DENSE", "inputChannels": 32, "units": 10}]

Keys: type (a LayerType name), inputChannels, units, filters, kernelSize (one value or one per
spatial axis), groups, depthMultiplier, useBias, center, scale. A SEPARABLE_CONV2D becomes a
module with children `depthwise` and `pointwise` (keys <layer>.depthwise.weight,
<layer>.pointwise.weight, <layer>.pointwise.bias). A BATCH_NORMALIZATION layer with center=False or
scale=False becomes affine=False (PyTorch has no half-affine batch norm; both must agree).

After load_state_dict(strict=True) every tensor of module.state_dict() is compared bit for bit
with the file. --write saves module.state_dict() back (np.savez, or safetensors written from the
spec with json + struct), so nninit can load what torch holds. Exit status 0 means every tensor
matched.

The safetensors reader here is independent of nninit's: it follows the format description
(u64 little-endian header length, JSON header, data buffer; offsets must tile the buffer).
"""
import argparse
import importlib
import json
import struct
import sys
import zipfile

import numpy as np

SAFETENSORS_DTYPES = {"F32": "<f4", "F64": "<f8", "F16": "<f2", "I64": "<i8", "I32": "<i4",
                      "I16": "<i2", "I8": "i1", "U8": "u1", "BOOL": "?"}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{path}: too short for a safetensors file")
    (n,) = struct.unpack("<Q", data[:8])
    if n > len(data) - 8:
        raise ValueError(f"{path}: header length {n} runs past the end")
    header = json.loads(data[8:8 + n].decode("utf-8"))
    buffer = memoryview(data)[8 + n:]
    metadata = header.pop("__metadata__", {}) or {}
    tensors = {}
    covered = 0
    for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"]):
        begin, end = info["data_offsets"]
        if begin != covered:
            raise ValueError(f"{path}: {name} starts at {begin}, expected {covered}")
        dtype = np.dtype(SAFETENSORS_DTYPES[info["dtype"]])
        shape = tuple(info["shape"])
        count = int(np.prod(shape, dtype=np.int64))
        if end - begin != count * dtype.itemsize:
            raise ValueError(f"{path}: {name} spans {end - begin} bytes, needs {count * dtype.itemsize}")
        tensors[name] = np.frombuffer(buffer[begin:end], dtype=dtype, count=count).reshape(shape).copy()
        covered = end
    if covered != len(buffer):
        raise ValueError(f"{path}: tensors cover {covered} of {len(buffer)} data bytes")
    return tensors, metadata


def write_safetensors(path, tensors, metadata):
    names = {np.dtype("<f4"): "F32", np.dtype("<i8"): "I64"}
    header = {"__metadata__": metadata} if metadata else {}
    offset, chunks = 0, []
    for name, array in tensors.items():
        array = np.array(array, order="C")
        dtype = array.dtype.newbyteorder("<")
        raw = array.astype(dtype).tobytes()
        header[name] = {"dtype": names[dtype], "shape": list(array.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        chunks.append(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-(8 + len(text)) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)
        for raw in chunks:
            f.write(raw)


def read_weights(path):
    if path.endswith(".safetensors"):
        return read_safetensors(path)
    with np.load(path, allow_pickle=False) as npz:
        tensors = {name: npz[name] for name in npz.files}
    comment = zipfile.ZipFile(path).comment.decode("utf-8")
    metadata = json.loads(comment) if comment.startswith("{") else {}
    return tensors, metadata


def _tuple(value, axes):
    value = list(value) if isinstance(value, (list, tuple)) else [value]
    return tuple(value * axes if len(value) == 1 else value)


def build_from_spec(layers):
    import torch.nn as nn

    class SeparableConv2d(nn.Module):
        def __init__(self, cin, filters, kernel, multiplier, bias):
            super().__init__()
            self.depthwise = nn.Conv2d(cin, cin * multiplier, kernel, groups=cin, bias=False)
            self.pointwise = nn.Conv2d(cin * multiplier, filters, 1, bias=bias)

    model = nn.Module()
    for layer in layers:
        kind = layer["type"]
        cin = layer["inputChannels"]
        bias = layer.get("useBias", True)
        groups = layer.get("groups", 1)
        if kind == "DENSE":
            module = nn.Linear(cin, layer["units"], bias=bias)
        elif kind in ("CONV1D", "CONV2D", "CONV3D"):
            axes = int(kind[4])
            conv = {1: nn.Conv1d, 2: nn.Conv2d, 3: nn.Conv3d}[axes]
            module = conv(cin, layer["filters"], _tuple(layer["kernelSize"], axes), groups=groups, bias=bias)
        elif kind.endswith("_TRANSPOSE"):
            axes = int(kind[4])
            conv = {1: nn.ConvTranspose1d, 2: nn.ConvTranspose2d, 3: nn.ConvTranspose3d}[axes]
            module = conv(cin, layer["filters"], _tuple(layer["kernelSize"], axes), groups=groups, bias=bias)
        elif kind == "DEPTHWISE_CONV2D":
            out = cin * layer.get("depthMultiplier", 1)
            module = nn.Conv2d(cin, out, _tuple(layer["kernelSize"], 2), groups=cin, bias=bias)
        elif kind == "SEPARABLE_CONV2D":
            module = SeparableConv2d(cin, layer["filters"], _tuple(layer["kernelSize"], 2),
                                     layer.get("depthMultiplier", 1), bias)
        elif kind == "BATCH_NORMALIZATION":
            center, scale = layer.get("center", True), layer.get("scale", True)
            if center != scale:
                raise ValueError(f"{layer['name']}: PyTorch batch norm has both weight and bias or neither")
            module = nn.BatchNorm2d(cin, affine=center)
        else:
            raise ValueError(f"unknown layer type {kind}")
        model.add_module(layer["name"], module)
    return model


def build_from_factory(spec, path):
    if path:
        sys.path.insert(0, path)
    module_name, _, attr = spec.partition(":")
    factory = getattr(importlib.import_module(module_name), attr)
    return factory()


def bits(array):
    array = np.ascontiguousarray(array)
    return array.view(np.uint32) if array.dtype == np.float32 else array


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("weights")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--spec", help="JSON layer list mirroring the @Layer annotations")
    source.add_argument("--module", help="PKG.MOD:FACTORY returning an nn.Module")
    source.add_argument("--dump", action="store_true", help="print the tensors as JSON (no torch)")
    parser.add_argument("--path", help="directory to put on sys.path for --module")
    parser.add_argument("--write", help="save module.state_dict() back to this .npz/.safetensors")
    args = parser.parse_args()

    tensors, metadata = read_weights(args.weights)
    if args.dump:
        json.dump({"metadata": metadata,
                   "tensors": {name: {"dtype": a.dtype.str, "shape": list(a.shape),
                                      "bits": [int(b) for b in bits(a).ravel()]}
                               for name, a in tensors.items()}}, sys.stdout)
        return 0

    import torch
    if args.spec:
        with open(args.spec) as f:
            model = build_from_spec(json.load(f))
    else:
        model = build_from_factory(args.module, args.path)
    state = {name: torch.from_numpy(np.array(a)) for name, a in tensors.items()}
    result = model.load_state_dict(state, strict=True)
    print(f"torch {torch.__version__}: load_state_dict(strict=True) of {len(state)} tensors: {result}")
    print(f"metadata: {json.dumps(metadata)}")

    mismatches = 0
    loaded = model.state_dict()
    for name, tensor in loaded.items():
        same = np.array_equal(bits(tensor.detach().numpy()), bits(tensors[name]))
        same = same and tuple(tensor.shape) == tensors[name].shape and tensor.numpy().dtype == tensors[name].dtype
        mismatches += not same
        print(f"  {'ok ' if same else 'BAD'} {name} {tuple(tensor.shape)} {tensor.dtype}")
    parameters = sum(p.numel() for p in model.parameters())
    print(f"{len(loaded) - mismatches}/{len(loaded)} tensors bit-identical; {parameters} parameters")

    if args.write:
        out = {name: t.detach().numpy() for name, t in loaded.items()}
        if args.write.endswith(".safetensors"):
            write_safetensors(args.write, out, {"format": "pt"})
        else:
            np.savez(args.write, **out)
        print(f"wrote torch's state_dict to {args.write}")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Writes the files nninit's weight loaders are tested against, with NumPy itself.

Output (into the directory given as the only argument):
  pt_savez.npz             np.savez of a PyTorch-named state dict (ZIP_STORED, zip64 extras)
  pt_savez_compressed.npz  np.savez_compressed of the same (ZIP_DEFLATED)
  pt.safetensors           the same, written here from the safetensors spec with json + struct
                           (the safetensors package is not installed); tensors sorted by name, so
                           their data order differs from the model's layer order
  keras_savez.npz          np.savez of Keras-named weights
  pt_zip64.npz             the PyTorch state dict in a zip written here with every zip64 structure
                           (sizes and offsets only in zip64 extras, zip64 end records), as archives
                           over 4 GiB have them; checked with np.load before it is kept
  c_order.npy              np.save of a (2, 3, 4) float32 array
  fortran_order.npy        np.save of the same values in a Fortran-ordered array
  big_endian.npy           np.save of the same values as '>f4'
  expected.json            every tensor's values as the uint32 bits of its float32 elements in
                           row-major order (int64 tensors: the integer), keyed by file and name

Run: /usr/bin/python3 scripts/make_io_fixtures.py runtime/src/test/resources/io/nninit/runtime/io
"""
import io
import json
import os
import zlib
import struct
import sys

import numpy as np


def special_values():
    nan_payload = np.array([0x7FC00001], dtype=np.uint32).view(np.float32)[0]
    return np.array([np.nan, nan_payload, -0.0, np.inf, -np.inf, 1e-45, 3.4028235e38, -1.5],
                    dtype=np.float32)


def filled(rng, shape):
    return rng.standard_normal(shape).astype(np.float32)


def pytorch_state(rng):
    sd = {}
    sd["conv1.weight"] = filled(rng, (4, 3, 3, 3))
    sd["conv1.bias"] = filled(rng, (4,))
    sd["bn1.weight"] = special_values()[:4].copy()
    sd["bn1.bias"] = special_values()[4:].copy()
    sd["bn1.running_mean"] = filled(rng, (4,))
    sd["bn1.running_var"] = np.abs(filled(rng, (4,)))
    sd["bn1.num_batches_tracked"] = np.array(7, dtype=np.int64)
    sd["sep.depthwise.weight"] = filled(rng, (4, 1, 3, 3))
    sd["sep.pointwise.weight"] = filled(rng, (6, 4, 1, 1))
    sd["sep.pointwise.bias"] = filled(rng, (6,))
    sd["conv2.weight"] = filled(rng, (3, 6, 1, 1))
    sd["bn2.running_mean"] = filled(rng, (3,))
    sd["bn2.running_var"] = np.abs(filled(rng, (3,)))
    sd["bn2.num_batches_tracked"] = np.array(123456789012, dtype=np.int64)
    sd["fc.weight"] = filled(rng, (2, 3))
    sd["fc.bias"] = filled(rng, (2,))
    return sd


def keras_weights(rng):
    w = {}
    w["conv1/kernel"] = filled(rng, (3, 3, 3, 4))
    w["conv1/bias"] = filled(rng, (4,))
    w["bn1/gamma"] = filled(rng, (4,))
    w["bn1/beta"] = filled(rng, (4,))
    w["bn1/moving_mean"] = filled(rng, (4,))
    w["bn1/moving_variance"] = np.abs(filled(rng, (4,)))
    w["sep/depthwise_kernel"] = filled(rng, (3, 3, 4, 1))
    w["sep/pointwise_kernel"] = filled(rng, (1, 1, 4, 6))
    w["sep/bias"] = filled(rng, (6,))
    w["conv2/kernel"] = filled(rng, (1, 1, 6, 3))
    w["bn2/moving_mean"] = filled(rng, (3,))
    w["bn2/moving_variance"] = np.abs(filled(rng, (3,)))
    w["fc/kernel"] = filled(rng, (3, 2))
    w["fc/bias"] = filled(rng, (2,))
    return w


SAFETENSORS_DTYPES = {np.dtype("<f4"): "F32", np.dtype("<i8"): "I64"}


def write_safetensors(path, tensors, metadata):
    """The safetensors layout: u64 LE header length, JSON header, then the data buffer."""
    header = {"__metadata__": metadata}
    offset = 0
    chunks = []
    for name in sorted(tensors):
        array = np.array(tensors[name], order="C")  # keeps 0-d arrays 0-d (ascontiguousarray would not)
        data = array.astype(array.dtype.newbyteorder("<")).tobytes(order="C")
        header[name] = {
            "dtype": SAFETENSORS_DTYPES[array.dtype.newbyteorder("<")],
            "shape": list(array.shape),
            "data_offsets": [offset, offset + len(data)],
        }
        offset += len(data)
        chunks.append(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-(8 + len(text)) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for data in chunks:
            f.write(data)


def write_zip64_npz(path, arrays):
    """An npz whose sizes and offsets live only in zip64 extra fields (APPNOTE 4.5.3, 4.3.14)."""
    out = bytearray()
    central = bytearray()
    for name, array in arrays.items():
        buffer = io.BytesIO()
        np.save(buffer, array)
        data = buffer.getvalue()
        crc = zlib.crc32(data)
        fname = (name + ".npy").encode()
        offset = len(out)
        local_extra = struct.pack("<HHQQ", 1, 16, len(data), len(data))
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 0, 0, 0x21, crc,
                           0xFFFFFFFF, 0xFFFFFFFF, len(fname), len(local_extra))
        out += fname + local_extra + data
        central_extra = struct.pack("<HHQQQ", 1, 24, len(data), len(data), offset)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 0, 0, 0x21, crc,
                               0xFFFFFFFF, 0xFFFFFFFF, len(fname), len(central_extra), 0, 0, 0,
                               0, 0xFFFFFFFF)
        central += fname + central_extra
    cd_offset = len(out)
    out += central
    eocd64_offset = len(out)
    out += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, len(arrays), len(arrays),
                       len(central), cd_offset)
    out += struct.pack("<IIQI", 0x07064B50, 0, eocd64_offset, 1)
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF,
                       0xFFFFFFFF, 0xFFFFFFFF, 0)
    with open(path, "wb") as f:
        f.write(out)
    with np.load(path) as check:  # NumPy (through Python's zipfile) must read it back
        for name, array in arrays.items():
            assert check[name].tobytes() == array.tobytes() and check[name].shape == array.shape, name


def bits(array):
    if array.dtype == np.int64:
        return int(array)
    return [int(b) for b in np.ascontiguousarray(array, dtype="<f4").view("<u4").ravel(order="C")]


def main(out):
    os.makedirs(out, exist_ok=True)
    rng = np.random.RandomState(20260101)
    pt = pytorch_state(rng)
    keras = keras_weights(rng)
    np.savez(os.path.join(out, "pt_savez.npz"), **pt)
    np.savez_compressed(os.path.join(out, "pt_savez_compressed.npz"), **pt)
    write_safetensors(os.path.join(out, "pt.safetensors"), pt, {"format": "pt"})
    np.savez(os.path.join(out, "keras_savez.npz"), **keras)
    write_zip64_npz(os.path.join(out, "pt_zip64.npz"), pt)

    array = filled(rng, (2, 3, 4))
    np.save(os.path.join(out, "c_order.npy"), array)
    np.save(os.path.join(out, "fortran_order.npy"), np.asfortranarray(array))
    np.save(os.path.join(out, "big_endian.npy"), array.astype(">f4"))

    expected = {
        "pytorch": {k: bits(v) for k, v in pt.items()},
        "keras": {k: bits(v) for k, v in keras.items()},
        "array": {"shape": list(array.shape), "bits": bits(array)},
        "numpy": np.__version__,
    }
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])

"""Reads nninit's files with NumPy and reports what NumPy sees, as JSON on stdout.

usage: numpy_reads.py MODEL.npz ARRAY.npy RESAVED.npy
  MODEL.npz    loaded with np.load; every array is reported with its dtype, shape and the uint32
               bits of its float32 values (int64 arrays: the value); the zip comment is reported
  ARRAY.npy    loaded with np.load and reported the same way, then saved again with np.save to
               RESAVED.npy, so the caller can compare NumPy's bytes with ours
"""
import json
import sys
import zipfile

import numpy as np


def describe(array):
    entry = {"dtype": array.dtype.str, "shape": list(array.shape),
             "c_contiguous": bool(array.flags["C_CONTIGUOUS"])}
    if array.dtype == np.int64:
        entry["value"] = int(array)
    else:
        entry["bits"] = [int(b) for b in array.view(np.uint32).ravel(order="C")]
    return entry


def main(npz_path, npy_path, resaved_path):
    report = {"numpy": np.__version__}
    with np.load(npz_path, allow_pickle=False) as npz:
        report["npz"] = {name: describe(npz[name]) for name in npz.files}
    report["comment"] = zipfile.ZipFile(npz_path).comment.decode("utf-8")
    array = np.load(npy_path, allow_pickle=False)
    report["npy"] = describe(array)
    np.save(resaved_path, array)
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main(*sys.argv[1:])

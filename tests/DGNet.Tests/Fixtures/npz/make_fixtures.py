"""Writes the .npz/.npy test fixtures with NumPy itself. Run once; the files are committed.

    /usr/bin/python3 make_fixtures.py      (NumPy 1.24)

Every value is a simple formula or literal that the C# tests recompute exactly.
"""
import io
import os
import zipfile

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(here, name)


def supported_arrays():
    return {
        # 0-d, 1-d, 3-d and empty arrays of every supported dtype.
        "f8_3d": np.arange(24, dtype="<f8").reshape(2, 3, 4) * 0.1 - 1.0,
        "f8_special": np.array([np.nan, np.inf, -np.inf, -0.0, 5e-324, 1.7976931348623157e308, 1.0 / 3.0]),
        "f8_scalar": np.array(0.001),
        "f8_empty": np.zeros((0,), dtype="<f8"),
        "f4_2d": (np.arange(6, dtype="<f4") / np.float32(3)).reshape(2, 3),
        "i8_1d": (np.arange(6, dtype="<i8") - 3) * 1000000000007,
        "i4_1d": np.array([-2**31, -1, 0, 1, 2**31 - 1], dtype="<i4"),
        "i4_empty_3d": np.zeros((2, 0, 3), dtype="<i4"),
        "i1_1d": np.array([-128, -1, 0, 1, 127], dtype="i1"),
        "u1_1d": np.array([0, 1, 128, 255], dtype="u1"),
        "b1_2d": np.array([[True, False], [False, True]]),
        "b1_scalar": np.array(True),
        "U_1d": np.array(["", "a", "dgnet", "\u03c0\u22483.14", "\u65e5\u672c", "\U0001F600 emoji"]),
        "U_scalar": np.array("kdv"),
    }


np.savez(path("supported_stored.npz"), **supported_arrays())
np.savez_compressed(path("supported_compressed.npz"), **supported_arrays(),
                    big=(np.arange(5000, dtype="<f8") % 97) * 0.25)

# The same array as .npy format versions 1.0, 2.0 and 3.0, alone and together in one archive.
versions = io.BytesIO()
with zipfile.ZipFile(versions, "w", zipfile.ZIP_DEFLATED) as archive:
    for major in (1, 2, 3):
        buffer = io.BytesIO()
        np.lib.format.write_array(buffer, supported_arrays()["f8_3d"], version=(major, 0))
        with open(path(f"v{major}.npy"), "wb") as f:
            f.write(buffer.getvalue())
        archive.writestr(f"v{major}.npy", buffer.getvalue())
with open(path("versions.npz"), "wb") as f:
    f.write(versions.getvalue())

# Arrays the reader must refuse with a clear message.
np.savez(path("unsupported_bigendian.npz"), a=np.arange(3, dtype=">f8"))
np.savez(path("unsupported_fortran.npz"), a=np.asfortranarray(np.arange(6.0).reshape(2, 3)))
np.savez(path("unsupported_object.npz"), a=np.array([1, "x", None], dtype=object))
np.savez(path("unsupported_complex.npz"), a=np.array([1 + 2j]))
np.savez(path("unsupported_float16.npz"), a=np.array([1.5], dtype="<f2"))
np.savez(path("unsupported_structured.npz"), a=np.zeros(2, dtype=[("x", "<f8"), ("y", "<i4")]))

# A dataset as a Python user would write it: u, dt, split, system, params.
trajectories, steps = 3, 4
t = np.arange(steps) * 0.5
radius = np.array([1.0, 2.0, 3.0])[:, None]
u = np.stack([radius * np.cos(t), -radius * np.sin(t)], axis=-1)
np.savez(path("dataset_numpy.npz"), u=u, dt=np.array(0.5), split=np.array([0, 0, 1], dtype=np.int8),
         system=np.array("mass-spring"), params=np.array('{"radius": [1, 2, 3]}'))

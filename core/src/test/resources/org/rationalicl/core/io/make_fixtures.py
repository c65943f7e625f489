# Regenerates the numpy-written fixtures used by NpyTest and NpzTest (numpy 2.x): python3 make_fixtures.py
# The tests recompute the same values in Java, so the files check compatibility, not the code under test.
import numpy as np
from numpy.lib import format as npformat

np.save("f4_2x3.npy", (np.arange(6, dtype="<f4") * 0.5 - 1).reshape(2, 3))
np.save("f8_3.npy", np.arange(3, dtype="<f8") * 0.25)
np.save("i4_2x2x2.npy", (np.arange(8, dtype="<i4") - 4).reshape(2, 2, 2))
np.save("i8_0x3.npy", np.zeros((0, 3), dtype="<i8"))
np.save("f4_scalar.npy", np.float32(2.5))
np.save("b1_3.npy", np.array([True, False, True]))
np.save("u1_4.npy", np.array([0, 1, 200, 255], dtype="u1"))
np.save("f4_bigendian.npy", np.arange(3, dtype=">f4"))
np.save("f4_fortran.npy", np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)))
for version in [(2, 0), (3, 0)]:
    with open("f8_v%d.npy" % version[0], "wb") as f:
        npformat.write_array(f, np.arange(3, dtype="<f8") * 0.25, version=version)
np.savez("pool.npz", tasks=(np.arange(12, dtype="<f4") / 8).reshape(3, 4))
np.savez_compressed("pool_compressed.npz", tasks=(np.arange(12, dtype="<f8") / 8).reshape(3, 4),
                    labels=np.array([1, -2], dtype="<i8"))

# Regenerates the safetensors fixtures used by SafetensorsTest with the reference implementation
# (pip package safetensors, 0.8.0 when committed): python3 make_safetensors_fixtures.py
import numpy as np
from safetensors.numpy import save_file

save_file({"w": (np.arange(6, dtype=np.float32) * 0.5).reshape(2, 3), "b": np.array([1, -2], dtype=np.int64),
           "e": np.zeros((0, 2), dtype=np.float64), "i": np.array(7, dtype=np.int32),
           "d": np.array([0.25], dtype=np.float64)}, "ref.safetensors", metadata={"format": "np"})
save_file({"h": np.array([1.5, -2], dtype=np.float16), "u": np.array([3, 255], dtype=np.uint8),
           "bo": np.array([True, False]), "w": np.ones((2, 2), dtype=np.float32)}, "ref_mixed.safetensors")

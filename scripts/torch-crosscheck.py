#!/usr/bin/python3
"""Cross-checks a categorical run directory against an independent PyTorch GPT-NeoX (HF layout).

Loads checkpoints/step-N.safetensors into the PyTorch peer's GPTNeoXForCausalLM (../shared/peers/torch_neox.py
or --peer DIR), runs it on evalsets.safetensors and compares the softmax over the V symbol logits at positions
0..C-1 with predictions/step-N.safetensors. Needs torch and numpy; not part of the build.

    scripts/torch-crosscheck.py RUN_DIR [--step N] [--peer DIR]
"""
import argparse, json, struct, sys
import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("run")
ap.add_argument("--step", type=int, default=None, help="checkpoint step (default: the last)")
ap.add_argument("--peer", default="../shared/peers", help="directory holding torch_neox.py")
a = ap.parse_args()
sys.argv = [sys.argv[0]]  # torch_neox parses its own flags at import
sys.path.insert(0, a.peer)
import torch  # noqa: E402
import torch_neox as tn  # noqa: E402


def load(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        buf = f.read()
    out = {}
    for k, v in header.items():
        if k == "__metadata__":
            continue
        lo, hi = v["data_offsets"]
        out[k] = np.frombuffer(buf[lo:hi], dtype={"F32": "<f4", "I32": "<i4"}[v["dtype"]]).reshape(v["shape"]).copy()
    return out, header.get("__metadata__", {})


import glob, os, re  # noqa: E402
steps = sorted(int(re.findall(r"step-(\d+)", p)[0]) for p in glob.glob(os.path.join(a.run, "checkpoints", "step-*.safetensors")))
step = a.step if a.step is not None else steps[-1]
ck, meta = load(os.path.join(a.run, "checkpoints", f"step-{step}.safetensors"))
cfg = json.loads(meta["config"])
assert cfg["task"] == "categorical", "only categorical runs are supported"
V, C = cfg["dims"], cfg["context"]
model = tn.GPTNeoXForCausalLM(V + 1, cfg["hidden"], cfg["layers"], cfg["heads"], cfg["intermediate"],
                              cfg["rotary_pct"], cfg["rotary_base"], C + 1)
model.load_state_dict({k: torch.from_numpy(v) for k, v in ck.items()}, strict=True)
sets, _ = load(os.path.join(a.run, "evalsets.safetensors"))
pred, _ = load(os.path.join(a.run, "predictions", f"step-{step}.safetensors"))
worst = 0.0
for split in ("train", "eval"):
    with torch.no_grad():
        logits = model(torch.from_numpy(sets[split + ".tokens"].astype(np.int64)))[:, :C, :V]
    diff = float(np.abs(torch.softmax(logits.double(), -1).numpy() - pred[split + ".pred"]).max())
    worst = max(worst, diff)
    print(f"step {step} {split}: max |p_torch - p_ours| = {diff:.3e}")
sys.exit(0 if worst < 1e-5 else 1)

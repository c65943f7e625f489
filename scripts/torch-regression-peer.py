#!/usr/bin/python3
"""PyTorch timing peer for the read-in models (regression, classification), built on the shared peer's GPT-NeoX body.

Imports the shared categorical peer (torch_neox.py, found with --peer DIR) for its GPTNeoXModel layers and
adds the heads of SPEC 2.2/2.3/3: a linear read_in (d -> hidden, or d+1 -> hidden for classification) with
bias instead of embed_in, and a linear read_out with bias (hidden -> 1 at the x positions for regression,
hidden -> 2 at the last position for classification). Regression tokens are x_1, y_1, x_2, y_2, ... with the
y-token (y, 0, ..., 0); loss MSE of the prediction read at x_i against y_i. Classification: C tokens
(item, label), the last label hidden as -1; loss cross-entropy at the last position.
Same optimiser (AdamW, linear warm-up, clipping at 1.0) and the same timing as the shared peer: the batch is
sampled and copied into tensors before the clock starts, the first --timing-warmup steps are excluded, and
the summary line "ms/step median=... min=..." and --report-json have the shared peer's format.
Needs torch and numpy; not part of the build. Run it with a fast BLAS through scripts/run-torch-task-peer.sh.

    scripts/run-torch-task-peer.sh --task regression --threads 1 --steps 70 --timing-warmup 30
"""
import argparse
import os
import sys

ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
ap.add_argument("--task", choices=("regression", "classification"), default="regression")
ap.add_argument("--peer", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "peers"),
                help="directory holding torch_neox.py")
ap.add_argument("--steps", type=int, default=220, help="total training steps (incl. timing warmup)")
ap.add_argument("--batch", type=int, default=None, help="default 128 (regression) or 64")
ap.add_argument("--context", type=int, default=None, help="pairs C; default 16 (regression) or 128")
ap.add_argument("--dims", type=int, default=8, help="input dimension d")
ap.add_argument("--tasks", type=int, default=64, help="number of training tasks D")
ap.add_argument("--mlp-factor", type=float, default=4.0)
ap.add_argument("--hidden", type=int, default=64)
ap.add_argument("--layers", type=int, default=None, help="default 8 (regression) or 1")
ap.add_argument("--heads", type=int, default=1)
ap.add_argument("--rotary-pct", type=float, default=0.25)
ap.add_argument("--rotary-base", type=float, default=10000.0)
ap.add_argument("--lr", type=float, default=5e-4)
ap.add_argument("--lr-warmup", type=int, default=None, help="linear LR warmup steps; default 5000 (regression) or 0")
ap.add_argument("--clip", type=float, default=1.0)
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--seed", type=int, default=0)
ap.add_argument("--timing-warmup", type=int, default=20)
ap.add_argument("--log-every", type=int, default=0)
ap.add_argument("--report-json", default=None, metavar="PATH")
A = ap.parse_args()
reg = A.task == "regression"
A.batch = A.batch if A.batch is not None else 128 if reg else 64
A.context = A.context if A.context is not None else 16 if reg else 128
A.layers = A.layers if A.layers is not None else 8 if reg else 1
A.lr_warmup = A.lr_warmup if A.lr_warmup is not None else 5000 if reg else 0

# torch_neox parses its own flags at import and fixes the BLAS/OpenMP thread counts from --threads before torch loads
sys.argv = [sys.argv[0], "--threads", str(A.threads)]
sys.path.insert(0, os.path.abspath(A.peer))
import json  # noqa: E402
import time  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402
import torch_neox as tn  # noqa: E402


class ReadInBody(nn.Module):
    """GPT-NeoX layers and final LayerNorm of the shared peer, fed by a linear read_in instead of embed_in."""

    def __init__(self, in_dim, hidden, layers, heads, inter, rotary_pct, rotary_base, max_pos, eps=1e-5):
        super().__init__()
        self.read_in = nn.Linear(in_dim, hidden, bias=True)
        self.layers = nn.ModuleList(
            [tn.GPTNeoXLayer(hidden, heads, inter, rotary_pct, rotary_base, max_pos, eps) for _ in range(layers)])
        self.final_layer_norm = nn.LayerNorm(hidden, eps=eps)

    def forward(self, x):
        x = self.read_in(x)
        for layer in self.layers:
            x = layer(x)
        return self.final_layer_norm(x)


class ReadInModel(nn.Module):
    """read_in -> GPT-NeoX -> read_out (with bias) at the positions that carry a loss."""

    def __init__(self, in_dim, out_dim, hidden, layers, heads, inter, rotary_pct, rotary_base, max_pos):
        super().__init__()
        self.gpt_neox = ReadInBody(in_dim, hidden, layers, heads, inter, rotary_pct, rotary_base, max_pos)
        self.read_out = nn.Linear(hidden, out_dim, bias=True)
        self.apply(tn.GPTNeoXForCausalLM._init_weights)

    def forward(self, x, positions):
        return self.read_out(self.gpt_neox(x)[:, positions])


class Regression:
    """D task vectors w ~ N(0, I_d); x ~ N(0, I_d), y = x.w + N(0, d/256); tokens x_1, (y_1, 0..), x_2, ..."""

    def __init__(self, d, tasks, context, rng):
        self.d, self.C, self.rng = d, context, rng
        self.w = rng.standard_normal((tasks, d))
        self.sigma = (d / 256) ** 0.5

    def sample(self, batch):
        w = self.w[self.rng.integers(0, len(self.w), size=batch)]  # (B, d)
        x = self.rng.standard_normal((batch, self.C, self.d))
        y = np.einsum("bcd,bd->bc", x, w) + self.sigma * self.rng.standard_normal((batch, self.C))
        tok = np.zeros((batch, 2 * self.C, self.d), dtype=np.float32)  # (B, 2C, d)
        tok[:, 0::2] = x
        tok[:, 1::2, 0] = y
        return tok, y.astype(np.float32)


class Classification:
    """D (item, label) pairs; C-1 context pairs from the pool, a target copied from the context with its label
    hidden (-1); every item noised x <- (x + sqrt(v) eps) / sqrt(1 + v), v = 0.5."""

    def __init__(self, d, tasks, context, rng, v=0.5):
        self.d, self.C, self.rng, self.v = d, context, rng, v
        self.items = rng.standard_normal((tasks, d)) / d ** 0.5
        self.labels = rng.integers(0, 2, size=tasks)

    def sample(self, batch):
        idx = self.rng.integers(0, len(self.items), size=(batch, self.C))
        idx[:, -1] = idx[np.arange(batch), self.rng.integers(0, self.C - 1, size=batch)]
        noise = self.rng.standard_normal((batch, self.C, self.d)) / self.d ** 0.5
        tok = np.empty((batch, self.C, self.d + 1), dtype=np.float32)  # (B, C, d+1)
        tok[:, :, :self.d] = (self.items[idx] + self.v ** 0.5 * noise) / (1 + self.v) ** 0.5
        tok[:, :, self.d] = self.labels[idx]
        target = self.labels[idx[:, -1]].copy()
        tok[:, -1, self.d] = -1
        return tok, target


def main(a):
    torch.set_num_threads(a.threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    d, C = a.dims, a.context
    inter = int(round(a.mlp_factor * a.hidden))
    if reg:
        data, T, in_dim, out_dim = Regression(d, a.tasks, C, rng), 2 * C, d, 1
        positions = torch.arange(0, T, 2)  # the x positions
    else:
        data, T, in_dim, out_dim = Classification(d, a.tasks, C, rng), C, d + 1, 2
        positions = torch.tensor([T - 1])
    model = ReadInModel(in_dim, out_dim, a.hidden, a.layers, a.heads, inter, a.rotary_pct, a.rotary_base, T)
    n_params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0)
    warm = a.lr_warmup
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: float(s) / float(max(1, warm)) if s < warm else 1.0)

    # matmul FLOPs as the shared peer counts them (full T x T attention), plus read_in and read_out
    body = tn.matmul_flops(a.batch, T, a.hidden, inter, 0, a.layers)["forward"]
    fwd = body + 2 * a.batch * T * in_dim * a.hidden + 2 * a.batch * len(positions) * a.hidden * out_dim
    step_flops = 3 * fwd

    torch.mm(torch.ones(64, 64), torch.ones(64, 64))  # make sure BLAS is loaded
    blas = tn.loaded_blas()
    print(f"torch {torch.__version__} threads={torch.get_num_threads()} blas={blas} "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '')} malloc_tuned={tn.MALLOC_TUNED}")
    print(f"task={a.task} d={d} D={a.tasks} context={C} T={T} batch={a.batch} hidden={a.hidden} inter={inter} "
          f"layers={a.layers} heads={a.heads} params={n_params} matmul GFLOP/step={step_flops / 1e9:.3f}")

    times, losses = [], []
    model.train()
    for step in range(a.steps):
        tok, target = data.sample(a.batch)
        x = torch.from_numpy(tok)
        y = torch.from_numpy(target) if reg else torch.from_numpy(target.astype(np.int64))
        t0 = time.perf_counter()
        out = model(x, positions)
        loss = F.mse_loss(out[..., 0], y) if reg else F.cross_entropy(out[:, 0], y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), a.clip)
        opt.step()
        sched.step()
        lv = loss.item()
        times.append(time.perf_counter() - t0)
        losses.append(lv)
        if a.log_every and (step % a.log_every == 0 or step == a.steps - 1):
            print(f"step {step:6d} loss {lv:.4f} lr {sched.get_last_lr()[0]:.2e} ms {1e3 * times[-1]:.2f}", flush=True)

    timed = np.array(times[a.timing_warmup:] if len(times) > a.timing_warmup else times) * 1e3
    med, mn = float(np.median(timed)), float(np.min(timed))
    tail = losses[-min(20, len(losses)):]
    report = {
        "script": "torch-regression-peer.py",
        "task": a.task,
        "torch": torch.__version__,
        "threads": a.threads,
        "blas": blas,
        "ld_library_path": os.environ.get("LD_LIBRARY_PATH", ""),
        "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE", ""),
        "omp_proc_bind": os.environ.get("OMP_PROC_BIND", ""),
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", ""),
        "malloc_tuned": tn.MALLOC_TUNED,
        "config": {"task": a.task, "dims": d, "tasks": a.tasks, "context": C, "batch": a.batch,
                   "hidden": a.hidden, "layers": a.layers, "heads": a.heads, "mlp_factor": a.mlp_factor,
                   "intermediate": inter, "rotary_pct": a.rotary_pct, "lr": a.lr, "lr_warmup": a.lr_warmup,
                   "seed": a.seed, "steps": a.steps, "timing_warmup": a.timing_warmup},
        "params": n_params,
        "timed_steps": int(len(timed)),
        "ms_per_step_median": med,
        "ms_per_step_min": mn,
        "ms_per_step_mean": float(np.mean(timed)),
        "ms_per_step_p10": float(np.percentile(timed, 10)),
        "ms_per_step_p90": float(np.percentile(timed, 90)),
        "tokens_per_s": a.batch * T / (med / 1e3),
        "tokens_per_step": a.batch * T,
        "matmul_flops_per_step": step_flops,
        "achieved_gflops_median": step_flops / (med / 1e3) / 1e9,
        "final_loss": losses[-1],
        "final_loss_mean_last20": float(np.mean(tail)),
        "first_loss": losses[0],
    }
    print(f"params={n_params} timed_steps={len(timed)} ms/step median={med:.3f} min={mn:.3f} "
          f"p10={report['ms_per_step_p10']:.3f} p90={report['ms_per_step_p90']:.3f} "
          f"tokens/s={report['tokens_per_s']:.0f} GFLOP/s={report['achieved_gflops_median']:.2f} "
          f"first_loss={losses[0]:.4f} final_loss={losses[-1]:.4f} (mean last {len(tail)}: "
          f"{report['final_loss_mean_last20']:.4f})")
    if a.report_json:
        with open(a.report_json, "w") as f:
            json.dump(report, f, indent=2)
    return report


if __name__ == "__main__":
    main(A)

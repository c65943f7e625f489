#!/usr/bin/python3
"""Prints the SPEC §8 table (ours next to the paper's) from `icl analyze` results.jsonl files, as Markdown.

    scripts/reproduction-table.py docs/reproduction/*/results.jsonl

Only the full model's line of each configuration is used (ablations are listed separately by the report).
Standard library only; the numbers are read, never recomputed.
"""
import json
import sys

# The paper's figures as SPEC §8 quotes them: (ID, OOD); None where the paper gives none.
PAPER = {
    "categorical": {"r": ("≈ 0.99", "≈ 0.97–0.98"), "tv": ("≈ 0.04", "≈ 0.08–0.10"), "spearman": ("≈ 0.95", "≈ 0.85")},
    "regression": {"r": ("≈ 0.99", "≈ 0.99"), "r2": ("≈ 0.95", None)},
    "classification": {"r": ("≈ 0.97–0.98", "≈ 0.98"), "agreement": ("≈ 0.96", "≈ 0.87")},
}
# Which average_results field is the task's own agreement measure, and whether lower is better.
TASK_METRICS = {
    "categorical": [("tv", "total_variation_distance", "mean TV(h, T)"), ("spearman", "spearman_correlation", "mean Spearman(h, T)")],
    "regression": [("r2", "r_squared", "R²(h, T)")],
    "classification": [("agreement", "agreement", "argmax agreement(h, T)")],
}


def fmt(x, digits=3):
    return "–" if x is None else f"{x:.{digits}f}"


def name(d):
    dims = ("V" if d["task"] == "categorical" else "d") + str(d["num_dims"])
    mlp = d["mlp_expansion_factor"]
    mlp = int(mlp) if float(mlp).is_integer() else mlp
    return f"{d['task']} {dims}, C {d['context_length']}, mlp {mlp}"


def law(p):
    if p.get("exponent") is None:
        return f"– ({p.get('points', 0)} points)"
    return f"{p['exponent']:.2f} [{fmt(p.get('exponent_ci95_low'), 2)}, {fmt(p.get('exponent_ci95_high'), 2)}] ({p['points']} points)"


def main(paths):
    rows = []
    for path in paths:
        with open(path) as f:
            rows += [json.loads(line) for line in f if line.strip()]
    rows = [r for r in rows if r.get("variant", "full") == "full"]
    for d in rows:
        task, paper = d["task"], PAPER[d["task"]]
        fp, avg, base = d["fitted_parameters"], d["average_results"], d["baselines"]
        print(f"#### {name(d)} (D = {', '.join(map(str, d['pool_sizes']))})\n")
        print(f"Fitted α {fp['alpha']:.3f}, β {fp['beta']:.3f}, γ {fp['gamma']:.4g} "
              f"({d['optimizer']['status']}, {d['optimizer']['iterations']} iterations); interpolation threshold at "
              f"step {d['interpolation_threshold_step']}; {d['hold_out']['fit_pairs']} pairs fitted, "
              f"{d['hold_out']['evaluated_pairs']} evaluated.\n")
        print("| measure | split | ours | paper | random weights | constant |")
        print("|---|---|---|---|---|---|")
        rnd, const = base["random_weights"], base["constant"]
        for i, split in enumerate(("id", "ood")):
            key = f"correlation_bms_relative_distance_{split}"
            print(f"| r(predicted w_M, observed relative distance) | {split.upper()} | **{fmt(d.get(key))}** | "
                  f"{paper['r'][i] or '–'} | {fmt(rnd.get(key))} | {fmt(const.get(key))} |")
        for short, field, label in TASK_METRICS[task]:
            for i, split in enumerate(("id", "ood")):
                key = f"{field}_{split}"
                print(f"| {label} | {split.upper()} | **{fmt(avg.get(key))}** | {paper[short][i] or '–'} | "
                      f"{fmt(rnd['average_results'].get(key))} | {fmt(const['average_results'].get(key))} |")
        der = d["derived"]
        print(f"\nTransition step N*(D): network {fmt_steps(d['pool_sizes'], der['transition_step_network'])}; "
              f"model {fmt_steps(d['pool_sizes'], der['transition_step_model'])}.\n")
        print(f"Power law N* ∝ D^b, b with its 95% interval: network {law(der['power_law_network'])}; "
              f"model {law(der['power_law_model'])}.\n")


def fmt_steps(pools, steps):
    return ", ".join(f"D={p}: {'never' if s is None else round(s)}" for p, s in zip(pools, steps))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])

#!/usr/bin/env bash
# Splits an icl sweep across a Slurm cluster: a job array whose task i runs shard i/N of the grid, then one
# analysis job that starts when every shard has succeeded. Run it on the login node from the repository:
#
#   examples/slurm-array.sh examples/sweep-categorical.yaml /scratch/$USER/sweeps/categorical 8
#
# Arguments: the grid file, the sweep directory (on a file system every node sees), the number of shards N
# (default 8). Each shard trains its runs one at a time with all the CPUs Slurm gives it. Sweeps are
# idempotent: resubmitting the same command after a failure or a time-out skips finished runs and resumes
# unfinished ones from their last saved state. Adjust the #SBATCH-style options below to your cluster.
set -euo pipefail

config=${1:?usage: slurm-array.sh GRID.yaml SWEEP_DIR [SHARDS]}
out=${2:?usage: slurm-array.sh GRID.yaml SWEEP_DIR [SHARDS]}
N=${3:-8}
cpus=${CPUS_PER_SHARD:-4}
time_limit=${TIME_LIMIT:-12:00:00}
repo=$(cd "$(dirname "$0")/.." && pwd)
icl="$repo/icl"

# Build the jar once here, so that the array tasks do not all try to build it at the same time.
"$icl" --version

# Check the grid and list the runs before anything is queued (exit code 2 and one line on a bad field).
"$icl" sweep --config "$config" --out "$out" --dry-run

mkdir -p "$out/logs"
train_job=$(sbatch --parsable \
  --job-name=icl-sweep \
  --array="0-$((N - 1))" \
  --cpus-per-task="$cpus" \
  --mem=8G \
  --time="$time_limit" \
  --output="$out/logs/shard-%a.out" \
  --wrap="\"$icl\" sweep --config \"$config\" --out \"$out\" --shard \$SLURM_ARRAY_TASK_ID/$N --parallel 1 --threads-per-run \$SLURM_CPUS_PER_TASK --progress lines")
echo "submitted training array $train_job (shards 0..$((N - 1)))"

# The analysis runs only when every array task ended with exit code 0 (afterok on the whole array).
analyze_job=$(sbatch --parsable \
  --job-name=icl-analyze \
  --dependency="afterok:$train_job" \
  --cpus-per-task="$cpus" \
  --mem=16G \
  --time=02:00:00 \
  --output="$out/logs/analyze.out" \
  --wrap="\"$icl\" analyze --sweep \"$out\"")
echo "submitted analysis $analyze_job (after $train_job); report: $out/report.html"
echo "progress: icl inspect $out"

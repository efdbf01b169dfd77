#!/usr/bin/env bash
# One batch as a Slurm job array: each task scores one shard of the patients; a last job merges.
#   sbatch --array=1-8 Scripts/cluster/slurm-array.sh INPUT OUT
#   sbatch --dependency=afterok:<array job id> --wrap "skindelta merge OUT/part-* --out OUT/results"
# Every task must see INPUT and OUT at the same paths (a shared file system). A pseudonymized run
# (--pseudonymize) needs SKINDELTA_PSEUDONYM_KEY in every task's environment and in the merge's.
#SBATCH --job-name=skindelta-shard
#SBATCH --cpus-per-task=2
#SBATCH --time=12:00:00
set -euo pipefail
input=$1
out=$2
exec skindelta batch "$input" --out "$out/part-$SLURM_ARRAY_TASK_ID" --jobs "${SLURM_CPUS_PER_TASK:-1}" \
    --shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" --quiet

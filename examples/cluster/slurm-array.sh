#!/usr/bin/env bash
# Runs an IOV Lab project on a Slurm cluster: one array task per shard
# (`iovlab run PROJECT --shard I/N --out OUT/part-I.json`), then a merge job that starts when every
# task has ended (`iovlab merge OUT/part-*.json --out OUT/results.json`). The merged document is
# the one a single `iovlab run PROJECT --out results.json` writes (same digest).
#
# Usage: examples/cluster/slurm-array.sh PROJECT [SHARDS] [OUTDIR]
#   PROJECT   the .iovlab.json file, on a file system every node reads
#   SHARDS    how many array tasks (default 8)
#   OUTDIR    where parts, logs and results.json go, on a shared file system
#             (default ./iovlab-PROJECTNAME-DATE)
# Environment:
#   IOVLAB              the iovlab command on the nodes (default: iovlab)
#   IOVLAB_CPUS         CPUs per array task, passed to --jobs (default 1)
#   IOVLAB_PARTITION    a partition (default: the cluster's default)
#   IOVLAB_TIME         time limit of each task (default 1:00:00)
#   IOVLAB_RUN_ARGS     more options for `iovlab run` (e.g. "--experiment latency --set variables.guests=8")
#   IOVLAB_SLURM_WAIT   1: wait for the merge job and exit with its status (CI, scripts)
# Every option is the same for all shards; merge refuses parts of different options.
set -euo pipefail

project=${1:?usage: slurm-array.sh PROJECT [SHARDS] [OUTDIR]}
shards=${2:-8}
base=$(basename "$project" .json)
base=${base%.iovlab}
outdir=${3:-iovlab-$base-$(date +%Y%m%d-%H%M%S)}
iovlab=${IOVLAB:-iovlab}
cpus=${IOVLAB_CPUS:-1}
time_limit=${IOVLAB_TIME:-1:00:00}
run_args=${IOVLAB_RUN_ARGS:-}

if ! [[ $shards =~ ^[1-9][0-9]*$ ]]; then
  echo "slurm-array.sh: SHARDS must be a whole number from 1, not \"$shards\"" >&2
  exit 2
fi
if [[ ! -r $project ]]; then
  echo "slurm-array.sh: cannot read the project $project" >&2
  exit 2
fi
mkdir -p "$outdir"
project=$(cd "$(dirname "$project")" && pwd)/$(basename "$project")
outdir=$(cd "$outdir" && pwd)

partition=()
[[ -n ${IOVLAB_PARTITION:-} ]] && partition=(--partition "$IOVLAB_PARTITION")

# The array: task I runs shard I of N. The variables are exported to the job, which reads them.
export IOVLAB_BIN=$iovlab IOVLAB_PROJECT=$project IOVLAB_OUTDIR=$outdir IOVLAB_SHARDS=$shards IOVLAB_CPUS=$cpus IOVLAB_RUN_ARGS=$run_args
array_job=$(sbatch --parsable --export=ALL "${partition[@]}" \
  --job-name="iovlab-$base" --array="1-$shards" --cpus-per-task="$cpus" --time="$time_limit" \
  --output="$outdir/shard-%a.log" <<'TASK'
#!/usr/bin/env bash
set -euo pipefail
i=$SLURM_ARRAY_TASK_ID
# shellcheck disable=SC2086  # IOVLAB_RUN_ARGS holds several options on purpose
"$IOVLAB_BIN" run "$IOVLAB_PROJECT" --shard "$i/$IOVLAB_SHARDS" --jobs "$IOVLAB_CPUS" \
  --out "$IOVLAB_OUTDIR/part-$i.json" $IOVLAB_RUN_ARGS
TASK
)
array_job=${array_job%%;*}

# The merge: after every task has ended (afterany: a task whose runs partly failed still wrote
# its part; a task that wrote none makes merge name the missing shard).
wait=()
[[ ${IOVLAB_SLURM_WAIT:-0} == 1 ]] && wait=(--wait)
merge_job=$(sbatch --parsable --export=ALL "${partition[@]}" "${wait[@]}" \
  --job-name="iovlab-$base-merge" --dependency="afterany:$array_job" --time=0:30:00 \
  --output="$outdir/merge.log" <<'MERGE'
#!/usr/bin/env bash
set -euo pipefail
parts=()
for ((i = 1; i <= IOVLAB_SHARDS; i++)); do
  [[ -f $IOVLAB_OUTDIR/part-$i.json ]] && parts+=("$IOVLAB_OUTDIR/part-$i.json")
done
"$IOVLAB_BIN" merge "${parts[@]}" --out "$IOVLAB_OUTDIR/results.json"
MERGE
)
merge_job=${merge_job%%;*}
echo "submitted: array job $array_job ($shards shards), merge job $merge_job; results in $outdir/results.json"

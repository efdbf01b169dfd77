#!/usr/bin/env bash
# A batch split across a real Slurm cluster and merged, compared byte for byte with one run:
#   1. starts a one-node Slurm cluster on this machine (munge, slurmctld, slurmd from Debian's
#      slurm-wlm packages, installed by Scripts/bootstrap.sh), in a private folder on its own ports;
#   2. synthesizes a small course (4 patients × 3 sessions) and scores it once on this machine;
#   3. submits the same batch as a 4-task job array (`--shard $SLURM_ARRAY_TASK_ID/4`), waits for it,
#      merges the four partial results with `skindelta merge`, and compares every output's bytes;
#   4. stops the cluster (also when a step fails).
# Usage: Scripts/check-slurm.sh [path/to/skindelta]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-.build/debug/skindelta}")
command -v slurmctld >/dev/null && command -v munged >/dev/null || Scripts/bootstrap.sh

work=$(mktemp -d "${TMPDIR:-/tmp}/skindelta-slurm.XXXXXX")
chmod 755 "$work"
cluster="$work/cluster"
mkdir -p "$cluster"/{state,spool,munge,log}
node=$(hostname -s)
# Ports of our own (not Slurm's defaults), so a cluster already on this machine is not disturbed.
ctld_port=$((20000 + RANDOM % 20000))
slurmd_port=$((ctld_port + 1))

stop() {
    local status=$?
    for pidfile in "$cluster/slurmd.pid" "$cluster/slurmctld.pid" "$cluster/munged.pid"; do
        [[ -f $pidfile ]] && kill "$(cat "$pidfile")" 2>/dev/null || true
    done
    sleep 1
    if ((status != 0)); then
        echo "slurm check failed; the cluster's logs:" >&2
        tail -n 20 "$cluster"/log/* >&2 2>/dev/null || true
    fi
    rm -rf "$work"
    exit "$status"
}
trap stop EXIT

# munge: a key of our own, its socket in the private folder.
dd if=/dev/urandom of="$cluster/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$cluster/munge/munge.key"
munged --force --key-file="$cluster/munge/munge.key" --socket="$cluster/munge/socket" \
    --pid-file="$cluster/munged.pid" --log-file="$cluster/log/munged.log" --seed-file="$cluster/munge/seed"

memory=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
cat >"$cluster/slurm.conf" <<EOF
ClusterName=skindelta-check
SlurmctldHost=$node
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$cluster/munge/socket
CredType=cred/munge
StateSaveLocation=$cluster/state
SlurmdSpoolDir=$cluster/spool
SlurmctldPidFile=$cluster/slurmctld.pid
SlurmdPidFile=$cluster/slurmd.pid
SlurmctldLogFile=$cluster/log/slurmctld.log
SlurmdLogFile=$cluster/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
NodeName=$node CPUs=$(nproc) RealMemory=$memory State=UNKNOWN
PartitionName=check Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$cluster/slurm.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 1 60); do
    if sinfo -h -N -o '%T' 2>/dev/null | grep -qE '^(idle|mixed)'; then break; fi
    sleep 1
done
sinfo -h -N -o '%N %T' | grep -qE ' (idle|mixed)' || { echo "the Slurm node did not come up" >&2; exit 1; }
echo "-- one-node Slurm cluster up: $(sinfo -h -N -o '%N %T %c CPUs')"

"$bin" synth --out "$work/data" --patients 4 --sessions 3 --size 320x240 --field-width 16 --quiet
analyzers=org.skindelta.redness,org.skindelta.pigmentation
"$bin" batch "$work/data" --out "$work/single" --analyzers "$analyzers" --jobs 2 --quiet

cat >"$work/shard.sh" <<EOF
#!/usr/bin/env bash
set -euo pipefail
exec "$bin" batch "$work/data" --out "$work/parts/\$SLURM_ARRAY_TASK_ID" --analyzers "$analyzers" \\
    --shard "\$SLURM_ARRAY_TASK_ID/\$SLURM_ARRAY_TASK_COUNT" --quiet
EOF
chmod +x "$work/shard.sh"
mkdir -p "$work/parts" "$work/job-logs"
job=$(sbatch --parsable --wait --array=1-4 --cpus-per-task=1 --time=20 --job-name=skindelta-shards \
    --output="$work/job-logs/%a.out" --error="$work/job-logs/%a.err" "$work/shard.sh") || {
    echo "the job array failed:" >&2
    tail -n 5 "$work"/job-logs/* >&2 || true
    exit 1
}
echo "-- job array $job: 4 shards finished"
"$bin" merge "$work"/parts/{1,2,3,4} --out "$work/merged" --quiet
for file in results.json results.csv index.html $(cd "$work/single" && find patients -name report.html | sort); do
    cmp -s "$work/single/$file" "$work/merged/$file" || { echo "merged $file differs from one run" >&2; exit 1; }
done
echo "slurm check: a 4-shard job array merged equals one run, byte for byte ($(cd "$work/single" && find . -name '*.html' -o -name 'results.*' | wc -l) files)"

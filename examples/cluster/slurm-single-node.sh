#!/usr/bin/env bash
# Starts a throw-away single-node Slurm cluster (munge + slurmctld + slurmd) on this machine,
# entirely under one folder — no file under /etc is touched — for trying slurm-array.sh or for
# CI. Needs Debian's slurm-wlm and munge (`apt-get install -y slurm-wlm munge`) and root (slurmd
# starts jobs as their user). Prints the `export SLURM_CONF=…` line to use; stop it with
#   examples/cluster/slurm-single-node.sh stop DIR
set -euo pipefail

cmd=${1:-start}
dir=${2:-${TMPDIR:-/tmp}/iovlab-slurm}

if [[ $cmd == stop ]]; then
  for pid in "$dir"/slurmd.pid "$dir"/slurmctld.pid "$dir"/munged.pid; do
    if [[ -f $pid ]]; then kill "$(cat "$pid")" 2>/dev/null || true; fi
  done
  exit 0
fi
[[ $cmd == start ]] || { echo "usage: $0 start|stop [DIR]" >&2; exit 2; }

mkdir -p "$dir"/state "$dir"/spool "$dir"/munge
host=$(hostname -s)
cpus=$(nproc)
mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))

# munge: its own key, socket and files under $dir (munged refuses root without --force).
[[ -f $dir/munge/munge.key ]] || dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
chmod 700 "$dir/munge"
chmod 400 "$dir/munge/munge.key"
munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
  --pid-file="$dir/munged.pid" --log-file="$dir/munged.log" --seed-file="$dir/munge/munge.seed"

cat >"$dir/slurm.conf" <<CONF
ClusterName=iovlab-test
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$dir/slurm.conf
slurmctld
slurmd
# Wait until the node takes jobs.
for _ in $(seq 1 60); do
  if sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
    echo "export SLURM_CONF=$dir/slurm.conf"
    exit 0
  fi
  sleep 1
done
echo "slurm-single-node: the node did not come up within 60 s; see $dir/slurmctld.log and $dir/slurmd.log" >&2
exit 1

#!/usr/bin/env bash
# Compares IOV Lab's kernel with the peer engines of ../shared/peers (SimPy 2, ns-3,
# plain Node heaps) over interleaved rounds, as the peers' README describes: a copy of
# run-all.sh gets one more engine ("iovlab") next to the Node block; the peers stay
# outside the project. Usage: build/bench-peers.sh [ROUNDS] (default 5).
# Needs the peers installed once: (cd ../shared/peers && sudo ./setup.sh).
set -eu
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peers="${IOVLAB_PEERS:-$here/../shared/peers}"
rounds="${1:-5}"
work="${IOVLAB_PEERS_WORK:-/tmp/iovlab-peers}"
[ -d "$peers" ] || { echo "no peers at $peers" >&2; exit 2; }
node "$here/build/build-cli.mjs"
rm -rf "$work" && mkdir -p "$work" && cp -r "$peers/." "$work/"
chmod -R u+w "$work"
bench_js="$here/out/cli/peer-bench.cjs"
# One more engine, same sizes as the node-* runs (README "Adding the TS core").
awk -v js="$bench_js" '
  /^# -+ Node.js/ && !done {
    print "# ---------------------------------------------------------------- IOV Lab kernel"
    print "bench iovlab hold   \"$NODE\" \"" js "\" hold   \"$(sz $NODE_HOLD)\"   \"$SEED\""
    print "bench iovlab tandem \"$NODE\" \"" js "\" tandem \"$(sz $NODE_TANDEM)\" \"$SEED\""
    done = 1
  }
  { print }' "$peers/run-all.sh" > "$work/run-all.sh"
chmod +x "$work/run-all.sh"
out="$work/results"
mkdir -p "$out"
for i in $(seq 1 "$rounds"); do
  echo "round $i/$rounds" >&2
  PEERS_ONLY="${PEERS_ONLY:-iovlab|node-typed|ns3-map|simpy2}" "$work/run-all.sh" > "$out/round$i.txt"
done
python3 "$work/summarize.py" --ref node-typed "$out"/round*.txt

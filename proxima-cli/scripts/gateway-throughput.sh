#!/usr/bin/env bash
# gateway-throughput.sh [OUT_DIR]
#
# Measures the verifier gateway's throughput with the load generator (proxima wallets: sessions
# created through the HTTP API, completed by simulated wallets over MQTT presenting a real SD-JWT
# VC that the gateway verifies) on one node and on the 3-node NATS cluster, all in one run:
#
#   mosquitto       reference: 1 gateway on a standalone mosquitto (not clustered), wallets on it
#   one-node        1 gateway on node 1, wallets on node 1
#   one-gw-3-nodes  the same gateway, wallets spread over nodes 1-3 (cross-node routing)
#   three-gw        3 gateways (one per node, PER_SESSION), wallets over nodes 1-3
#   three-gw-wild   3 gateways with the WILDCARD strategy, wallets over nodes 1-3
#
# Gateways are separate JVMs (java -cp proxima.jar ...GatewayCommand); the load generator is one
# more JVM. Per case it also records the CPU time of the gateways, the load generator and the
# brokers, and the gateways' MQTT message counters. Writes <date>-gateway-throughput.{md,json} into OUT_DIR (default
# benchmarks/results/gateway). Environment: SESSIONS (default 2000), CONCURRENCY (48),
# WARMUP (400 per case), REBUILD=1 to rebuild the jar. Needs nats-server (the cluster script
# installs it) and python3.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$ROOT/benchmarks/results/gateway}
SESSIONS=${SESSIONS:-2000}
CONCURRENCY=${CONCURRENCY:-48}
WARMUP=${WARMUP:-400}
JAR=$ROOT/proxima-cli/target/proxima.jar
CLUSTER_SCRIPTS=${CLUSTER_SCRIPTS:-$ROOT/../shared/mqtt-cluster}

if [ ! -f "$JAR" ] || [ "${REBUILD:-0}" = 1 ]; then
  (cd "$ROOT" && mvn -B -ntp -q -pl proxima-cli -am package -DskipTests)
fi

WORK=$(mktemp -d /tmp/proxima-gateway-bench.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null || true; done
  "$CLUSTER_SCRIPTS/stop.sh" "$WORK/cluster" >/dev/null 2>&1 || true
  [ -f "$WORK/mosquitto.pid" ] && kill "$(cat "$WORK/mosquitto.pid")" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "starting the 3-node NATS cluster..." >&2
URLS=$("$CLUSTER_SCRIPTS/start.sh" "$WORK/cluster" | sed -n 's/^MQTT_URLS=//p')
IFS=, read -r N1 N2 N3 <<<"$URLS"
MQ_PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\nset_tcp_nodelay true\npersistence false\n' "$MQ_PORT" >"$WORK/mosquitto.conf"
mosquitto -c "$WORK/mosquitto.conf" >"$WORK/mosquitto.log" 2>&1 &
echo $! >"$WORK/mosquitto.pid"
MQ=mqtt://127.0.0.1:$MQ_PORT

java -cp "$JAR" io.proxima.cli.loadgen.WalletsCommand --mint-only --credential-dir "$WORK/pid" 2>/dev/null

# gateway ID PORT STRATEGY BROKER... : starts a gateway JVM and waits until it serves.
gateway() {
  local id=$1 port=$2 strategy=$3; shift 3
  local brokers; brokers=$(printf '"%s", ' "$@"); brokers=${brokers%, }
  cat >"$WORK/$id.yaml" <<EOF
instanceId: $id
http: {host: 127.0.0.1, port: $port}
transports:
  MQTT: {type: MQTT, order: 1, params: {brokerUrls: [$brokers], subscriptionStrategy: $strategy}}
verifier: {signingKey: verifier-key.jwk.json}
trust: {jwks: [pid/issuer-jwks.json]}
sessions: {maxPending: 10000, maxRetained: 1000, retention: 1m}
shutdown: {drainTimeout: 5s}
EOF
  java -Xmx768m -cp "$JAR" io.proxima.cli.gateway.GatewayCommand --config "$WORK/$id.yaml" \
    >"$WORK/$id.out" 2>"$WORK/$id.log" &
  PIDS+=($!)
  for _ in $(seq 1 300); do grep -q GATEWAY_URL "$WORK/$id.out" 2>/dev/null && return 0; sleep 0.1; done
  echo "gateway $id did not start:" >&2; cat "$WORK/$id.log" >&2; exit 1
}

stop_gateways() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null || true; done
  PIDS=()
}

# cpu PID...: CPU seconds (user + system) used so far by these processes.
cpu() {
  local total=0 p t
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] || continue
    t=$(awk '{print $14 + $15}' "/proc/$p/stat")
    total=$((total + t))
  done
  python3 -c "print($total / $(getconf CLK_TCK))"
}

# counters GATEWAYS: the gateways' summed MQTT message counters, "received unroutable".
counters() {
  local g
  for g in ${1//,/ }; do curl -s "$g/metrics"; done \
    | awk '/^proxima_gateway_frames_received_total/{r+=$NF} /^proxima_gateway_frames_unroutable_total/{u+=$NF} END{print r+0, u+0}'
}

# run NAME GATEWAYS WALLET_BROKERS BROKER_PIDS: one case. A first load generator warms the
# gateways up (JIT); a second one warms itself up with as many sessions, then runs the measured
# ones. The CPU and message counters cover the second one (its warm-up included).
run() {
  local name=$1 gws=$2 wallets=$3 brokers=$4
  echo "case $name: gateways $gws, wallets on $wallets" >&2
  java -cp "$JAR" io.proxima.cli.loadgen.WalletsCommand --gateway "$gws" --wallet-brokers "$wallets" --sessions "$WARMUP" \
    --concurrency "$CONCURRENCY" --credential-dir "$WORK/pid" --no-progress >>"$WORK/warmup.log" 2>&1 || true
  local c0 g0 b0
  c0=$(counters "$gws"); g0=$(cpu "${PIDS[@]}"); b0=$(cpu $brokers)
  /usr/bin/time -f "%U %S" -o "$WORK/$name.time" java -cp "$JAR" io.proxima.cli.loadgen.WalletsCommand \
    --gateway "$gws" --wallet-brokers "$wallets" --sessions "$SESSIONS" --concurrency "$CONCURRENCY" --warmup "$WARMUP" \
    --credential-dir "$WORK/pid" --json "$WORK/$name.json" --no-progress >"$WORK/$name.txt" 2>>"$WORK/loadgen.log" || true
  cat "$WORK/$name.txt" >&2
  local c1 g1 b1
  c1=$(counters "$gws"); g1=$(cpu "${PIDS[@]}"); b1=$(cpu $brokers)
  echo "$c0 $c1 $g0 $g1 $b0 $b1 $(cat "$WORK/$name.time" | tail -1)" >"$WORK/$name.extra"
}

NATS_PIDS="$(for f in "$WORK"/cluster/n*/pid; do printf '%s ' "$(cat "$f")"; done)"
MQ_PID=$(cat "$WORK/mosquitto.pid")

gateway gw-m 18171 PER_SESSION "$MQ"
run mosquitto http://127.0.0.1:18171 "$MQ" "$MQ_PID"
stop_gateways
gateway gw-a 18181 PER_SESSION "$N1"
run one-node http://127.0.0.1:18181 "$N1" "$NATS_PIDS"
run one-gw-3-nodes http://127.0.0.1:18181 "$N1,$N2,$N3" "$NATS_PIDS"
gateway gw-b 18182 PER_SESSION "$N2" "$N3" "$N1"
gateway gw-c 18183 PER_SESSION "$N3" "$N1" "$N2"
run three-gw http://127.0.0.1:18181,http://127.0.0.1:18182,http://127.0.0.1:18183 "$N1,$N2,$N3" "$NATS_PIDS"
stop_gateways
gateway gw-wa 18191 WILDCARD "$N1" "$N2" "$N3"
gateway gw-wb 18192 WILDCARD "$N2" "$N3" "$N1"
gateway gw-wc 18193 WILDCARD "$N3" "$N1" "$N2"
run three-gw-wild http://127.0.0.1:18191,http://127.0.0.1:18192,http://127.0.0.1:18193 "$N1,$N2,$N3" "$NATS_PIDS"
stop_gateways

mkdir -p "$OUT"
STAMP=$(date -u +%Y-%m-%d)
COMMIT=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
CPU=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
JDK=$(java -version 2>&1 | head -1)
NATS=$(nats-server --version 2>/dev/null || echo unknown)
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
export WORK OUT STAMP COMMIT CPU JDK NATS SESSIONS CONCURRENCY WARMUP LOAD_BEFORE LOAD_AFTER
python3 - <<'PY'
import json, os
w = os.environ["WORK"]
cases = [
    ("mosquitto", "1 gateway on a standalone mosquitto (reference, not clustered)", "the same broker"),
    ("one-node", "1 gateway on node 1", "node 1"),
    ("one-gw-3-nodes", "1 gateway on node 1", "nodes 1-3"),
    ("three-gw", "3 gateways, one per node (PER_SESSION)", "nodes 1-3"),
    ("three-gw-wild", "3 gateways, one per node (WILDCARD)", "nodes 1-3"),
]
rows, cpu_rows, data = [], [], {}
total = int(os.environ["SESSIONS"]) + int(os.environ["WARMUP"])
for key, gws, wallets in cases:
    r = json.load(open(f"{w}/{key}.json"))
    x = open(f"{w}/{key}.extra").read().split()
    r0, u0, r1, u1, g0, g1, b0, b1, lu, ls = map(float, x[:10])
    case = {"gateway_messages_received": r1 - r0, "gateway_messages_unroutable": u1 - u0,
            "cpu_s_gateways": g1 - g0, "cpu_s_brokers": b1 - b0, "cpu_s_load_generator": lu + ls,
            "sessions_including_warmup": total}
    r["case"] = case
    data[key] = r
    l = r["latency_ms"]
    rows.append(f"| {key} | {gws} | {wallets} | {r['completed']}/{r['requested']} ({r['verified']} verified) | "
                f"**{r['throughput_per_s']:.1f}** | {l.get('p50', 0):.0f} | {l.get('p90', 0):.0f} | {l.get('p99', 0):.0f} |")
    ms = lambda s: 1000 * s / total
    cpu_rows.append(f"| {key} | {ms(case['cpu_s_gateways']):.1f} | {ms(case['cpu_s_load_generator']):.1f} | {ms(case['cpu_s_brokers']):.1f} | "
                    f"{case['gateway_messages_received'] / total:.2f} | {case['gateway_messages_unroutable'] / total:.2f} |")
base = data["one-node"]["throughput_per_s"]
env = {k: os.environ[k] for k in ("STAMP", "COMMIT", "CPU", "JDK", "NATS", "SESSIONS", "CONCURRENCY", "WARMUP", "LOAD_BEFORE", "LOAD_AFTER")}
meta = {"date": env["STAMP"], "commit": env["COMMIT"], "cpu": env["CPU"], "cores": os.cpu_count(), "jdk": env["JDK"],
        "nats": env["NATS"], "sessions": int(env["SESSIONS"]), "concurrency": int(env["CONCURRENCY"]), "warmup": int(env["WARMUP"]),
        "load_average_before": env["LOAD_BEFORE"], "load_average_after": env["LOAD_AFTER"],
        "command": "proxima-cli/scripts/gateway-throughput.sh", "cases": data}
json.dump(meta, open(f"{os.environ['OUT']}/{env['STAMP']}-gateway-throughput.json", "w"), indent=2)
md = f"""# Gateway throughput: one node vs the 3-node NATS cluster ({env['STAMP']})

Measured in one run by `proxima-cli/scripts/gateway-throughput.sh` (commit {env['COMMIT']}) on
{env['CPU']}, {os.cpu_count()} cores, {env['JDK']}, {env['NATS']} (3 nodes, MQTT, loopback).
Each case: {env['WARMUP']} sessions to warm the gateways up, {env['WARMUP']} more to warm the load generator up, then
{env['SESSIONS']} measured sessions at concurrency
{env['CONCURRENCY']}, created with `POST /sessions` (DCQL for the PID's names and age over 18),
followed over `/events`, answered by simulated wallets over MQTT (one shared connection per node)
presenting an SD-JWT VC PID that the gateway verifies (issuer signature, key binding, claims).
Gateways and the load generator are separate JVMs on the same machine, with the NATS nodes.
Load average before / after the run (other work on the machine): {env['LOAD_BEFORE']} / {env['LOAD_AFTER']}.

| case | gateways | wallets on | completed | sessions/s | p50 ms | p90 ms | p99 ms |
|---|---|---|---|---|---|---|---|
""" + "\n".join(rows) + f"""

Ratios to `one-node` (same run): """ + ", ".join(f"{k} {data[k]['throughput_per_s'] / base:.2f}" for k, _, _ in cases if k != "one-node") + """.

Where the time goes, per session (the load generator's warm-up included; CPU of all gateways, of the load generator
with its wallets, and of the broker processes; MQTT messages the gateways received, and dropped
as another instance's):

| case | gateway CPU ms | load generator CPU ms | broker CPU ms | messages received | dropped as foreign |
|---|---|---|---|---|---|
""" + "\n".join(cpu_rows) + """

Latency is from the first `POST /sessions` to the outcome event (the wallet's consent is
immediate). The machine's cores are shared by the gateways, the wallets and the brokers, so the
cluster cases show how the same work spreads over more processes, not added capacity. With
`WILDCARD`, every gateway receives every session's Identify and submission and drops the other
instances' (last column of the second table).
"""
open(f"{os.environ['OUT']}/{env['STAMP']}-gateway-throughput.md", "w").write(md)
print(md)
PY

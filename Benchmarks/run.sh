#!/usr/bin/env bash
# Runs load scenarios, each against a fresh Release server: the Api (TARGET=api, the default) or the
# bare-Kestrel baseline (TARGET=baseline: `Benchmarks baseline`, FrontEnd's write path without Orleans).
# Server pinned to core 0, load tool to core 1 (taskset); RESULT lines appended to a file. See BENCHMARKS.md.
#
#   Benchmarks/run.sh [all|SCENARIO...]           e.g. Benchmarks/run.sh r1000 search
#   TARGET=baseline Benchmarks/run.sh r100        the same against the baseline
#   Benchmarks/run.sh compare [all|SCENARIO...]   each scenario on the Api, then at once on the baseline,
#                                                 and a RATIO line of the key figures (api / baseline)
#   Benchmarks/run.sh list                        what each scenario passes to the load tool
#
# Environment: TARGET (api|baseline), PORT (8101, the Api), BASELINE_PORT (8102), SILO_PORT (21111),
# GATEWAY_PORT (31000), RESULTS (Benchmarks/results.txt), SKIP_BUILD=1, SERVER_CORE (0), LOAD_CORE (1),
# SERVER_ARGS / LOAD_ARGS (appended to the server's / the load tool's arguments), DURATION (measured
# seconds of every scenario; without it each scenario's own, 10 unless listed in `durations`),
# REDIS_PORT (6391: the redis-server that *redis scenarios start, on the server's core, nothing on disk),
# API_ENV (NAME=VALUE ... set for the Api's process only, e.g. DOTNET_TieredPGO=0, to measure a runtime
# lever beside an untouched baseline), API_DIR (the Api's folder: another build, e.g. a ReadyToRun publish),
# BENCH_DIR (the Benchmarks folder: the load tool and the baseline of another build).
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
target=${TARGET:-api}
api_port=${PORT:-8101}
baseline_port=${BASELINE_PORT:-8102}
silo_port=${SILO_PORT:-21111}
gateway_port=${GATEWAY_PORT:-31000}
results=${RESULTS:-$root/Benchmarks/results.txt}
server_core=${SERVER_CORE:-0}
load_core=${LOAD_CORE:-1}
server_dir=${API_DIR:-$root/Api/bin/Release/net10.0}
bench_dir=${BENCH_DIR:-$root/Benchmarks/bin/Release/net10.0}
load_dll=$bench_dir/SseOrleans.Benchmarks.dll

# name -> load tool arguments (run.sh adds --url, --server-pid, --scenario, --target, --gateway-port, --duration)
declare -A scenarios=(
  [r60]="--connections 1000 --size 64 --rate 60"
  [r100]="--connections 1000 --size 64 --rate 100"
  [r300]="--connections 1000 --size 64 --rate 300"
  [r1000]="--connections 1000 --size 64 --rate 1000"
  [search]="--connections 1000 --size 64 --search --rate 100 --max-loss-pct 0.1 --max-p99-ms 100"
  # 256 connects in flight: half Kestrel's listen backlog (512), so a full accept queue never drops a
  # SYN (a retransmit costs 1 s); see BENCHMARKS.md for how this was checked against the baseline.
  [storm]="--storm --connections 10000 --storm-warm 500 --connect-concurrency 256"
  [idle10k]="--idle --connections 10000 --idle-settle 5"
  # A fresh server's herd (issue 19): 10,000 reconnects, 64 in flight, then first bytes beside them idle.
  [herd]="--herd --connections 10000 --connect-concurrency 64 --idle-settle 5 --probes 20"
  [hold19k]="--connections 19000 --size 64 --rate 10"
  [soak]="--connections 19000 --size 64 --rate 10 --warmup 30 --sample-interval 10"
  [hierarchy]="--connections 1300 --spread 3,3 --size 64 --rate 100"
  [publish1]="--publish-only --concurrency 32"
  [publishclient]="--publish-only --publish grain --concurrency 32"
  [publishmany]="--publish-only --namespaces 100 --concurrency 32"
  [r1000redis]="--connections 1000 --size 64 --rate 1000"
  [hierarchyredis]="--connections 1300 --spread 3,3 --size 64 --rate 100"
  [publish1redis]="--publish-only --concurrency 32"
  [publishmanyredis]="--publish-only --namespaces 100 --concurrency 32"
)
# Measured seconds where not 10 (DURATION overrides them all): a search step, the 10-minute soak.
declare -A durations=([search]=5 [soak]=600)
order=(r60 r100 r300 r1000 search storm idle10k herd hold19k soak hierarchy publish1 publishclient publishmany
       r1000redis hierarchyredis publish1redis publishmanyredis)
# Scenarios the baseline cannot run: it has no silo, so no grain client can reach it, and no history.
declare -A api_only=([publishclient]=1 [r1000redis]=1 [hierarchyredis]=1 [publish1redis]=1 [publishmanyredis]=1)

# Scenarios named *redis run the same load with the embedded silo's namespace histories in Redis
# (Sse:History:ProviderType=Redis): every delivery batch is one script on a local redis-server.
redis_port=${REDIS_PORT:-6391}
redis_server_args=(--Sse:History:ProviderType=Redis --Sse:History:ServiceKey=redis "--ConnectionStrings:redis=127.0.0.1:$redis_port")

# The Sse limits the benchmarks must not hit, for both servers: 19,000 streams from 8 source addresses,
# a storm of 10,500 new ones within a second or so. (The baseline enforces none; it reads the same keys.)
limits=(--Sse:MaxConnections=20000 --Sse:MaxConnectionsPerClient=20000
        --Sse:SubscribeBurstPerClient=20000 --Sse:SubscribeRatePerClient=20000)

duration_of() { echo "${DURATION:-${durations[$1]:-10}}"; }

if [[ ${1:-} == list ]]; then
  for name in "${order[@]}"; do
    note=""; [[ -n ${api_only[$name]:-} ]] && note="  (Api only)"
    printf '%-14s --duration %-4s %s%s\n' "$name" "$(duration_of "$name")" "${scenarios[$name]}" "$note"
  done
  exit 0
fi

compare=0
if [[ ${1:-} == compare ]]; then compare=1; shift; fi
[[ $target == api || $target == baseline ]] || { echo "TARGET=$target: api or baseline" >&2; exit 2; }

selected=("$@")
if [[ ${#selected[@]} -eq 0 || ${selected[0]} == all ]]; then selected=("${order[@]}"); fi
for name in "${selected[@]}"; do
  [[ -n ${scenarios[$name]:-} ]] || { echo "unknown scenario $name (try: $0 list)" >&2; exit 2; }
done

# Each side holds up to ~19,500 sockets.
ulimit -n "$(ulimit -Hn)"
if (( $(ulimit -n) < 20000 )); then
  echo "warning: open-file limit $(ulimit -n) < 20000: hold19k/soak/idle10k/storm may fail to open every connection" >&2
fi

if [[ ${SKIP_BUILD:-} != 1 ]]; then
  dotnet build -c Release Api -nologo -v q
  dotnet build -c Release Benchmarks -nologo -v q
fi

# The baseline runs in the Benchmarks exe, whose runtimeconfig is set for the load tool (workstation,
# non-concurrent GC): give it the Api's GC instead, read from the Api's runtimeconfig (the Web SDK's
# server GC, concurrent) and its JIT setting, so that RSS and CPU compare like with like. (On one core the runtime uses
# workstation GC for both whatever is asked; the concurrent setting is the one that differs.)
api_config=$server_dir/SseOrleans.Api.runtimeconfig.json
baseline_env=(DOTNET_gcServer=0 DOTNET_gcConcurrent=1)
if grep -q '"System.GC.Server": true' "$api_config" 2>/dev/null; then baseline_env[0]=DOTNET_gcServer=1; fi
if grep -q '"System.GC.Concurrent": false' "$api_config" 2>/dev/null; then baseline_env[1]=DOTNET_gcConcurrent=0; fi
# The same for the JIT: the Api compiles code that is not precompiled optimized at once (no tier-0 code).
if grep -q '"System.Runtime.TieredCompilation.QuickJit": false' "$api_config" 2>/dev/null; then baseline_env+=(DOTNET_TC_QuickJit=0); fi

server_pid=
redis_pid=
stop_server() {
  if [[ -n $server_pid ]]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
  if [[ -n $redis_pid ]]; then
    kill -TERM "$redis_pid" 2>/dev/null || true
    wait "$redis_pid" 2>/dev/null || true
    redis_pid=
  fi
}
trap stop_server EXIT INT TERM

url_of() { if [[ $1 == baseline ]]; then echo "http://127.0.0.1:$baseline_port"; else echo "http://127.0.0.1:$api_port"; fi; }

start_server() {
  local which=$1 log=$2 name=$3 url extra=()
  url=$(url_of "$which")
  if [[ $name == *redis ]]; then
    taskset -c "$server_core" redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$log.redis" 2>&1 &
    redis_pid=$!
    for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
    extra=("${redis_server_args[@]}")
  fi
  # shellcheck disable=SC2086 # SERVER_ARGS is meant to split
  if [[ $which == baseline ]]; then
    (cd "$bench_dir" && exec env "${baseline_env[@]}" taskset -c "$server_core" dotnet SseOrleans.Benchmarks.dll baseline \
        --urls="$url" "${limits[@]}" ${SERVER_ARGS:-}) >"$log" 2>&1 &
  else
    # From its own folder, so that its appsettings.json (log levels) is the content root's.
    # shellcheck disable=SC2086 # API_ENV is meant to split
    (cd "$server_dir" && exec env ${API_ENV:-} taskset -c "$server_core" dotnet SseOrleans.Api.dll --urls="$url" "${limits[@]}" \
        --Orleans:Endpoints:SiloPort="$silo_port" --Orleans:Endpoints:GatewayPort="$gateway_port" \
        "${extra[@]}" ${SERVER_ARGS:-}) >"$log" 2>&1 &
  fi
  server_pid=$!
  for _ in $(seq 120); do
    if curl -fs -m 1 -o /dev/null "$url/alive"; then return 0; fi
    kill -0 "$server_pid" 2>/dev/null || { echo "server exited; see $log" >&2; return 1; }
    sleep 0.5
  done
  echo "server not alive after 60 s; see $log" >&2
  return 1
}

# Runs one scenario on one server; its RESULT line goes to stdout, the results file and $result_line.
result_line=
run_one() {
  local which=$1 name=$2 url
  result_line=
  if [[ $which == baseline && -n ${api_only[$name]:-} ]]; then
    echo "== $name on the baseline: N/A (it has no silo, so no grain client)" >&2
    return 0
  fi
  url=$(url_of "$which")
  echo "== $name on $which ($url): --duration $(duration_of "$name") ${scenarios[$name]} ${LOAD_ARGS:-}" >&2
  start_server "$which" "$logs/$name.$which.server.log" "$name"
  # shellcheck disable=SC2086 # the scenario's arguments are meant to split
  result_line=$(taskset -c "$load_core" dotnet "$load_dll" load --url "$url" --server-pid "$server_pid" \
      --scenario "$name" --target "$which" --gateway-port "$gateway_port" --duration "$(duration_of "$name")" \
      ${scenarios[$name]} ${LOAD_ARGS:-} | grep '^RESULT ' || true)
  stop_server
  if [[ -n $result_line ]]; then
    echo "$result_line" | tee -a "$results"
  else
    echo "$name on $which: no RESULT line" >&2
  fi
}

mkdir -p "$(dirname "$results")"
logs=$(mktemp -d /tmp/sse-bench.XXXXXX)
echo "results -> $results, server logs -> $logs" >&2
for name in "${selected[@]}"; do
  if (( compare == 0 )); then
    run_one "$target" "$name"
    continue
  fi

  # Back to back, on one build and as close in time as the machine allows: the ratio is the figure.
  run_one api "$name"
  api_line=$result_line
  run_one baseline "$name"
  baseline_line=$result_line
  if [[ -z $api_line ]]; then
    echo "$name: no Api result, no ratio" >&2
    continue
  fi
  dotnet "$load_dll" ratio "$api_line" "$baseline_line" | tee -a "$results"
done

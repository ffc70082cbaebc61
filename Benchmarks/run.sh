#!/usr/bin/env bash
# Runs load scenarios against a fresh Release server per scenario: server pinned to core 0, load tool
# pinned to core 1 (taskset), RESULT lines appended to a file. See BENCHMARKS.md.
#
#   Benchmarks/run.sh [all|SCENARIO...]          e.g. Benchmarks/run.sh r1000 search
#   Benchmarks/run.sh list                        names the scenarios
#
# Environment: PORT (8101), SILO_PORT (21111), GATEWAY_PORT (31000), RESULTS (Benchmarks/results.txt),
# SKIP_BUILD=1, SERVER_CORE (0), LOAD_CORE (1), SERVER_ARGS / LOAD_ARGS (appended), DURATION (10),
# REDIS_PORT (6391: the redis-server that *redis scenarios start, on the server's core, nothing on disk).
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
port=${PORT:-8101}
silo_port=${SILO_PORT:-21111}
gateway_port=${GATEWAY_PORT:-31000}
results=${RESULTS:-$root/Benchmarks/results.txt}
server_core=${SERVER_CORE:-0}
load_core=${LOAD_CORE:-1}
duration=${DURATION:-10}
server_dir=$root/Api/bin/Release/net10.0
load_dll=$root/Benchmarks/bin/Release/net10.0/SseOrleans.Benchmarks.dll
url=http://127.0.0.1:$port

# name -> load tool arguments
declare -A scenarios=(
  [r60]="--connections 1000 --size 64 --rate 60"
  [r300]="--connections 1000 --size 64 --rate 300"
  [r1000]="--connections 1000 --size 64 --rate 1000"
  [search]="--connections 1000 --size 64 --search --rate 100 --duration 5 --max-loss-pct 0.1 --max-p99-ms 100"
  [idle10k]="--idle --connections 10000 --idle-settle 5"
  [hold19k]="--connections 19000 --size 64 --rate 10"
  [hierarchy]="--connections 1300 --spread 3,3 --size 64 --rate 100"
  [publish1]="--publish-only --concurrency 32"
  [publishmany]="--publish-only --namespaces 100 --concurrency 32"
  [r1000redis]="--connections 1000 --size 64 --rate 1000"
  [hierarchyredis]="--connections 1300 --spread 3,3 --size 64 --rate 100"
  [publish1redis]="--publish-only --concurrency 32"
  [publishmanyredis]="--publish-only --namespaces 100 --concurrency 32"
)
order=(r60 r300 r1000 search idle10k hold19k hierarchy publish1 publishmany r1000redis hierarchyredis publish1redis publishmanyredis)

# Scenarios named *redis run the same load with the embedded silo's namespace histories in Redis
# (Sse:History:ProviderType=Redis): every delivery batch is one script on a local redis-server.
redis_port=${REDIS_PORT:-6391}
redis_server_args="--Sse:History:ProviderType=Redis --Sse:History:ServiceKey=redis --ConnectionStrings:redis=127.0.0.1:$redis_port"

if [[ ${1:-} == list ]]; then
  for name in "${order[@]}"; do printf '%-12s %s\n' "$name" "${scenarios[$name]}"; done
  exit 0
fi

selected=("$@")
if [[ ${#selected[@]} -eq 0 || ${selected[0]} == all ]]; then selected=("${order[@]}"); fi
for name in "${selected[@]}"; do
  [[ -n ${scenarios[$name]:-} ]] || { echo "unknown scenario $name (try: $0 list)" >&2; exit 2; }
done

# Each side holds up to ~19,000 sockets.
ulimit -n "$(ulimit -Hn)"
if (( $(ulimit -n) < 20000 )); then
  echo "warning: open-file limit $(ulimit -n) < 20000: hold19k/idle10k may fail to open every connection" >&2
fi

if [[ ${SKIP_BUILD:-} != 1 ]]; then
  dotnet build -c Release Api -nologo -v q
  dotnet build -c Release Benchmarks -nologo -v q
fi

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

start_server() {
  local log=$1 extra=${2:-}
  if [[ -n $extra ]]; then
    taskset -c "$server_core" redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$log.redis" 2>&1 &
    redis_pid=$!
    for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  # From its own folder, so that its appsettings.json (log levels) is the content root's.
  # shellcheck disable=SC2086 # the extra arguments are meant to split
  (cd "$server_dir" && exec taskset -c "$server_core" dotnet SseOrleans.Api.dll --urls="$url" \
      --Sse:MaxConnections=20000 --Sse:MaxConnectionsPerClient=20000 \
      --Sse:SubscribeBurstPerClient=20000 --Sse:SubscribeRatePerClient=20000 \
      --Orleans:Endpoints:SiloPort="$silo_port" --Orleans:Endpoints:GatewayPort="$gateway_port" \
      $extra ${SERVER_ARGS:-}) >"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 120); do
    if curl -fs -m 1 -o /dev/null "$url/alive"; then return 0; fi
    kill -0 "$server_pid" 2>/dev/null || { echo "server exited; see $log" >&2; return 1; }
    sleep 0.5
  done
  echo "server not alive after 60 s; see $log" >&2
  return 1
}

mkdir -p "$(dirname "$results")"
logs=$(mktemp -d /tmp/sse-bench.XXXXXX)
echo "results -> $results, server logs -> $logs" >&2
for name in "${selected[@]}"; do
  echo "== $name: ${scenarios[$name]}" >&2
  extra=
  [[ $name == *redis ]] && extra=$redis_server_args
  start_server "$logs/$name.server.log" "$extra"
  # shellcheck disable=SC2086 # the scenario's arguments are meant to split
  line=$(taskset -c "$load_core" dotnet "$load_dll" load --url "$url" --server-pid "$server_pid" \
      --scenario "$name" --duration "$duration" ${scenarios[$name]} ${LOAD_ARGS:-} | grep '^RESULT ' || true)
  stop_server
  if [[ -n $line ]]; then
    echo "$line" | tee -a "$results"
  else
    echo "$name: no RESULT line" >&2
  fi
done

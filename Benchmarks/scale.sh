#!/usr/bin/env bash
# Scale-out benchmark: a real cluster on this machine (redis-server, S silos and F front-ends as separate
# Release processes, configured as DESIGN.md's "Cluster mode" says, histories in Redis), each node in its
# own cgroup with a CPU quota, all nodes on one core; the load tool and Redis on the other. For each
# configuration and measurement it starts a fresh cluster, runs the load tool against every front-end,
# appends its RESULT line to a file, stops the cluster; at the end it prints a Markdown summary.
# See BENCHMARKS.md, "Scale-out".
#
#   Benchmarks/scale.sh [silos] [frontends] [issue] [SxF@SILO/FRONTEND,...]   series to run (default: silos frontends)
#   Benchmarks/scale.sh list                  the series and what each measurement passes to the load tool
#   Benchmarks/scale.sh table FILE            the summary of the RESULT lines in FILE
#   WARMUP=3 DURATION=3 MEASURE=depth2 Benchmarks/scale.sh issue    a smoke run
#
# A configuration is SxF@SILO/FRONTEND: S silos of SILO cores each and F front-ends of FRONTEND cores each,
# e.g. 2x2@0.2/0.2. The quotas of a configuration must add up to less than the core they share (1.0).
# A series is configurations separated by commas; its first is what the others' ratios are against.
#
# Environment: SILO_SERIES (1x2@0.125/0.2,2x2@0.125/0.2,4x2@0.125/0.2), FRONT_END_SERIES
# (1x1@0.5/0.1,1x2@0.5/0.1,1x4@0.5/0.1), MEASURE ("depth2 depth4 hot deliver"), WARMUP (20: seconds
# before a publish window, and before a search's first step), DURATION (15: measured seconds, per search
# step too), STEP_WARMUP (5: warm-up of the search's later steps), CONCURRENCY (64 publishes in flight,
# closed loop), DELIVER_CONCURRENCY (128), SUBSCRIBERS (4000), SEARCH_RATE (50 events/s: the first step),
# MAX_P99_MS (500), MAX_LOSS_PCT (0.1), SEARCH_RETRIES (1: a failing search step is run once more),
# REPEAT (1: runs of every configuration and measurement, each on a fresh cluster; the summary shows the median), CFS_PERIOD_US (100000), CPU_WEIGHT (max: the benchmark's cgroup
# outweighs other processes, so that each node gets its quota on a busy machine; default: the kernel's),
# NODE_CORE (0), LOAD_CORE (1),
# RESULTS (Benchmarks/scale-results.txt), SKIP_BUILD=1, LOAD_ARGS (appended to the load tool's arguments),
# ports: REDIS_PORT (6392), SILO_PORT (22111 + i), GATEWAY_PORT (32100 + i), SILO_HTTP_PORT (8300 + i),
# FRONT_END_PORT (8200 + i).
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
bench_dir=$root/Benchmarks/bin/Release/net10.0
load_dll=$bench_dir/SseOrleans.Benchmarks.dll
silo_dir=$root/Silo/bin/Release/net10.0
api_dir=$root/Api/bin/Release/net10.0

silo_series=${SILO_SERIES:-1x2@0.125/0.2,2x2@0.125/0.2,4x2@0.125/0.2}
front_end_series=${FRONT_END_SERIES:-1x1@0.5/0.1,1x2@0.5/0.1,1x4@0.5/0.1}
issue_series=1x1@0.2/0.2,2x2@0.2/0.2
measure=${MEASURE:-depth2 depth4 hot deliver}
warmup=${WARMUP:-20}
duration=${DURATION:-15}
step_warmup=${STEP_WARMUP:-5}
concurrency=${CONCURRENCY:-64}
deliver_concurrency=${DELIVER_CONCURRENCY:-128}
subscribers=${SUBSCRIBERS:-4000}
search_rate=${SEARCH_RATE:-50}
max_p99_ms=${MAX_P99_MS:-500}
max_loss_pct=${MAX_LOSS_PCT:-0.1}
search_retries=${SEARCH_RETRIES:-1}
repeat=${REPEAT:-1}
cfs_period_us=${CFS_PERIOD_US:-100000}
cpu_weight=${CPU_WEIGHT:-max}
node_core=${NODE_CORE:-0}
load_core=${LOAD_CORE:-1}
results=${RESULTS:-$root/Benchmarks/scale-results.txt}
redis_port=${REDIS_PORT:-6392}
silo_port=${SILO_PORT:-22111}
gateway_port=${GATEWAY_PORT:-32100}
silo_http_port=${SILO_HTTP_PORT:-8300}
front_end_port=${FRONT_END_PORT:-8200}

# measurement -> load tool arguments (scale.sh adds the cluster's URLs and pids, labels, --warmup, --duration)
declare -A measurements=(
  [depth2]="--publish-only --namespace /depth2 --namespaces 1000 --concurrency $concurrency"
  [depth4]="--publish-only --namespace /depth4 --spread 10,10,10 --concurrency $concurrency"
  [hot]="--publish-only --namespace /hot --concurrency $concurrency"
  [deliver]="--search --connections $subscribers --namespace /fan --namespaces 100 --leaves-only --size 64 --rate $search_rate --max-loss-pct $max_loss_pct --max-p99-ms $max_p99_ms --search-retries $search_retries --concurrency $deliver_concurrency"
)
declare -A descriptions=(
  [depth2]="publishes/s, closed loop, round-robin over 1,000 namespaces at depth 2 (/depth2/aN)"
  [depth4]="publishes/s, closed loop, round-robin over 1,000 namespaces at depth 4 (/depth4/aN/bN/cN)"
  [hot]="publishes/s, closed loop, all into one namespace (/hot)"
  [deliver]="highest events/s delivered to $subscribers subscribers of 100 namespaces (40 each, spread over the front-ends) with loss < $max_loss_pct% and p99 < $max_p99_ms ms"
)

series_of() {
  case $1 in
    silos) echo "$silo_series" ;;
    frontends) echo "$front_end_series" ;;
    issue) echo "$issue_series" ;;
    *x*@*/*) echo "$1" ;;
    *) echo "unknown series $1 (silos, frontends, issue or SxF@SILO/FRONTEND,...)" >&2; return 2 ;;
  esac
}

if [[ ${1:-} == list ]]; then
  printf 'series silos:     %s\nseries frontends: %s\nseries issue:     %s\n' "$silo_series" "$front_end_series" "$issue_series"
  for name in $measure; do
    printf '%-8s %s\n         --warmup %s --duration %s %s\n' "$name" "${descriptions[$name]}" \
        "$([[ $name == deliver ]] && echo "$step_warmup --search-warmup $warmup" || echo "$warmup")" "$duration" "${measurements[$name]}"
  done
  exit 0
fi

if [[ ${1:-} == table ]]; then
  exec dotnet "$load_dll" scale-table "${2:?usage: $0 table FILE}"
fi

for name in $measure; do
  [[ -n ${measurements[$name]:-} ]] || { echo "unknown measurement $name (depth2 depth4 hot deliver)" >&2; exit 2; }
done
[[ $repeat =~ ^[1-9][0-9]*$ ]] || { echo "REPEAT=$repeat: a number of runs, 1 or more" >&2; exit 2; }
series_names=("$@")
(( ${#series_names[@]} > 0 )) || series_names=(silos frontends)
declare -a series=()
for name in "${series_names[@]}"; do series+=("$(series_of "$name")"); done

# A configuration SxF@SILO/FRONTEND -> "S F SILO FRONTEND"; refuses quotas that do not fit in the core.
parse_config() {
  local spec=$1
  [[ $spec =~ ^([0-9]+)x([0-9]+)@([0-9.]+)/([0-9.]+)$ ]] || { echo "bad configuration $spec (SxF@SILO/FRONTEND, e.g. 2x2@0.2/0.2)" >&2; return 2; }
  local s=${BASH_REMATCH[1]} f=${BASH_REMATCH[2]} sc=${BASH_REMATCH[3]} fc=${BASH_REMATCH[4]}
  if ! awk -v s="$s" -v f="$f" -v sc="$sc" -v fc="$fc" 'BEGIN { exit !(s >= 1 && f >= 1 && sc >= 0.01 && fc >= 0.01 && s * sc + f * fc < 1) }'; then
    echo "configuration $spec: $s x $sc + $f x $fc cores must be under the one core the nodes share (each node at least 0.01)" >&2
    return 2
  fi
  echo "$s $f $sc $fc"
}
for spec_list in "${series[@]}"; do
  IFS=, read -ra specs <<<"$spec_list"
  for spec in "${specs[@]}"; do parse_config "$spec" >/dev/null; done
done

# --- cgroups: v2 (cpu.max) where the unified hierarchy has the cpu controller, else v1 (cpu + cpuacct) ---
cgroup_name=sse-scale-$$
if [[ -f /sys/fs/cgroup/cgroup.controllers ]] && grep -qw cpu /sys/fs/cgroup/cgroup.controllers; then
  cgroup_mode=v2
  cgroup_parents=(/sys/fs/cgroup/$cgroup_name)
elif [[ -f /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]]; then
  cgroup_mode=v1
  cgroup_parents=(/sys/fs/cgroup/cpu/$cgroup_name)
  # cpuacct may be its own hierarchy or mounted with cpu (then both paths are one directory).
  if [[ -d /sys/fs/cgroup/cpuacct && $(realpath /sys/fs/cgroup/cpuacct) != $(realpath /sys/fs/cgroup/cpu) ]]; then
    cgroup_parents+=(/sys/fs/cgroup/cpuacct/$cgroup_name)
  fi
else
  echo "no cgroup cpu controller found (neither /sys/fs/cgroup/cpu/cpu.cfs_quota_us nor cpu in /sys/fs/cgroup/cgroup.controllers)" >&2
  exit 1
fi
[[ -w ${cgroup_parents[0]%/*} ]] || { echo "cannot write ${cgroup_parents[0]%/*}: run as root" >&2; exit 1; }

# Each side opens up to SUBSCRIBERS sockets.
ulimit -n "$(ulimit -Hn)"

if [[ ${SKIP_BUILD:-} != 1 ]]; then
  dotnet build -c Release Silo -nologo -v q
  dotnet build -c Release Api -nologo -v q
  dotnet build -c Release Benchmarks -nologo -v q
fi

for port in "$redis_port" $(seq "$front_end_port" $((front_end_port + 3))) $(seq "$silo_http_port" $((silo_http_port + 3))) \
    $(seq "$silo_port" $((silo_port + 3))) $(seq "$gateway_port" $((gateway_port + 3))); do
  if ss -Hltn "sport = :$port" | grep -q .; then echo "port $port is in use (see the ports at the top of $0)" >&2; exit 1; fi
done

mkdir -p "$(dirname "$results")"
logs=$(mktemp -d /tmp/sse-scale.XXXXXX)
lines=$logs/results.txt
: >"$lines"

# --- processes of the current cluster, newest last; stopped newest first ---
pids=()
redis_pid=
started=()    # every process ever started, to verify at the end that none is left
tool_pid=
groups=()     # every node cgroup directory made (all hierarchies)
quota_dirs=() # the directory of each node whose quota is set (cpu hierarchy, or v2)

mkdir "${cgroup_parents[@]}"
if [[ $cgroup_mode == v2 ]]; then
  grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control || echo +cpu >/sys/fs/cgroup/cgroup.subtree_control
  echo +cpu >"${cgroup_parents[0]}/cgroup.subtree_control"
fi
# The benchmark's group as a whole against every other process of the machine: with the kernel's default
# weight it counts as one task, and on a busy machine its nodes get a fraction of their quotas (which
# then measure the other processes, not the nodes). At the highest weight the nodes get their quotas;
# the quotas (less than one core in all) still bound what they take.
if [[ $cpu_weight != default ]]; then
  if [[ $cgroup_mode == v2 ]]; then
    echo "$([[ $cpu_weight == max ]] && echo 10000 || echo "$cpu_weight")" >"${cgroup_parents[0]}/cpu.weight"
  else
    echo "$([[ $cpu_weight == max ]] && echo 262144 || echo "$cpu_weight")" >"${cgroup_parents[0]}/cpu.shares"
  fi
fi
# Redis and the load tool share a group of their own (no quota), with the same weight as a node.
load_group=${cgroup_parents[0]}/load
mkdir "$load_group"

set_quota() { # dir cores|max
  local dir=$1 quota
  if [[ $2 == max ]]; then quota=-1; else quota=$(awk -v c="$2" -v p="$cfs_period_us" 'BEGIN { printf "%d", c * p }'); fi
  if [[ $cgroup_mode == v2 ]]; then
    if [[ $quota == -1 ]]; then echo "max $cfs_period_us" >"$dir/cpu.max"; else echo "$quota $cfs_period_us" >"$dir/cpu.max"; fi
  else
    echo "$cfs_period_us" >"$dir/cpu.cfs_period_us"
    echo "$quota" >"$dir/cpu.cfs_quota_us"
  fi
}

stop_cluster() {
  local i pid dir
  # Quotas off first, so that shutting down is not throttled; then the nodes (SIGTERM: front-ends and
  # silos leave the cluster in parallel, SIGKILL after 10 s), then Redis, which their shutdown needs.
  for dir in "${quota_dirs[@]}"; do set_quota "$dir" max 2>/dev/null || true; done
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    [[ ${pids[i]} == "$redis_pid" ]] || kill -TERM "${pids[i]}" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    [[ $pid == "$redis_pid" ]] && continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ -n $redis_pid ]]; then
    kill -TERM "$redis_pid" 2>/dev/null || true
    wait "$redis_pid" 2>/dev/null || true
  fi
  pids=()
  redis_pid=
  for ((i = ${#groups[@]} - 1; i >= 0; i--)); do rmdir "${groups[i]}" 2>/dev/null || true; done
  groups=()
  quota_dirs=()
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n $tool_pid ]]; then
    kill -TERM "$tool_pid" 2>/dev/null || true
    wait "$tool_pid" 2>/dev/null || true
  fi
  stop_cluster
  rmdir "$load_group" "${cgroup_parents[@]}" 2>/dev/null || true
  local alive=()
  for pid in "${started[@]}"; do if kill -0 "$pid" 2>/dev/null; then alive+=("$pid"); fi; done
  local remaining=()
  for dir in "${cgroup_parents[@]}"; do if [[ -d $dir ]]; then remaining+=("$dir"); fi; done
  if (( ${#alive[@]} > 0 || ${#remaining[@]} > 0 )); then
    echo "cleanup: still running: ${alive[*]:-none}; cgroups left: ${remaining[*]:-none}" >&2
  else
    echo "cleanup: none of the ${#started[@]} processes started is left, cgroups removed; logs in $logs" >&2
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start_node NAME DIR LOG COMMAND...: in a new cgroup (no quota yet), pinned to the nodes' core.
start_node() {
  local name=$1 dir=$2 log=$3 node_groups=() parent
  shift 3
  for parent in "${cgroup_parents[@]}"; do
    mkdir "$parent/$name"
    groups+=("$parent/$name")
    node_groups+=("$parent/$name")
  done
  quota_dirs+=("${cgroup_parents[0]}/$name")
  (
    for group in "${node_groups[@]}"; do echo "$BASHPID" >"$group/cgroup.procs"; done
    cd "$dir" && exec taskset -c "$node_core" "$@"
  ) >"$log" 2>&1 &
  pids+=($!)
  started+=($!)
  started_pid=$!
}

wait_healthy() { # URL PID LOG
  for _ in $(seq 240); do
    if curl -fs -m 1 -o /dev/null "$1/health"; then return 0; fi
    kill -0 "$2" 2>/dev/null || { echo "a node exited; see $3" >&2; return 1; }
    sleep 0.5
  done
  echo "$1 not healthy after 120 s; see $3" >&2
  return 1
}

# The cluster's shared settings (DESIGN.md, "Cluster mode").
cluster_env() {
  echo Orleans__ClusterId="$1" Orleans__ServiceId=sse-orleans \
    Orleans__Clustering__ProviderType=Redis Orleans__Clustering__ServiceKey=redis \
    ConnectionStrings__redis=127.0.0.1:$redis_port Orleans__Streaming__sse__ProviderType=Memory
}

# start_cluster LABEL S F SILO_CORES FRONT_END_CORES: sets silo_pids, front_end_pids, redis_pid, urls.
start_cluster() {
  local label=$1 s=$2 f=$3 silo_cores=$4 front_end_cores=$5 i log
  local cluster_id=sse-scale-$$-$label
  silo_pids=() front_end_pids=() urls=()
  # In a session of its own, so that a Ctrl-C does not stop it before the nodes it serves.
  (echo "$BASHPID" >"$load_group/cgroup.procs" && exec taskset -c "$load_core" setsid redis-server --port "$redis_port" \
      --bind 127.0.0.1 --save "" --appendonly no) >"$logs/$label.redis.log" 2>&1 &
  redis_pid=$!
  pids+=("$redis_pid")
  started+=("$redis_pid")
  for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

  for ((i = 0; i < s; i++)); do
    log=$logs/$label.silo$((i + 1)).log
    # shellcheck disable=SC2046 # cluster_env's words are meant to split
    start_node "silo$((i + 1))" "$silo_dir" "$log" env $(cluster_env "$cluster_id") \
      Orleans__GrainStorage__PubSubStore__ProviderType=Redis Orleans__GrainStorage__PubSubStore__ServiceKey=redis \
      Sse__History__ProviderType=Redis Sse__History__ServiceKey=redis \
      Orleans__Endpoints__AdvertisedIPAddress=127.0.0.1 \
      Orleans__Endpoints__SiloPort=$((silo_port + i)) Orleans__Endpoints__GatewayPort=$((gateway_port + i)) \
      dotnet SseOrleans.Silo.dll --urls "http://127.0.0.1:$((silo_http_port + i))"
    silo_pids+=("$started_pid")
  done
  # Front-ends after every silo is up, so that each starts with every gateway in its list.
  for ((i = 0; i < s; i++)); do
    wait_healthy "http://127.0.0.1:$((silo_http_port + i))" "${silo_pids[i]}" "$logs/$label.silo$((i + 1)).log"
  done

  for ((i = 0; i < f; i++)); do
    log=$logs/$label.front-end$((i + 1)).log
    # shellcheck disable=SC2046
    start_node "front-end$((i + 1))" "$api_dir" "$log" env $(cluster_env "$cluster_id") \
      Sse__MaxConnections=20000 Sse__MaxConnectionsPerClient=20000 \
      Sse__SubscribeBurstPerClient=20000 Sse__SubscribeRatePerClient=20000 \
      dotnet SseOrleans.Api.dll --urls "http://127.0.0.1:$((front_end_port + i))"
    front_end_pids+=("$started_pid")
    urls+=("http://127.0.0.1:$((front_end_port + i))")
  done
  for ((i = 0; i < f; i++)); do
    wait_healthy "${urls[i]}" "${front_end_pids[i]}" "$logs/$label.front-end$((i + 1)).log"
  done

  # Quotas once every node is up: starting .NET and Orleans at 0.1 core takes minutes, and the
  # warm-up before each window is what brings the nodes to their steady state.
  for ((i = 0; i < s; i++)); do set_quota "${cgroup_parents[0]}/silo$((i + 1))" "$silo_cores"; done
  for ((i = 0; i < f; i++)); do set_quota "${cgroup_parents[0]}/front-end$((i + 1))" "$front_end_cores"; done
}

join() { local IFS=,; echo "$*"; }

echo "cgroup $cgroup_mode, nodes on core $node_core, the load tool and Redis on core $load_core; results -> $results, logs -> $logs" >&2
series_index=0
for spec_list in "${series[@]}"; do
  series_index=$((series_index + 1))
  series_label="${series_names[series_index - 1]}"
  [[ $series_label == *x*@* ]] && series_label="series$series_index"
  IFS=, read -ra specs <<<"$spec_list"
  # Repeats outermost: the configurations of one repeat run close together in time, which is what their
  # ratios need on a machine whose load drifts.
  for ((run = 1; run <= repeat; run++)); do
    for spec in "${specs[@]}"; do
      read -r s f silo_cores front_end_cores <<<"$(parse_config "$spec")"
      for name in $measure; do
        label="$series_label.${s}x${f}.$name.$run"
        echo "== $series_label (run $run of $repeat): $s silo(s) of $silo_cores core, $f front-end(s) of $front_end_cores core: $name (${descriptions[$name]})" >&2
        start_cluster "$label" "$s" "$f" "$silo_cores" "$front_end_cores"
        if [[ $name == deliver ]]; then
          timing=(--warmup "$step_warmup" --search-warmup "$warmup" --duration "$duration")
        else
          timing=(--warmup "$warmup" --duration "$duration")
        fi
        # In the background and waited for, so that Ctrl-C or a TERM reaches the cleanup at once.
        # shellcheck disable=SC2086 # the measurement's arguments and LOAD_ARGS are meant to split
        (echo "$BASHPID" >"$load_group/cgroup.procs" && exec taskset -c "$load_core" dotnet "$load_dll" load --urls "$(join "${urls[@]}")" \
            --silo-pids "$(join "${silo_pids[@]}")" --front-end-pids "$(join "${front_end_pids[@]}")" --redis-pid "$redis_pid" \
            --series "$series_label" --scenario "$name" --target "${s}x${f}@${silo_cores}/${front_end_cores}" \
            "${timing[@]}" ${measurements[$name]} ${LOAD_ARGS:-}) >"$logs/$label.load.out" 2> >(tee "$logs/$label.load.log" >&2) &
        tool_pid=$!
        started+=("$tool_pid")
        wait "$tool_pid" || echo "$label: the load tool exited with $?" >&2
        tool_pid=
        result_line=$(grep '^RESULT ' "$logs/$label.load.out" || true)
        stop_cluster
        if [[ -n $result_line ]]; then
          echo "$result_line" | tee -a "$results" "$lines"
        else
          echo "$label: no RESULT line (see $logs)" >&2
        fi
      done
    done
  done
done

echo >&2
dotnet "$load_dll" scale-table "$lines"

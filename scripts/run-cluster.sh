#!/usr/bin/env bash
# Runs a small SseOrleans cluster on this machine without Aspire: redis-server, two silos and two Api
# front-ends on loopback ports, configured only with environment variables (the keys Aspire injects).
# Ctrl-C stops them all: front-ends, then silos (which leave the membership table), then Redis.
#
#   scripts/run-cluster.sh                          # build (Release), then run
#   NO_BUILD=1 CONFIGURATION=Debug scripts/run-cluster.sh
#
# Ports: Redis $REDIS_PORT (6380); silos $SILO1_PORTS and $SILO2_PORTS (silo, gateway and HTTP port:
# "11111 30000 8102" and "11112 30001 8103"); Api front-ends http://127.0.0.1:$API1_PORT (8001) and
# http://127.0.0.1:$API2_PORT (8011).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

REDIS_PORT=${REDIS_PORT:-6380}
SILO1_PORTS=${SILO1_PORTS:-11111 30000 8102}
SILO2_PORTS=${SILO2_PORTS:-11112 30001 8103}
API1_PORT=${API1_PORT:-8001}
API2_PORT=${API2_PORT:-8011}
CONFIGURATION=${CONFIGURATION:-Release}
# How long a process may take to stop before it is killed: a silo gives up on its own after its
# shutdown timeout (30 s), when what it says goodbye to (Redis) does not answer.
STOP_TIMEOUT=${STOP_TIMEOUT:-40}
redis_pid=
silo_pids=()
api_pids=()

# SIGTERM to every process given, at once; SIGKILL to any still there after $STOP_TIMEOUT seconds.
terminate() {
  [ $# -gt 0 ] || return 0
  kill "$@" 2>/dev/null || true
  for ((waited = 0; waited < STOP_TIMEOUT * 10; waited++)); do
    kill -0 "$@" 2>/dev/null || break
    sleep 0.1
  done
  for pid in "$@"; do
    if kill -0 "$pid" 2>/dev/null; then
      echo "process $pid did not stop within ${STOP_TIMEOUT}s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
}

# Front-ends first, then the silos (Redis still there, so they leave the membership table), then Redis.
stop() {
  trap - INT TERM EXIT
  echo "stopping the front-ends, the silos, then Redis"
  terminate "${api_pids[@]}"
  terminate "${silo_pids[@]}"
  terminate $redis_pid
}
trap stop INT TERM EXIT

if [ -z "${NO_BUILD:-}" ]; then
  dotnet build Silo -c "$CONFIGURATION" --nologo -v q
  dotnet build Api -c "$CONFIGURATION" --nologo -v q
fi

# In a session of its own, so that a terminal's Ctrl-C (SIGINT to the whole process group) does not stop
# Redis before the silos have left. The .NET processes, started in the background of a script, ignore
# SIGINT (as bash makes them) and are stopped by stop() instead.
setsid redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no &
redis_pid=$!

# What every process shares: the cluster, Redis clustering and the "sse" memory streams.
export Orleans__ClusterId=sse-local
export Orleans__ServiceId=sse-orleans
export Orleans__Clustering__ProviderType=Redis
export Orleans__Clustering__ServiceKey=redis
export ConnectionStrings__redis="127.0.0.1:$REDIS_PORT"
export Orleans__Streaming__sse__ProviderType=Memory

# Each process runs from its build output so that its appsettings.json is found.
silo() { # silo-port gateway-port http-port
  (cd "$root/Silo/bin/$CONFIGURATION/net10.0" &&
    Orleans__GrainStorage__PubSubStore__ProviderType=Redis \
    Orleans__GrainStorage__PubSubStore__ServiceKey=redis \
    Sse__History__ProviderType=Redis Sse__History__ServiceKey=redis \
    Orleans__Endpoints__AdvertisedIPAddress=127.0.0.1 \
    Orleans__Endpoints__SiloPort="$1" Orleans__Endpoints__GatewayPort="$2" \
    exec dotnet SseOrleans.Silo.dll --urls "http://127.0.0.1:$3") &
  silo_pids+=($!)
}

api() { # http-port
  (cd "$root/Api/bin/$CONFIGURATION/net10.0" && exec dotnet SseOrleans.Api.dll --urls "http://127.0.0.1:$1") &
  api_pids+=($!)
}

# shellcheck disable=SC2086 # each holds three ports
silo $SILO1_PORTS
# shellcheck disable=SC2086
silo $SILO2_PORTS
api "$API1_PORT"
api "$API2_PORT"

echo "cluster starting: curl -N http://127.0.0.1:$API2_PORT/subscribe/pets   and   curl -d hi http://127.0.0.1:$API1_PORT/publish/pets/dogs"
wait -n
echo "a process exited"

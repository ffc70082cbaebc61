#!/usr/bin/env bash
# Runs a small SseOrleans cluster on this machine without Aspire: redis-server, two silos and two Api
# front-ends on loopback ports, configured only with environment variables (the keys Aspire injects).
# Ctrl-C stops them all.
#
#   scripts/run-cluster.sh                          # build (Release), then run
#   NO_BUILD=1 CONFIGURATION=Debug scripts/run-cluster.sh
#
# Ports: Redis $REDIS_PORT (6380); silos 11111/30000 and 11112/30001 (HTTP 8102, 8103);
# Api front-ends http://127.0.0.1:8001 and http://127.0.0.1:8011.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

REDIS_PORT=${REDIS_PORT:-6380}
CONFIGURATION=${CONFIGURATION:-Release}
pids=()

# Newest first: front-ends, then silos (which leave the membership table), then Redis.
stop() {
  trap - INT TERM EXIT
  echo "stopping ${#pids[@]} processes"
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
}
trap stop INT TERM EXIT

if [ -z "${NO_BUILD:-}" ]; then
  dotnet build Silo -c "$CONFIGURATION" --nologo -v q
  dotnet build Api -c "$CONFIGURATION" --nologo -v q
fi

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no &
pids+=($!)

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
  pids+=($!)
}

api() { # http-port
  (cd "$root/Api/bin/$CONFIGURATION/net10.0" && exec dotnet SseOrleans.Api.dll --urls "http://127.0.0.1:$1") &
  pids+=($!)
}

silo 11111 30000 8102
silo 11112 30001 8103
api 8001
api 8011

echo "cluster starting: curl -N http://127.0.0.1:8011/subscribe/pets   and   curl -d hi http://127.0.0.1:8001/publish/pets/dogs"
wait -n
echo "a process exited"

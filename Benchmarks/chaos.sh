#!/usr/bin/env bash
# Chaos under load: a cluster on this machine (redis-server, two silos, two front-ends behind a round-robin
# ingress, the README's cluster settings with the Redis history), subscribers and a paced publisher, and
# for N minutes one random fault at a time: a silo or a front-end SIGKILLed and started again, a silo, a
# front-end or Redis paused (SIGSTOP) and resumed. Prints one CHAOS {json} line (lost, duplicated, failed,
# id breaks) and exits 1 if anything accepted was lost, repeated or out of order. See BENCHMARKS.md, "Chaos".
#
#   Benchmarks/chaos.sh [--minutes 10] [--rate 200] [--seed N] ...   (Benchmarks/chaos.sh --help)
#   SKIP_BUILD=1 Benchmarks/chaos.sh --minutes 1
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ${SKIP_BUILD:-} != 1 ]]; then
  dotnet build -c Release Silo -nologo -v q
  dotnet build -c Release Api -nologo -v q
  dotnet build -c Release Benchmarks -nologo -v q
fi

exec dotnet Benchmarks/bin/Release/net10.0/SseOrleans.Benchmarks.dll chaos "$@"

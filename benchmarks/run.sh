#!/usr/bin/env bash
# Builds the benchmark jar and runs a profile of Proxima's JMH benchmarks.
# Results (jmh-result.json, footprint.json, run-info.json, RESULTS.md) go to benchmarks/results/.
#
#   benchmarks/run.sh                      # short profile: under 10 minutes on 2 cores, build included
#   benchmarks/run.sh --profile full       # more forks and longer iterations
#   benchmarks/run.sh --only crypto,session --include 'inMemory'
#
# Needs JDK 17+, Maven 3.8+ and mosquitto (apt-get install mosquitto) for the raw MQTT baselines.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
start=$(date +%s)
mvn -B -ntp -q -pl benchmarks -am -DskipTests package
java -cp benchmarks/target/benchmarks.jar io.proxima.bench.runner.ProfileRunner --results benchmarks/results "$@"
echo "# build and run took $(( $(date +%s) - start )) s"

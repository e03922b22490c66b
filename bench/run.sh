#!/usr/bin/env bash
# Runs the channel throughput benchmark and the xargs baseline on this machine, one after the other.
# Usage: bench/run.sh [runs] [workers]     (default 5000 runs, 8 workers)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5000}
workers=${2:-8}
source .mvn/find-jdk.sh
[ -f agent/target/taskrunner-agent.jar ] || ./mvnw -B -q -pl agent -am package -DskipTests
java=${JAVA_HOME:+$JAVA_HOME/bin/}java

# The JVM options the agent runs with (installer/src/main/systemd/taskrunner-agent.service, LocalAgentLauncher);
# native access is granted there by the agent jar's manifest, here on the command line.
agent_options=(-Xmx48m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=24m
  -XX:MaxMetaspaceSize=64m -XX:CICompilerCount=1 --enable-native-access=ALL-UNNAMED)

agent_ms() {
  "$java" "${agent_options[@]}" -cp "agent/target/taskrunner-agent.jar:agent/target/lib/*" \
    -Dlogback.configurationFile=bench/logback.xml bench/ChannelThroughput.java "$runs" "$workers" \
    | tee /dev/stderr | sed -E 's/.*: ([0-9]+) ms.*/\1/'
}
xargs_ms() {
  local t0 t1
  t0=$(date +%s%N)
  seq "$runs" | xargs -P "$workers" -n 1 true
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}

for round in 1 2 3 4 5; do
  a=$(agent_ms)
  x=$(xargs_ms)
  echo "round $round: agent $a ms, xargs -P $workers $x ms, ratio $(awk -v a="$a" -v x="$x" 'BEGIN { printf "%.2f", a / x }')"
done

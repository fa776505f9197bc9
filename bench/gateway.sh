#!/usr/bin/env bash
# a6 and the Go runner behind APISIX's real ext-plugin client, one after the other in one run.
#
#   bench/gateway.sh [--duration 10] [--warmup 3] [--repeat 3] [--connections 16]
#
# Needs the gateway built as docs/testing.md says (A6_GATEWAY, default /tmp/apisix-gateway), its
# go-runner (build-go-runner.sh), wrk, and samples/target/a6-samples-runner.jar. The runner under
# test is pinned to CPU 0; the gateway (one nginx worker) and wrk share CPU 1. Each scenario is
# loaded with wrk for a warm-up, then measured: requests per second, p50 and p99 latency, and the
# runner's CPU time (all its threads, from /proc/<pid>/stat) per request. Prints a Markdown table.
set -euo pipefail

DURATION=10 WARMUP=3 REPEAT=3 CONNECTIONS=16
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --repeat) REPEAT=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    *) echo "unknown option $1; see the header of $0" >&2; exit 2 ;;
  esac
done

GATEWAY=${A6_GATEWAY:-/tmp/apisix-gateway}
JAR=${A6_RUNNER_JAR:-samples/target/a6-samples-runner.jar}
GO_RUNNER=$GATEWAY/go-runner
# The README's recommended JVM flags for a runner.
A6_FLAGS="-XX:+UseSerialGC -Xms8m -Xmx256m -Xss256k -XX:TrimNativeHeapInterval=2000"
for need in "$GATEWAY/run-e2e.sh" "$GO_RUNNER" "$JAR"; do
  [ -e "$need" ] || { echo "$need is missing: see the header of $0" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "wrk is missing (it comes with the gateway)" >&2; exit 2; }

if (exec 3<>/dev/tcp/127.0.0.1/9080) 2>/dev/null; then
  echo "port 9080 is in use: stop the gateway that listens there first" >&2; exit 2
fi
WORK=$(mktemp -d /tmp/a6-gw-bench.XXXXXX)
# Beside, not inside, the private folder: nginx's workers run as nobody and must reach it.
SOCK=$WORK.sock
RUNNER_PID=
cleanup() {
  "$GATEWAY/run-e2e.sh" "$SOCK" stop >/dev/null 2>&1 || true
  [ -n "$RUNNER_PID" ] && kill "$RUNNER_PID" 2>/dev/null || true
  rm -rf "$WORK" "$SOCK"
}
trap cleanup EXIT

# Routes: the same plugin confs for both runners (a6's samples read the Go examples' confs).
pre() { echo "\"ext-plugin-pre-req\":{\"conf\":[$1]}"; }
conf() { printf '{"name":"%s","value":"%s"}' "$1" "$(printf '%s' "$2" | sed 's/"/\\"/g')"; }
cat > "$WORK/routes.json" <<EOF
{"routes":[
 {"id":"stop","uri":"/stop","plugins":{$(pre "$(conf say '{"body":"hello"}')")}},
 {"id":"rewrite","uri":"/rewrite","plugins":{$(pre "$(conf request-body-rewrite '{"new_body":"rewritten"}')")}},
 {"id":"response","uri":"/response","plugins":{"ext-plugin-post-resp":{"conf":[$(conf response-rewrite '{"headers":{"X-Resp":"changed"}}')]}}},
 {"id":"chain","uri":"/chain","plugins":{$(pre "$(conf key-auth '{"keys":["k1"]}'),$(conf var-to-header '{"headers":{"X-Client":"remote_addr"}}'),$(conf request-body-rewrite '{"new_body":"rewritten"}')")}},
 {"id":"none","uri":"/none","plugins":{}}
]}
EOF

start_runner() { # a6|go
  rm -f "$SOCK"
  if [ "$1" = a6 ]; then
    # shellcheck disable=SC2086
    APISIX_LISTEN_ADDRESS=unix:$SOCK taskset -c 0 java $A6_FLAGS -jar "$JAR" --log-level warn \
      >"$WORK/runner.log" 2>&1 &
  else
    # In the work folder: the Go runner writes logs/runner.log where it starts.
    (cd "$WORK" && APISIX_LISTEN_ADDRESS=unix:$SOCK APISIX_CONF_EXPIRE_TIME=3600 \
      exec taskset -c 0 "$GO_RUNNER" run -m prod >"$WORK/runner.log" 2>&1) &
  fi
  RUNNER_PID=$!
  for _ in $(seq 300); do [ -S "$SOCK" ] && return 0; sleep 0.05; done
  echo "the $1 runner did not listen; its log:" >&2; cat "$WORK/runner.log" >&2; exit 1
}

stop_runner() {
  kill "$RUNNER_PID" 2>/dev/null || true
  wait "$RUNNER_PID" 2>/dev/null || true
  RUNNER_PID=
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# to_ms 1.23ms|456.00us|1.02s
to_ms() {
  case "$1" in
    *us) awk -v v="${1%us}" 'BEGIN{printf "%.3f", v/1000}' ;;
    *ms) awk -v v="${1%ms}" 'BEGIN{printf "%.3f", v}' ;;
    *s) awk -v v="${1%s}" 'BEGIN{printf "%.3f", v*1000}' ;;
  esac
}

# measure NAME PATH [HEADER]: one row
measure() {
  local name=$1 path=$2 runner=$3 header=${4:-X-None: 0} out before after requests errors
  taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -H "$header" "http://127.0.0.1:9080$path" >/dev/null
  before=$( [ -n "$RUNNER_PID" ] && cpu_ticks "$RUNNER_PID" || echo 0 )
  out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "$header" "http://127.0.0.1:9080$path")
  after=$( [ -n "$RUNNER_PID" ] && cpu_ticks "$RUNNER_PID" || echo 0 )
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  errors=$(echo "$out" | awk '/Non-2xx or 3xx responses/ {print $5}')
  local rps p50 p99 cpu
  rps=$(echo "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}')
  p50=$(to_ms "$(echo "$out" | awk '$1 == "50%" {print $2}')")
  p99=$(to_ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")
  if [ "$runner" = none ]; then
    cpu="–"
  else
    cpu=$(awk -v t=$((after - before)) -v n="$requests" -v hz="$(getconf CLK_TCK)" \
      'BEGIN{printf "%.1f", t / hz * 1e6 / n}')
  fi
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$runner" "$rps" "$p50" "$p99" "$cpu" "${errors:-0}"
  if [ -n "$errors" ]; then
    echo "$errors answers were not 2xx: the figures above are not the runner's; curl the route" \
      "to see why (the gateway's log: $GATEWAY/run/9080/logs/error.log)" >&2
    exit 1
  fi
}

echo "# a6 and the Go runner through APISIX's ext-plugin client"
echo
echo "runner pinned to CPU 0; gateway (1 nginx worker) and wrk (1 thread, $CONNECTIONS connections) on CPU 1;"
echo "${WARMUP} s warm-up, ${DURATION} s measured per row; a6 with: $A6_FLAGS"
echo
echo "| scenario | runner | req/s | p50 ms | p99 ms | runner CPU µs/request | non-2xx |"
echo "|---|---|---|---|---|---|---|"
for round in $(seq "$REPEAT"); do
  RUNNER_PID=
  taskset -c 1 env E2E_ROUTES="$WORK/routes.json" E2E_ACCESS_LOG=off "$GATEWAY/run-e2e.sh" "$SOCK" start >/dev/null
  measure "no runner: proxied (reference)" /none none
  "$GATEWAY/run-e2e.sh" "$SOCK" stop >/dev/null
  for runner in a6 go; do
    start_runner "$runner"
    taskset -c 1 env E2E_ROUTES="$WORK/routes.json" E2E_ACCESS_LOG=off "$GATEWAY/run-e2e.sh" "$SOCK" start >/dev/null
    measure "(a) stop in the runner (say)" /stop "$runner"
    measure "(b) request-body rewrite, proxied" /rewrite "$runner"
    measure "(c) response-phase header" /response "$runner"
    if [ "$runner" = a6 ]; then
      # The Go runner's examples have no key-auth or var-to-header.
      measure "(d) key-auth + var-to-header + body rewrite" /chain "$runner" "X-API-Key: k1"
    fi
    "$GATEWAY/run-e2e.sh" "$SOCK" stop >/dev/null
    stop_runner
  done
done

#!/usr/bin/env bash
# Requests through APISIX's real client while the runner is restarted, two ways:
#   stop-then-start:  SIGTERM the runner, then start a new one on the same socket (what APISIX
#                     itself does when the runner it spawned exits);
#   start-then-stop:  start the new runner first (it takes the socket path over), then SIGTERM
#                     the old one, which sees its socket taken and drains.
#
#   bench/restart.sh [--duration 12] [--connections 16]
#
# Needs the gateway (A6_GATEWAY, default /tmp/apisix-gateway), wrk and
# samples/target/a6-samples-runner.jar. Prints, for each way, wrk's totals: every answer that is
# not 2xx, and socket errors, are requests a user would have seen fail.
set -euo pipefail

DURATION=12 CONNECTIONS=16
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    *) echo "unknown option $1; see the header of $0" >&2; exit 2 ;;
  esac
done
GATEWAY=${A6_GATEWAY:-/tmp/apisix-gateway}
JAR=${A6_RUNNER_JAR:-samples/target/a6-samples-runner.jar}
A6_FLAGS="-XX:+UseSerialGC -Xms8m -Xmx256m -Xss256k -XX:TrimNativeHeapInterval=2000"
for need in "$GATEWAY/run-e2e.sh" "$JAR"; do
  [ -e "$need" ] || { echo "$need is missing: see the header of $0" >&2; exit 2; }
done
if (exec 3<>/dev/tcp/127.0.0.1/9080) 2>/dev/null; then
  echo "port 9080 is in use: stop the gateway that listens there first" >&2; exit 2
fi

WORK=$(mktemp -d /tmp/a6-restart.XXXXXX)
SOCK=$WORK.sock
PIDS=()
cleanup() {
  "$GATEWAY/run-e2e.sh" "$SOCK" stop >/dev/null 2>&1 || true
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK" "$SOCK"
}
trap cleanup EXIT

cat > "$WORK/routes.json" <<'EOF'
{"routes":[{"id":"say","uri":"/say","plugins":{"ext-plugin-pre-req":{"conf":[{"name":"say","value":"{\"body\":\"hello\"}"}]}}}]}
EOF

start_runner() { # returns once the socket answers, with the pid in RUNNER
  local log=$1 before
  before=$(stat -c %i "$SOCK" 2>/dev/null || echo none)
  # shellcheck disable=SC2086
  APISIX_LISTEN_ADDRESS=unix:$SOCK taskset -c 0 java $A6_FLAGS -jar "$JAR" --log-level info \
    >"$log" 2>&1 &
  RUNNER=$!
  PIDS+=("$RUNNER")
  for _ in $(seq 400); do
    grep -q "listening on unix:" "$log" 2>/dev/null && return 0
    sleep 0.01
  done
  echo "the runner did not start; its log:" >&2; cat "$log" >&2; exit 1
}

run() { # way
  local way=$1 old new out
  start_runner "$WORK/$way-old.log"; old=$RUNNER
  taskset -c 1 env E2E_ROUTES="$WORK/routes.json" E2E_ACCESS_LOG=off "$GATEWAY/run-e2e.sh" "$SOCK" start >/dev/null
  taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" http://127.0.0.1:9080/say >"$WORK/wrk.txt" &
  local wrk=$!
  sleep $((DURATION / 3))
  if [ "$way" = stop-then-start ]; then
    kill "$old"; wait "$old" 2>/dev/null || true
    start_runner "$WORK/$way-new.log"; new=$RUNNER
  else
    start_runner "$WORK/$way-new.log"; new=$RUNNER
    kill "$old"; wait "$old" 2>/dev/null || true
  fi
  wait "$wrk"
  out=$(cat "$WORK/wrk.txt")
  printf '| %s | %s | %s | %s |\n' "$way" \
    "$(echo "$out" | awk '/requests in/ {print $1}')" \
    "$(echo "$out" | awk '/Non-2xx or 3xx responses/ {print $5}' | grep . || echo 0)" \
    "$(echo "$out" | awk '/Socket errors/ {print $0}' | sed 's/ *Socket errors: //' | grep . || echo none)"
  "$GATEWAY/run-e2e.sh" "$SOCK" stop >/dev/null
  kill "$new"; wait "$new" 2>/dev/null || true
}

echo "| restart | requests | not 2xx | socket errors |"
echo "|---|---|---|---|"
run stop-then-start
run start-then-stop

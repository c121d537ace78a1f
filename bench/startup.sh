#!/usr/bin/env bash
# Keycloak start-up time with and without Gateway Access, side by side on this machine.
#   ./mvnw -DskipTests package && bench/startup.sh [runs]
# Both variants are built once (`kc.sh build`), then started `--optimized` on embedded H2,
# alternately, measuring launch → /health/ready: first on an empty database (schema
# creation included: Keycloak's and, with the extension, ours), then on the existing one.
# Writes a Markdown table to bench/results/startup-<date>.md and prints it.
set -euo pipefail
runs="${1:-3}"
root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' "$root/pom.xml" | head -1)"
zip="$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$version/keycloak-quarkus-dist-$version.zip"
[ -f "$zip" ] || "$root/mvnw" -q dependency:get -Dartifact="org.keycloak:keycloak-quarkus-dist:$version:zip"
[ -f "$root/providers/gateway-access.jar" ] || { echo "Build the JAR first: ./mvnw -DskipTests package" >&2; exit 1; }
work="$(mktemp -d /tmp/gateway-access-bench.XXXXXX)"
trap 'pkill -f "$work" 2>/dev/null || true; rm -rf "$work"' EXIT

for variant in plain extension; do
  mkdir -p "$work/$variant" && unzip -q "$zip" -d "$work/$variant"
  [ "$variant" = extension ] && cp "$root/providers/gateway-access.jar" "$work/$variant/keycloak-$version/providers/"
  "$work/$variant/keycloak-$version/bin/kc.sh" build --db=dev-file --health-enabled=true >"$work/$variant-build.log" 2>&1
done

start_once() { # variant, port, management port -> milliseconds to ready
  local home="$work/$1/keycloak-$version" t0 t1 pid
  t0=$(date +%s%N)
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD="bench-$RANDOM" JAVA_OPTS_KC_HEAP="-Xms256m -Xmx1g" \
    "$home/bin/kc.sh" start --optimized --http-enabled=true --http-host=127.0.0.1 --hostname-strict=false \
    --http-port="$2" --http-management-port="$3" >>"$work/$1-run.log" 2>&1 &
  pid=$!
  until curl -fsS "http://127.0.0.1:$3/health/ready" >/dev/null 2>&1; do sleep 0.1; done
  t1=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  pkill -f "$home" 2>/dev/null || true; sleep 1
  echo $(( (t1 - t0) / 1000000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

declare -A fresh existing
for i in $(seq "$runs"); do
  for variant in plain extension; do
    rm -rf "$work/$variant/keycloak-$version/data"
    fresh[$variant]+="$(start_once "$variant" 18080 19000) "
    existing[$variant]+="$(start_once "$variant" 18080 19000) "
  done
done

mkdir -p "$root/bench/results"
out="$root/bench/results/startup-$(date -u +%Y-%m-%d).md"
{
  echo "# Keycloak start-up, with and without Gateway Access"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), Keycloak $version, $(java -version 2>&1 | head -1), $(nproc) cores, H2 (dev-file), \`start --optimized\`, launch → /health/ready, median of $runs runs (all runs in ms)."
  echo
  echo "| database state | plain Keycloak | with Gateway Access | ratio |"
  echo "| --- | --- | --- | --- |"
  for state in fresh existing; do
    declare -n runs_of="$state"
    p=$(echo ${runs_of[plain]} | tr ' ' '\n' | median); e=$(echo ${runs_of[extension]} | tr ' ' '\n' | median)
    echo "| $state | $p ms (${runs_of[plain]% }) | $e ms (${runs_of[extension]% }) | $(awk "BEGIN {printf \"%.2f\", $e/$p}")× |"
  done
} > "$out"
cat "$out"

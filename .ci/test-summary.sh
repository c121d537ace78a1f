#!/usr/bin/env bash
# Prints one line per test suite report (unit tests, then the integration tests per database)
# and a closing "N passed, N failed, N skipped" line over all of them.
set -uo pipefail
cd "$(dirname "$0")/.."
total=0 failed=0 skipped=0
echo
echo "Test summary"
for dir in provider/target/surefire-reports integration-tests/target/failsafe-reports/h2 integration-tests/target/failsafe-reports/h2-periodic-sync integration-tests/target/failsafe-reports/postgres integration-tests/target/failsafe-reports/mariadb integration-tests/target/failsafe-reports/keycloak-26.5 integration-tests/target/failsafe-reports/cluster; do
  [ -d "$dir" ] || continue
  t=0 f=0 s=0
  for report in "$dir"/TEST-*.xml; do
    [ -f "$report" ] || continue
    header=$(grep -m1 -o '<testsuite [^>]*>' "$report")
    attr() { echo "$header" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
    t=$((t + $(attr tests))); f=$((f + $(attr failures) + $(attr errors))); s=$((s + $(attr skipped)))
  done
  printf '  %-48s %4d tests, %d failed, %d skipped\n' "$dir" "$t" "$f" "$s"
  total=$((total + t)); failed=$((failed + f)); skipped=$((skipped + s))
done
# Why each skipped test was skipped (the assumption's message), so a skip is never silent. A reason shared by more
# than three tests of one run (a whole execution switched off) is printed once with the count.
for report in provider/target/surefire-reports/TEST-*.xml integration-tests/target/failsafe-reports/*/TEST-*.xml; do
  [ -f "$report" ] || continue
  awk -v db="$(basename "$(dirname "$report")")" '
    /<testcase / { match($0, /name="[^"]*"/); name = substr($0, RSTART + 6, RLENGTH - 7);
                   match($0, /classname="[^"]*"/); cls = substr($0, RSTART + 11, RLENGTH - 12) }
    /<skipped/   { reason = $0; sub(/.*Assumption failed: /, "", reason); sub(/\]\]>.*/, "", reason);
                   # a disabled test (an ExecutionCondition) carries its reason in the message attribute
                   if (reason ~ /<skipped/ && reason ~ /message="/) { sub(/.*message="/, "", reason); sub(/".*/, "", reason) }
                   if (reason ~ /<skipped/) reason = "(no reason given)";
                   n = split(cls, parts, "."); printf "%s\t%s.%s\t%s\n", db, parts[n], name, reason }
  ' "$report"
done | awk -F '\t' '
  { key = $1 "\t" $3; count[key]++; first[key] = (key in first) ? first[key] : $2; order[key] = (key in order) ? order[key] : NR }
  END { for (k in count) { split(k, kv, "\t");
          if (count[k] > 3) printf "%d\t  skipped [%s] %d tests (e.g. %s): %s\n", order[k], kv[1], count[k], first[k], kv[2];
          else lines[k] = 1 }
        for (k in lines) { split(k, kv, "\t"); printf "%d\t  skipped [%s] %s: %s\n", order[k], kv[1], first[k], kv[2] } }
' | sort -n | cut -f2-
# Which tests failed, by run.
for report in provider/target/surefire-reports/TEST-*.xml integration-tests/target/failsafe-reports/*/TEST-*.xml; do
  [ -f "$report" ] || continue
  awk -v db="$(basename "$(dirname "$report")")" '
    /<testcase / { match($0, /name="[^"]*"/); name = substr($0, RSTART + 6, RLENGTH - 7);
                   match($0, /classname="[^"]*"/); cls = substr($0, RSTART + 11, RLENGTH - 12) }
    /<failure|<error/ { n = split(cls, parts, "."); printf "  FAILED [%s] %s.%s\n", db, parts[n], name }
  ' "$report"
done
echo "$((total - failed - skipped)) passed, $failed failed, $skipped skipped"

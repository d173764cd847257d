#!/usr/bin/env bash
# One-command check of the TensorRT backend on a GPU machine or a Jetson: runs the GPU tests and the
# GPU-free TensorRT checks, then prints PASS / FAIL / SKIP per check. A skipped GPU check is a failure
# here: a machine that should have TensorRT must not pass by skipping. Run from the repository root:
#   edgecv-tensorrt/verify-gpu.sh            (add -o to run Maven offline)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
offline=()
[ "${1:-}" = "-o" ] && offline=(-o)
log="$(mktemp)"
rm -rf edgecv-tensorrt/target/surefire-reports # only this run's results count
echo "building and running the TensorRT checks (the first engine build takes minutes)..."
mvn -B "${offline[@]}" -pl edgecv-tensorrt -am -Dsurefire.failIfNoSpecifiedTests=false -Dedgecv.require=tensorrt \
    -Dtest='GpuTest,TensorRtSessionContractTest,ProfilePlannerTest,TrtAbiTest,TensorRtProbeTest,ShapeProfileTest' \
    verify >"$log" 2>&1
mvn_rc=$?
reports="edgecv-tensorrt/target/surefire-reports"
fail=0
total=0
for xml in "$reports"/TEST-*.xml; do
  [ -f "$xml" ] || continue
  # one line per test case: name, then FAIL / SKIP / PASS from the element that follows it
  out="$(awk '
    /<testcase / { if (name != "") print status " " name; match($0, /name="[^"]*"/);
                   name = substr($0, RSTART + 6, RLENGTH - 7); match($0, /classname="[^"]*"/);
                   name = substr($0, RSTART + 11, RLENGTH - 12) "." name; status = "PASS" }
    /<failure|<error/ { status = "FAIL" }
    /<skipped/ { status = "SKIP" }
    END { if (name != "") print status " " name }' "$xml")"
  while read -r status name; do
    [ -n "$name" ] || continue
    total=$((total + 1))
    case "$status" in
      PASS) echo "PASS  $name" ;;
      SKIP) echo "FAIL  $name (skipped: this machine should run it; see $log)"; fail=$((fail + 1)) ;;
      *) echo "FAIL  $name (see $xml)"; fail=$((fail + 1)) ;;
    esac
  done <<<"$out"
done
if [ "$total" -eq 0 ]; then
  echo "FAIL  no test ran (Maven exit $mvn_rc); the build log follows"; tail -40 "$log"; exit 1
fi
echo "$((total - fail)) of $total checks passed (Maven exit $mvn_rc; log: $log)"
[ "$fail" -eq 0 ] && [ "$mvn_rc" -eq 0 ]

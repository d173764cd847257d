#!/usr/bin/env bash
# Long soak on a device: one detector for hours (default: a million BlazeFace detections), printing RSS and
# latency percentiles every 10,000 detections. Arguments go to io.edgecv.bench.SoakRun, e.g.
#   edgecv-bench/soak.sh --backend tflite --model face_detection_short_range.tflite --minutes 240
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ "${1:-}" = "--help" ]; then
  sed -n 2,4p "$0"; echo "options: --model FILE --image FILE --backend NAME --threads N --detections N --minutes M --every N"
  exit 0
fi
jar="$here/edgecv-bench/target/benchmarks.jar"
if [ ! -f "$jar" ]; then
  (cd "$here" && mvn -B -q -DskipTests -pl edgecv-bench -am package)
fi
exec java ${EDGECV_JAVA_OPTS:-} -cp "$jar" io.edgecv.bench.SoakRun "$@"

#!/usr/bin/env bash
# Issue 15's distillation experiment, fourth run (edgecv-train/README.md, "Fourth run"), from the fixtures alone:
# decodes vtest.avi, splits frames and photos (a held-out photo's teacher classes appear in training), prunes the
# SSD fixture by 30% and 50% on the training images, then fine-tunes each with the unpruned model as teacher and
# scores it on the held-out images (DistillationExperiment). About 40 minutes on 2 cores; --quick: the 30%
# student only, 1 epoch (a smoke test of the whole chain, about 6 minutes).
#   edgecv-bench/distill-experiment.sh [--quick] [fixtures folder, default ../shared/fixtures] [work folder]
# Needs ffmpeg (Debian package ffmpeg) and a JDK 17; builds the CLI and the benchmarks jar if missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
quick=0
if [ "${1:-}" = "--quick" ]; then quick=1; shift; fi
if [ "${1:-}" = "--help" ]; then sed -n 2,8p "$0"; exit 0; fi
fixtures="$(cd "${1:-$here/../shared/fixtures}" && pwd)"
work="${2:-${TMPDIR:-/tmp}/edgecv-distill}"
command -v ffmpeg >/dev/null || { echo "ffmpeg not found: install the Debian package ffmpeg" >&2; exit 1; }
teacher="$fixtures/models/ssd_mobilenetv2_oidv4.onnx"
[ -f "$teacher" ] || { echo "no $teacher: give the fixtures folder as the first argument" >&2; exit 1; }
jar="$here/edgecv-bench/target/benchmarks.jar"
[ -f "$jar" ] || (cd "$here" && mvn -B -q -DskipTests -pl edgecv-bench -am package)
"$here/edgecv" --version >/dev/null

mkdir -p "$work/frames" "$work/train" "$work/val" "$work/held"
cd "$work"
[ -f frames/f0795.jpg ] || ffmpeg -loglevel error -y -i "$fixtures/video/vtest.avi" -q:v 2 frames/f%04d.jpg
link() { ln -sf "$1" "$2/"; }
for i in $(seq 1 3 540); do link "$work/frames/$(printf f%04d.jpg "$i")" train; done
for i in $(seq 542 3 566); do link "$work/frames/$(printf f%04d.jpg "$i")" val; done
for i in $(seq 581 4 795); do link "$work/frames/$(printf f%04d.jpg "$i")" held; done
for p in chelsea.png coffee.png dog.jpg eagle.jpg giraffe.jpg horses.jpg kite.jpg; do link "$fixtures/images/$p" train; done
for p in chelsea.png coffee.png dog.jpg; do link "$fixtures/images/$p" val; done
for p in person.jpg astronaut.png grace_hopper.jpg messi5.jpg motorcycle_left.png; do link "$fixtures/images/$p" held; done
echo "$(ls train | wc -l) training, $(ls val | wc -l) validation, $(ls held | wc -l) held-out images in $work"

ratios="30 50"
[ "$quick" = 1 ] && ratios="30"
for r in $ratios; do
  [ -f "ssd_p$r.onnx" ] || "$here/edgecv" prune --model "$teacher" --calib train --ratio "0.$r" --ridge 0.01 \
      --out "ssd_p$r.onnx" -t 2 > "prune$r.log" 2>&1
done

run() { # name lr modes epochs student
  OMP_WAIT_POLICY=PASSIVE java -Dedgecv.distill.lr="$2" -Dedgecv.distill.modes="$3" \
      -Dedgecv.distill.validation="$work/val" -cp "$jar" io.edgecv.bench.DistillationExperiment \
      "$teacher" train held "$1" "$4" 2 "$5" | tee "$1.log" | grep -E "^ssd_p|per class|^teacher"
}
if [ "$quick" = 1 ]; then
  run quick 1e-5 soft 1 ssd_p30.onnx
  exit 0
fi
run r30 1e-5 soft 4 ssd_p30.onnx
run r50 1e-4 soft,hard 8 ssd_p50.onnx
run r50L 1e-4 soft 16 ssd_p50.onnx
run r50H 3e-4 soft 8 ssd_p50.onnx

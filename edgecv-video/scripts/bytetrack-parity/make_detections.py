"""Generates a detection stream for ByteTrackParityTest: 8 objects crossing, entering and leaving, with missed
detections, an occlusion, a low-score stretch, static low- and mid-score false alarms and random high-score ones.

usage: python3 make_detections.py detections.txt SEED [hard]
(the test resources: a = seed 5, b = seed 8, c = seed 3 hard)
hard: faster objects, 6 px box noise and scores 0.5-0.8, so fused costs sit near the 0.8 limit
"""
import numpy as np, sys
rng = np.random.default_rng(int(sys.argv[2]))
hard = len(sys.argv) > 3 and sys.argv[3] == 'hard'
noise = 6.0 if hard else 2.0
vmax = 12 if hard else 6
lo, hi = (0.5, 0.8) if hard else (0.6, 0.95)
F = 150
objs = []
# id, x0, y0, vx, vy, w, h, start, end
for i in range(8):
    h = rng.uniform(60, 200); w = h * rng.uniform(0.3, 0.6)
    vx = rng.choice([-1, 1]) * rng.uniform(1, vmax); vy = rng.normal(0, 0.8)
    x0 = rng.uniform(0, 200) if vx > 0 else rng.uniform(600, 900)
    y0 = rng.uniform(50, 600)
    start = 0 if i < 5 else int(rng.integers(10, 60))
    end = F if i % 3 else int(rng.integers(90, F))
    objs.append((x0, y0, vx, vy, w, h, start, end))
lines = []
for f in range(F):
    rows = []
    for k, (x0, y0, vx, vy, w, h, s, e) in enumerate(objs):
        if not (s <= f < e): continue
        if rng.random() < 0.06: continue            # missed detection
        if k == 1 and 40 <= f < 52: continue        # a longer occlusion
        score = rng.uniform(lo, hi)
        if k == 2 and 60 <= f < 80: score = rng.uniform(0.15, 0.45)   # low-score stretch
        if rng.random() < 0.05: score = rng.uniform(0.2, 0.5)
        l = x0 + vx * f + rng.normal(0, noise); t = y0 + vy * f + rng.normal(0, noise)
        r = x0 + vx * f + w + rng.normal(0, noise); b = y0 + vy * f + h + rng.normal(0, noise)
        rows.append((l, t, r - l, b - t, score))
    rows.append((900, 20, 40, 90, 0.3))                 # low-score static false alarm
    if f % 10 == 5: rows.append((950, 700, 50, 120, 0.55))  # above track_thresh, below det_thresh
    if rng.random() < 0.1:                              # occasional high-score false alarm
        rows.append((rng.uniform(0, 900), rng.uniform(0, 700), 40, 100, rng.uniform(0.6, 0.9)))
    rng.shuffle(rows)
    for l, t, w, h, s in rows:
        lines.append('%d,-1,%.2f,%.2f,%.2f,%.2f,%.3f,-1,-1,-1' % (f + 1, l, t, w, h, s))
open(sys.argv[1], 'w').write('\n'.join(lines) + '\n')

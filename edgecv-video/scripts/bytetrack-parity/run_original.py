"""Runs the original ByteTrack (ifzhang/ByteTrack, yolox/tracker/) on a detection file and writes its tracks in the
MOTChallenge format, to make the expected outputs of ByteTrackParityTest.

usage: python3 run_original.py BYTETRACK_CHECKOUT detections.txt tracks.txt

Only numpy and scipy are needed: the four tracker files are copied from the checkout into a temporary package (so
yolox/__init__.py and its torch imports are not loaded), torch and cv2 are stubbed, cython_bbox's IoU is replaced by
the continuous IoU EdgeCV uses (the original adds one pixel), and lap.lapjv(extend_cost=True, cost_limit) by SciPy's
linear_sum_assignment on the same extended matrix.
"""
import os, shutil, sys, tempfile, types
import numpy as np
np.float = float
from scipy.optimize import linear_sum_assignment

sys.modules['torch'] = types.ModuleType('torch')
tf = types.ModuleType('torch.nn'); sys.modules['torch.nn'] = tf
tff = types.ModuleType('torch.nn.functional'); sys.modules['torch.nn.functional'] = tff
sys.modules['cv2'] = types.ModuleType('cv2')

cb = types.ModuleType('cython_bbox')
def bbox_overlaps(a, b):
    a = np.asarray(a, dtype=float); b = np.asarray(b, dtype=float)
    out = np.zeros((len(a), len(b)))
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            iw = min(x[2], y[2]) - max(x[0], y[0]); ih = min(x[3], y[3]) - max(x[1], y[1])
            if iw <= 0 or ih <= 0: continue
            inter = iw * ih
            out[i, j] = inter / ((x[2]-x[0])*(x[3]-x[1]) + (y[2]-y[0])*(y[3]-y[1]) - inter)
    return out
cb.bbox_overlaps = bbox_overlaps
sys.modules['cython_bbox'] = cb

lapm = types.ModuleType('lap')
def lapjv(cost, extend_cost=True, cost_limit=np.inf):
    n_rows, n_cols = cost.shape
    n = n_rows + n_cols
    ext = np.full((n, n), cost_limit / 2.)
    ext[n_rows:, n_cols:] = 0
    ext[:n_rows, :n_cols] = cost
    r, c = linear_sum_assignment(ext)
    x = np.full(n_rows, -1); y = np.full(n_cols, -1)
    for i, j in zip(r, c):
        if i < n_rows and j < n_cols:
            x[i] = j; y[j] = i
    return 0.0, x, y
lapm.lapjv = lapjv
sys.modules['lap'] = lapm
import scipy.spatial.distance  # matching imports cdist

checkout, det_file, out_file = sys.argv[1:4]
pkg = tempfile.mkdtemp()
os.makedirs(os.path.join(pkg, 'yolox', 'tracker'))
open(os.path.join(pkg, 'yolox', '__init__.py'), 'w').close()
open(os.path.join(pkg, 'yolox', 'tracker', '__init__.py'), 'w').close()
for f in ('byte_tracker.py', 'kalman_filter.py', 'matching.py', 'basetrack.py'):
    shutil.copy(os.path.join(checkout, 'yolox', 'tracker', f), os.path.join(pkg, 'yolox', 'tracker', f))
sys.path.insert(0, pkg)
from yolox.tracker.byte_tracker import BYTETracker

class Args: track_thresh = 0.5; track_buffer = 30; match_thresh = 0.8; mot20 = False

dets = {}
nframes = 0
for line in open(det_file):
    if not line.strip() or line.startswith('#'): continue
    f = line.strip().split(',')
    fr = int(f[0]); nframes = max(nframes, fr)
    l, t, w, h, s = map(float, f[2:7])
    dets.setdefault(fr, []).append([l, t, l + w, t + h, s])
tracker = BYTETracker(Args(), frame_rate=30)
with open(out_file, 'w') as out:
    for fr in range(1, nframes + 1):
        d = np.array(dets.get(fr, []), dtype=float).reshape(-1, 5)
        tracks = tracker.update(d, (1000, 1000), (1000, 1000))
        for t in sorted(tracks, key=lambda t: t.track_id):
            l, tp, r, b = t.tlbr
            out.write('%d,%d,%.4f,%.4f,%.4f,%.4f,%.4f,-1,-1,-1\n' % (fr, t.track_id, l, tp, r - l, b - tp, t.score))

// The timeline: a hand-drawn canvas with a time ruler, carrier lanes and one lane per task in
// collapsible groups. Intervals narrower than a pixel are merged per pixel column into the colour
// of the class that took most of that pixel's time, so a lane costs at most one rectangle per
// pixel however many intervals it holds.

const LABEL_W = 230, RULER_H = 26, LANE_H = 18, HEADER_H = 20, LANE_GAP = 2, POOL_TRACK_H = 28;
/** The track above the states of a task lane that has regions or logs of the runtime's Trace API. */
const REGION_BAND = 11;
/** Most wake-up arrows drawn in one frame; past it they are spread across the view (spreadByTime). */
const MAX_ARROWS = 400;

/** When interval i's task was woken: the end of a wait, the start of its RUNNABLE part. */
function wakeTime(iv, i) {
  return iv.blocked[i] ? iv.end[i] : iv.start[i];
}

/**
 * The intervals task `id` woke (its waker column is id), sorted by wake-up time: one scan of the
 * columns per task and set of intervals, kept until either changes.
 */
function wokeBy(iv, id) {
  const cache = wokeBy.cache;
  if (cache && cache.iv === iv && cache.id === id) return cache.idx;
  const out = [];
  for (let i = 0; i < iv.n; i++) if (iv.waker[i] === id) out.push(i);
  out.sort((p, q) => wakeTime(iv, p) - wakeTime(iv, q));
  wokeBy.cache = { iv, id, idx: out };
  return out;
}

/**
 * At most `budget` of `list` (sorted by time), spread across [lo, hi]: the view is cut into
 * `bins` equal parts and each part keeps up to the same number of its own, evenly taken, the
 * largest number that fits the budget. A sparse part keeps all of its own however dense the
 * others are; taking every k-th in time instead left a sparse part almost empty.
 */
function spreadByTime(list, timeOf, lo, hi, budget, bins) {
  if (list.length <= budget) return list;
  const count = new Int32Array(bins), width = (hi - lo) / bins || 1;
  const bin = (k) => Math.min(bins - 1, Math.max(0, Math.floor((timeOf(list[k]) - lo) / width)));
  for (let k = 0; k < list.length; k++) count[bin(k)]++;
  let cap = 0, top = budget; // the largest cap with sum(min(count, cap)) <= budget
  while (cap < top) {
    const c = (cap + top + 1) >> 1;
    let sum = 0;
    for (let b = 0; b < bins; b++) sum += Math.min(count[b], c);
    if (sum <= budget) cap = c; else top = c - 1;
  }
  const out = [];
  for (let b = 0, first = 0; b < bins; first += count[b], b++) {
    const n = count[b], m = Math.min(n, cap);
    for (let j = 0; j < m; j++) out.push(list[first + Math.floor(j * n / m)]);
  }
  return out;
}

/** Index of the first sample after t (samples sorted by t). */
function upperBound(samples, t) {
  let lo = 0, hi = samples.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (samples[mid].t <= t) lo = mid + 1; else hi = mid; }
  return lo;
}

class Timeline {
  constructor(canvas, tooltip, state) {
    this.canvas = canvas;
    this.tooltip = tooltip;
    this.S = state;
    this.rows = [];
    this.contentH = 0;
    this.scrollY = 0;
    this.mouse = null;           // last pointer position over the canvas, CSS px
    this.drag = null;
    this.frameRequested = false;
    this.stats = { frames: 0, lastDrawMs: 0, rects: 0, intervalsOnScreen: 0 };
    this.collapsed = new Set();
    this.pattern = null;
    this.#bind();
  }

  // ---- geometry
  get plotW() { return Math.max(1, this.canvas.clientWidth - LABEL_W); }
  timeToX(t) { const v = this.S.view; return LABEL_W + (t - v.start) / (v.end - v.start) * this.plotW; }
  xToTime(x) { const v = this.S.view; return v.start + (x - LABEL_W) / this.plotW * (v.end - v.start); }

  /** Rebuilds the list of rows from the tasks, groups, search text and frame filter. */
  layout() {
    const S = this.S, a = S.analysis, iv = S.feed.intervals;
    const rows = [];
    let y = 0;
    const push = (row) => { row.y = y; y += row.h + (row.kind === "task" || row.kind === "carrier" ? LANE_GAP : 0); rows.push(row); };
    // the scheduler pool as a counter track under the ruler, as Perfetto draws counters
    if (a.poolSamples.length) push({ kind: "counter", key: "pool", label: "Scheduler pool", h: POOL_TRACK_H });
    const carrierIds = a.carriers.map((c) => c.id);
    const known = new Set(carrierIds);
    const ov = S.feed.overview, more = ov ? ov.carrierIds().concat([...iv.byCarrier.keys()]) : iv.byCarrier.keys();
    for (const id of more) if (!known.has(id)) { known.add(id); carrierIds.push(id); }
    if (carrierIds.length) {
      const key = "\u0000carriers";
      push({ kind: "group", key, label: "Carriers (" + carrierIds.length + ")", h: HEADER_H, collapsed: this.collapsed.has(key) });
      if (!this.collapsed.has(key)) for (const id of carrierIds) push({ kind: "carrier", id, label: a.carrierName(id), h: LANE_H });
    }
    const filterTasks = S.filter ? S.filterTasks : null;
    const groups = new Map();
    for (const t of a.tasks) {
      if (!searchKeeps(t)) continue;
      if (filterTasks && !filterTasks.has(t.id)) continue;
      const g = a.groupOf(t);
      if (!groups.has(g)) groups.set(g, []);
      groups.get(g).push(t);
    }
    this.matchingTasks = 0;
    for (const [g, tasks] of groups) {
      tasks.sort((p, q) => (p.start || 0) - (q.start || 0) || p.id - q.id);
      this.matchingTasks += tasks.length;
      const key = "group:" + g;
      const collapsed = this.collapsed.has(key);
      push({ kind: "group", key, label: g + " (" + tasks.length + (tasks.length === 1 ? " task)" : " tasks)"), h: HEADER_H, collapsed, tasks });
      if (!collapsed) for (const t of tasks) {
        const band = a.regionsByTask.has(t.id) || a.logsByTask.has(t.id) ? REGION_BAND : 0;
        push({ kind: "task", id: t.id, task: t, label: taskLabel(t), h: LANE_H + band, band });
      }
    }
    this.rows = rows;
    this.contentH = y;
    // the canvas is as tall as its lanes, up to 70% of the window; the rest scrolls inside it
    const want = Math.round(Math.max(160, Math.min(y + RULER_H + 6, window.innerHeight * 0.7)));
    if (this.canvas.style.height !== want + "px") this.canvas.style.height = want + "px";
    this.#clampScroll();
    this.requestRender();
  }

  /** Groups with many tasks start collapsed when the page would otherwise be all lanes. */
  collapseLargeGroups() {
    const a = this.S.analysis;
    if (a.tasks.some((t) => t.carrier)) this.collapsed.add("group:" + CARRIER_THREADS);
    if (a.tasks.some((t) => t.service && !t.carrier)) this.collapsed.add("group:" + SERVICE_THREADS);
    if (a.tasks.length <= 150) return;
    const sizes = new Map();
    for (const t of a.tasks) { const g = a.groupOf(t); sizes.set(g, (sizes.get(g) || 0) + 1); }
    for (const [g, n] of sizes) if (n > 20) this.collapsed.add("group:" + g);
  }

  toggle(key) {
    if (this.collapsed.has(key)) this.collapsed.delete(key); else this.collapsed.add(key);
    this.layout();
  }

  rowAt(y) {
    const cy = y - RULER_H + this.scrollY;
    if (y < RULER_H) return null;
    let lo = 0, hi = this.rows.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1, r = this.rows[mid];
      if (cy < r.y) hi = mid - 1; else if (cy >= r.y + r.h) lo = mid + 1; else return r;
    }
    return null;
  }

  rowY(row) { return row.y - this.scrollY + RULER_H; }
  /** The middle of a lane's states (below its region track, when it has one). */
  barMid(row) { return this.rowY(row) + (row.band || 0) + (row.h - (row.band || 0)) / 2; }

  /** What is under (x, y): the row, and for lanes the interval (nearest within 3 px). */
  hitTest(x, y) {
    const row = this.rowAt(y);
    if (!row) return { area: y < RULER_H ? "ruler" : "empty" };
    if (x < LABEL_W || row.kind === "group") return { area: "label", row };
    if (row.kind === "counter") return { area: "counter", row, t: this.xToTime(x) };
    const iv = this.S.feed.intervals;
    const idx = row.kind === "task" ? iv.byTask.get(row.id) : iv.byCarrier.get(row.id);
    const t = this.xToTime(x);
    const res = { area: "lane", row, t, index: -1, inPixel: 0, bucket: null };
    // until the exact intervals are decoded, the answer is the overview's bucket, said as such
    if (!this.S.feed.exact && this.S.feed.overview) { res.bucket = this.S.feed.overview.bucketAt(row.kind, row.id, t); return res; }
    if (!idx) return res;
    const tol = 3 * (this.S.view.end - this.S.view.start) / this.plotW;
    let best = -1, bestDist = Infinity;
    const pxLo = this.xToTime(Math.floor(x)), pxHi = this.xToTime(Math.floor(x) + 1);
    for (let p = iv.firstEndingAfter(idx, t - tol); p < idx.length; p++) {
      const i = idx[p];
      if (iv.start[i] > t + tol) break;
      if (iv.start[i] < pxHi && iv.end[i] >= pxLo) res.inPixel++;
      const d = t < iv.start[i] ? iv.start[i] - t : t > iv.end[i] ? t - iv.end[i] : 0;
      // inside wins; among several inside (sub-pixel), the longest is what the pixel shows
      const score = d === 0 ? -(iv.end[i] - iv.start[i]) : d;
      if (score < bestDist) { bestDist = score; best = i; }
      if (res.inPixel > 10000) break;
    }
    res.index = best;
    return res;
  }

  // ---- drawing
  requestRender() {
    this.dirty = true;
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => { this.frameRequested = false; if (this.dirty) this.render(); });
  }

  render() {
    this.dirty = false;
    const t0 = performance.now();
    const { ctx, w, h } = fitCanvas(this.canvas);
    if (!this.pattern) this.pattern = unknownPattern(ctx);
    const S = this.S, iv = S.feed.intervals, ov = this.useOverview() ? S.feed.overview : null;
    this.stats.rects = 0; this.stats.intervalsOnScreen = 0; this.stats.overviewLanes = 0;
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, w, h);
    this.#drawGrid(ctx, w, h);
    const colors = CLASS_INFO.map((c) => c.color);
    const mask = S.filter ? S.filterMask : null;
    ctx.save();
    ctx.beginPath(); ctx.rect(0, RULER_H, w, h - RULER_H); ctx.clip();
    const taskBatch = Array.from({ length: CLASS_COUNT * 2 }, () => []);
    const carrierBatch = Array.from({ length: CARRIER_CLASS_COUNT * 2 }, () => []);
    for (const row of this.rows) {
      const y = this.rowY(row);
      if (y + row.h < RULER_H || y > h) continue;
      if (row.kind === "group") { this.#drawGroupHeader(ctx, row, y, w); continue; }
      if (row.kind === "counter") { this.#drawLabel(ctx, row, y); this.#drawPoolTrack(ctx, row, y); continue; }
      if (row.kind === "task" && S.selectedTask === row.id) { ctx.fillStyle = "#e8f1fa"; ctx.fillRect(0, y - 1, w, row.h + 2); }
      this.#drawLabel(ctx, row, y);
      const bucketLane = ov && ov.lane(row.kind, row.id);
      const barY = y + (row.band || 0);
      if (bucketLane) { this.#drawOverviewLane(row.kind === "task" ? taskBatch : carrierBatch, bucketLane, barY); continue; }
      const lane = iv.lane(row.kind, row.id);
      if (lane && row.kind === "task") this.#drawLane(taskBatch, lane, barY, CLASS_COUNT, mask);
      else if (lane) this.#drawLane(carrierBatch, lane, y, CARRIER_CLASS_COUNT, mask);
    }
    this.#fillBatches(ctx, taskBatch, CLASS_COUNT, colors, LANE_H, CLASS.UNKNOWN);
    this.#fillBatches(ctx, carrierBatch, CARRIER_CLASS_COUNT, TASK_HUES.concat([CLASS_INFO[CLASS.PINNED].color]), LANE_H, -1);
    this.#drawAnnotations(ctx, h);
    this.#drawSelectedInterval(ctx);
    this.#drawSelection(ctx, h);
    this.#drawMarkers(ctx, h);
    this.#drawArrows(ctx);
    ctx.restore();
    this.#drawRuler(ctx, w);
    ctx.fillStyle = "#d0d0d0"; ctx.fillRect(LABEL_W - 1, 0, 1, h);
    this.stats.frames++;
    this.stats.lastDrawMs = performance.now() - t0;
  }

  /**
   * One lane: long intervals as they are, sub-pixel ones merged per pixel column into the class
   * with most time there. A column holding more than DENSE intervals is estimated from DENSE of
   * them spread evenly (found by binary search), so a frame costs O(pixels) however dense the lane.
   * Rectangles go to per-colour batches (drawn by #fillBatches), snapped to whole pixels and
   * merged with a same-colour neighbour: a software canvas pays per call and per colour change.
   */
  #drawLane(batch, lane, y, nClasses, mask) {
    const v = this.S.view, { idx, start, end, cls } = lane;
    const scale = this.plotW / (v.end - v.start), x0 = LABEL_W, xMax = LABEL_W + this.plotW;
    const acc = this.acc && this.acc.length === nClasses * 2 ? this.acc : (this.acc = new Float64Array(nClasses * 2));
    acc.fill(0);
    let px = -1, lastC = -1, lastX = 0, lastW = 0;
    const emit = (c, x, w) => {
      if (c === lastC && x <= lastX + lastW) { const e = Math.max(lastX + lastW, x + w); lastW = e - lastX; return; }
      if (lastC >= 0) { batch[lastC].push(lastX, lastW); this.stats.rects++; }
      lastC = c; lastX = x; lastW = w;
    };
    const flush = () => {
      let best = 0, bestT = -1;
      for (let c = 0; c < acc.length; c++) if (acc[c] > bestT) { bestT = acc[c]; best = c; }
      emit(best, px, 1);
      acc.fill(0); px = -1;
    };
    const DENSE = 8;
    let visited = 0;
    let p = 0; // first position ending at or after the view's start
    for (let hi = start.length; p < hi;) { const mid = (p + hi) >> 1; if (end[mid] < v.start) p = mid + 1; else hi = mid; }
    for (; p < start.length; p++) {
      const s = start[p];
      if (s > v.end) break;
      visited++;
      let a = x0 + (s - v.start) * scale, b = x0 + (end[p] - v.start) * scale;
      if (a < x0) a = x0;
      if (b > xMax) b = xMax;
      if (b - a >= 1) {
        if (px >= 0) flush();
        const ra = Math.round(a);
        emit(cls[p] + (mask && !mask[idx[p]] ? nClasses : 0), ra, Math.max(1, Math.round(b) - ra));
        continue;
      }
      const col = Math.floor(a);
      if (col !== px) {
        if (px >= 0) flush();
        px = col;
        // how many intervals start in this pixel column? sample them when there are many
        const colEnd = v.start + (col + 1 - x0) / scale;
        let lo = p + 1, hi = start.length;
        while (lo < hi) { const mid = (lo + hi) >> 1; if (start[mid] < colEnd) lo = mid + 1; else hi = mid; }
        const last = lo - 1;                 // last interval starting in this column
        if (last - p > DENSE) {
          const stride = (last - p) / DENSE; // sample [p, last); the last one may reach further
          for (let k = 0; k < DENSE; k++) {
            const q = p + Math.floor(k * stride);
            acc[cls[q] + (mask && !mask[idx[q]] ? nClasses : 0)] += (end[q] - start[q] + 1e-9) * stride;
          }
          visited += last - p - 1;
          p = last - 1;                      // the loop goes on with `last`
          continue;
        }
      }
      acc[cls[p] + (mask && !mask[idx[p]] ? nClasses : 0)] += end[p] - s + 1e-9;
    }
    if (px >= 0) flush();
    if (lastC >= 0) { batch[lastC].push(lastX, lastW); this.stats.rects++; }
    for (const list of batch) if (list.length && list.rowEnd !== list.length) { list.push(NaN, y); list.rowEnd = list.length; }
    this.stats.intervalsOnScreen += visited;
  }

  /**
   * Whether this frame is drawn from the overview: always until the exact intervals are decoded,
   * and afterwards whenever a pixel spans at least one bucket (zoomed out), unless a frame filter
   * needs the exact intervals to fade the others.
   */
  useOverview() {
    const S = this.S, ov = S.feed.overview;
    if (!ov) return false;
    if (!S.feed.exact) return true;
    return !S.filter && (S.view.end - S.view.start) / this.plotW >= ov.width;
  }

  /**
   * One lane from the overview: a bucket wider than a pixel is drawn as it is; buckets narrower
   * than a pixel share the column, which shows the one whose dominant covered most of its time.
   */
  #drawOverviewLane(batch, lane, y) {
    const ov = this.S.feed.overview, v = this.S.view, { cls, weight, count } = lane;
    const scale = this.plotW / (v.end - v.start), x0 = LABEL_W, xMax = LABEL_W + this.plotW;
    let lastC = -1, lastX = 0, lastW = 0, px = -1, bestC = -1, bestWeight = -1, visited = 0;
    const emit = (c, x, w) => {
      if (c === lastC && x <= lastX + lastW) { lastW = Math.max(lastX + lastW, x + w) - lastX; return; }
      if (lastC >= 0) { batch[lastC].push(lastX, lastW); this.stats.rects++; }
      lastC = c; lastX = x; lastW = w;
    };
    const flush = () => { if (bestC >= 0) emit(bestC, px, 1); px = -1; bestC = -1; bestWeight = -1; };
    const bEnd = Math.min(ov.buckets, Math.ceil((v.end - ov.t0) / ov.width));
    for (let b = Math.max(0, Math.floor((v.start - ov.t0) / ov.width)); b < bEnd; b++) {
      const c = cls[b];
      if (c === 255) continue;
      visited += count[b];
      let a = x0 + (ov.t0 + b * ov.width - v.start) * scale, e = a + ov.width * scale;
      if (a < x0) a = x0;
      if (e > xMax) e = xMax;
      if (e - a >= 1) {
        if (px >= 0) flush();
        const ra = Math.round(a);
        emit(c, ra, Math.max(1, Math.round(e) - ra));
        continue;
      }
      const col = Math.floor(a);
      if (col !== px) { if (px >= 0) flush(); px = col; }
      if (weight[b] > bestWeight) { bestWeight = weight[b]; bestC = c; }
    }
    if (px >= 0) flush();
    if (lastC >= 0) { batch[lastC].push(lastX, lastW); this.stats.rects++; }
    for (const list of batch) if (list.length && list.rowEnd !== list.length) { list.push(NaN, y); list.rowEnd = list.length; }
    this.stats.intervalsOnScreen += visited;
    this.stats.overviewLanes++;
  }

  /**
   * The pool counter track: active carriers as a green area against the largest pool, queued tasks
   * as an orange line on their own scale (the largest queue of the recording at the top); each
   * sample holds until the next one.
   */
  #drawPoolTrack(ctx, row, y) {
    const a = this.S.analysis, pts = a.poolSamples, v = this.S.view;
    const x0 = LABEL_W, x1 = LABEL_W + this.plotW, top = y + 2, h = row.h - 4;
    let k = Math.max(0, upperBound(pts, v.start) - 1);
    const xAt = (t) => Math.max(x0, Math.min(x1, this.timeToX(t)));
    ctx.fillStyle = "#f7f7f7"; ctx.fillRect(x0, top, this.plotW, h);
    ctx.fillStyle = "rgba(0,158,115,.75)";
    ctx.beginPath();
    const queued = [];
    for (; k < pts.length && pts[k].t <= v.end; k++) {
      const p = pts[k], from = xAt(p.t), to = xAt(k + 1 < pts.length ? pts[k + 1].t : this.S.extent[1]);
      if (to <= from && k + 1 < pts.length) continue;
      const bh = h * Math.min(1, (p.active || 0) / a.poolMaxThreads);
      ctx.rect(from, top + h - bh, Math.max(1, to - from), bh);
      queued.push(from, to, top + h - h * (p.queued || 0) / a.poolMaxQueued);
    }
    ctx.fill();
    ctx.strokeStyle = "#E69F00"; ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (let q = 0; q < queued.length; q += 3) {
      if (q === 0) ctx.moveTo(queued[q], queued[q + 2]); else ctx.lineTo(queued[q], queued[q + 2]);
      ctx.lineTo(queued[q + 1], queued[q + 2]);
    }
    ctx.stroke();
  }

  /**
   * Draws batched rectangles: one path and one fill per colour (faded ones at low alpha); the
   * class hatchClass (task lanes' Unknown, none in carrier lanes) is filled with the hatch.
   */
  #fillBatches(ctx, batch, nClasses, colors, h, hatchClass) {
    for (let c = 0; c < batch.length; c++) {
      const list = batch[c];
      if (!list.length) continue;
      const base = c % nClasses;
      ctx.fillStyle = base === hatchClass ? this.pattern : colors[base];
      ctx.globalAlpha = c >= nClasses ? 0.18 : 1;
      ctx.beginPath();
      // entries are (x, w) pairs per lane, each lane closed by (NaN, y)
      let from = 0;
      for (let k = 0; k < list.length; k += 2) {
        if (Number.isNaN(list[k])) {
          const y = list[k + 1];
          for (let q = from; q < k; q += 2) ctx.rect(list[q], y, list[q + 1], h);
          from = k + 2;
        }
      }
      ctx.fill();
    }
    ctx.globalAlpha = 1;
  }

  #drawLabel(ctx, row, y) {
    ctx.save();
    ctx.beginPath(); ctx.rect(0, y, LABEL_W - 6, row.h); ctx.clip();
    ctx.font = "12px system-ui, sans-serif";
    ctx.textBaseline = "middle";
    ctx.fillStyle = row.kind === "carrier" ? "#555" : "#1d1d1f";
    const indent = 18;
    if (row.kind === "task" && row.task && row.task.virtual === false) {
      ctx.fillStyle = "#888"; ctx.fillText("P", 6, this.barMid(row)); ctx.fillStyle = "#1d1d1f";
    }
    ctx.fillText(safeText(row.label), indent, row.kind === "task" ? this.barMid(row) : y + row.h / 2);
    ctx.restore();
  }

  #drawGroupHeader(ctx, row, y, w) {
    ctx.fillStyle = "#f0f1f3"; ctx.fillRect(0, y, w, row.h);
    ctx.fillStyle = "#d6d8dc"; ctx.fillRect(0, y + row.h - 1, w, 1);
    ctx.save();
    ctx.beginPath(); ctx.rect(0, y, w, row.h); ctx.clip();
    ctx.font = "600 12px system-ui, sans-serif"; ctx.textBaseline = "middle"; ctx.fillStyle = "#333";
    ctx.fillText((row.collapsed ? "▸ " : "▾ ") + safeText(row.label), 4, y + row.h / 2);
    ctx.restore();
  }

  #drawGrid(ctx, w, h) {
    const v = this.S.view, step = niceStep(v.end - v.start, Math.max(2, this.plotW / 110));
    ctx.fillStyle = "#f1f1f1";
    for (let t = Math.ceil(v.start / step) * step; t <= v.end; t += step) ctx.fillRect(Math.round(this.timeToX(t)), RULER_H, 1, h - RULER_H);
  }

  #drawRuler(ctx, w) {
    const v = this.S.view;
    ctx.fillStyle = "#f6f6f7"; ctx.fillRect(0, 0, w, RULER_H);
    ctx.fillStyle = "#cfcfcf"; ctx.fillRect(0, RULER_H - 1, w, 1);
    const step = niceStep(v.end - v.start, Math.max(2, this.plotW / 110));
    ctx.font = "11px system-ui, sans-serif"; ctx.textBaseline = "top"; ctx.fillStyle = "#444";
    for (let t = Math.ceil(v.start / step) * step; t <= v.end; t += step) {
      const x = Math.round(this.timeToX(t));
      ctx.fillRect(x, RULER_H - 7, 1, 6);
      ctx.fillText(fmtTick(t, step), x + 3, 4);
    }
    const sel = this.S.selection;
    if (sel) {
      const a = Math.max(LABEL_W, this.timeToX(sel.start)), b = Math.min(LABEL_W + this.plotW, this.timeToX(sel.end));
      if (b > a) { ctx.fillStyle = "rgba(230,159,0,.55)"; ctx.fillRect(a, RULER_H - 6, b - a, 5); }
    }
    for (const m of this.markers()) {
      const x = Math.round(this.timeToX(m.t));
      if (x < LABEL_W || x > LABEL_W + this.plotW) continue;
      ctx.fillStyle = m.kind === "trigger" ? "rgba(213,94,0,.95)" : "rgba(60,90,140,.9)"; ctx.fillRect(x, 0, 1, RULER_H);
      ctx.font = "10px system-ui, sans-serif"; ctx.fillText(m.label, x + 3, RULER_H - 12);
      ctx.font = "11px system-ui, sans-serif"; ctx.fillStyle = "#444";
    }
    ctx.fillStyle = "#f6f6f7"; ctx.fillRect(0, 0, LABEL_W - 1, RULER_H - 1);
    ctx.fillStyle = "#444"; ctx.font = "11px system-ui, sans-serif";
    ctx.fillText("span " + fmtDuration(v.end - v.start), 6, 7);
  }

  /**
   * Instants worth a line across the lanes: where the recording itself began when the agent's
   * early events come before it (window.recordingStartNanos): to its left only the probes saw
   * the tasks, without the JDK's own events; and in a flight recorder's dump, when its trigger
   * fired (in vermillion).
   */
  markers() {
    const a = this.S.analysis, w = a && a.window, t = w && w.recordingStartNanos;
    const out = t > 0 ? [{ kind: "recording", t: Number(t), label: "recording ran" }] : [];
    // the moment a flight recorder's trigger fired (the dump holds the window before it and a little after)
    for (const f of a ? a.flightTriggers : []) out.push({ kind: "trigger", t: f.t, task: f.task, label: "trigger " + safeText(f.rule) });
    return out;
  }

  #drawMarkers(ctx, h) {
    for (const m of this.markers()) {
      const x = Math.round(this.timeToX(m.t));
      if (x < LABEL_W || x > LABEL_W + this.plotW) continue;
      ctx.fillStyle = m.kind === "trigger" ? "rgba(213,94,0,.8)" : "rgba(60,90,140,.55)";
      for (let y = RULER_H; y < h; y += 6) ctx.fillRect(x, y, m.kind === "trigger" ? 2 : 1, 3);
    }
  }

  /**
   * The runtime's regions and logs in the track above their task's states: a region as a dark
   * span named inside when it is wide enough (a nested one as a lighter bar under its parent), a
   * log as a small white triangle; hover one for its name or message (annotationAt).
   */
  #drawAnnotations(ctx, h) {
    const a = this.S.analysis, v = this.S.view, x0 = LABEL_W, x1 = LABEL_W + this.plotW;
    if (!a.regionsByTask.size && !a.logsByTask.size) return;
    ctx.font = "9px system-ui, sans-serif"; ctx.textBaseline = "middle";
    for (const row of this.rows) {
      if (row.kind !== "task" || !row.band) continue;
      const y = this.rowY(row), band = row.band - 1;
      if (y + row.h < RULER_H || y > h) continue;
      ctx.fillStyle = "#f1f2f4"; ctx.fillRect(x0, y, this.plotW, band);
      const regions = a.regionsByTask.get(row.id);
      if (regions) {
        const open = [];
        for (const r of regions) {
          if (r.end < v.start || r.start > v.end) continue;
          while (open.length && open[open.length - 1] <= r.start) open.pop();
          const depth = open.length;
          open.push(r.end);
          const a0 = Math.max(x0, this.timeToX(r.start)), b0 = Math.min(x1, this.timeToX(r.end)), w = Math.max(1, b0 - a0);
          if (depth > 0) { ctx.fillStyle = "#9aa0a8"; ctx.fillRect(a0, y + band - 3 - Math.min(2, depth - 1) * 2, w, 2); continue; }
          ctx.fillStyle = "#3b3f47"; ctx.fillRect(a0, y, w, band);
          if (w > 28) {
            ctx.save(); ctx.beginPath(); ctx.rect(a0 + 2, y, w - 4, band); ctx.clip();
            ctx.fillStyle = "#ffffff"; ctx.fillText(safeText(r.name), a0 + 3, y + band / 2 + 0.5);
            ctx.restore();
          }
        }
      }
      const logs = a.logsByTask.get(row.id);
      if (logs) {
        ctx.fillStyle = "#ffffff"; ctx.strokeStyle = "#1d1d1f"; ctx.lineWidth = 1;
        for (const l of logs) {
          if (l.t < v.start || l.t > v.end) continue;
          const x = this.timeToX(l.t);
          ctx.beginPath(); ctx.moveTo(x - 4, y + 0.5); ctx.lineTo(x + 4, y + 0.5); ctx.lineTo(x, y + band - 0.5); ctx.closePath(); ctx.fill(); ctx.stroke();
        }
      }
    }
  }

  /** An outline around the interval a search step or a click picked, on its task's lane. */
  #drawSelectedInterval(ctx) {
    const S = this.S, iv = S.feed.intervals, i = S.selectedInterval;
    if (i == null || i < 0 || i >= iv.n || S.selectedTask !== iv.task[i]) return;
    const row = this.rows.find((r) => r.kind === "task" && r.id === iv.task[i]);
    if (!row) return;
    const a = Math.max(LABEL_W, this.timeToX(iv.start[i])), b = Math.min(LABEL_W + this.plotW, this.timeToX(iv.end[i]));
    if (b < LABEL_W || a > LABEL_W + this.plotW) return;
    ctx.strokeStyle = "#1d1d1f"; ctx.lineWidth = 2;
    ctx.strokeRect(a - 1, this.rowY(row) - 1, Math.max(2, b - a + 2), row.h + 2);
  }

  /** The region or log of a task lane at (t, y within the lane's region track), or null. */
  annotationAt(row, t, dy) {
    if (row.kind !== "task" || !row.band || dy < 0 || dy >= row.band) return null;
    const a = this.S.analysis, tol = 4 * (this.S.view.end - this.S.view.start) / this.plotW;
    let best = null;
    for (const l of a.logsByTask.get(row.id) || []) {
      if (Math.abs(l.t - t) <= tol && (!best || Math.abs(l.t - t) < Math.abs(best.t - t))) best = l;
    }
    if (best) return { log: best };
    let region = null;
    for (const r of a.regionsByTask.get(row.id) || []) {
      if (r.start - tol / 4 <= t && t <= r.end + tol / 4 && (!region || r.end - r.start < region.end - region.start)) region = r;
    }
    return region ? { region } : null;
  }

  #drawSelection(ctx, h) {
    const sel = this.S.selection;
    if (!sel) return;
    const a = Math.max(LABEL_W, this.timeToX(sel.start)), b = Math.min(LABEL_W + this.plotW, this.timeToX(sel.end));
    if (b < LABEL_W || a > LABEL_W + this.plotW) return;
    ctx.fillStyle = "rgba(230,159,0,.10)"; ctx.fillRect(a, RULER_H, Math.max(1, b - a), h - RULER_H);
    ctx.fillStyle = "rgba(200,120,0,.9)"; ctx.fillRect(a, RULER_H, 1, h - RULER_H); ctx.fillRect(b, RULER_H, 1, h - RULER_H);
  }

  /**
   * Waker → woken arrows: for the hovered interval, and for the selected task's wake-ups in view,
   * both those that woke it and those it made (a wait and its runnable part share one wake-up).
   * Past MAX_ARROWS they are spread across the view (spreadByTime), never the first ones from the
   * left, which piled at the left edge; a line under the ruler says when some are left out.
   */
  #drawArrows(ctx) {
    const S = this.S, iv = S.feed.intervals, v = S.view;
    const wanted = [];
    if (S.hovered >= 0 && S.hovered < iv.n) wanted.push(S.hovered);
    this.arrows = [];
    this.wakeups = null;
    const keyOf = (i) => iv.waker[i] + ">" + iv.task[i] + "@" + wakeTime(iv, i);
    let budgetCut = false;
    if (S.selectedTask != null) {
      const inView = [];
      const idx = iv.byTask.get(S.selectedTask);
      if (idx) for (let p = iv.firstEndingAfter(idx, v.start); p < idx.length; p++) {
        const i = idx[p];
        if (iv.start[i] > v.end) break;
        const t = iv.waker[i] >= 0 ? wakeTime(iv, i) : -Infinity;
        if (t >= v.start && t <= v.end) inView.push(i);
      }
      const woke = wokeBy(iv, S.selectedTask);
      let lo = 0, hi = woke.length; // the first wake-up it made at or after the view's start
      while (lo < hi) { const mid = (lo + hi) >> 1; if (wakeTime(iv, woke[mid]) < v.start) lo = mid + 1; else hi = mid; }
      for (let p = lo; p < woke.length && wakeTime(iv, woke[p]) <= v.end; p++) inView.push(woke[p]);
      inView.sort((p, q) => wakeTime(iv, p) - wakeTime(iv, q) || p - q);
      const unique = [], keys = new Set();
      for (const i of inView) { const k = keyOf(i); if (!keys.has(k)) { keys.add(k); unique.push(i); } }
      const picked = spreadByTime(unique, (i) => wakeTime(iv, i), v.start, v.end, MAX_ARROWS, 100);
      budgetCut = picked.length < unique.length;
      for (const i of picked) wanted.push(i);
      this.wakeups = { inView: unique.length, drawn: 0, hidden: 0 };
    }
    const rowOfTask = new Map();
    for (const r of this.rows) if (r.kind === "task") rowOfTask.set(r.id, r);
    const seen = new Set();
    for (const i of wanted) {
      const w = iv.waker[i];
      if (w < 0) continue;
      const key = keyOf(i);
      if (seen.has(key)) continue;
      seen.add(key);
      const from = rowOfTask.get(w), to = rowOfTask.get(iv.task[i]);
      if (!from || !to) { if (this.wakeups) this.wakeups.hidden++; continue; }
      const t = wakeTime(iv, i);
      const x = this.timeToX(t);
      if (x < LABEL_W || x > LABEL_W + this.plotW) continue;
      const y0 = this.barMid(from), y1 = this.barMid(to);
      this.arrows.push({ from: w, to: iv.task[i], t, x, y0, y1 });
      const dir = Math.sign(y1 - y0) || 1, tip = y1 - dir * ((to.h - (to.band || 0)) / 2 - 1);
      ctx.strokeStyle = "#1d1d1f"; ctx.fillStyle = "#1d1d1f"; ctx.lineWidth = 1.5;
      ctx.beginPath(); ctx.arc(x, y0, 2.5, 0, 2 * Math.PI); ctx.fill();
      ctx.beginPath(); ctx.moveTo(x, y0); ctx.bezierCurveTo(x + 18, y0 + (tip - y0) * 0.3, x + 18, y0 + (tip - y0) * 0.7, x, tip); ctx.stroke();
      ctx.beginPath(); ctx.moveTo(x, tip); ctx.lineTo(x + 3, tip - dir * 7); ctx.lineTo(x - 4, tip - dir * 5); ctx.closePath(); ctx.fill();
    }
    const wk = this.wakeups;
    if (!wk) return;
    wk.drawn = this.arrows.filter((a) => a.from === S.selectedTask || a.to === S.selectedTask).length;
    wk.note = wk.drawn < wk.inView ? fmtCount(wk.drawn) + " of " + fmtCount(wk.inView) + " wake-ups in view drawn"
      + (budgetCut ? ", spread across the view (zoom in to see each)" : "")
      + (wk.hidden ? "; " + fmtCount(wk.hidden) + " from or to a lane not shown" : "") : "";
    if (wk.note) {
      ctx.font = "11px system-ui, sans-serif"; ctx.textBaseline = "top";
      const tw = ctx.measureText(wk.note).width, x = LABEL_W + this.plotW - tw - 8;
      ctx.fillStyle = "rgba(255,255,255,.9)"; ctx.fillRect(x - 4, RULER_H + 2, tw + 8, 15);
      ctx.fillStyle = "#1d1d1f"; ctx.fillText(wk.note, x, RULER_H + 4);
    }
  }

  // ---- view changes
  setView(start, end) {
    const [lo, hi] = this.S.extent;
    const full = hi - lo;
    let span = Math.min(Math.max(end - start, 100), full * 1.5);
    let s = start + ((end - start) - span) / 2;
    s = Math.max(lo - full * 0.25, Math.min(s, hi + full * 0.25 - span));
    this.S.view = { start: s, end: s + span };
    this.S.feed.viewChanged(s, s + span);
    this.requestRender();
    saveUrlState();
    if (this.onViewChange) this.onViewChange();
  }
  zoom(factor, atX) {
    const v = this.S.view, t = this.xToTime(atX == null ? LABEL_W + this.plotW / 2 : atX);
    this.setView(t - (t - v.start) * factor, t + (v.end - t) * factor);
  }
  pan(fraction) {
    const v = this.S.view, d = (v.end - v.start) * fraction;
    this.setView(v.start + d, v.end + d);
  }
  /** The application's activity (see Analysis.activity); when the view already shows it, the whole recording. */
  fit() {
    const act = this.S.activity;
    const to = act && !this.showingActivity() ? act : this.S.extent;
    this.setView(to[0], to[1]);
  }
  showingActivity() {
    const act = this.S.activity, v = this.S.view;
    return !!act && Math.abs(v.start - act[0]) < 1e-6 * (act[1] - act[0]) + 1 && Math.abs(v.end - act[1]) < 1e-6 * (act[1] - act[0]) + 1;
  }
  scrollTo(y) { this.scrollY = y; this.#clampScroll(); this.requestRender(); }
  #clampScroll() {
    const visible = this.canvas.clientHeight - RULER_H;
    this.scrollY = Math.max(0, Math.min(this.scrollY, this.contentH - visible + 10));
  }

  // ---- input
  #bind() {
    const c = this.canvas;
    c.addEventListener("pointerdown", (e) => {
      c.focus({ preventScroll: true }); // a click must not scroll the page under the pointer
      const { x, y } = this.#pos(e);
      this.drag = { x0: x, y0: y, x, y, view: { ...this.S.view }, scroll: this.scrollY, moved: false,
        mode: (y < RULER_H || e.shiftKey) && x >= LABEL_W ? "select" : "pan", t0: this.xToTime(x) };
      c.setPointerCapture(e.pointerId);
    });
    c.addEventListener("pointermove", (e) => {
      const { x, y } = this.#pos(e);
      this.mouse = { x, y };
      const d = this.drag;
      if (!d) { this.#hover(x, y); return; }
      if (Math.abs(x - d.x0) + Math.abs(y - d.y0) > 3) d.moved = true;
      if (!d.moved) return;
      this.#hideTooltip();
      if (d.mode === "pan") {
        const dt = (x - d.x0) / this.plotW * (d.view.end - d.view.start);
        this.setView(d.view.start - dt, d.view.end - dt);
        this.scrollTo(d.scroll - (y - d.y0));
        c.style.cursor = "grabbing";
      } else {
        const t = this.xToTime(x);
        this.S.selection = { start: Math.min(d.t0, t), end: Math.max(d.t0, t) };
        this.requestRender();
      }
    });
    c.addEventListener("pointerup", (e) => {
      const d = this.drag; this.drag = null; c.style.cursor = "";
      if (!d) return;
      const { x, y } = this.#pos(e);
      if (d.mode === "select" && d.moved) { emit("selection"); return; }
      if (!d.moved) this.#click(x, y, d.mode === "select");
    });
    c.addEventListener("pointerleave", () => { if (!this.drag) { this.mouse = null; this.#hideTooltip(); this.S.hovered = -1; this.requestRender(); } });
    c.addEventListener("wheel", (e) => {
      e.preventDefault();
      const { x } = this.#pos(e);
      if (e.ctrlKey || e.metaKey) this.zoom(Math.exp(e.deltaY * 0.002), Math.max(x, LABEL_W));
      else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) this.pan((e.deltaX || e.deltaY) / this.plotW);
      else this.scrollTo(this.scrollY + e.deltaY);
    }, { passive: false });
    document.addEventListener("keydown", (e) => {
      if (e.target instanceof HTMLInputElement || e.ctrlKey || e.metaKey || e.altKey) return;
      const at = this.mouse && this.mouse.x >= LABEL_W ? this.mouse.x : null;
      switch (e.key.toLowerCase()) {
        case "w": this.zoom(0.8, at); break;
        case "s": this.zoom(1.25, at); break;
        case "a": this.pan(-0.1); break;
        case "d": this.pan(0.1); break;
        case "f": case "0": this.fit(); break;
        case "escape": if (document.getElementById("help")) toggleHelp(); clearSelectionAndFilter(); break;
        case "?": toggleHelp(); break;
        default: return;
      }
      e.preventDefault();
    });
    new ResizeObserver(() => { this.#clampScroll(); this.render(); }).observe(c);
  }

  #pos(e) {
    const r = this.canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  #click(x, y, inRuler) {
    if (inRuler && y < RULER_H) { if (this.S.selection) { this.S.selection = null; emit("selection"); } return; }
    const hit = this.hitTest(x, y);
    if (!hit.row) return;
    if (hit.row.kind === "group") { this.toggle(hit.row.key); return; }
    let taskId = hit.row.kind === "task" ? hit.row.id : null;
    if (hit.row.kind === "carrier" && hit.index >= 0) taskId = this.S.feed.intervals.task[hit.index];
    if (hit.row.kind === "task" && hit.index >= 0 && carriedTask(hit.index) != null) taskId = carriedTask(hit.index);
    if (hit.row.kind === "carrier" && hit.bucket && hit.bucket.task != null && hit.bucket.task >= 0) taskId = hit.bucket.task;
    if (taskId != null) showTask(taskId, hit.index);
  }

  #hover(x, y) {
    const hit = this.hitTest(x, y);
    this.lastHit = hit;
    const before = this.S.hovered;
    this.S.hovered = hit.area === "lane" ? hit.index : -1;
    if (before !== this.S.hovered) this.requestRender();
    const note = hit.area === "lane" && hit.row ? this.annotationAt(hit.row, hit.t, y - this.rowY(hit.row)) : null;
    const content = note ? describeAnnotation(hit.row, note) : hit.area === "lane" ? (hit.bucket ? describeBucket(hit) : describeInterval(hit))
      : hit.area === "counter" ? describePoolAt(hit.t) : hit.area === "label" ? describeRow(hit.row) : null;
    if (!content) { this.#hideTooltip(); return; }
    const tt = this.tooltip;
    tt.replaceChildren(content);
    for (const [k, v] of Object.entries(content.dataset)) tt.dataset[k] = v;
    for (const k of Object.keys(tt.dataset)) if (k !== "testid" && !(k in content.dataset)) delete tt.dataset[k];
    tt.hidden = false;
    const wrapW = this.canvas.clientWidth;
    const left = x + 16 + tt.offsetWidth > wrapW ? Math.max(0, x - 16 - tt.offsetWidth) : x + 16;
    tt.style.left = left + "px";
    tt.style.top = (y + 16) + "px";
  }

  #hideTooltip() { this.tooltip.hidden = true; }
}

// The scheduler's pool over time: the analysis's `scheduler` samples (parallelism, pool size,
// active carriers, queued tasks) drawn as step lines in the scheduler-latency panel, like a
// Perfetto counter track. With a selection, the chart spans the range and the figures count only
// the samples taken in it.

/** Samples with t in [range.start, range.end] (all without a range), in time order. */
function poolSamples(series, range) {
  const all = (series || []).filter((p) => p && typeof p.t === "number").sort((a, b) => a.t - b.t);
  return range ? all.filter((p) => p.t >= range.start && p.t <= range.end) : all;
}

function renderPool(statsEl, canvas, series, range, extent) {
  statsEl.replaceChildren();
  const all = poolSamples(series, null), inRange = poolSamples(series, range);
  canvas.hidden = !inRange.length;
  if (!all.length) {
    statsEl.append(el("p", { class: "muted" }, "No scheduler samples: the recording has no periodic pool state (blockscope's agent records it)."));
    return;
  }
  if (!inRange.length) { statsEl.append(el("p", { class: "muted" }, "No scheduler sample in the selected range.")); return; }
  const stat = (key) => {
    let sum = 0, min = Infinity, max = -Infinity;
    for (const p of inRange) { const v = Number(p[key]) || 0; sum += v; if (v < min) min = v; if (v > max) max = v; }
    return { mean: sum / inRange.length, min, max };
  };
  const par = stat("parallelism"), size = stat("poolSize"), active = stat("active"), queued = stat("queued");
  const range2 = (s) => s.min === s.max ? fmtCount(s.min) : fmtCount(s.min) + "–" + fmtCount(s.max);
  statsEl.append(el("div", null, fmtCount(inRange.length) + " samples · parallelism " + range2(par) + " · pool size " + range2(size) +
    " · active carriers mean " + active.mean.toFixed(1) + ", max " + fmtCount(active.max) +
    " · queued tasks mean " + queued.mean.toFixed(1) + ", max " + fmtCount(queued.max)));
  // the chart starts with the state that held when the range began (the last sample before it)
  const from = range ? range.start : extent[0], to = range ? range.end : extent[1];
  let before = null;
  for (const p of all) if (p.t < from) before = p;
  drawPool(canvas, (before ? [{ ...before, t: from }] : []).concat(inRange), from, to);
}

function drawPool(canvas, pts, from, to) {
  const { ctx, w, h } = fitCanvas(canvas);
  ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, w, h);
  const base = h - 16, top = 28, left = 40, right = w - 40;
  const threads = Math.max(1, ...pts.map((p) => Math.max(p.parallelism || 0, p.poolSize || 0, p.active || 0)));
  const queuedMax = Math.max(1, ...pts.map((p) => p.queued || 0));
  const x = (t) => left + (t - from) / ((to - from) || 1) * (right - left);
  // whole pixels and 2 px lines: a step chart stays crisp where lines run on top of each other
  const yT = (v) => Math.round(base - (base - top) * v / threads), yQ = (v) => Math.round(base - (base - top) * v / queuedMax);
  const step = (key, y) => {
    ctx.beginPath();
    pts.forEach((p, k) => {
      const x0 = Math.round(Math.max(left, x(p.t))), x1 = k + 1 < pts.length ? x(pts[k + 1].t) : right, v = y(p[key] || 0);
      if (k === 0) ctx.moveTo(x0, v); else ctx.lineTo(x0, v);
      ctx.lineTo(Math.round(Math.min(right, x1)), v);
    });
  };
  // queued tasks: a filled area on its own (right) axis
  step("queued", yQ);
  ctx.lineTo(right, base); ctx.lineTo(Math.max(left, x(pts[0].t)), base); ctx.closePath();
  ctx.fillStyle = "rgba(230,159,0,.35)"; ctx.fill();
  ctx.lineWidth = 2;
  ctx.setLineDash([4, 3]); ctx.strokeStyle = "#777"; step("parallelism", yT); ctx.stroke(); ctx.setLineDash([]);
  ctx.strokeStyle = "#0072B2"; step("poolSize", yT); ctx.stroke();
  ctx.strokeStyle = "#009E73"; step("active", yT); ctx.stroke();
  ctx.fillStyle = "#444"; ctx.font = "10px system-ui, sans-serif"; ctx.textBaseline = "top";
  ctx.fillText(fmtCount(threads), 4, top - 5); ctx.fillText("0", 4, base - 10);
  const q = fmtCount(queuedMax) + " queued"; ctx.fillText(q, w - 4 - ctx.measureText(q).width, top - 5);
  ctx.fillText(fmtDuration(from), left, base + 3);
  const endLabel = fmtDuration(to); ctx.fillText(endLabel, right - ctx.measureText(endLabel).width, base + 3);
  ctx.fillText("threads: parallelism (dashed), pool size (blue), active carriers (green)", 4, 1);
  ctx.fillText("queued tasks: orange area, right axis", 4, 12);
}

// The panels under the timeline. Without a selection they show the analyzer's aggregates, which
// cover the whole recording even when the timeline was truncated; with a selection they are
// computed here from the intervals clipped to the selected range.

/**
 * Aggregates of the intervals overlapping [start, end], each clipped to the range. The SUSPENDED
 * intervals starting in the range are its context switches: the analyzer counts one per
 * SUSPENDED interval (a virtual thread's wait that unmounted: unmount, then mount).
 */
function aggregateRange(iv, start, end, carrierTasks) {
  // as the analyzer's blocking profile: no waits of carrier threads (their idle parks, and the
  // pinned waits their split lanes repeat from the virtual thread), no carrier.idle from anyone
  const notProfiled = new Set(carrierTasks || []), idleReason = iv.reasonNames.indexOf("carrier.idle");
  const flame = new Map(), sched = new Map(), pins = new Map(), carriers = new Map(), latencies = [], latencyTimes = [];
  const runnable = iv.stateIndex.RUNNABLE, running = iv.stateIndex.RUNNING, pinned = iv.stateIndex.BLOCKED_PINNED;
  const suspended = iv.stateIndex.SUSPENDED, blockedState = iv.stateIndex.BLOCKED;
  // a carrier's idle time, as the analyzer's carriers[].idle: the carrier thread's own waits in
  // its pool (carrier.idle, or a park), in its own lane (carrier -1: nothing carried)
  const idleReasons = new Set(iv.reasonNames.flatMap((r, k) => r === "carrier.idle" || r.startsWith("park.") ? [k] : []));
  const carrierOf = (id) => {
    let c = carriers.get(id);
    if (!c) carriers.set(id, c = { id, busy: 0, pinned: 0, idle: 0, slices: 0, taskSet: new Set() });
    return c;
  };
  let switches = 0;
  for (let i = 0; i < iv.n; i++) {
    const s = iv.start[i], e = iv.end[i];
    if (e < start || s > end) continue;
    const d = Math.min(e, end) - Math.max(s, start);
    const st = iv.state[i];
    if (st === suspended && s >= start && s <= end) switches++;
    if (iv.blocked[i] && d > 0 && (idleReason < 0 || iv.reason[i] !== idleReason) && !notProfiled.has(iv.task[i])) {
      const key = iv.stack[i] + "|" + iv.reason[i];
      let f = flame.get(key);
      if (!f) flame.set(key, f = { frames: iv.stackFrames(i), reason: iv.reasonName(i), stack: iv.stack[i], total: 0, count: 0 });
      f.total += d; f.count++;
      if (st === pinned) {
        let p = pins.get(key);
        if (!p) pins.set(key, p = { stack: iv.stack[i], frames: iv.stackFrames(i), reason: iv.reasonName(i), count: 0, total: 0, max: 0, taskSet: new Set() });
        p.count++; p.total += d; p.max = Math.max(p.max, d); p.taskSet.add(iv.task[i]);
      }
    }
    if (st === runnable && s >= start && s <= end) { latencies.push(e - s); latencyTimes.push(s); }
    // the scheduler-latency profile: RUNNABLE time by the wait it was woken from
    if (st === runnable && d > 0) {
      const reason = iv.reasonName(i) || "other", key = iv.stack[i] + "|" + reason;
      let f = sched.get(key);
      if (!f) sched.set(key, f = { frames: iv.stackFrames(i), reason, stack: iv.stack[i], total: 0, count: 0 });
      f.total += d; f.count++;
    }
    if (st === blockedState && iv.carrier[i] < 0 && d > 0 && notProfiled.has(iv.task[i]) && idleReasons.has(iv.reason[i])) {
      carrierOf(iv.task[i]).idle += d;
    }
    if ((st === running || st === pinned) && iv.carrier[i] >= 0 && d >= 0 && !notProfiled.has(iv.task[i])) {
      const c = carrierOf(iv.carrier[i]);
      if (st === running) { c.busy += d; c.slices++; c.taskSet.add(iv.task[i]); } else { c.pinned += d; c.busy += d; }
    }
  }
  return {
    flame: [...flame.values()],
    sched: [...sched.values()],
    pinning: [...pins.values()].map((p) => ({ ...p, tasks: p.taskSet.size })).sort((a, b) => b.total - a.total),
    latency: latencyStats(latencies, latencyTimes, start, end),
    carriers: [...carriers.values()].map((c) => ({ ...c, tasks: c.taskSet.size })),
    switches,
  };
}

function latencyStats(durations, times, start, end) {
  const sorted = Float64Array.from(durations).sort();
  const pct = (p) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : 0;
  const histogram = [];
  let bound = 1000, k = 0;
  const steps = [1, 2, 5];
  for (let b = 0; b < 40; b++) {
    const upTo = steps[b % 3] * Math.pow(10, 3 + Math.floor(b / 3));
    let c = 0;
    while (k < sorted.length && sorted[k] <= upTo) { c++; k++; }
    histogram.push({ upTo, count: c });
    bound = upTo;
    if (k >= sorted.length && upTo >= (sorted.length ? sorted[sorted.length - 1] : 0)) break;
  }
  const buckets = 40, width = Math.max(1, (end - start) / buckets), overTime = [];
  const per = Array.from({ length: buckets }, () => []);
  for (let i = 0; i < times.length; i++) per[Math.min(buckets - 1, Math.floor((times[i] - start) / width))].push(durations[i]);
  per.forEach((list, b) => {
    list.sort((x, y) => x - y);
    overTime.push({ t: start + b * width, count: list.length, p99: list.length ? list[Math.min(list.length - 1, Math.floor(0.99 * list.length))] : 0,
      max: list.length ? list[list.length - 1] : 0 });
  });
  let sum = 0; for (const d of durations) sum += d;
  return { count: sorted.length, p50: pct(0.5), p90: pct(0.9), p99: pct(0.99), max: sorted.length ? sorted[sorted.length - 1] : 0,
    mean: sorted.length ? sum / sorted.length : 0, histogram, overTime, bound };
}

function renderPinning(container, entries, summaryPins, stacks, note) {
  container.replaceChildren();
  if (!entries.length) { container.append(el("p", { class: "muted" }, "No pinned waits" + note + ".")); return; }
  const info = new Map(summaryPins.map((p) => [p.stack + "|" + p.reason, p]));
  for (const p of entries) {
    const s = info.get(p.stack + "|" + p.reason) || {};
    const frames = p.frames || (p.stack >= 0 && stacks[p.stack]) || [];
    const box = el("div", { class: "pin", "data-testid": "pin-entry" });
    box.append(el("div", null, el("b", null, (p.reason || "?") + (s.pinReason || p.pinReason ? " — pinned by " + (s.pinReason || p.pinReason) : "")),
      "  ·  " + fmtCount(p.count) + " waits, " + fmtDuration(p.total) + " total, max " + fmtDuration(p.max) + ", " + fmtCount(p.tasks) + " tasks" +
      (s.latencyOthers != null ? ", others waited " + fmtDuration(s.latencyOthers) + " for a carrier meanwhile" : "")));
    const fix = s.fix || p.fix;
    if (fix) box.append(el("div", { class: "fix" }, "Fix: " + fix));
    const list = el("ol", { class: "frames" });
    for (const f of frames.slice(0, 16)) list.append(el("li", null, f));
    if (frames.length > 16) list.append(el("li", { class: "muted" }, "… " + (frames.length - 16) + " more frames"));
    box.append(list);
    container.append(box);
  }
}

function renderLatency(statsEl, histCanvas, timeCanvas, lat, range) {
  statsEl.replaceChildren();
  if (!lat || !lat.count) { statsEl.append(el("p", { class: "muted" }, "No scheduler latency measured" + (range ? " in the selected range" : "") + " (no wake-up followed by a mount).")); }
  else statsEl.append(el("div", null, fmtCount(lat.count) + " wake-ups · p50 " + fmtDuration(lat.p50) + " · p90 " + fmtDuration(lat.p90) +
    " · p99 " + fmtDuration(lat.p99) + " · max " + fmtDuration(lat.max) + " · mean " + fmtDuration(lat.mean)));
  const empty = !lat || !lat.count;
  histCanvas.hidden = empty; timeCanvas.hidden = empty; timeCanvas.previousElementSibling.hidden = empty;
  if (empty) return;
  drawBars(histCanvas, (lat && lat.histogram || []).map((b) => ({ label: "≤" + fmtDuration(b.upTo), value: b.count })), "#F0E442", "wake-ups by latency");
  const over = lat && lat.overTime || [];
  drawSeries(timeCanvas, over, range);
  const byCarriers = !range && lat && lat.byCarriers || [];
  if (byCarriers.length) {
    const t = el("table", { "data-testid": "latency-by-carriers" }, el("tr", null, el("th", null, "active carriers"),
      el("th", { class: "num" }, "wake-ups"), el("th", { class: "num" }, "p50"), el("th", { class: "num" }, "p99"), el("th", { class: "num" }, "max")));
    for (const b of byCarriers) t.append(el("tr", null, el("td", null, String(b.carriers)), el("td", { class: "num" }, fmtCount(b.count)),
      el("td", { class: "num" }, fmtDuration(b.p50)), el("td", { class: "num" }, fmtDuration(b.p99)), el("td", { class: "num" }, fmtDuration(b.max))));
    statsEl.append(el("div", { class: "hint" }, "By the number of carriers active when the task was woken:"), t);
  }
}

function drawBars(canvas, bars, color, caption) {
  const { ctx, w, h } = fitCanvas(canvas);
  ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, w, h);
  while (bars.length && bars[bars.length - 1].value === 0) bars.pop();
  let first = 0; while (first < bars.length && bars[first].value === 0) first++;
  bars = bars.slice(first);
  if (!bars.length) return;
  const max = Math.max(...bars.map((b) => b.value)), bw = (w - 10) / bars.length, base = h - 18;
  ctx.font = "10px system-ui, sans-serif"; ctx.textBaseline = "top";
  bars.forEach((b, k) => {
    const bh = max ? (base - 14) * b.value / max : 0, x = 5 + k * bw;
    ctx.fillStyle = color; ctx.fillRect(x + 1, base - bh, Math.max(1, bw - 2), bh);
    ctx.strokeStyle = "#8a7f00"; ctx.strokeRect(x + 1.5, base - bh + 0.5, Math.max(1, bw - 3), bh);
    ctx.fillStyle = "#444";
    if (bw > 34 || k % Math.ceil(34 / bw) === 0) ctx.fillText(b.label, x + 1, base + 3);
    if (b.value && bw > 20) ctx.fillText(fmtCount(b.value), x + 2, base - bh - 12);
  });
  ctx.fillStyle = "#666"; ctx.fillText(caption, 6, 2);
}

function drawSeries(canvas, points, range) {
  const { ctx, w, h } = fitCanvas(canvas);
  ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, w, h);
  if (!points.length) return;
  const t0 = points[0].t, t1 = points[points.length - 1].t + (points.length > 1 ? points[1].t - points[0].t : 1);
  const max = Math.max(1, ...points.map((p) => p.max || p.p99 || 0)), base = h - 16;
  const x = (t) => 40 + (t - t0) / (t1 - t0 || 1) * (w - 46), y = (v) => base - (base - 12) * v / max;
  if (range) { ctx.fillStyle = "rgba(230,159,0,.15)"; ctx.fillRect(x(range.start), 0, x(range.end) - x(range.start), base); }
  const bw = Math.max(1, (w - 46) / points.length - 1);
  for (const p of points) { ctx.fillStyle = "#F0E442"; ctx.fillRect(x(p.t), y(p.p99), bw, base - y(p.p99)); }
  ctx.fillStyle = "#D55E00";
  for (const p of points) if (p.max) ctx.fillRect(x(p.t) + bw / 2 - 1.5, y(p.max) - 1.5, 3, 3);
  ctx.fillStyle = "#444"; ctx.font = "10px system-ui, sans-serif"; ctx.textBaseline = "top";
  ctx.fillText(fmtDuration(max), 2, 4); ctx.fillText("0", 2, base - 10);
  ctx.fillText(fmtDuration(t0), 40, base + 3);
  const endLabel = fmtDuration(t1); ctx.fillText(endLabel, w - 6 - ctx.measureText(endLabel).width, base + 3);
  ctx.fillText("bars: p99 per window · dots: max", 48, 2);
}

function renderCarriers(container, rows, span, analysis, note) {
  container.replaceChildren();
  if (!rows.length) { container.append(el("p", { class: "muted" }, "No carrier activity" + note + ".")); return; }
  const table = el("table", null, el("tr", null, el("th", null, "carrier"), el("th", null, "busy / idle"),
    el("th", { class: "num" }, "idle"), el("th", { class: "num" }, "pinned"), el("th", { class: "num" }, "slices"),
    el("th", { class: "num" }, "tasks")));
  const part = (v) => span > 0 ? Math.max(0, Math.min(1, v / span)) : 0;
  for (const c of rows.sort((a, b) => b.busy - a.busy)) {
    // busy includes pinned: running (green), pinned (vermillion), then idle in the pool (grey); the
    // rest of the bar is the carrier's own pool code or time nothing recorded
    const pinned = c.pinned || 0, idle = c.idle || 0;
    const run = part(c.busy - pinned), pin = Math.min(part(pinned), 1 - run), idl = Math.min(part(idle), 1 - run - pin);
    const bar = el("div", { class: "bar", "data-testid": "carrier-bar", title: fmtPct(c.busy, span) + " busy, " + fmtPct(idle, span) + " idle" },
      el("span", { "data-part": "running", style: "width:" + (100 * run).toFixed(1) + "%;background:#009E73" }),
      el("span", { "data-part": "pinned", style: "width:" + (100 * pin).toFixed(1) + "%;background:#D55E00" }),
      el("span", { "data-part": "idle", style: "width:" + (100 * idl).toFixed(1) + "%;background:#BBBBBB" }));
    table.append(el("tr", { "data-testid": "carrier-row", "data-carrier": String(c.id) }, el("td", null, analysis.carrierName(c.id)),
      el("td", null, bar, fmtPct(c.busy, span)),
      el("td", { class: "num", "data-testid": "carrier-idle" }, fmtDuration(idle) + " (" + fmtPct(idle, span) + ")"),
      el("td", { class: "num" }, fmtDuration(pinned)),
      el("td", { class: "num" }, fmtCount(c.slices)), el("td", { class: "num" }, fmtCount(c.tasks))));
  }
  container.append(table, el("p", { class: "hint" }, "busy = running or pinned, as a share of " + fmtDuration(span) + note
    + "; idle = the carrier waiting for work in its pool (recorded by the agent's idle probe; 0 when not recorded)."
    + " Bar: green running, vermillion pinned, grey idle; the rest is the carrier's own pool code or unrecorded time."));
}

/**
 * The overhead panel. With a selection, the virtual-thread switches (and their rate and CPU
 * share, with the recording's cost per switch) come from the intervals in the range; the OS
 * switches and the agent's counters exist only for the whole recording and are labelled so.
 */
function renderOverhead(container, o, range, switches) {
  container.replaceChildren();
  if (!o) { container.append(el("p", { class: "muted" }, "The analysis has no overhead section.")); return; }
  const whole = range ? " (whole recording)" : "";
  let count = o.contextSwitches, perSecond = o.perSecond, share = o.cpuShare;
  if (range) {
    const seconds = (range.end - range.start) / 1e9;
    count = switches; perSecond = seconds > 0 ? switches / seconds : null;
    // cpuShare = switches × cost / (duration × CPUs): the range's share scales with its rate
    share = o.cpuShare != null && o.perSecond > 0 && perSecond != null ? o.cpuShare * perSecond / o.perSecond : null;
  }
  const rows = [
    ["Context switches" + (range ? " (selected range)" : ""), fmtCount(count) + (perSecond != null ? " (" + Number(perSecond).toFixed(0) + "/s)" : "")],
    ["Cost per switch", fmtDuration(o.costNanos) + (o.costSource ? " (" + o.costSource + ")" : "")],
    ["Share of CPU" + (range ? " (selected range)" : ""), share != null ? (100 * share).toFixed(3) + " %" : "–"],
  ];
  if (o.os) {
    // One /proc sample per thread gives no difference over the recording: say so, not "0".
    const once = o.os.threadsSampledTwice === 0 && o.os.cumulativeVoluntary != null;
    rows.push(["OS switches" + whole, once
      ? "one sample per thread, no difference over the recording; since the threads started: "
        + fmtCount(o.os.cumulativeVoluntary) + " voluntary, " + fmtCount(o.os.cumulativeInvoluntary) + " involuntary"
      : fmtCount(o.os.voluntary) + " voluntary, " + fmtCount(o.os.involuntary) + " involuntary"]);
  }
  if (o.agent) {
    // the file's size when the analysis has it: the agent's own figure is from its last statistics sample
    const fileBytes = APP.analysis && APP.analysis.source.fileBytes;
    const size = fileBytes != null ? fmtBytes(fileBytes) + " (the file)"
      : o.agent.bytes != null ? fmtBytes(o.agent.bytes) + " (the agent's last statistics)" : "size not known";
    rows.push(["Agent events" + whole, fmtCount(o.agent.events) + " events, " + size + ", " + fmtCount(o.agent.stacks) + " stacks"]);
    rows.push(["Agent time (estimated)" + whole, fmtDuration(o.agent.estimatedNanos) + (o.agent.errors ? ", " + fmtCount(o.agent.errors) + " errors" : "")]);
  }
  const table = el("table", { "data-testid": "overhead-table" });
  for (const [k, v] of rows) table.append(el("tr", null, el("th", null, k), el("td", null, v)));
  container.append(table);
  if (o.costBasis) container.append(el("p", { class: "hint" }, "Cost per switch: " + o.costBasis));
  if (range) container.append(el("p", { class: "hint" }, "Switches in the range: waits of virtual threads that unmounted (SUSPENDED intervals) starting in it. OS switches and the agent's counters are only recorded for the whole recording."));
}

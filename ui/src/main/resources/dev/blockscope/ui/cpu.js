// CPU samples (the agent's profile=cpu, async-profiler): the recording's CPU profile as a tab of
// the profiles panel, and in the task detail the task's own CPU flame graph and its wall graph,
// its on-CPU frames next to its off-CPU time by reason. The analysis already gave each carrier's
// sample to the virtual thread its run slices say was mounted then (analysis.cpu).

/** Flame graph entries of CPU rows: frames, reason "cpu", width the CPU time (samples where the interval is unknown). */
function cpuEntries(rows) {
  const a = APP.analysis, c = a.cpu, per = c.intervalNanos || 1, out = [];
  for (const r of rows) {
    for (const s of r.stacks) out.push({ frames: s.stack >= 0 ? a.stacks[s.stack] || [] : [], reason: "cpu", total: s.samples * per, count: s.samples });
  }
  return out;
}

/** The whole recording's CPU profile, or null when it has no CPU samples. */
function cpuProfileEntries() {
  const c = APP.analysis.cpu;
  return c ? cpuEntries(c.tasks) : null;
}

/**
 * Where task `id`'s wall time went: its CPU samples (reason "cpu"), its waits by reason and stack
 * and its time waiting for a carrier ("runnable") from the loaded intervals, and its running
 * time no sample covers ("running, not sampled"). With async-profiler's wall samples in the
 * analysis, its wall samples instead (reason "mounted": a virtual thread has them only while on
 * a carrier, running or held there by a pinned wait) beside the waits that left its carrier,
 * which no wall sample can see.
 */
function wallEntries(id) {
  if (APP.analysis.wall) return sampledWallEntries(id);
  const a = APP.analysis, c = a.cpu, iv = APP.feed.intervals, row = c.tasks.find((r) => r.task === id);
  const out = row ? cpuEntries([row]) : [];
  const sampled = out.reduce((sum, e) => sum + e.total, 0);
  let running = 0;
  const waits = new Map();
  for (const i of iv.byTask.get(id) || []) {
    const d = iv.end[i] - iv.start[i], state = iv.stateName(i);
    if (state === "RUNNING") { running += d; continue; }
    if (state === "UNKNOWN") continue;
    addWait(waits, iv, i, d, state);
  }
  out.push(...waits.values());
  if (c.intervalNanos && running > sampled) out.push({ frames: [], reason: "running, not sampled", total: running - sampled, count: 0 });
  return out;
}

function addWait(waits, iv, i, d, state) {
  const reason = state === "RUNNABLE" ? "runnable" : iv.reasonName(i) || "(no reason)";
  const key = reason + "\u0000" + iv.stack[i];
  let w = waits.get(key);
  if (!w) waits.set(key, w = { frames: iv.stackFrames(i), reason, total: 0, count: 0 });
  w.total += d; w.count++;
}

/**
 * The wall graph from wall samples: a platform thread's samples are its whole life, running or
 * not; a virtual thread's cover only its time on a carrier (RUNNING, and the waits that held the
 * carrier: pinned, or file I/O), so its waits off the carrier and its runnable time come from its
 * intervals, and on-carrier time no sample covers is "mounted, not sampled".
 */
function sampledWallEntries(id) {
  const a = APP.analysis, w = a.wall, iv = APP.feed.intervals, per = w.intervalNanos || 1;
  const task = a.taskById.get(id), row = w.tasks.find((r) => r.task === id), out = [];
  let sampled = 0;
  // a platform thread's sample may be of a wait as well as of running: "wall sample", not "mounted"
  const reason = task && !task.virtual ? "wall sample" : "mounted";
  for (const s of row ? row.stacks : []) {
    out.push({ frames: s.stack >= 0 ? a.stacks[s.stack] || [] : [], reason, total: s.samples * per, count: s.samples });
    sampled += s.samples * per;
  }
  if (task && !task.virtual) return out;
  let mounted = 0;
  const waits = new Map();
  for (const i of iv.byTask.get(id) || []) {
    const d = iv.end[i] - iv.start[i], state = iv.stateName(i);
    if (state === "RUNNING" || state === "BLOCKED_PINNED" || state === "BLOCKED") { mounted += d; continue; }
    if (state === "UNKNOWN") continue;
    addWait(waits, iv, i, d, state);
  }
  out.push(...waits.values());
  if (w.intervalNanos && mounted > sampled) out.push({ frames: [], reason: "mounted, not sampled", total: mounted - sampled, count: 0 });
  return out;
}

/** The detail's CPU section for task `t` (nothing without CPU samples). */
function renderCpuDetail(box, t) {
  const c = APP.analysis.cpu, w = APP.analysis.wall;
  if (!c && !w) return;
  const row = c ? c.tasks.find((r) => r.task === t.id) : null;
  box.append(el("h3", null, c ? "On CPU" : "Wall samples"));
  if (c && !row && !w) { box.append(el("p", { class: "muted", "data-testid": "detail-cpu" }, "No CPU sample of this task.")); return; }
  if (c) {
    box.append(el("p", row ? { "data-testid": "detail-cpu" } : { class: "muted", "data-testid": "detail-cpu" }, !row ? "No CPU sample of this task." : fmtCount(row.samples) + " samples" + (row.nanos != null ? ", " + fmtDuration(row.nanos) + " of CPU" : " (the sampling interval is not in the recording)") +
      (row.carrierOwn ? "; " + fmtCount(row.carrierOwn) + " of them its own as a carrier, outside its virtual threads' slices" : "")));
  }
  if (w) {
    const wr = w.tasks.find((r) => r.task === t.id);
    box.append(el("p", { "data-testid": "detail-wall" }, (wr ? fmtCount(wr.samples) + " wall samples" + (wr.nanos != null ? ", " + fmtDuration(wr.nanos) : "") : "No wall sample") +
      (t.virtual ? " while mounted; off its carrier no wall sample sees it, and its waits say what it did" : "")));
  }
  const view = !c ? "wall" : APP.cpuView || "cpu";
  const tabs = el("div", { class: "tabs" });
  const canvas = el("canvas", { "data-testid": "detail-cpu-flame" });
  const hint = el("p", { class: "hint" });
  const graph = new FlameGraph(canvas, () => {});
  const show = (v) => {
    APP.cpuView = v;
    for (const b of tabs.children) b.setAttribute("aria-selected", String(b.dataset.view === v));
    if (v === "wall") {
      graph.setData(wallEntries(t.id), null, { root: "wall time", empty: "No time" });
      hint.textContent = (w ? "Where its wall time went: its wall samples by stack (mounted) beside its waits off the carrier by reason and stack, and the time it waited for a carrier (runnable)"
        : "Where its wall time went: on-CPU frames (sampled) beside its waits by reason and stack, and the time it waited for a carrier (runnable)") +
        (APP.feed.intervals.truncated || APP.feed.mode === "serve" ? "; waits of the loaded intervals." : ".");
    } else {
      graph.setData(cpuEntries(row ? [row] : []), null, { root: "on CPU", empty: "No CPU samples" });
      hint.textContent = "Its CPU samples by stack, outermost frame at the top" + (c.intervalNanos ? ", one sample = " + fmtDuration(c.intervalNanos) + " of CPU." : ".");
    }
  };
  for (const [v, label] of (c ? [["cpu", "CPU"]] : []).concat([["wall", w ? "wall (samples + waits)" : "wall (CPU + waits)"]])) {
    tabs.append(el("button", { "data-testid": "detail-cpu-view", "data-view": v, onclick: () => show(v) }, label));
  }
  box.append(tabs, hint, canvas);
  show(view);
}

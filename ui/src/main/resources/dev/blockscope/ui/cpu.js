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
 * time no sample covers ("running, not sampled").
 */
function wallEntries(id) {
  const a = APP.analysis, c = a.cpu, iv = APP.feed.intervals, row = c.tasks.find((r) => r.task === id);
  const out = row ? cpuEntries([row]) : [];
  const sampled = out.reduce((sum, e) => sum + e.total, 0);
  let running = 0;
  const waits = new Map();
  for (const i of iv.byTask.get(id) || []) {
    const d = iv.end[i] - iv.start[i], state = iv.stateName(i);
    if (state === "RUNNING") { running += d; continue; }
    if (state === "UNKNOWN") continue;
    const reason = state === "RUNNABLE" ? "runnable" : iv.reasonName(i) || "(no reason)";
    const key = reason + "\u0000" + iv.stack[i];
    let w = waits.get(key);
    if (!w) waits.set(key, w = { frames: iv.stackFrames(i), reason, total: 0, count: 0 });
    w.total += d; w.count++;
  }
  out.push(...waits.values());
  if (c.intervalNanos && running > sampled) out.push({ frames: [], reason: "running, not sampled", total: running - sampled, count: 0 });
  return out;
}

/** The detail's CPU section for task `t` (nothing without CPU samples). */
function renderCpuDetail(box, t) {
  const c = APP.analysis.cpu;
  if (!c) return;
  const row = c.tasks.find((r) => r.task === t.id);
  box.append(el("h3", null, "On CPU"));
  if (!row) { box.append(el("p", { class: "muted", "data-testid": "detail-cpu" }, "No CPU sample of this task.")); return; }
  box.append(el("p", { "data-testid": "detail-cpu" }, fmtCount(row.samples) + " samples" + (row.nanos != null ? ", " + fmtDuration(row.nanos) + " of CPU" : " (the sampling interval is not in the recording)") +
    (row.carrierOwn ? "; " + fmtCount(row.carrierOwn) + " of them its own as a carrier, outside its virtual threads' slices" : "")));
  const view = APP.cpuView || "cpu";
  const tabs = el("div", { class: "tabs" });
  const canvas = el("canvas", { "data-testid": "detail-cpu-flame" });
  const hint = el("p", { class: "hint" });
  const graph = new FlameGraph(canvas, () => {});
  const show = (v) => {
    APP.cpuView = v;
    for (const b of tabs.children) b.setAttribute("aria-selected", String(b.dataset.view === v));
    if (v === "wall") {
      graph.setData(wallEntries(t.id), null, { root: "wall time", empty: "No time" });
      hint.textContent = "Where its wall time went: on-CPU frames (sampled) beside its waits by reason and stack, and the time it waited for a carrier (runnable)" +
        (APP.feed.intervals.truncated || APP.feed.mode === "serve" ? "; waits of the loaded intervals." : ".");
    } else {
      graph.setData(cpuEntries([row]), null, { root: "on CPU", empty: "No CPU samples" });
      hint.textContent = "Its CPU samples by stack, outermost frame at the top" + (c.intervalNanos ? ", one sample = " + fmtDuration(c.intervalNanos) + " of CPU." : ".");
    }
  };
  for (const [v, label] of [["cpu", "CPU"], ["wall", "wall (CPU + waits)"]]) {
    tabs.append(el("button", { "data-testid": "detail-cpu-view", "data-view": v, onclick: () => show(v) }, label));
  }
  box.append(tabs, hint, canvas);
  show(view);
}

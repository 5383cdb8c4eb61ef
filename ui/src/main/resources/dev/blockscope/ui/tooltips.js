// What the timeline's hover says: an interval, an overview bucket (while the exact intervals are
// decoded), a region or log, a pool sample, a lane's label. Every string is a text node (el()).

/** The virtual thread a carrier thread's own interval i carried (docs/analysis-json.md, 0.3), or null. */
function carriedTask(i) {
  const iv = APP.feed.intervals, t = APP.analysis.taskById.get(iv.task[i]);
  return t && t.carrier && iv.carrier[i] >= 0 ? iv.carrier[i] : null;
}

/** Tooltip content for an interval under the pointer; every string is a text node. */
function describeInterval(hit) {
  const S = APP, iv = S.feed.intervals, a = S.analysis, i = hit.index;
  if (i < 0) return null;
  const task = a.taskById.get(iv.task[i]);
  const state = iv.stateName(i), reason = iv.reasonName(i), dur = iv.end[i] - iv.start[i];
  const box = el("div", null);
  box.dataset.task = String(iv.task[i]);
  box.dataset.state = state;
  box.dataset.reason = reason || "";
  box.dataset.duration = String(dur);
  const title = hit.row.kind === "carrier" ? "Carrier " + a.carrierName(hit.row.id) : taskLabel(task) + " (#" + iv.task[i] + ")";
  box.append(el("div", { class: "tt-title" }, title));
  if (hit.row.kind === "carrier") box.append(el("div", null, "Ran: " + taskLabel(task) + " (#" + iv.task[i] + ")"));
  box.append(el("div", null, "State: " + state + (reason ? (state === "RUNNABLE" ? " · woken from: " : " · reason: ") + reason : "")));
  box.append(el("div", null, "Duration: " + fmtDuration(dur) + "  (at " + fmtDuration(iv.start[i]) + " → " + fmtDuration(iv.end[i]) + ")"));
  const carried = carriedTask(i);
  if (carried != null) {
    // a carrier thread's own interval: the analyzer names the virtual thread it carried
    box.dataset.carried = String(carried);
    box.append(el("div", null, (state === "RUNNING" ? "Carried: " : "Held by a wait of: ") + taskLabel(a.taskById.get(carried)) + " (#" + carried + "). Click for its detail."));
  } else if (iv.carrier[i] >= 0) box.append(el("div", null, "Carrier: " + a.carrierName(iv.carrier[i])));
  if (iv.waker[i] >= 0) box.append(el("div", null, "Woken by: " + taskLabel(a.taskById.get(iv.waker[i])) + " (#" + iv.waker[i] + ")"));
  const blocker = iv.blockerName(i);
  if (blocker) { box.dataset.blocker = blocker; box.append(el("div", null, "Blocker: " + blocker)); }
  if (state === "UNKNOWN") box.append(el("div", null, "Unknown: the recording has no events saying what this task did here (see the notes above the timeline)."));
  if (state === "RUNNABLE") box.append(el("div", null, "Waiting for a carrier: scheduler latency."));
  if (hit.inPixel > 1) box.append(el("div", { class: "muted" }, hit.inPixel + " intervals share this pixel; zoom in (W or Ctrl+wheel) to see each."));
  const frames = iv.stackFrames(i);
  if (frames.length) {
    box.append(lines("div", { class: "tt-stack" }, frames.slice(0, 12).concat(frames.length > 12 ? ["… " + (frames.length - 12) + " more"] : [])));
  }
  return box;
}

/**
 * Tooltip content for an overview bucket (the exact intervals are not decoded yet): what the
 * bucket holds, said as an aggregate, never as if it were one interval.
 */
function describeBucket(hit) {
  const S = APP, a = S.analysis, k = hit.bucket, carrier = hit.row.kind === "carrier";
  const box = el("div", null);
  box.dataset.aggregated = "true";
  box.dataset.count = String(k.count);
  box.dataset.state = k.state || "";
  box.dataset.reason = k.reason || "";
  if (k.task != null) box.dataset.task = String(k.task);
  else if (!carrier) box.dataset.task = String(hit.row.id);
  const title = carrier ? "Carrier " + a.carrierName(hit.row.id) : taskLabel(a.taskById.get(hit.row.id)) + " (#" + hit.row.id + ")";
  box.append(el("div", { class: "tt-title" }, title));
  box.append(el("div", null, "Aggregated: " + fmtCount(k.count) + (carrier ? " slice" : " interval") + (k.count === 1 ? "" : "s") +
    (k.count === 65535 ? " or more" : "") + " in " + fmtDuration(k.start) + " → " + fmtDuration(k.end) + " (one of " + fmtCount(S.feed.overview.buckets) + " equal parts of the recording)"));
  if (!k.state) box.append(el("div", null, carrier ? "Nothing ran on this carrier then." : "No interval of this task then."));
  else if (carrier) {
    const task = a.taskById.get(k.task);
    box.append(el("div", null, "Longest slice: " + taskLabel(task) + " (#" + k.task + "), " + k.state + ", " + fmtPct(k.share, 1) + " of the slices' time here"));
    box.append(el("div", null, "Slices cover " + fmtPct(Math.min(1, k.covered), 1) + " of this time. Click for that task's detail."));
  } else {
    box.append(el("div", null, "Most of this time: " + k.state + (k.reason ? (k.state === "RUNNABLE" ? " · woken from: " : " · reason: ") + k.reason : "") +
      " (" + fmtPct(k.share, 1) + ")"));
  }
  box.append(el("div", { class: "muted" }, "The exact intervals are still being decoded; the hover names each one when they are."));
  return box;
}

/** Tooltip content for a region or log of the runtime's Trace API on a task lane. */
function describeAnnotation(row, note) {
  const box = el("div", null);
  box.dataset.task = String(row.id);
  box.append(el("div", { class: "tt-title" }, taskLabel(row.task) + " (#" + row.id + ")"));
  if (note.region) {
    const r = note.region;
    box.dataset.region = r.name;
    box.append(el("div", null, "Region: " + r.name));
    box.append(el("div", null, "Duration: " + fmtDuration(r.end - r.start) + "  (at " + fmtDuration(r.start) + " → " + fmtDuration(r.end) + ")"));
  } else {
    const l = note.log;
    box.dataset.log = l.message;
    box.append(el("div", null, "Log" + (l.category ? " [" + l.category + "]" : "") + ": " + l.message));
    box.append(el("div", null, "At " + fmtDuration(l.t)));
  }
  box.append(el("div", { class: "muted" }, "From the runtime's Trace API (blockscope.Region / blockscope.Log)."));
  return box;
}

/** The pool sample that holds at time t, for the counter track's hover. */
function describePoolAt(t) {
  const a = APP.analysis, pts = a.poolSamples, k = upperBound(pts, t) - 1;
  const box = el("div", null);
  box.append(el("div", { class: "tt-title" }, "Scheduler pool"));
  if (k < 0) { box.append(el("div", null, "No sample yet at " + fmtDuration(t) + " (the first is at " + fmtDuration(pts[0].t) + ").")); return box; }
  const p = pts[k];
  box.dataset.active = String(p.active); box.dataset.queued = String(p.queued); box.dataset.sample = String(p.t);
  box.append(el("div", null, "Active carriers " + fmtCount(p.active) + " of pool size " + fmtCount(p.poolSize) + " (parallelism " + fmtCount(p.parallelism) + ")"));
  box.append(el("div", null, "Queued tasks " + fmtCount(p.queued)));
  box.append(el("div", { class: "muted" }, "Sampled at " + fmtDuration(p.t) + "; holds until the next sample. Green: active carriers; orange line: queued tasks."));
  return box;
}

function describeRow(row) {
  const a = APP.analysis;
  if (row.kind === "task") {
    const t = row.task, box = el("div", null);
    box.dataset.task = String(t.id);
    box.append(el("div", { class: "tt-title" }, taskLabel(t) + " (#" + t.id + ")"));
    box.append(el("div", null, (t.virtual ? "virtual thread" : "platform thread") + " · group " + a.groupOf(t)));
    box.append(el("div", null, "Click for its detail."));
    return box;
  }
  if (row.kind === "carrier") {
    const c = a.carrierById.get(row.id), box = el("div", null);
    box.append(el("div", { class: "tt-title" }, "Carrier " + a.carrierName(row.id)));
    if (c) box.append(el("div", null, "busy " + fmtDuration(c.busy) + " · pinned " + fmtDuration(c.pinned) + " · " + fmtCount(c.slices) + " slices of " + fmtCount(c.tasks) + " tasks"));
    box.append(el("div", null, "Slices coloured by task; vermillion = a pinned wait holding this carrier."));
    return box;
  }
  return null;
}

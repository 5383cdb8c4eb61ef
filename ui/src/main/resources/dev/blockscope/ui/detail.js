// The task detail shown on click: time by state and by reason (for the selection when there is
// one), the longest waits with their stacks, and the task's run slices with their carriers.

/** The states that have a colour of their own (the legend's); a wait's colour is its reason's family. */
const STATE_COLORS = { RUNNING: CLASS_INFO[CLASS.RUNNING].color, RUNNABLE: CLASS_INFO[CLASS.RUNNABLE].color,
  BLOCKED_PINNED: CLASS_INFO[CLASS.PINNED].color, UNKNOWN: CLASS_INFO[CLASS.UNKNOWN].color };

function showTask(taskId, intervalIndex) {
  const S = APP, iv = S.feed.intervals;
  S.selectedTask = taskId;
  S.selectedInterval = intervalIndex == null ? -1 : intervalIndex;
  // where it is, so that it is found again in other intervals (serve's next window)
  S.selectedSpan = S.selectedInterval >= 0 ? { iv, mid: (iv.start[S.selectedInterval] + iv.end[S.selectedInterval]) / 2 } : null;
  const t = S.analysis.taskById.get(taskId);
  if (t) t.rowError = null; // a row that failed to load is asked for again when its task is shown again
  renderDetail();
  saveUrlState();
  S.timeline.requestRender();
}

/**
 * Fetches task `t`'s whole row from serve (api/task) for its longest waits, which serve's summary
 * leaves out (null), and shows the detail again if the task is still the one shown. A failure is
 * said in the detail and tried again the next time the task is shown.
 */
function loadTaskRow(t) {
  if (t.rowLoading) return;
  t.rowLoading = true;
  fetchJson("api/task?id=" + encodeURIComponent(t.id) + (APP.feed.of || "")).then((row) => {
    t.longest = row.longest || [];
    t.rowError = null;
  }, (e) => { t.rowError = e.message; }).finally(() => {
    t.rowLoading = false;
    if (APP.selectedTask === t.id) renderDetail();
  });
}

function renderDetail() {
  const S = APP, box = document.getElementById("detail");
  if (S.selectedTask == null) { box.hidden = true; box.replaceChildren(); return; }
  const a = S.analysis, iv = S.feed.intervals, t = a.taskById.get(S.selectedTask);
  box.replaceChildren();
  box.hidden = false;
  box.dataset.task = String(S.selectedTask);
  const close = el("button", { style: "float:right", "data-testid": "detail-close", onclick: () => { S.selectedTask = null; renderDetail(); S.timeline.requestRender(); saveUrlState(); } }, "Close");
  box.append(close, el("h2", { "data-testid": "detail-name" }, t ? taskLabel(t) : "task #" + S.selectedTask));
  if (!t) { box.append(el("p", { class: "muted" }, "This id is not in the analysis's task list.")); return; }
  const life = (t.end != null ? t.end : S.extent[1]) - (t.start || 0);
  box.append(el("div", { class: "muted" }, "#" + t.id + " · " + (t.virtual ? "virtual" : "platform") + " · group " + a.groupOf(t) +
    (t.parent != null ? " · parent #" + t.parent : "")));
  box.append(el("div", { class: "muted" }, "lives " + fmtDuration(t.start || 0) + " → " + (t.end != null ? fmtDuration(t.end) : "end of recording") +
    " (" + fmtDuration(life) + "), " + fmtCount(t.suspensions) + " suspensions"));

  const exact = S.feed.exact !== false;
  const sel = exact ? S.selection : null; // a range needs the exact intervals; the note below says so
  let states = t.states || {}, reasons = t.reasons || {}, scope = "whole life";
  if (sel) {
    // from the intervals on the page: in serve its loaded window (merged where short), in a
    // truncated report the longest; said in the heading, as the wake-up tables below say it
    states = {}; reasons = {}; scope = "selected range" + (S.feed.mode === "serve" ? ", in the loaded window"
      : iv.truncated ? ", of the intervals the " + (S.feed.mode === "live" ? "window" : "report") + " holds" : "");
    const idx = iv.byTask.get(t.id) || [];
    for (let p = iv.firstEndingAfter(idx, sel.start); p < idx.length; p++) {
      const i = idx[p]; if (iv.start[i] > sel.end) break;
      const d = Math.min(iv.end[i], sel.end) - Math.max(iv.start[i], sel.start);
      if (d <= 0) continue;
      const s = iv.stateName(i); states[s] = (states[s] || 0) + d;
      if (iv.blocked[i]) { const r = iv.reasonName(i) || "(none)"; reasons[r] = (reasons[r] || 0) + d; }
    }
  }
  const total = Object.values(states).reduce((x, y) => x + y, 0);
  box.append(el("h3", null, "Time by state (" + scope + ")"));
  // the bar in the timeline's colours: running, runnable and unknown by state, every wait (pinned
  // too) by its reason's family, as the reasons add up to the waiting states exactly; a waiting
  // state has no colour of its own (SUSPENDED was drawn in Sleep's, a channel wait's among them)
  const bar = el("div", { class: "stackbar", "data-testid": "detail-bar" });
  const segment = (v, colour, title) => { if (v > 0) bar.append(el("span", { style: "width:" + (100 * v / total).toFixed(2) + "%;background:" + colour, title })); };
  for (const s of ["RUNNING", "RUNNABLE"]) segment(states[s] || 0, STATE_COLORS[s], s);
  const waits = Object.entries(reasons).filter(([, v]) => v > 0).sort((x, y) => reasonClass(x[0]) - reasonClass(y[0]) || y[1] - x[1]);
  for (const [r, v] of waits) segment(v, CLASS_INFO[reasonClass(r)].color, r + " (" + CLASS_INFO[reasonClass(r)].name + ")");
  segment(states.UNKNOWN || 0, STATE_COLORS.UNKNOWN, "UNKNOWN");
  const table = el("table", { "data-testid": "detail-states" });
  for (const [s, v] of Object.entries(states)) {
    if (!v) continue;
    const swatch = s === "SUSPENDED" || s === "BLOCKED" ? el("span", { class: "swatch", style: "background:#fff", title: "coloured by reason below" })
      : el("span", { class: "swatch", style: "background:" + (STATE_COLORS[s] || "#999") });
    table.append(el("tr", null, el("td", null, swatch, s),
      el("td", { class: "num" }, fmtDuration(v)), el("td", { class: "num" }, fmtPct(v, total))));
  }
  box.append(bar, table);
  if (S.selection && !exact) box.append(el("p", { class: "hint", "data-testid": "detail-pending" }, "For the selected range once the exact intervals are decoded; meanwhile the whole life."));
  if (states.UNKNOWN) box.append(el("p", { class: "hint" }, "Unknown time: the recording has no events that say what this task did then."));
  const reasonRows = Object.entries(reasons).filter(([, v]) => v > 0).sort((x, y) => y[1] - x[1]);
  if (reasonRows.length) {
    box.append(el("h3", null, "Blocked by reason"));
    const rt = el("table", { "data-testid": "detail-reasons" });
    for (const [r, v] of reasonRows) rt.append(el("tr", null, el("td", null, el("span", { class: "swatch", style: "background:" + CLASS_INFO[reasonClass(r)].color }), r),
      el("td", { class: "num" }, fmtDuration(v))));
    box.append(rt);
  }

  const longest = t.longest || [];
  if (t.longest === null && S.feed.mode === "serve") {
    // serve's summary leaves a task's longest waits out (most of its bytes with thousands of tasks)
    box.append(el("h3", null, "Longest waits"), el("p", { class: "muted", "data-testid": "detail-longest-pending" },
      t.rowError ? "Could not load them: " + t.rowError : "Loading…"));
    if (!t.rowError) loadTaskRow(t);
  } else if (longest.length) {
    box.append(el("h3", null, "Longest waits"));
    const lt = el("table", { "data-testid": "detail-longest" });
    for (const w of longest) {
      const frames = w.stack >= 0 && a.stacks[w.stack] ? a.stacks[w.stack] : [];
      const row = el("tr", { class: "clickable", title: frames.join("\n"), onclick: () => zoomTo(w.start, w.start + w.duration) },
        el("td", null, w.reason || "?"), el("td", { class: "num" }, fmtDuration(w.duration)), el("td", { class: "num" }, "at " + fmtDuration(w.start)),
        el("td", null, w.waker != null && w.waker >= 0 ? taskLink("woken by ", w.waker, w.start + w.duration) : ""));
      lt.append(row);
      if (frames.length) lt.append(el("tr", null, el("td", { colspan: "4" }, lines("div", { class: "frames" }, frames.slice(0, 4)))));
    }
    box.append(lt);
  }

  renderCpuDetail(box, t);
  if (exact) renderSelectedInterval(box, t.id);
  if (exact) renderWakeups(box, t.id);

  const regions = a.regionsByTask.get(t.id) || [], logs = a.logsByTask.get(t.id) || [];
  if (regions.length) {
    box.append(el("h3", null, "Regions (" + fmtCount(regions.length) + ")"));
    const rt = el("table", { "data-testid": "detail-regions" });
    for (const r of regions.slice(0, 50)) rt.append(el("tr", { class: "clickable", onclick: () => zoomTo(r.start, r.end) },
      el("td", null, r.name), el("td", { class: "num" }, fmtDuration(r.end - r.start)), el("td", { class: "num" }, "at " + fmtDuration(r.start))));
    if (regions.length > 50) rt.append(el("tr", null, el("td", { colspan: "3", class: "muted" }, "… " + fmtCount(regions.length - 50) + " more")));
    box.append(rt);
  }
  if (logs.length) {
    box.append(el("h3", null, "Logs (" + fmtCount(logs.length) + ")"));
    const lt = el("table", { "data-testid": "detail-logs" });
    for (const l of logs.slice(0, 50)) lt.append(el("tr", { class: "clickable", onclick: () => zoomTo(l.t, l.t) },
      el("td", { class: "num" }, fmtDuration(l.t)), el("td", null, (l.category ? "[" + l.category + "] " : "") + l.message)));
    box.append(lt);
  }

  if (!exact) {
    box.append(el("h3", null, "Run slices"), el("p", { class: "muted", "data-testid": "detail-slices-pending" }, "Listed when the exact intervals are decoded (a moment)."));
    return;
  }
  const idx = iv.byTask.get(t.id) || [];
  const running = iv.stateIndex.RUNNING, slices = [];
  let count = 0;
  for (let p = sel ? iv.firstEndingAfter(idx, sel.start) : 0; p < idx.length; p++) {
    const i = idx[p];
    if (sel && iv.start[i] > sel.end) break;
    if (iv.state[i] !== running) continue;
    count++;
    if (slices.length < 100) slices.push(i);
  }
  box.append(el("h3", null, "Run slices (" + fmtCount(count) + (iv.truncated || APP.feed.mode === "serve" ? " loaded" : "") + ")"));
  const st = el("table", { "data-testid": "detail-slices" });
  st.append(el("tr", null, el("th", null, "start"), el("th", { class: "num" }, "duration"), el("th", null, "carrier")));
  for (const i of slices) st.append(el("tr", { class: "clickable", onclick: () => zoomTo(iv.start[i], iv.end[i]) },
    el("td", null, fmtDuration(iv.start[i])), el("td", { class: "num" }, fmtDuration(iv.end[i] - iv.start[i])),
    el("td", null, iv.carrier[i] >= 0 ? a.carrierName(iv.carrier[i]) : "–")));
  if (count > slices.length) st.append(el("tr", null, el("td", { colspan: "3", class: "muted" }, "… " + fmtCount(count - slices.length) + " more")));
  box.append(st);
}

/**
 * After the intervals changed (serve loaded another window), the selected interval's index is
 * the task's interval at the same moment in the new ones, or none: an index into the old
 * intervals named another interval there.
 */
function remapSelectedInterval() {
  const S = APP, iv = S.feed.intervals, span = S.selectedSpan;
  if (!span || span.iv === iv) return;
  const idx = iv.byTask.get(S.selectedTask) || [];
  const p = iv.firstEndingAfter(idx, span.mid);
  S.selectedInterval = p < idx.length && iv.start[idx[p]] <= span.mid ? idx[p] : -1;
  S.selectedSpan = S.selectedInterval >= 0 ? { iv, mid: span.mid } : null;
}

/** Centres the view on [start, end] with some margin, so the interval is seen in context. */
function zoomTo(start, end) {
  const pad = Math.max((end - start) * 0.5, 1000);
  APP.timeline.setView(start - pad, end + pad);
}

/**
 * The interval picked on the task's lane (a click, a search step, a followed wake-up): what it
 * was, who woke it and whom the task woke during it, each a link to the other end of the wake-up.
 */
function renderSelectedInterval(box, id) {
  const iv = APP.feed.intervals, i = APP.selectedInterval;
  if (i == null || i < 0 || i >= iv.n || iv.task[i] !== id) return;
  const reason = iv.reasonName(i), state = iv.stateName(i);
  const list = el("div", { "data-testid": "detail-interval" });
  list.append(el("div", null, state + (reason ? (state === "RUNNABLE" ? " · woken from " : " · ") + reason : "") + ", "
    + fmtDuration(iv.end[i] - iv.start[i]) + " at " + fmtDuration(iv.start[i])));
  if (iv.waker[i] >= 0) list.append(el("div", { "data-testid": "detail-interval-waker" }, taskLink("woken by ", iv.waker[i], wakeTime(iv, i)),
    " at " + fmtDuration(wakeTime(iv, i))));
  const woke = wokeBy(iv, id), made = [], seen = new Set();
  let lo = 0, hi = woke.length; // the first wake-up the task made at or after the interval's start
  while (lo < hi) { const mid = (lo + hi) >> 1; if (wakeTime(iv, woke[mid]) < iv.start[i]) lo = mid + 1; else hi = mid; }
  for (let p = lo; p < woke.length && wakeTime(iv, woke[p]) <= iv.end[i]; p++) {
    const key = iv.task[woke[p]] + "@" + wakeTime(iv, woke[p]);
    if (!seen.has(key)) { seen.add(key); made.push(woke[p]); }
  }
  if (made.length) {
    const ul = el("ul", { "data-testid": "detail-interval-woke", class: "wakes" });
    for (const j of made.slice(0, 20)) ul.append(el("li", null, taskLink("", iv.task[j], wakeTime(iv, j), j), " at " + fmtDuration(wakeTime(iv, j))));
    if (made.length > 20) ul.append(el("li", { class: "muted" }, "… " + fmtCount(made.length - 20) + " more"));
    list.append(el("div", null, "Woke during it:"), ul);
  }
  box.append(el("h3", null, "Selected interval"), list);
}

/**
 * Who woke the task and whom it woke, counted per task (a wait and its runnable part share one
 * wake-up), each a link to that task at one of those wake-ups (the first in view, else the
 * nearest); from the intervals loaded (all of them in a report).
 */
function renderWakeups(box, id) {
  const iv = APP.feed.intervals, byWaker = new Map(), byWoken = new Map(), seen = new Set();
  const add = (map, key, t, i) => { let e = map.get(key); if (!e) map.set(key, e = { n: 0, at: [] }); e.n++; e.at.push([t, i]); };
  const idx = iv.byTask.get(id) || [];
  for (const i of idx) {
    const w = iv.waker[i];
    if (w < 0) continue;
    const key = w + "@" + wakeTime(iv, i);
    if (!seen.has(key)) { seen.add(key); add(byWaker, w, wakeTime(iv, i), -1); }
  }
  seen.clear();
  for (const i of wokeBy(iv, id)) {
    const key = iv.task[i] + "@" + wakeTime(iv, i);
    if (!seen.has(key)) { seen.add(key); add(byWoken, iv.task[i], wakeTime(iv, i), i); }
  }
  const v = APP.view;
  // the first wake-up in view, else the one nearest to it (the list is in time order)
  const pick = (at) => at.find(([t]) => t >= v.start && t <= v.end)
    || at.reduce((best, e) => Math.abs(e[0] - (v.start + v.end) / 2) < Math.abs(best[0] - (v.start + v.end) / 2) ? e : best);
  const table = (title, testid, map) => {
    if (!map.size) return;
    box.append(el("h3", null, title));
    const t = el("table", { "data-testid": testid });
    for (const [task, e] of [...map.entries()].sort((p, q) => q[1].n - p[1].n).slice(0, 20)) {
      const [at, i] = pick(e.at);
      t.append(el("tr", null, el("td", null, taskLink("", task, at, i)), el("td", { class: "num" }, fmtCount(e.n) + (e.n === 1 ? " wake-up" : " wake-ups"))));
    }
    if (map.size > 20) t.append(el("tr", null, el("td", { colspan: "2", class: "muted" }, "… " + fmtCount(map.size - 20) + " more tasks")));
    box.append(t);
  };
  const partial = APP.feed.mode === "serve" ? " (in the loaded window)" : iv.truncated ? " (of the intervals the report holds)" : "";
  table("Woken by" + partial, "detail-woken-by", byWaker);
  table("Woke" + partial, "detail-woke", byWoken);
}

/**
 * "prefix NAME (#id)" with the name a link that follows the wake-up to that task: at time `t`
 * (when given) its interval then is selected (interval `i` when the caller knows it).
 */
function taskLink(prefix, id, t, i) {
  const a = APP.analysis, task = a.taskById.get(id);
  const link = el("a", { href: "#", class: "task-link", "data-task": String(id), "data-t": t == null ? null : String(t),
    onclick: (e) => { e.preventDefault(); e.stopPropagation(); followTask(id, t, i); } }, taskLabel(task) + " (#" + id + ")");
  return el("span", null, prefix, link);
}

/** Task id's interval at time t: the one running then, else any covering t, else the next; -1 when none. */
function intervalAt(id, t) {
  const iv = APP.feed.intervals, idx = iv.byTask.get(id);
  if (!idx || !idx.length) return -1;
  let p = iv.firstEndingAfter(idx, t), covering = -1;
  for (let q = p; q < idx.length && iv.start[idx[q]] <= t; q++) {
    if (iv.state[idx[q]] === iv.stateIndex.RUNNING) return idx[q];
    if (covering < 0) covering = idx[q];
  }
  return covering >= 0 ? covering : idx[Math.min(p, idx.length - 1)];
}

/**
 * Opens task `id`: its group expanded, its lane scrolled into view, its detail shown. Given the
 * time `t` of a wake-up, its interval then is selected (outlined, with the wake-ups in its
 * detail) and the view moves to t when t is outside it, keeping its span.
 */
function followTask(id, t, i) {
  const S = APP, task = S.analysis.taskById.get(id);
  if (!task) return;
  if (S.search) { S.search = ""; document.getElementById("search").value = ""; runSearch(""); renderHeader(); } // its lane must be there
  if (S.filter && S.filterTasks && !S.filterTasks.has(id)) applyFilter(null);
  S.timeline.collapsed.delete("group:" + S.analysis.groupOf(task));
  S.timeline.layout();
  const row = S.timeline.rows.find((r) => r.kind === "task" && r.id === id);
  if (row) S.timeline.scrollTo(row.y - 40);
  if (t != null && (t < S.view.start || t > S.view.end)) {
    const span = S.view.end - S.view.start;
    S.timeline.setView(t - span / 2, t + span / 2);
  }
  showTask(id, t == null ? undefined : i != null && i >= 0 ? i : intervalAt(id, t));
}

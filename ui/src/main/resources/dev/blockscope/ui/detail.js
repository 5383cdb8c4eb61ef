// The task detail shown on click: time by state and by reason (for the selection when there is
// one), the longest waits with their stacks, and the task's run slices with their carriers.

const STATE_COLORS = { RUNNING: "#009E73", RUNNABLE: "#F0E442", SUSPENDED: "#56B4E9", BLOCKED: "#0072B2", BLOCKED_PINNED: "#D55E00", UNKNOWN: "#BBBBBB" };

function showTask(taskId, intervalIndex) {
  const S = APP;
  S.selectedTask = taskId;
  S.selectedInterval = intervalIndex == null ? -1 : intervalIndex;
  renderDetail();
  saveUrlState();
  S.timeline.requestRender();
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
  const bar = el("div", { class: "stackbar" });
  const table = el("table", { "data-testid": "detail-states" });
  for (const [s, v] of Object.entries(states)) {
    if (!v) continue;
    bar.append(el("span", { style: "width:" + (100 * v / total).toFixed(2) + "%;background:" + (STATE_COLORS[s] || "#999"), title: s }));
    table.append(el("tr", null, el("td", null, el("span", { class: "swatch", style: "background:" + (STATE_COLORS[s] || "#999") }), s),
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
  if (longest.length) {
    box.append(el("h3", null, "Longest waits"));
    const lt = el("table", { "data-testid": "detail-longest" });
    for (const w of longest) {
      const frames = w.stack >= 0 && a.stacks[w.stack] ? a.stacks[w.stack] : [];
      const row = el("tr", { class: "clickable", title: frames.join("\n"), onclick: () => zoomTo(w.start, w.start + w.duration) },
        el("td", null, w.reason || "?"), el("td", { class: "num" }, fmtDuration(w.duration)), el("td", { class: "num" }, "at " + fmtDuration(w.start)),
        el("td", null, w.waker != null && w.waker >= 0 ? taskLink("woken by ", w.waker) : ""));
      lt.append(row);
      if (frames.length) lt.append(el("tr", null, el("td", { colspan: "4" }, lines("div", { class: "frames" }, frames.slice(0, 4)))));
    }
    box.append(lt);
  }

  renderCpuDetail(box, t);
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

/** Centres the view on [start, end] with some margin, so the interval is seen in context. */
function zoomTo(start, end) {
  const pad = Math.max((end - start) * 0.5, 1000);
  APP.timeline.setView(start - pad, end + pad);
}

/**
 * Who woke the task and whom it woke, counted per task (a wait and its runnable part share one
 * wake-up), each a link to that task; from the intervals loaded (all of them in a report).
 */
function renderWakeups(box, id) {
  const iv = APP.feed.intervals, byWaker = new Map(), byWoken = new Map(), seen = new Set();
  const count = (map, key) => map.set(key, (map.get(key) || 0) + 1);
  const idx = iv.byTask.get(id) || [];
  for (const i of idx) {
    const w = iv.waker[i];
    if (w < 0) continue;
    const key = w + "@" + wakeTime(iv, i);
    if (!seen.has(key)) { seen.add(key); count(byWaker, w); }
  }
  seen.clear();
  for (const i of wokeBy(iv, id)) {
    const key = iv.task[i] + "@" + wakeTime(iv, i);
    if (!seen.has(key)) { seen.add(key); count(byWoken, iv.task[i]); }
  }
  const table = (title, testid, map) => {
    if (!map.size) return;
    box.append(el("h3", null, title));
    const t = el("table", { "data-testid": testid });
    for (const [task, n] of [...map.entries()].sort((p, q) => q[1] - p[1]).slice(0, 20)) {
      t.append(el("tr", null, el("td", null, taskLink("", task)), el("td", { class: "num" }, fmtCount(n) + (n === 1 ? " wake-up" : " wake-ups"))));
    }
    if (map.size > 20) t.append(el("tr", null, el("td", { colspan: "2", class: "muted" }, "… " + fmtCount(map.size - 20) + " more tasks")));
    box.append(t);
  };
  const partial = APP.feed.mode === "serve" ? " (in the loaded window)" : iv.truncated ? " (of the intervals the report holds)" : "";
  table("Woken by" + partial, "detail-woken-by", byWaker);
  table("Woke" + partial, "detail-woke", byWoken);
}

/** "prefix NAME (#id)" with the name a link that follows the wake-up to that task. */
function taskLink(prefix, id) {
  const a = APP.analysis, task = a.taskById.get(id);
  const link = el("a", { href: "#", class: "task-link", "data-task": String(id),
    onclick: (e) => { e.preventDefault(); e.stopPropagation(); followTask(id); } }, taskLabel(task) + " (#" + id + ")");
  return el("span", null, prefix, link);
}

/** Opens task `id`: its group expanded, its lane scrolled into view, its detail shown; the view stays. */
function followTask(id) {
  const S = APP, t = S.analysis.taskById.get(id);
  if (!t) return;
  if (S.search) { S.search = ""; document.getElementById("search").value = ""; renderHeader(); } // its lane must be there
  S.timeline.collapsed.delete("group:" + S.analysis.groupOf(t));
  S.timeline.layout();
  const row = S.timeline.rows.find((r) => r.kind === "task" && r.id === id);
  if (row) S.timeline.scrollTo(row.y - 40);
  showTask(id);
}

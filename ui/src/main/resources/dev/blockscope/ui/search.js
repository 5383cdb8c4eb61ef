// The search box: over task names (and ids, runtime names, groups), the names of regions and the
// messages of logs (the runtime's Trace API), and the intervals' reasons, blocker classes and
// stack frames. The timeline keeps the lanes of the tasks that match or have a matching region,
// log or interval; next / previous (the buttons, Enter and Shift+Enter) step through the matches
// in time order: a task whose name matched (at its start: the view shows its life), a region or
// log (zoomed to), each matching interval (zoomed to and outlined), the task's detail opened.

const SEARCH = { query: "", tasks: null, named: [], notes: [], hits: [], steps: [], pos: -1, iv: null };

/** Recomputes the matches for `text` (the intervals only once the exact ones are in). */
function runSearch(text) {
  const S = APP, a = S.analysis, iv = S.feed.intervals;
  const q = text.trim().toLowerCase();
  SEARCH.query = q;
  SEARCH.hits = [];
  SEARCH.named = [];
  SEARCH.notes = [];
  SEARCH.steps = [];
  SEARCH.pos = -1;
  SEARCH.iv = iv;
  if (!q) { SEARCH.tasks = null; return; }
  const tasks = new Set();
  for (const t of a.tasks) {
    if ((t.name || "").toLowerCase().includes(q) || String(t.id) === q || (t.runtimeName || "").toLowerCase().includes(q)
      || (t.group || "").toLowerCase().includes(q)) { tasks.add(t.id); SEARCH.named.push(t); }
  }
  for (const r of a.json.regions || []) if (String(r.name).toLowerCase().includes(q)) { tasks.add(r.task); SEARCH.notes.push({ task: r.task, t: r.start, end: r.end }); }
  for (const l of a.json.logs || []) {
    if ((String(l.message) + " " + (l.category || "")).toLowerCase().includes(q)) { tasks.add(l.task); SEARCH.notes.push({ task: l.task, t: l.t, end: l.t }); }
  }
  if (S.feed.exact !== false) {
    const reasonOk = iv.reasonNames.map((r) => String(r).toLowerCase().includes(q));
    const blockerOk = iv.blockerNames.map((b) => String(b).toLowerCase().includes(q));
    const stackOk = iv.stacks.map((frames) => frames.some((f) => String(f).toLowerCase().includes(q)));
    const anyReason = reasonOk.includes(true), anyBlocker = blockerOk.includes(true), anyStack = stackOk.includes(true);
    const runnable = iv.stateIndex.RUNNABLE;
    if (anyReason || anyBlocker || anyStack) {
      for (let i = 0; i < iv.n; i++) {
        // waits, and the runnable parts that say what they were woken from, are what carry these
        if (!iv.blocked[i] && iv.state[i] !== runnable) continue;
        if ((anyReason && iv.reason[i] >= 0 && reasonOk[iv.reason[i]]) || (anyBlocker && iv.blocker[i] >= 0 && blockerOk[iv.blocker[i]])
          || (anyStack && iv.stack[i] >= 0 && stackOk[iv.stack[i]])) {
          SEARCH.hits.push(i);
          tasks.add(iv.task[i]);
        }
      }
      SEARCH.hits.sort((p, q2) => iv.start[p] - iv.start[q2] || p - q2);
    }
  }
  SEARCH.tasks = tasks;
  // the steps: the named tasks at their start, the matching intervals at theirs, in time order
  const steps = SEARCH.named.map((t) => ({ task: t.id, i: -1, t: t.start || 0 }));
  for (const n of SEARCH.notes) steps.push({ task: n.task, i: -1, t: n.t, end: n.end });
  for (const i of SEARCH.hits) steps.push({ task: iv.task[i], i, t: iv.start[i] });
  SEARCH.steps = steps.sort((p, q2) => p.t - q2.t || (p.i < 0 ? -1 : 0) - (q2.i < 0 ? -1 : 0) || p.task - q2.task || p.i - q2.i);
}

/** Whether task `t` keeps its lane under the current search. */
function searchKeeps(t) {
  return !SEARCH.tasks || SEARCH.tasks.has(t.id);
}

/**
 * Steps to the next (+1) or previous (-1) match: a named task's life or a matching interval,
 * zoomed to, its lane scrolled into view and its task opened (the interval outlined).
 */
function searchStep(direction) {
  const S = APP, iv = S.feed.intervals;
  if (SEARCH.iv !== iv) runSearch(S.search); // the intervals changed (decoded, or a served window)
  const steps = SEARCH.steps;
  if (!steps.length) return;
  SEARCH.pos = SEARCH.pos < 0 ? (direction > 0 ? 0 : steps.length - 1) : (SEARCH.pos + direction + steps.length) % steps.length;
  const hit = steps[SEARCH.pos], task = hit.task, t = S.analysis.taskById.get(task);
  S.timeline.collapsed.delete("group:" + S.analysis.groupOf(t || { id: task }));
  S.timeline.layout();
  if (hit.i >= 0) zoomTo(iv.start[hit.i], iv.end[hit.i]);
  else zoomTo(hit.t, hit.end != null ? hit.end : t && t.end != null ? t.end : S.extent[1]);
  const row = S.timeline.rows.find((r) => r.kind === "task" && r.id === task);
  if (row) S.timeline.scrollTo(row.y - 40);
  showTask(task, hit.i);
  renderSearchCount();
}

function renderSearchCount() {
  const S = APP, total = S.analysis.tasks.length, shown = S.timeline ? S.timeline.matchingTasks : total;
  const parts = [];
  if (S.search || S.filter) parts.push(shown + " of " + total + " tasks");
  // served, only the window on screen is loaded: say the count is of those
  const where = S.feed.mode === "serve" ? " in the loaded window" : S.feed.intervals.truncated ? " of those the report holds" : "";
  const at = SEARCH.pos >= 0 ? fmtCount(SEARCH.pos + 1) + " of " : "";
  const kinds = [];
  if (SEARCH.named.length) kinds.push(fmtCount(SEARCH.named.length) + " by task name");
  if (SEARCH.notes.length) kinds.push(fmtCount(SEARCH.notes.length) + " in regions and logs");
  if (SEARCH.query && kinds.length) parts.push(at + fmtCount(SEARCH.steps.length) + " matches: " + kinds.join(", ") + ", "
    + (S.feed.exact === false ? "intervals once decoded" : fmtCount(SEARCH.hits.length) + " intervals" + where));
  else if (SEARCH.query && SEARCH.hits.length) parts.push(at + fmtCount(SEARCH.hits.length) + " intervals" + where);
  else if (SEARCH.query && S.feed.exact === false) parts.push("intervals once decoded");
  document.getElementById("search-count").textContent = parts.join(" · ");
  const none = !SEARCH.steps.length;
  document.getElementById("search-prev").disabled = none;
  document.getElementById("search-next").disabled = none;
}

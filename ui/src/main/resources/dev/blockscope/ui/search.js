// The search box: over task names (and ids, runtime names, groups), and over the intervals'
// reasons, blocker classes and stack frames. The timeline keeps the lanes of the tasks that match
// or have a matching interval; next / previous (the buttons, Enter and Shift+Enter) step through
// the matching intervals in time order, each zoomed to and outlined, its task's detail opened.

const SEARCH = { query: "", tasks: null, hits: [], pos: -1, iv: null };

/** Recomputes the matches for `text` (the intervals only once the exact ones are in). */
function runSearch(text) {
  const S = APP, a = S.analysis, iv = S.feed.intervals;
  const q = text.trim().toLowerCase();
  SEARCH.query = q;
  SEARCH.hits = [];
  SEARCH.pos = -1;
  SEARCH.iv = iv;
  if (!q) { SEARCH.tasks = null; return; }
  const tasks = new Set();
  for (const t of a.tasks) {
    if ((t.name || "").toLowerCase().includes(q) || String(t.id) === q || (t.runtimeName || "").toLowerCase().includes(q)
      || (t.group || "").toLowerCase().includes(q)) tasks.add(t.id);
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
}

/** Whether task `t` keeps its lane under the current search. */
function searchKeeps(t) {
  return !SEARCH.tasks || SEARCH.tasks.has(t.id);
}

/** Steps to the next (+1) or previous (-1) matching interval: zoomed to, outlined, its task opened. */
function searchStep(direction) {
  const S = APP, iv = S.feed.intervals;
  if (SEARCH.iv !== iv) runSearch(S.search); // the intervals changed (decoded, or a served window)
  const hits = SEARCH.hits;
  if (!hits.length) return;
  SEARCH.pos = SEARCH.pos < 0 ? (direction > 0 ? 0 : hits.length - 1) : (SEARCH.pos + direction + hits.length) % hits.length;
  const i = hits[SEARCH.pos], task = iv.task[i];
  S.timeline.collapsed.delete("group:" + S.analysis.groupOf(S.analysis.taskById.get(task) || { id: task }));
  S.timeline.layout();
  zoomTo(iv.start[i], iv.end[i]);
  const row = S.timeline.rows.find((r) => r.kind === "task" && r.id === task);
  if (row) S.timeline.scrollTo(row.y - 40);
  showTask(task, i);
  renderSearchCount();
}

function renderSearchCount() {
  const S = APP, total = S.analysis.tasks.length, shown = S.timeline ? S.timeline.matchingTasks : total;
  const parts = [];
  if (S.search || S.filter) parts.push(shown + " of " + total + " tasks");
  // served, only the window on screen is loaded: say the count is of those
  if (SEARCH.query && SEARCH.hits.length) parts.push((SEARCH.pos >= 0 ? fmtCount(SEARCH.pos + 1) + " of " : "") + fmtCount(SEARCH.hits.length)
    + " intervals" + (S.feed.mode === "serve" ? " in the loaded window" : S.feed.intervals.truncated ? " of those the report holds" : ""));
  else if (SEARCH.query && S.feed.exact === false) parts.push("intervals once decoded");
  document.getElementById("search-count").textContent = parts.join(" · ");
  const none = !SEARCH.hits.length;
  document.getElementById("search-prev").disabled = none;
  document.getElementById("search-next").disabled = none;
}

// The page's state in the URL's fragment, so a view can be shared and Back and Forward step
// through it: the time range on screen, the selection, the search text, the selected task and
// interval, the profile tab, the flame graph's search, the frame filter and the task table's
// grouping (#view=START,END&sel=START,END&q=TEXT&task=ID&at=START&profile=sync&...; URL_PARAMS
// says each). It is rewritten a moment after each change: a new history entry when the selection,
// task, interval, tab, filter or table changed, the same entry when only the view or a search text
// did (a pan would otherwise fill the history). It is read when the page opens and again when the
// fragment changes under it (Back, Forward, an edited address). The fragment never leaves the
// browser, and a report opened from disk keeps it too.

/** The fragment's parameters and what each holds, as the "?" overlay lists them. */
const URL_PARAMS = [
  ["view=START,END", "the time range on screen, in ns from the recording's start"],
  ["sel=START,END", "the selected range (Shift+drag), in ns"],
  ["q=TEXT", "the search over tasks, reasons, blockers and frames"],
  ["task=ID", "the task whose detail is open"],
  ["at=START", "the interval picked on that task's lane, by its start in ns"],
  ["profile=NAME", "the profile tab: sync, net, file, sched or cpu (none: all blocked time)"],
  ["fq=TEXT", "the flame graph's search"],
  ["filter=JSON", "the frame filter: {\"r\": reason, \"p\": [frames, outermost first], \"run\": true for the sched profile}"],
  ["tasks=BY,COLUMN,asc|desc,total|mean", "the task table: grouping (pattern, group, parent), sort column and order, totals or means"],
];
const URL_KEYS = URL_PARAMS.map((p) => p[0].slice(0, p[0].indexOf("=")));
/** A change of only these rewrites the current history entry; any other adds one. */
const URL_TRANSIENT = ["view", "q", "fq"];
const URL_STATE = { timer: 0, restoring: false };

/** Rewrites the fragment a moment after the last change (pans and zooms change it continuously). */
function saveUrlState() {
  if (URL_STATE.restoring) return;
  clearTimeout(URL_STATE.timer);
  URL_STATE.timer = setTimeout(writeUrlState, 250);
}

/** The fragment for the page's state now. */
function urlHash() {
  const S = APP, parts = [];
  const ns = (x) => String(Math.round(x));
  if (S.view) parts.push("view=" + ns(S.view.start) + "," + ns(S.view.end));
  if (S.selection) parts.push("sel=" + ns(S.selection.start) + "," + ns(S.selection.end));
  if (S.search) parts.push("q=" + encodeURIComponent(S.search));
  if (S.selectedTask != null) {
    parts.push("task=" + S.selectedTask);
    const iv = S.feed.intervals, i = S.selectedInterval;
    if (i != null && i >= 0 && i < iv.n && iv.task[i] === S.selectedTask) parts.push("at=" + ns(iv.start[i]));
  }
  if (S.profile) parts.push("profile=" + encodeURIComponent(S.profile));
  if (S.flame && S.flame.search) parts.push("fq=" + encodeURIComponent(S.flame.search));
  if (S.filter) parts.push("filter=" + encodeURIComponent(JSON.stringify({ r: S.filter.reason, p: S.filter.prefix, run: !!S.filter.runnable })));
  const table = taskTableState();
  if (table) parts.push("tasks=" + encodeURIComponent(table));
  return parts.length ? "#" + parts.join("&") : "";
}

function writeUrlState() {
  if (!APP.ready) { saveUrlState(); return; } // the state a shared address asked for is not applied yet
  const hash = urlHash();
  if (location.hash === hash) return;
  // compared as read, so an address written another way (a hand-made filter) is not a new entry
  const before = readUrlState(location.hash), after = readUrlState(hash);
  const lasting = URL_KEYS.some((k) => !URL_TRANSIENT.includes(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  if (lasting) history.pushState(null, "", hash || location.pathname + location.search);
  else history.replaceState(null, "", hash || location.pathname + location.search);
  URL_STATE.applied = location.hash;
}

/** The fragment's parameters as written, by key. */
function rawUrlParams(hash) {
  const out = {};
  for (const part of (hash || "").replace(/^#/, "").split("&")) {
    const eq = part.indexOf("=");
    if (eq > 0) out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return out;
}

/** The state the fragment holds: {view, sel, q, task, at, profile, fq, filter, tasks}, each missing when absent or malformed. */
function readUrlState(hash) {
  const out = {};
  for (const [key, value] of Object.entries(rawUrlParams(hash))) {
    if (!URL_KEYS.includes(key)) continue;
    try {
      if (key === "view" || key === "sel") {
        const [s, e] = value.split(",").map(Number);
        if (isFinite(s) && isFinite(e) && e > s) out[key] = { start: s, end: e };
      } else if (key === "task" || key === "at") {
        const n = Number(value);
        if (value !== "" && Number.isFinite(n)) out[key] = n;
      } else if (key === "filter") {
        const f = JSON.parse(decodeURIComponent(value));
        if (f && typeof f.r === "string" && Array.isArray(f.p)) out.filter = { reason: f.r, prefix: f.p.map(String), runnable: !!f.run, label: f.p.length ? f.p[f.p.length - 1] : f.r };
      } else {
        out[key] = decodeURIComponent(value);
      }
    } catch (e) {
      // a malformed part is left out: the rest of the state still applies
    }
  }
  return out;
}

/**
 * Makes the page show the fragment's state: on opening (the parts it holds), and when it changes
 * under the page (Back, Forward, an edited address: then what it does not hold is cleared).
 * Returns whether it held a view.
 */
function applyUrlState(hash, opening) {
  const S = APP, st = readUrlState(hash);
  URL_STATE.restoring = true;
  try {
    const q = st.q || "";
    if (q !== S.search) {
      S.search = q;
      document.getElementById("search").value = q;
      runSearch(q);
    }
    const fq = st.fq || "";
    if (fq !== S.flame.search) {
      S.flame.search = fq;
      document.getElementById("flame-search").value = fq;
    }
    S.profile = st.profile && PROFILE_INFO[st.profile] && (st.profile !== "cpu" || S.analysis.cpu) ? st.profile : null;
    const table = st.tasks || null;
    if (table !== taskTableState()) { setTaskTableState(table); renderTaskTable(); }
    if (st.view) S.timeline.setView(st.view.start, st.view.end);
    S.timeline.layout();
    const sel = st.sel || null;
    if (!sameRange(sel, S.selection)) { S.selection = sel; emit("selection"); } else renderProfile();
    if (st.task != null && S.analysis.taskById.has(st.task)) {
      const pick = () => showTask(st.task, intervalStartingAt(st.task, st.at));
      if (!st.view) followTask(st.task);
      else { S.timeline.collapsed.delete("group:" + S.analysis.groupOf(S.analysis.taskById.get(st.task))); S.timeline.layout(); }
      pick();
      // an interval of a report still decoding is found once its exact intervals are there
      if (st.at != null && S.selectedInterval < 0 && S.feed.exact === false) {
        S.feed.whenExact.then(() => { if (S.selectedTask === st.task && S.selectedInterval < 0) { URL_STATE.restoring = true; try { pick(); } finally { URL_STATE.restoring = false; } } });
      }
    } else if (S.selectedTask != null && !opening) {
      S.selectedTask = null; S.selectedInterval = -1;
      renderDetail();
    }
    const filter = st.filter || null;
    if (!sameFilter(filter, S.filter)) {
      S.flame.zoom = filter && { reason: filter.reason, path: filter.prefix }; // as the click that made it zoomed
      applyFilter(filter);
    }
    renderHeader();
    S.timeline.requestRender();
  } finally {
    URL_STATE.restoring = false;
  }
  clearTimeout(URL_STATE.timer);
  URL_STATE.applied = hash;
  return !!st.view;
}

/** The interval of task `id`'s lane that starts at `at` (ns, rounded as the fragment writes it), or -1. */
function intervalStartingAt(id, at) {
  if (at == null) return -1;
  const iv = APP.feed.intervals, idx = iv.byTask.get(id);
  if (!idx) return -1;
  for (const i of idx) if (Math.round(iv.start[i]) === at) return i;
  return -1;
}

function sameRange(p, q) {
  return p === q || (!!p && !!q && Math.round(p.start) === Math.round(q.start) && Math.round(p.end) === Math.round(q.end));
}

function sameFilter(p, q) {
  return p === q || (!!p && !!q && p.reason === q.reason && !!p.runnable === !!q.runnable && JSON.stringify(p.prefix) === JSON.stringify(q.prefix));
}

/** Follows the fragment when it changes under the page: Back, Forward, an edited or pasted address. */
function watchUrlState() {
  document.getElementById("flame-search").addEventListener("input", saveUrlState);
  const follow = () => {
    if (!APP.ready || location.hash === URL_STATE.applied) return;
    clearTimeout(URL_STATE.timer); // a pending rewrite is of the state being left
    applyUrlState(location.hash, false);
  };
  window.addEventListener("popstate", follow);
  window.addEventListener("hashchange", follow);
}

/** The keys and mouse controls, and the address's parameters, shown by "?". */
function toggleHelp() {
  let box = document.getElementById("help");
  if (box) { box.remove(); return; }
  const rows = [
    ["drag", "pan in time (and scroll the lanes)"], ["wheel", "scroll the lanes"], ["Ctrl+wheel, ⌘+wheel, W / S", "zoom in / out"],
    ["Shift+wheel, A / D", "pan left / right"], ["F or 0", "fit the application's activity; again: the whole recording"],
    ["Shift+drag, drag on the ruler", "select a range"], ["click", "a task: its detail; a group header: collapse/expand; the ruler: clear the selection"],
    ["Enter / Shift+Enter in the search box", "next / previous matching interval or task found by name"], ["Esc", "clear the selection and the frame filter; close this"],
    ["Back / Forward (browser)", "the previous / next selection, task, tab or filter"],
    ["?", "show or hide these keys"],
  ];
  const table = el("table", null);
  for (const [k, v] of rows) table.append(el("tr", null, el("th", null, k), el("td", null, v)));
  const params = el("table", { "data-testid": "help-params" });
  for (const [k, v] of URL_PARAMS) params.append(el("tr", null, el("th", null, k), el("td", null, v)));
  box = el("div", { id: "help", "data-testid": "help", role: "dialog" }, el("h2", null, "Keys"), table,
    el("h2", null, "The address"),
    el("p", { class: "hint" }, "What you see is kept in the page's address, after the #: copy it to share this view (the fragment never leaves the browser). Its parameters, joined by &:"),
    params);
  document.body.append(box);
}

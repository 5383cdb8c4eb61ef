// The page's state in the URL's fragment, so a view can be shared: the time range on screen, the
// selection, the search text, the selected task, the profile tab and the frame filter
// (#view=START,END&sel=START,END&q=TEXT&task=ID&profile=sync&filter=...). It is rewritten (without
// a new history entry) a moment after each change and read once when the page opens; the
// fragment never leaves the browser, and a report opened from disk keeps it too.

const URL_KEYS = ["view", "sel", "q", "task", "profile", "filter"];
let urlTimer = 0;

/** Rewrites the fragment a moment after the last change (pans and zooms change it continuously). */
function saveUrlState() {
  clearTimeout(urlTimer);
  urlTimer = setTimeout(writeUrlState, 250);
}

function writeUrlState() {
  const S = APP, parts = [];
  const ns = (x) => String(Math.round(x));
  if (S.view) parts.push("view=" + ns(S.view.start) + "," + ns(S.view.end));
  if (S.selection) parts.push("sel=" + ns(S.selection.start) + "," + ns(S.selection.end));
  if (S.search) parts.push("q=" + encodeURIComponent(S.search));
  if (S.selectedTask != null) parts.push("task=" + S.selectedTask);
  if (S.profile) parts.push("profile=" + encodeURIComponent(S.profile));
  if (S.filter) parts.push("filter=" + encodeURIComponent(JSON.stringify({ r: S.filter.reason, p: S.filter.prefix, run: !!S.filter.runnable })));
  const hash = parts.length ? "#" + parts.join("&") : "";
  if (location.hash !== hash) history.replaceState(null, "", hash || location.pathname + location.search);
}

/** The state the fragment holds: {view, sel, q, task, profile, filter}, each missing when absent or malformed. */
function readUrlState(hash) {
  const out = {};
  for (const part of (hash || "").replace(/^#/, "").split("&")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const key = part.slice(0, eq), value = part.slice(eq + 1);
    if (!URL_KEYS.includes(key)) continue;
    try {
      if (key === "view" || key === "sel") {
        const [s, e] = value.split(",").map(Number);
        if (isFinite(s) && isFinite(e) && e > s) out[key] = { start: s, end: e };
      } else if (key === "task") {
        const id = Number(value);
        if (Number.isFinite(id)) out.task = id;
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

/** Applies the fragment's state to the page (after its first frame); returns whether it held a view. */
function applyUrlState(hash) {
  const S = APP, st = readUrlState(hash);
  if (st.q) {
    S.search = st.q;
    document.getElementById("search").value = st.q;
    runSearch(st.q);
  }
  if (st.profile && PROFILE_INFO[st.profile]) S.profile = st.profile;
  if (st.view) S.timeline.setView(st.view.start, st.view.end);
  S.timeline.layout();
  if (st.sel) { S.selection = st.sel; emit("selection"); } else if (st.profile) renderProfile();
  if (st.task != null && S.analysis.taskById.has(st.task)) {
    if (!st.view) followTask(st.task); else { S.timeline.collapsed.delete("group:" + S.analysis.groupOf(S.analysis.taskById.get(st.task))); S.timeline.layout(); showTask(st.task); }
  }
  if (st.filter) applyFilter(st.filter);
  renderHeader();
  return !!st.view;
}

/** The keys and mouse controls, shown by "?". */
function toggleHelp() {
  let box = document.getElementById("help");
  if (box) { box.remove(); return; }
  const rows = [
    ["drag", "pan in time (and scroll the lanes)"], ["wheel", "scroll the lanes"], ["Ctrl+wheel, ⌘+wheel, W / S", "zoom in / out"],
    ["Shift+wheel, A / D", "pan left / right"], ["F or 0", "fit the application's activity; again: the whole recording"],
    ["Shift+drag, drag on the ruler", "select a range"], ["click", "a task: its detail; a group header: collapse/expand; the ruler: clear the selection"],
    ["Enter / Shift+Enter in the search box", "next / previous matching interval or task found by name"], ["Esc", "clear the selection and the frame filter; close this"],
    ["?", "show or hide these keys"],
  ];
  const table = el("table", null);
  for (const [k, v] of rows) table.append(el("tr", null, el("th", null, k), el("td", null, v)));
  box = el("div", { id: "help", "data-testid": "help", role: "dialog" }, el("h2", null, "Keys"), table,
    el("p", { class: "hint" }, "The view, the selection, the search, the selected task, the profile and the frame filter are kept in the page's address: copy it to share what you see."));
  document.body.append(box);
}

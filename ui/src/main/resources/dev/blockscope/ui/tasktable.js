// The task analysis table, as go tool trace's goroutine analysis: tasks grouped by name pattern
// (every run of digits one "#", the analyzer's rule for its summed task groups, so worker-17 and
// worker-3 are worker-#), by the timeline's lane group (the runtime's task group, else the name
// without its number) or by start site (the recording has no creation stacks: the task that
// started it is the start site it can name). One row per group: its tasks and their time in each
// state, blocked time split by the reason table's families, as totals or means per task; a
// heading sorts by its column (again: the other way); a group row lists its tasks; a task row
// opens the task on the timeline. The numbers are the analysis's own per-task state and reason
// times, summed. Ended virtual threads the analysis summed into groups (taskGroups, past
// --max-tasks) have no row: their sums join their name pattern's group (or are rows of their own,
// marked Σ, in the other groupings), so the totals stay the recording's, and the table says so.

const TASK_TABLE = { by: "pattern", sort: "blocked", asc: false, mean: false, open: new Set(), shown: new Map() };
const TASK_TABLE_BY = ["pattern", "group", "parent"];
/** Tasks listed at once under an opened group; more on request. */
const TASK_TABLE_PAGE = 200;

/** The name pattern of a task name: each run of digits one "#" (the analyzer's TaskRows.groupName); "(unnamed)" for none. */
function taskNamePattern(name) {
  return name == null || name === "" ? "(unnamed)" : String(name).replace(/[0-9]+/g, "#");
}

/**
 * The time columns: [key, heading, value of a task row or summed group, title]. The family columns
 * are the reason table's families with time in this analysis; they split "blocked" exactly (a
 * task's reasons add up to its SUSPENDED + BLOCKED + BLOCKED_PINNED time).
 */
function taskColumns(tasks) {
  const families = REASON_FAMILIES.families || [];
  // each task's blocked time by family, once per table (sorting 10,000 tasks read it 100,000 times)
  const byFamily = new Map();
  const familyTime = (t, id) => {
    let f = byFamily.get(t);
    if (!f) {
      f = {};
      for (const [r, v] of Object.entries(t.reasons || {})) f[reasonFamily(r)] = (f[reasonFamily(r)] || 0) + v;
      byFamily.set(t, f);
    }
    return f[id] || 0;
  };
  const used = families.filter((f) => tasks.some((t) => familyTime(t, f.id) > 0));
  const st = (t, s) => (t.states && t.states[s]) || 0;
  return [
    ["total", "total", (t) => Object.values(t.states || {}).reduce((sum, v) => sum + v, 0), "lifetime in the recording: the sum of every state"],
    ["running", "running", (t) => st(t, "RUNNING"), "RUNNING: on a carrier (a platform thread: on CPU or ready for it)"],
    ["runnable", "runnable", (t) => st(t, "RUNNABLE"), "RUNNABLE: woken, waiting for a carrier (scheduler latency)"],
    ["blocked", "blocked (all)", (t) => st(t, "SUSPENDED") + st(t, "BLOCKED") + st(t, "BLOCKED_PINNED"), "SUSPENDED + BLOCKED + BLOCKED_PINNED; split by family in the next columns"],
    ...used.map((f) => ["family:" + f.id, f.label || f.id, (t) => familyTime(t, f.id), "blocked in family " + f.id + ": "
      + Object.keys(REASON_FAMILIES.reasons || {}).filter((r) => REASON_FAMILIES.reasons[r] === f.id).join(", ")]),
    ["pinned", "pinned", (t) => st(t, "BLOCKED_PINNED"), "BLOCKED_PINNED: blocked while holding the carrier (also in its family's column)"],
    ["unknown", "unknown", (t) => st(t, "UNKNOWN"), "UNKNOWN: no events say what the task did"],
  ];
}

/** The summed groups' display name. */
function summedName(g) {
  return g.name == null ? "(other names)" : g.name === "" ? "(unnamed)" : g.name;
}

/** The table's groups: [{key, label, tasks (rows), summed (taskGroups)}], keyed by the grouping. */
function taskTableGroups(a) {
  const groups = new Map();
  const add = (key, label) => {
    if (!groups.has(key)) groups.set(key, { key, label, tasks: [], summed: [] });
    return groups.get(key);
  };
  for (const t of a.tasks) {
    if (TASK_TABLE.by === "pattern") add(taskNamePattern(t.name), taskNamePattern(t.name)).tasks.push(t);
    else if (TASK_TABLE.by === "group") add(a.groupOf(t), a.groupOf(t)).tasks.push(t);
    else if (t.parent == null) add("started before the recording, or by a thread it does not name", "started before the recording, or by a thread it does not name").tasks.push(t);
    else add("parent:" + t.parent, "started by " + taskLabel(a.taskById.get(t.parent)) + " (#" + t.parent + ")").tasks.push(t);
  }
  for (const g of a.taskGroups) {
    // a summed group's name is its pattern: it joins the rows of that pattern; elsewhere it has
    // neither a runtime group nor a parent, so it is a row of its own
    if (TASK_TABLE.by === "pattern" && g.name != null) add(summedName(g), summedName(g)).summed.push(g);
    else add("summed:" + summedName(g) + (g.virtual ? "" : " (platform)"), summedName(g)).summed.push(g);
  }
  return [...groups.values()];
}

function renderTaskTable() {
  const a = APP.analysis, box = document.getElementById("task-table");
  const scroll = box.scrollTop;
  box.replaceChildren();
  const columns = taskColumns(a.tasks.concat(a.taskGroups));
  const sortKey = TASK_TABLE.sort, dir = TASK_TABLE.asc ? 1 : -1;
  const sum = (tasks, f) => tasks.reduce((s, t) => s + f(t), 0);
  const count = (g) => g.tasks.length + g.summed.reduce((n, s) => n + s.tasks, 0);
  const total = (g, f) => sum(g.tasks, f) + sum(g.summed, f);
  const column = columns.find((c) => c[0] === sortKey);
  const taskValue = column ? column[2] : null;
  // by a time column: its total, or its mean per task when means are shown; by name or count otherwise
  const groupValue = (g) => sortKey === "count" ? count(g) : !column ? 0 : TASK_TABLE.mean ? total(g, taskValue) / Math.max(1, count(g)) : total(g, taskValue);
  const byName = (p, q) => String(p).localeCompare(String(q));
  const rows = taskTableGroups(a).sort((p, q) => sortKey === "name" ? dir * byName(p.label, q.label)
    : dir * (groupValue(p) - groupValue(q)) || byName(p.label, q.label));
  const taskOrder = (p, q) => sortKey === "name" ? dir * byName(taskLabel(p), taskLabel(q)) || p.id - q.id
    : taskValue ? dir * (taskValue(p) - taskValue(q)) || p.id - q.id : p.id - q.id;

  const by = el("select", { "data-testid": "task-table-by", onchange: (e) => { TASK_TABLE.by = e.target.value; TASK_TABLE.open.clear(); renderTaskTable(); saveUrlState(); } },
    el("option", { value: "pattern" }, "by name pattern (digits as #)"),
    el("option", { value: "group" }, "by lane group (runtime group, else name)"),
    el("option", { value: "parent" }, "by start site (the task that started it)"));
  by.value = TASK_TABLE.by;
  const show = el("select", { "data-testid": "task-table-show", onchange: (e) => { TASK_TABLE.mean = e.target.value === "mean"; renderTaskTable(); saveUrlState(); } },
    el("option", { value: "total" }, "total time"), el("option", { value: "mean" }, "mean time per task"));
  show.value = TASK_TABLE.mean ? "mean" : "total";
  box.append(el("div", { class: "hint" }, "Group tasks ", by, " · show ", show,
    " · click a heading to sort by it (again: the other way) · click a group to list its tasks, a task to open it on the timeline"));
  const summedTasks = a.taskGroups.reduce((n, g) => n + g.tasks, 0);
  if (summedTasks) {
    box.append(el("div", { class: "hint", "data-testid": "task-table-summed-note" }, fmtCount(summedTasks) + " of the " + fmtCount(a.taskCount)
      + " tasks have no row of their own: ended virtual threads past the analysis's --max-tasks (10,000 by default; 0 keeps every row),"
      + " which the analyzer summed by name pattern. Their time is in the totals (Σ marks the groups holding them); they cannot be listed or opened."));
  }

  const mark = (key) => key === sortKey ? (TASK_TABLE.asc ? " ▴" : " ▾") : "";
  const heading = (key, label, cls, title) => el("th", { class: cls + " sortable" + (key === sortKey ? " sorted" : ""), "data-sort": key, title,
    onclick: () => { if (TASK_TABLE.sort === key) TASK_TABLE.asc = !TASK_TABLE.asc; else { TASK_TABLE.sort = key; TASK_TABLE.asc = key === "name"; } renderTaskTable(); saveUrlState(); } },
    label + mark(key));
  const head = el("tr", null, heading("name", "group / task", "", "sort by name"), heading("count", "tasks", "num", "tasks in the group"));
  for (const [key, label, , title] of columns) head.append(heading(key, label, "num", title + (TASK_TABLE.mean ? " (mean per task)" : "")));
  const table = el("table", { "data-testid": "task-table-rows" }, el("thead", null, head));
  const body = el("tbody");
  // a cell holds the exact total in data-ns; it shows the total, or the mean per task
  const cell = (key, ns, n) => el("td", { class: "num", "data-col": key, "data-ns": String(ns) }, TASK_TABLE.mean ? fmtOrDash(n ? ns / n : 0) : fmtOrDash(ns));

  for (const g of rows) {
    const open = TASK_TABLE.open.has(g.key), n = count(g), hasRows = g.tasks.length > 0;
    const tr = el("tr", { class: (hasRows ? "clickable " : "") + "group-row" + (g.summed.length ? " summed" : ""), "data-testid": "task-group", "data-group": g.label,
      title: g.summed.length ? fmtCount(n - g.tasks.length) + " ended virtual threads summed by the analyzer, without rows (past --max-tasks)" : null,
      onclick: hasRows ? () => { if (open) TASK_TABLE.open.delete(g.key); else TASK_TABLE.open.add(g.key); renderTaskTable(); } : null },
      el("td", null, (hasRows ? (open ? "▾ " : "▸ ") : "  ") + (g.summed.length ? "Σ " : "") + g.label),
      el("td", { class: "num", "data-col": "count" }, fmtCount(n)));
    for (const [key, , f] of columns) tr.append(cell(key, total(g, f), n));
    body.append(tr);
    if (!open) continue;
    const tasks = g.tasks.slice().sort(taskOrder), limit = TASK_TABLE.shown.get(g.key) || TASK_TABLE_PAGE;
    for (const t of tasks.slice(0, limit)) {
      const row = el("tr", { class: "clickable task-row", "data-testid": "task-row", "data-task": String(t.id), title: "open on the timeline",
        onclick: () => openTaskOnTimeline(t.id) },
        el("td", null, "    " + taskLabel(t) + " (#" + t.id + ")" + (t.virtual ? "" : " P")), el("td", null, ""));
      for (const [key, , f] of columns) row.append(cell(key, f(t), 1));
      body.append(row);
    }
    if (tasks.length > limit) {
      body.append(el("tr", { class: "clickable task-more", "data-testid": "task-more",
        onclick: () => { TASK_TABLE.shown.set(g.key, limit + TASK_TABLE_PAGE * 5); renderTaskTable(); } },
        el("td", { colspan: String(columns.length + 2) }, "    … " + fmtCount(tasks.length - limit) + " more (click to list them)")));
    }
    for (const s of g.summed) {
      const row = el("tr", { class: "task-row summed", "data-testid": "task-summed", "data-group": summedName(s),
        title: "ended virtual threads without a row of their own: the analysis keeps rows for --max-tasks of them (0: all)" },
        el("td", null, "    Σ " + fmtCount(s.tasks) + " summed " + (s.virtual ? "virtual threads" : "threads") + " named " + summedName(s) + " (no rows)"),
        el("td", { class: "num" }, fmtCount(s.tasks)));
      for (const [key, , f] of columns) row.append(cell(key, f(s), s.tasks));
      body.append(row);
    }
  }
  const all = { tasks: a.tasks, summed: a.taskGroups }, n = count(all);
  const foot = el("tr", { class: "group-row total-row", "data-testid": "task-total" },
    el("td", null, "all tasks" + (summedTasks ? " (rows and summed groups)" : "")), el("td", { class: "num", "data-col": "count" }, fmtCount(n)));
  for (const [key, , f] of columns) foot.append(cell(key, total(all, f), n));
  table.append(body, el("tfoot", null, foot));
  box.append(table);
  box.scrollTop = scroll;
}

function fmtOrDash(ns) {
  return ns > 0 ? fmtDuration(ns) : "–";
}

/** The table's state for the address (urlstate.js): "by,sort,asc|desc,total|mean"; null at its defaults. */
function taskTableState() {
  const T = TASK_TABLE;
  if (T.by === "pattern" && T.sort === "blocked" && !T.asc && !T.mean) return null;
  return [T.by, T.sort, T.asc ? "asc" : "desc", T.mean ? "mean" : "total"].join(",");
}

/** Applies taskTableState()'s text (null: the defaults); parts it does not know are left at their defaults. */
function setTaskTableState(text) {
  const [by, sort, dir, show] = String(text || "").split(",");
  TASK_TABLE.by = TASK_TABLE_BY.includes(by) ? by : "pattern";
  TASK_TABLE.sort = sort && /^[a-z:.]+$/i.test(sort) ? sort : "blocked";
  TASK_TABLE.asc = dir === "asc";
  TASK_TABLE.mean = show === "mean";
  TASK_TABLE.open.clear();
}

/** Shows task `id` on the timeline: its group expanded, its lane scrolled into view, its life in the view, its detail open. */
function openTaskOnTimeline(id) {
  const S = APP, t = S.analysis.taskById.get(id);
  if (!t) return;
  if (S.search) { S.search = ""; document.getElementById("search").value = ""; runSearch(""); }
  // a frame filter that hides its lane is cleared: the task was asked for
  if (S.filter && S.filterTasks && !S.filterTasks.has(id)) applyFilter(null);
  S.timeline.collapsed.delete("group:" + S.analysis.groupOf(t));
  S.timeline.layout();
  const end = t.end != null ? t.end : S.extent[1], start = t.start || 0;
  const pad = Math.max((end - start) * 0.05, 1000);
  S.timeline.setView(start - pad, end + pad);
  const row = S.timeline.rows.find((r) => r.kind === "task" && r.id === id);
  if (row) S.timeline.scrollTo(row.y - 40);
  showTask(id);
  document.getElementById("timeline").scrollIntoView({ block: "nearest" });
  renderHeader();
}

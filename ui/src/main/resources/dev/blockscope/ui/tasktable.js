// The task analysis table, as go tool trace's goroutine analysis: tasks grouped by their lanes'
// group (the runtime's task group, else the thread-name pattern) or by the task that started them
// (the recording has no creation stacks: the parent is the start site it can name), with their time
// running, runnable, blocked per reason family, pinned and unknown. A header sorts by its column;
// a group row opens its tasks; a task row opens the task on the timeline. Ended virtual threads the
// analysis summed into groups (taskGroups, past --max-tasks) follow as rows of their own: their sums,
// no tasks to open.

const TASK_TABLE = { by: "group", sort: "blocked", open: new Set() };

/** The columns: [key, heading, value of a task row]; the family columns are the families with time. */
function taskColumns(tasks) {
  const families = (REASON_FAMILIES.families || []).map((f) => f.id);
  const familyTime = (t, id) => Object.entries(t.reasons || {}).reduce((sum, [r, v]) => sum + (reasonFamily(r) === id ? v : 0), 0);
  const used = families.filter((id) => tasks.some((t) => familyTime(t, id) > 0));
  const st = (t, s) => (t.states && t.states[s]) || 0;
  return [
    ["running", "running", (t) => st(t, "RUNNING")],
    ["runnable", "runnable", (t) => st(t, "RUNNABLE")],
    ["blocked", "blocked (all)", (t) => st(t, "SUSPENDED") + st(t, "BLOCKED") + st(t, "BLOCKED_PINNED")],
    ...used.map((id) => ["family:" + id, id, (t) => familyTime(t, id)]),
    ["pinned", "pinned", (t) => st(t, "BLOCKED_PINNED")],
    ["unknown", "unknown", (t) => st(t, "UNKNOWN")],
  ];
}

/** The group a task is listed under. */
function taskTableGroup(task) {
  const a = APP.analysis;
  if (TASK_TABLE.by === "group") return a.groupOf(task);
  if (task.parent == null) return "started before the recording, or by a thread it does not name";
  return "started by " + taskLabel(a.taskById.get(task.parent)) + " (#" + task.parent + ")";
}

function renderTaskTable() {
  const a = APP.analysis, box = document.getElementById("task-table");
  box.replaceChildren();
  const columns = taskColumns(a.tasks.concat(a.taskGroups));
  const groups = new Map();
  for (const t of a.tasks) {
    const g = taskTableGroup(t);
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(t);
  }
  const sortColumn = columns.find((c) => c[0] === TASK_TABLE.sort) || columns[2];
  const value = sortColumn[2];
  const sum = (tasks, f) => tasks.reduce((s, t) => s + f(t), 0);
  const rows = [...groups.entries()].map(([name, tasks]) => ({ name, tasks: tasks.slice().sort((p, q) => value(q) - value(p) || p.id - q.id) }))
    .sort((p, q) => sum(q.tasks, value) - sum(p.tasks, value) || p.name.localeCompare(q.name));
  const by = el("select", { "data-testid": "task-table-by", onchange: (e) => { TASK_TABLE.by = e.target.value; TASK_TABLE.open.clear(); renderTaskTable(); } },
    el("option", { value: "group" }, "by group (runtime group, else name pattern)"),
    el("option", { value: "parent" }, "by start site (the task that started it)"));
  by.value = TASK_TABLE.by;
  box.append(el("div", { class: "hint" }, "Group tasks ", by, " · click a heading to sort by it · click a group to list its tasks, a task to open it on the timeline"));
  const head = el("tr", null, el("th", null, "group / task"), el("th", { class: "num" }, "tasks"));
  for (const [key, label] of columns) {
    head.append(el("th", { class: "num sortable" + (key === sortColumn[0] ? " sorted" : ""), "data-sort": key,
      onclick: () => { TASK_TABLE.sort = key; renderTaskTable(); } }, label + (key === sortColumn[0] ? " ▾" : "")));
  }
  const table = el("table", { "data-testid": "task-table-rows" }, head);
  for (const g of rows) {
    const open = TASK_TABLE.open.has(g.name);
    const tr = el("tr", { class: "clickable group-row", "data-testid": "task-group", "data-group": g.name,
      onclick: () => { if (open) TASK_TABLE.open.delete(g.name); else TASK_TABLE.open.add(g.name); renderTaskTable(); } },
      el("td", null, (open ? "▾ " : "▸ ") + g.name), el("td", { class: "num" }, fmtCount(g.tasks.length)));
    for (const c of columns) tr.append(el("td", { class: "num" }, fmtOrDash(sum(g.tasks, c[2]))));
    table.append(tr);
    if (!open) continue;
    for (const t of g.tasks) {
      const row = el("tr", { class: "clickable task-row", "data-testid": "task-row", "data-task": String(t.id), onclick: () => openTaskOnTimeline(t.id) },
        el("td", null, "    " + taskLabel(t) + " (#" + t.id + ")" + (t.virtual ? "" : " P")), el("td", null, ""));
      for (const c of columns) row.append(el("td", { class: "num" }, fmtOrDash(c[2](t))));
      table.append(row);
    }
  }
  // summed groups carry the same states and reasons as a row, so the columns read them as they are
  for (const g of a.taskGroups) {
    const name = g.name == null ? "(other names)" : g.name === "" ? "(unnamed)" : g.name;
    const tr = el("tr", { class: "group-row summed", "data-testid": "task-summed", "data-group": name,
      title: "ended virtual threads without a row of their own: the analysis keeps rows for --max-tasks of them (0: all)" },
      el("td", null, "Σ " + name + " (summed, no rows)"), el("td", { class: "num" }, fmtCount(g.tasks)));
    for (const c of columns) tr.append(el("td", { class: "num" }, fmtOrDash(c[2](g))));
    table.append(tr);
  }
  box.append(table);
}

function fmtOrDash(ns) {
  return ns > 0 ? fmtDuration(ns) : "–";
}

/** Shows task `id` on the timeline: its group expanded, its lane scrolled into view, its life in the view, its detail open. */
function openTaskOnTimeline(id) {
  const S = APP, t = S.analysis.taskById.get(id);
  if (!t) return;
  if (S.search) { S.search = ""; document.getElementById("search").value = ""; }
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

// Wiring: loads the analysis (inline or from the server), builds the views, keeps the shared
// state (view, selection, frame filter, selected task), and exposes window.blockscope as a
// stable hook for tests and for poking at the page from the console.

const APP = {
  feed: null, analysis: null, timeline: null, flame: null,
  view: { start: 0, end: 1 }, extent: [0, 1],
  selection: null, filter: null, filterMask: null, filterTasks: null,
  selectedTask: null, selectedInterval: -1, hovered: -1, search: "", profile: null,
  ready: false, panelsVersion: 0,
};
const bus = new EventTarget();
function emit(name) { bus.dispatchEvent(new Event(name)); }

function showStatus(message, error) {
  const s = document.getElementById("status");
  s.textContent = message;
  s.classList.toggle("error", !!error);
}

async function main() {
  let feed;
  const timings = APP.timings = { scriptStart: performance.now() };
  try {
    let t = performance.now();
    const data = await inlineData();
    timings.parseMs = performance.now() - t;
    t = performance.now();
    if (data) {
      const tl = data.json.timeline || {};
      useReasonFamilies(data.json.reasonFamilies); // the overview's colours come from it
      const overview = data.columnsFollow ? await Overview.fromPage(tl.states || STATE_NAMES, tl.reasons || []) : null;
      timings.overviewMs = performance.now() - t;
      feed = new InlineFeed(data.json, overview, data.columnsFollow);
    } else {
      feed = await LiveFeed.load() || await ServedFeed.load();
    }
    timings.indexMs = performance.now() - t;
  } catch (e) {
    showStatus("Cannot show this analysis: " + e.message, true);
    return;
  }
  const S = APP;
  S.feed = feed;
  S.analysis = feed.analysis;
  S.extent = feed.mode === "live" ? feed.extent() : S.analysis.extent(feed.intervals, feed.overview);
  S.activity = feed.mode === "live" ? null : S.analysis.activity(S.extent);
  const first = S.activity || S.extent;
  S.view = { start: first[0], end: first[1] };
  renderHeader();
  renderNotices();
  renderLegend();
  S.timeline = new Timeline(document.getElementById("timeline"), document.getElementById("tooltip"), S);
  S.timeline.collapseLargeGroups();
  S.timeline.layout();
  document.getElementById("fit").addEventListener("click", () => S.timeline.fit());
  S.timeline.onViewChange = renderFit;
  renderFit();
  // a CPU frame has no interval on the timeline to filter to: a click there only zooms
  S.flame = new FlameGraph(document.getElementById("flame"), (f) => S.profile === "cpu" ? null : applyFilter(f && { ...f, runnable: S.profile === "sched" }));
  const flameSearch = document.getElementById("flame-search");
  flameSearch.addEventListener("input", () => { S.flame.search = flameSearch.value; S.flame.draw(); renderFound(); });
  feed.onUpdate = () => {
    remapSelectedInterval(); // its index was into the intervals before
    if (S.filter) computeFilter();
    if (S.search) runSearch(S.search); // the intervals changed: decoded, or a new served window
    S.timeline.layout(); renderNotices(); showStatus(statusLine());
    if (S.selectedTask != null) renderDetail();
  };
  feed.viewChanged(S.view.start, S.view.end);
  bus.addEventListener("selection", () => { renderHeader(); renderPanels(); if (S.selectedTask != null) renderDetail(); S.timeline.requestRender(); saveUrlState(); });
  const search = document.getElementById("search");
  search.addEventListener("input", () => { S.search = search.value; runSearch(S.search); S.timeline.layout(); renderHeader(); saveUrlState(); });
  search.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); searchStep(e.shiftKey ? -1 : 1); } });
  document.getElementById("search-prev").addEventListener("click", () => searchStep(-1));
  document.getElementById("search-next").addEventListener("click", () => searchStep(1));
  document.getElementById("clear-filter").addEventListener("click", () => applyFilter(null));
  timings.beforePanels = performance.now();
  renderTaskTable();
  await renderPanels();
  timings.beforeRender = performance.now();
  S.timeline.render();
  showStatus(statusLine());
  timings.readyAt = performance.now();
  timings.firstFrameFrom = S.timeline.stats.overviewLanes ? "overview" : "intervals";
  // a shared address: its view, selection, search, task, profile and filter; then Back and Forward (urlstate.js)
  if (location.hash) applyUrlState(location.hash, true);
  watchUrlState();
  S.ready = true;
  if (feed.mode === "live") startLive();
  if (feed.preview) startPreview(feed.preview);
  // after the first frame: the page is usable from the overview while the exact intervals decode
  if (feed.loadExact) feed.loadExact().catch((e) => showStatus("Cannot decode the report's exact timeline: " + e.message, true));
}

/**
 * `serve --preview`: the page shows the analysis of the recording's beginning while the server analyzes the whole
 * file. Polls /api/status every second for its progress; once the whole is ready, offers it (a
 * reload, the view and selection kept in the address) rather than swapping it in under the user.
 */
function startPreview(first) {
  const S = APP, box = document.getElementById("preview"), button = document.getElementById("preview-show");
  const extent = S.extent[1] - S.extent[0];
  box.hidden = false;
  box.textContent = previewLine(extent, first);
  button.addEventListener("click", () => { clearTimeout(URL_STATE.timer); writeUrlState(); location.reload(); });
  const tick = async () => {
    let st;
    try {
      st = await fetchJson("api/status");
    } catch (e) {
      box.textContent = "Preview: the first " + fmtDuration(extent) + " · the server did not answer (" + e.message + ")";
      box.classList.add("failed");
      return;
    }
    if (st.state === "ready") {
      box.textContent = "Preview: the first " + fmtDuration(extent) + " · the whole recording is analyzed";
      button.hidden = false;
      return;
    }
    if (st.state === "failed") {
      box.textContent = "Preview: the first " + fmtDuration(extent) + " · the whole recording could not be analyzed: " + st.error;
      box.classList.add("failed");
      return;
    }
    box.textContent = previewLine(extent, st);
    setTimeout(tick, 1000);
  };
  setTimeout(tick, 1000);
}

/**
 * `serve --attach`: polls the server every second and, while following, shows each new window
 * whole (the view is the window, so the timeline scrolls with it). Pause keeps the window on
 * screen, to zoom and select in; Follow takes the newest again.
 */
function startLive() {
  const S = APP, button = document.getElementById("live-follow");
  button.hidden = false;
  button.addEventListener("click", () => {
    S.feed.following = !S.feed.following;
    renderLive();
    if (S.feed.following) liveTick();
  });
  renderLive();
  const tick = async () => { await liveTick(); if (!S.feed.live.ended) setTimeout(tick, 1000); };
  setTimeout(tick, 1000);
}

async function liveTick() {
  const S = APP, feed = S.feed;
  let answer;
  try {
    answer = await feed.poll();
  } catch (e) {
    showStatus("Live: the server did not answer (" + e.message + "); showing the last window", true);
    return;
  }
  feed.live.ended = answer.body.live.ended;
  if (answer.changed && feed.following) {
    feed.apply(answer.body);
    S.analysis = feed.analysis;
    S.extent = feed.extent();
    S.view = { start: S.extent[0], end: S.extent[1] };
    S.selection = null; // its times were the previous window's
    S.selectedInterval = -1; S.selectedSpan = null;
    if (S.filter) computeFilter();
    if (S.search) runSearch(S.search);
    renderHeader(); renderNotices(); renderTaskTable(); renderPanels();
    S.timeline.layout(); S.timeline.render();
    if (S.selectedTask != null) { if (S.analysis.taskById.has(S.selectedTask)) renderDetail(); }
    showStatus(statusLine());
  }
  renderLive();
}

/** The live line: which JVM, the window, whether it follows, and the JVM's end once it came. */
function renderLive() {
  const S = APP, l = S.feed.live, box = document.getElementById("live");
  box.hidden = false;
  box.textContent = "live: pid " + l.pid + ", last " + fmtDuration(l.windowNanos) + (l.shortened
    ? " (shortened to " + fmtDuration(l.toNanos - l.fromNanos) + " by the server's interval budget)" : "")
    + (l.ended ? " · " + l.ended : S.feed.following ? " · following" : " · paused");
  box.classList.toggle("ended", !!l.ended);
  const button = document.getElementById("live-follow");
  button.textContent = S.feed.following ? "Pause" : "Follow";
  button.hidden = !!l.ended;
}

function statusLine() {
  const S = APP, iv = S.feed.intervals;
  return fmtCount(S.analysis.taskCount) + " tasks · " + fmtCount(S.analysis.carriers.length) + " carriers · " +
    (S.feed.exact === false ? "decoding the exact intervals (drawn from an overview meanwhile) "
      : fmtCount(iv.n) + " intervals " + (S.feed.mode === "serve" ? "loaded (served window by window)" : "")) +
    (S.feed.mode === "live" ? " · window " : " · recording ") + fmtDuration(S.extent[1] - S.extent[0]) +
    (S.activity ? " · the first view is the application's activity, " + fmtDuration(S.activity[0]) + " → " + fmtDuration(S.activity[1])
      + " (F: the whole recording)" : "");
}

/** F as a button: the whole recording while the view is the application's activity, else back to it. */
function renderFit() {
  const S = APP, button = document.getElementById("fit"), toWhole = S.timeline.showingActivity();
  button.hidden = !S.activity;
  button.textContent = toWhole ? "Whole recording" : "Application's activity";
  button.title = (toWhole ? "Show the whole recording, the JVM's and the recorder's start-up included"
    : "Fit the application's tasks, from the first start to the last end") + " (F)";
}

function renderHeader() {
  const S = APP, src = S.analysis.source;
  document.getElementById("source").textContent = safeText((src.file || "analysis") + (src.kind ? " · " + src.kind : "") + (src.jvm ? " · JDK " + src.jvm : ""));
  document.getElementById("selection").textContent = S.selection
    ? "Selection " + fmtDuration(S.selection.start) + " → " + fmtDuration(S.selection.end) + " (" + fmtDuration(S.selection.end - S.selection.start) + ")" : "";
  renderSearchCount();
}

/** What the input cannot show, said up front: limits, skipped data, truncation, unknown time. */
function renderNotices() {
  const S = APP, a = S.analysis, box = document.getElementById("notices");
  const items = [];
  for (const f of a.flightTriggers) items.push("A flight recorder's dump: written on its trigger " + safeText(f.message) + ", at "
    + fmtDuration(f.t) + " (the vermillion line across the timeline); it holds the window before that and a little after.");
  for (const l of a.source.limits || []) items.push(l);
  for (const s of a.source.skipped || []) items.push("Skipped: " + s.what + (s.events ? " (" + fmtCount(s.events) + " events)" : ""));
  // The analyzer's own limit line says what its interval budget left out; add only where to see it all.
  if (S.feed.intervals.truncated) items.push((items.some(l => l.startsWith("timeline truncated")) ? ""
      : "The timeline was truncated by the analyzer's interval budget: the shortest intervals are not drawn (the panels and totals still cover the whole recording). ")
      + "Use `blockscope serve` or `export --format perfetto` to see every interval.");
  if (!a.json.reasonFamilies) items.push("This analysis has no reason table (it was written by an analyzer before 0.6):"
    + " every wait is drawn as \"Other wait\"; analyze the recording again for its colours.");
  // the headline is the application's tasks; carriers and the JVM's own threads have lines of their own
  const u = a.unknown, share = (g) => fmtDuration(g.unknown) + " unknown (" + fmtPct(g.unknown, g.total) + " of their time)";
  if (u.app.tasks) items.push(u.app.unknown > 0
    ? "Unknown time: " + fmtDuration(u.app.unknown) + " (" + fmtPct(u.app.unknown, u.app.total) + " of the application's task time)"
      + " has no events saying what the task did; it is drawn hatched grey, not hidden."
    : "The application's " + fmtCount(u.app.tasks) + " tasks have no unknown time.");
  if (u.carrier.unknown > 0) items.push("Carriers (" + fmtCount(u.carrier.tasks) + "): " + share(u.carrier) + ".");
  if (u.service.unknown > 0) items.push("JVM service threads (" + fmtCount(u.service.tasks) + "): " + share(u.service)
    + ": the JDK's and the recorder's own threads park in waits that are written only when they end.");
  box.replaceChildren();
  if (!items.length) return;
  // one line that opens: the notes matter, but five bullets above the timeline pushed it away
  const list = el("ul");
  for (const i of items) list.append(el("li", null, i));
  const head = u.app.unknown > 0 ? "; " + fmtDuration(u.app.unknown) + " of the application's task time unknown" : "";
  const details = el("details", null, el("summary", null, "What this recording cannot show: " + fmtCount(items.length)
    + (items.length === 1 ? " note" : " notes") + head + " (click to read)"), list);
  box.append(details);
}

/** The colours; a waiting colour's tooltip lists its families and the reasons of this analysis in them. */
function renderLegend() {
  const box = document.getElementById("legend");
  box.replaceChildren();
  const families = REASON_FAMILIES.families || [];
  CLASS_INFO.forEach((c, k) => {
    const style = k === CLASS.UNKNOWN ? "background: repeating-linear-gradient(135deg," + UNKNOWN_HATCH[0] + " 0 3px," + UNKNOWN_HATCH[1] + " 3px 4px)" : "background:" + c.color;
    let title = c.explain;
    const mine = families.filter((f) => (f.id in FAMILY_CLASS ? FAMILY_CLASS[f.id] : CLASS.OTHER) === k);
    if (mine.length) {
      title = mine.map((f) => f.label + ": " + Object.keys(REASON_FAMILIES.reasons).filter((r) => REASON_FAMILIES.reasons[r] === f.id).join(", ")).join("\n");
    }
    box.append(el("span", { title, "data-testid": "legend-item" }, el("span", { class: "swatch", style }), c.name));
  });
  box.append(el("span", { class: "muted" }, "Carrier lanes: one colour per task, vermillion = pinned. Arrows: who woke whom (hover or select a task)."));
}

/** Recomputes every panel for the selection (or the whole recording when there is none). */
async function renderPanels() {
  const S = APP, a = S.analysis, sel = S.selection;
  const version = ++S.panelsVersion;
  const notes = ["flame-note", "pinning-note", "latency-note", "carriers-note", "overhead-note", "pool-note"];
  let agg = null;
  if (sel) {
    if (S.feed.exact === false || S.feed.mode === "serve") {
      for (const id of notes) document.getElementById(id).textContent = S.feed.mode === "serve"
        ? "(selected range: asking the server…)" : "(selected range: waiting for the exact intervals…)";
    }
    agg = await S.feed.rangeSummary(sel.start, sel.end);
    if (version !== S.panelsVersion) return;
  }
  const note = sel ? " in the selected range" : "";
  // a selection's figures say when they could not count every interval of the range
  const scope = (what) => !sel ? "(whole recording)" : "(" + what + (agg.partial ? "; partial: " + agg.partial : "") + ")";
  S.lastAgg = agg;
  renderProfile();
  document.getElementById("flame-note").textContent = scope("selected range");
  renderPinning(document.getElementById("pinning"), agg ? agg.pinning : a.pinning, a.pinning, a.stacks, note);
  document.getElementById("pinning-note").textContent = scope("selected range");
  const lat = agg ? agg.latency : a.schedLatency;
  renderLatency(document.getElementById("latency-stats"), document.getElementById("latency-hist"), document.getElementById("latency-time"), lat, sel);
  document.getElementById("latency-note").textContent = scope("wake-ups in the selected range");
  const span = sel ? sel.end - sel.start : S.extent[1] - S.extent[0];
  renderCarriers(document.getElementById("carriers"), agg ? agg.carriers : a.carriers.slice(), span, a, note);
  document.getElementById("carriers-note").textContent = scope("selected range");
  renderPool(document.getElementById("pool-stats"), document.getElementById("pool-chart"), a.json.scheduler, sel, S.extent);
  document.getElementById("pool-note").textContent = sel ? "(samples in the selected range)" : "(whole recording)";
  renderOverhead(document.getElementById("overhead"), a.overhead, sel, agg ? agg.switches : 0);
  document.getElementById("overhead-note").textContent = scope("selected range where the data allows");
}

/**
 * The profiles, as Go's trace tool has them: all blocked time, the family profiles of the reason
 * table (sync, net, file: waits whose reason's family belongs to one) and sched (the time tasks
 * were woken but waited for a carrier, by the wait they were woken from). The whole recording's
 * come from the analyzer; a selection's from the range's intervals.
 */
const PROFILE_INFO = {
  "": { label: "All blocked", root: "all blocked time", hint: "Blocked time (suspended, blocked, pinned) by reason and stack, outermost frame at the top." },
  sync: { label: "sync", root: "all sync waits", hint: "Locks, monitors and hand-offs (queues, futures, joins, channels, WaitGroups): Go's sync profile." },
  net: { label: "net", root: "all network waits", hint: "Sockets and selectors: Go's net profile." },
  file: { label: "file", root: "all file and process waits", hint: "File reads and writes, child processes: Go's syscall profile." },
  sched: { label: "sched", root: "all time waiting for a carrier", hint: "Woken but waiting for a carrier (RUNNABLE), by the wait the task was woken from: Go's scheduler-latency profile." },
  cpu: { label: "cpu", root: "all CPU samples", hint: "On-CPU samples (the agent's profile=cpu) by stack, each carrier's given to the virtual thread mounted then; a task's own CPU and wall graphs are in its detail." },
};

/** The entries of profile `name` ("" for all blocked time), for the selection's aggregates or the whole recording. */
function profileEntries(name, agg) {
  const a = APP.analysis, stackRows = (rows) => (rows || []).map((b) => ({ frames: a.stacks[b.stack] || [], reason: b.reason, total: b.total, count: b.count }));
  if (name === "sched") return agg ? agg.sched : a.schedLatency && a.schedLatency.byStack ? stackRows(a.schedLatency.byStack) : null;
  if (name === "cpu") return cpuProfileEntries(); // the whole recording's: samples are not in the selection's intervals
  const all = agg ? agg.flame : stackRows(a.blocking.byStack);
  if (!name) return all;
  const families = new Set((REASON_FAMILIES.families || []).filter((f) => f.profile === name).map((f) => f.id));
  return all.filter((e) => families.has(reasonFamily(e.reason)));
}

function renderProfile() {
  const S = APP, agg = S.lastAgg || null, name = S.profile || "";
  const tabs = document.getElementById("profile-tabs");
  tabs.replaceChildren();
  for (const key of Object.keys(PROFILE_INFO)) {
    if (key === "cpu" && !S.analysis.cpu) continue;
    const entries = profileEntries(key, agg);
    const total = entries ? entries.reduce((sum, e) => sum + (e.total || 0), 0) : null;
    tabs.append(el("button", { "data-testid": "profile-tab", "data-profile": key || "all", "aria-selected": String(key === name),
      onclick: () => { S.profile = key || null; S.flame.zoom = null; if (S.filter) applyFilter(null); else renderProfile(); saveUrlState(); } },
      PROFILE_INFO[key].label + " " + (total == null ? "–" : fmtDuration(total))));
  }
  const entries = profileEntries(name, agg), info = PROFILE_INFO[name];
  S.flame.setData(entries || [], S.filter, { root: info.root,
    empty: entries ? "No time in the " + info.label + " profile" : "This analysis has no scheduler-latency profile (written before analyzer 0.6)" });
  document.getElementById("flame-hint").textContent = info.hint + " Click a frame to zoom into it and filter the timeline to it; click the root to go back.";
  renderFound();
}

function renderFound() {
  const m = APP.flame.matched();
  document.getElementById("flame-found").textContent = m ? "matched " + fmtDuration(m.total) + " (" + (100 * m.share).toFixed(1) + " % of this profile)" : "";
}

/** Frame filter from the flame graph: waits under that reason and stack prefix; null clears. */
async function applyFilter(filter) {
  const S = APP;
  if (filter) await S.feed.whenExact; // the filter marks exact intervals
  S.filter = filter;
  computeFilter();
  saveUrlState();
  const btn = document.getElementById("clear-filter");
  btn.hidden = !filter;
  btn.textContent = filter ? "Clear filter: " + safeText(filter.label) : "";
  renderProfile();
  S.timeline.layout();
  renderHeader();
  renderPanels();
}

function computeFilter() {
  const S = APP, f = S.filter, iv = S.feed.intervals;
  if (!f) { S.filterMask = null; S.filterTasks = null; return; }
  const stackOk = iv.stacks.map((frames) => {
    if (f.prefix.length > frames.length) return false;
    for (let k = 0; k < f.prefix.length; k++) if (frames[frames.length - 1 - k] !== f.prefix[k]) return false;
    return true;
  });
  const reasonOk = iv.reasonNames.map((r) => r === f.reason);
  const mask = new Uint8Array(iv.n), tasks = new Set();
  const runnable = iv.stateIndex.RUNNABLE;
  for (let i = 0; i < iv.n; i++) {
    // the sched profile's frames are RUNNABLE intervals (woken from that wait), the others' waits
    if (f.runnable ? iv.state[i] !== runnable || (iv.reason[i] < 0 ? f.reason !== "other" : !reasonOk[iv.reason[i]])
      : !iv.blocked[i] || iv.reason[i] < 0 || !reasonOk[iv.reason[i]]) continue;
    if (f.prefix.length && !(iv.stack[i] >= 0 && stackOk[iv.stack[i]])) continue;
    mask[i] = 1; tasks.add(iv.task[i]);
  }
  S.filterMask = mask; S.filterTasks = tasks;
}

function clearSelectionAndFilter() {
  const S = APP;
  if (S.selection) { S.selection = null; emit("selection"); }
  if (S.filter) applyFilter(null);
}


window.blockscope = Object.freeze({
  get ready() { return APP.ready; },
  get mode() { return APP.feed && APP.feed.mode; },
  get view() { return { ...APP.view }; },
  get selection() { return APP.selection && { ...APP.selection }; },
  get filter() { return APP.filter && { reason: APP.filter.reason, prefix: [...APP.filter.prefix], runnable: !!APP.filter.runnable }; },
  get profile() { return APP.profile || "all"; },
  get selectedTask() { return APP.selectedTask; },
  get selectedInterval() { return APP.selectedInterval; },
  get searchHits() { return SEARCH.hits.length; },
  get intervalCount() { return APP.feed ? APP.feed.intervals.n : 0; },
  get exact() { return !!APP.feed && APP.feed.exact !== false; },
  get timings() { return { ...APP.timings }; },
  get fetches() { return APP.feed && APP.feed.fetches || 0; },
  /** serve: the range of the last window loaded, [start, end], or null. */
  get loaded() { return APP.feed && APP.feed.loaded ? APP.feed.loaded.slice(0, 2) : null; },
  /** serve --attach: the window shown ({ version, pid, fromNanos, toNanos, ended, ... }), null otherwise. */
  get live() { return APP.feed && APP.feed.live ? { ...APP.feed.live, following: APP.feed.following } : null; },
  stats: () => ({ ...APP.timeline.stats }),
  wallEntries: (id) => wallEntries(id).map((e) => ({ reason: e.reason, total: e.total, frames: [...e.frames] })),
  lanes: () => APP.timeline.rows.map((r) => ({ kind: r.kind, id: r.id == null ? null : r.id, key: r.key || null, label: r.label,
    y: APP.timeline.rowY(r), h: r.h, collapsed: !!r.collapsed })),
  timeToX: (t) => APP.timeline.timeToX(t),
  xToTime: (x) => APP.timeline.xToTime(x),
  hitTest: (x, y) => {
    const h = APP.timeline.hitTest(x, y), iv = APP.feed.intervals;
    const out = { area: h.area, kind: h.row ? h.row.kind : null, id: h.row && h.row.id != null ? h.row.id : null, index: h.index == null ? -1 : h.index };
    if (h.bucket) out.bucket = { ...h.bucket };
    if (out.index >= 0) Object.assign(out, { task: iv.task[out.index], state: iv.stateName(out.index), reason: iv.reasonName(out.index),
      start: iv.start[out.index], end: iv.end[out.index], carrier: iv.carrier[out.index], waker: iv.waker[out.index],
      blocker: iv.blockerName(out.index) });
    return out;
  },
  setView: (s, e) => { APP.timeline.setView(s, e); APP.timeline.render(); return APP.timeline.stats.lastDrawMs; },
  setSelection: (s, e) => { APP.selection = s == null ? null : { start: s, end: e }; emit("selection"); },
  flameNodes: () => APP.flame.nodes.map((n) => ({ ...n, path: [...n.path] })),
  arrows: () => (APP.timeline.arrows || []).map((a) => ({ ...a })),
  /** The selected task's wake-ups in view: { inView, drawn, hidden, note } (note: what was left out), or null. */
  wakeups: () => APP.timeline.wakeups ? { ...APP.timeline.wakeups } : null,
  markers: () => APP.timeline.markers().map((m) => ({ ...m, x: APP.timeline.timeToX(m.t) })),
  interval: (i) => {
    const iv = APP.feed.intervals;
    return { task: iv.task[i], start: iv.start[i], end: iv.end[i], state: iv.stateName(i), reason: iv.reasonName(i) };
  },
  laneStarts: (kind, id) => {
    const iv = APP.feed.intervals, idx = (kind === "carrier" ? iv.byCarrier : iv.byTask).get(id) || [];
    return Array.from(idx, (i) => iv.start[i]);
  },
  /** The colours: state and family classes (legend order) and the carrier lanes' task hues. */
  palette: () => ({ classes: CLASS_INFO.map((c) => ({ ...c })), taskHues: [...TASK_HUES], hatch: [...UNKNOWN_HATCH] }),
  /** The hue a carrier lane draws task `id`'s slices in. */
  carrierHue: (id) => TASK_HUES[taskHue(id)],
  /** The family (from the analysis's reason table) and colour a wait with this reason is drawn in. */
  reasonFamily: (reason) => reasonFamily(reason),
  reasonColour: (reason) => CLASS_INFO[reasonClass(reason)].color,
  fit: () => { APP.timeline.fit(); APP.timeline.render(); },
  /** Opens task id's detail, as a click on its lane does. */
  selectTask: (id) => { showTask(id); APP.timeline.render(); },
  /** Picks interval i on its task's lane, as a click on it does. */
  selectInterval: (i) => { showTask(APP.feed.intervals.task[i], i); APP.timeline.render(); },
  scrollTo: (y) => { APP.timeline.scrollTo(y); APP.timeline.render(); },
  expandAll: () => { APP.timeline.collapsed.clear(); APP.timeline.layout(); APP.timeline.render(); },
  renderNow: () => { APP.timeline.render(); return APP.timeline.stats.lastDrawMs; },
});

main();

// The data model: the analysis summary (tasks, carriers, panels' aggregates) and the timeline
// intervals turned into typed arrays with one index per task lane and per carrier lane, sorted by
// start, so drawing a lane is a binary search plus a walk over what is on screen.

/** The schema's state order, for a timeline that does not list its states. */
const STATE_NAMES = ["RUNNING", "RUNNABLE", "SUSPENDED", "BLOCKED_PINNED", "BLOCKED", "UNKNOWN"];

class Intervals {
  /**
   * tl: a timeline object (docs/analysis-json.md); fallbackStacks: the summary's stacks; built:
   * the output of buildColumns for tl's columns when it was computed elsewhere (the worker).
   */
  constructor(tl, fallbackStacks, built, carrierTasks) {
    tl = tl || {};
    this.stateNames = tl.states || STATE_NAMES;
    this.reasonNames = tl.reasons || [];
    this.stacks = tl.stacks || fallbackStacks || [];
    this.truncated = !!tl.truncated;
    this.blockerNames = tl.blockers || [];
    const b = built || buildColumns(tl, this.stateNames, this.reasonNames, carrierTasks);
    const n = this.n = b.start.length;
    for (const name of COLUMN_NAMES.concat(OPTIONAL_COLUMNS)) this[name] = b[name];
    this.cls = b.cls; this.blocked = b.blocked;
    // after buildColumns, a task's intervals are the contiguous range [offsets[g], offsets[g+1])
    const identity = new Int32Array(n);
    for (let k = 0; k < n; k++) identity[k] = k;
    this.byTask = new Map();
    for (let g = 0; g < b.taskIds.length; g++) this.byTask.set(b.taskIds[g], identity.subarray(b.taskOffsets[g], b.taskOffsets[g + 1]));
    this.byCarrier = new Map();
    for (let g = 0; g < b.carrierIds.length; g++) this.byCarrier.set(b.carrierIds[g], b.carrierIdx.subarray(b.carrierOffsets[g], b.carrierOffsets[g + 1]));
    this.stateIndex = Object.fromEntries(this.stateNames.map((s, i) => [s, i]));
    this.lanes = new Map();
    this.minStart = b.minStart; this.maxEnd = b.maxEnd;
  }

  /**
   * What drawing needs of a lane, in lane order and contiguous: start, end and colour class per
   * position, and idx to map a position back to the interval. Task lanes are views into the
   * columns; carrier lanes are copies (made on first use), colour by task or pinned.
   */
  lane(kind, id) {
    const key = kind + ":" + id;
    let lane = this.lanes.get(key);
    if (lane) return lane;
    const idx = (kind === "carrier" ? this.byCarrier : this.byTask).get(id);
    if (!idx || !idx.length) return null;
    if (kind === "task") {
      const from = idx[0], to = from + idx.length;
      lane = { idx, start: this.start.subarray(from, to), end: this.end.subarray(from, to), cls: this.cls.subarray(from, to) };
    } else {
      const m = idx.length, pinned = this.stateIndex.BLOCKED_PINNED;
      lane = { idx, start: new Float64Array(m), end: new Float64Array(m), cls: new Uint8Array(m) };
      for (let p = 0; p < m; p++) {
        const i = idx[p];
        lane.start[p] = this.start[i]; lane.end[p] = this.end[i];
        lane.cls[p] = this.state[i] === pinned ? CARRIER_PINNED_CLASS : taskHue(this.task[i]);
      }
    }
    this.lanes.set(key, lane);
    return lane;
  }

  /** First position in idx whose interval ends at or after t (intervals of a lane do not overlap). */
  firstEndingAfter(idx, t) {
    let lo = 0, hi = idx.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (this.end[idx[mid]] < t) lo = mid + 1; else hi = mid; }
    return lo;
  }

  stateName(i) { return this.stateNames[this.state[i]] || "UNKNOWN"; }
  reasonName(i) { const r = this.reason[i]; return r >= 0 ? this.reasonNames[r] : null; }
  /** The class of the object the wait was blocked on (schema 0.3), or null. */
  blockerName(i) { const k = this.blocker[i]; return k >= 0 && k < this.blockerNames.length ? this.blockerNames[k] : null; }
  stackFrames(i) { const s = this.stack[i]; return s >= 0 && this.stacks[s] ? this.stacks[s] : []; }
}

/** Items grouped by their task id, each group sorted by time(item). */
function byTask(items, time) {
  const out = new Map();
  for (const item of items) {
    if (!out.has(item.task)) out.set(item.task, []);
    out.get(item.task).push(item);
  }
  for (const list of out.values()) list.sort((p, q) => time(p) - time(q));
  return out;
}

const CARRIER_THREADS = "carrier threads (as platform threads)";
const SERVICE_THREADS = "JVM service threads";

/** The log category the analyzer reads a flight recorder's trigger (blockscope.FlightTrigger) as. */
const FLIGHT_TRIGGER_CATEGORY = "blockscope.flight-trigger";

class Analysis {
  constructor(json) {
    if (!json || typeof json !== "object") throw new Error("the analysis is not a JSON object");
    if (json.schema && !String(json.schema).startsWith("blockscope.analysis/")) {
      throw new Error("unsupported schema: " + json.schema + " (expected blockscope.analysis/1)");
    }
    this.json = json;
    useReasonFamilies(json.reasonFamilies);
    this.source = json.source || {};
    this.window = json.window || {};
    this.tasks = json.tasks || [];
    // ended virtual threads past the analysis' row bound, summed by name (analysis 0.8): tasks, states, reasons
    this.taskGroups = json.taskGroups || [];
    this.taskCount = this.tasks.length + this.taskGroups.reduce((n, g) => n + g.tasks, 0);
    this.carriers = json.carriers || [];
    this.stacks = json.stacks || [];
    this.blocking = json.blocking || { byReason: {}, byStack: [] };
    this.schedLatency = json.schedLatency || null;
    this.pinning = json.pinning || [];
    this.overhead = json.overhead || null;
    this.cpu = json.cpu || null; // CPU samples per task (analysis 0.7), null without any
    this.wall = json.wall || null; // async-profiler's wall samples per task (analysis 0.9): a virtual thread's only while mounted
    this.taskById = new Map(this.tasks.map((t) => [t.id, t]));
    // the runtime's Trace.region / Trace.log annotations, per task in time order, drawn on the lanes
    this.regionsByTask = byTask(json.regions || [], (r) => r.start);
    this.logsByTask = byTask(json.logs || [], (l) => l.t);
    // a flight recorder's dump names its trigger (blockscope.FlightTrigger, read as a log of this
    // category): the moment it fired is marked across the timeline
    this.flightTriggers = (json.logs || []).filter((l) => l.category === FLIGHT_TRIGGER_CATEGORY).map((l) => {
      const m = String(l.message || ""), colon = m.indexOf(": ");
      return { t: Number(l.t), task: l.task, rule: colon > 0 ? m.slice(0, colon) : m, message: m };
    }).sort((p, q) => p.t - q.t);
    this.carrierTaskIds = this.tasks.filter((t) => t.carrier).map((t) => t.id);
    this.poolSamples = poolSamples(json.scheduler, null);
    this.poolMaxThreads = this.poolSamples.reduce((m, p) => Math.max(m, p.poolSize || 0, p.parallelism || 0, p.active || 0), 1);
    this.poolMaxQueued = this.poolSamples.reduce((m, p) => Math.max(m, p.queued || 0), 1);
    this.carrierById = new Map(this.carriers.map((c) => [c.id, c]));
    // unknown time by kind of task: the application's, the carriers', the JVM's own service
    // threads' (which park in waits written only when they end, so are mostly unknown)
    this.unknown = { app: { tasks: 0, unknown: 0, total: 0 }, carrier: { tasks: 0, unknown: 0, total: 0 }, service: { tasks: 0, unknown: 0, total: 0 } };
    for (const t of this.tasks) {
      const u = this.unknown[t.carrier ? "carrier" : t.service ? "service" : "app"], st = t.states || {};
      u.tasks++;
      u.unknown += st.UNKNOWN || 0;
      u.total += Object.values(st).reduce((a, b) => a + b, 0);
    }
    for (const g of this.taskGroups) {
      const u = this.unknown[g.service ? "service" : "app"], st = g.states || {};
      u.tasks += g.tasks;
      u.unknown += st.UNKNOWN || 0;
      u.total += Object.values(st).reduce((a, b) => a + b, 0);
    }
  }

  /** The time span shown when the view is reset. */
  extent(intervals, overview) {
    const dur = Number(this.window.durationNanos);
    let end = dur > 0 ? dur : 0;
    if (intervals && intervals.n && intervals.maxEnd > end) end = intervals.maxEnd;
    if (overview && overview.t1 > end) end = overview.t1;
    for (const t of this.tasks) if (t.end != null && t.end > end) end = t.end;
    return [0, end > 0 ? end : 1e6];
  }

  /**
   * The application's activity: from the first start to the last end of its tasks (neither
   * carriers nor JVM service threads), with a little margin, within `extent`; null without such a
   * task or when it is nearly the whole recording. The first view shows it: before it the JVM and
   * the recorder were starting (62 % of the demo's recording).
   *
   * A task's wait for the recorder to start (a reason of family `agent`: with startup=now the
   * agent holds a task that makes one of the runtime's events, or the JVM's exit, until JFR runs)
   * is start-up too: it cuts the task's activity on the side of its life it is nearer to. The
   * demo's main thread is seen from 110 ms on, in premain and class loading, then waits 1.76 s
   * for the recorder: counted from 110 ms, 69 % of the first view was start-up.
   */
  activity(extent) {
    let lo = Infinity, hi = -Infinity;
    const end = Number(this.window.durationNanos) || extent[1];
    for (const t of this.tasks) {
      if (t.carrier || t.service) continue;
      let from = t.start || 0, to = t.end != null ? t.end : end;
      for (const w of t.longest || []) { // a task's waits for the recorder are among its longest
        if (reasonFamily(w.reason) !== "agent") continue;
        const wEnd = w.start + w.duration;
        if (w.start - from <= to - wEnd) from = Math.max(from, wEnd); else to = Math.min(to, w.start);
      }
      if (!(to > from)) continue;
      lo = Math.min(lo, from);
      hi = Math.max(hi, to);
    }
    if (!(hi > lo)) return null;
    const pad = (hi - lo) * 0.02, range = [Math.max(extent[0], lo - pad), Math.min(extent[1], hi + pad)];
    return range[1] - range[0] < 0.95 * (extent[1] - extent[0]) ? range : null;
  }

  /** Tasks in a group of their own are shown together rather than one header per task. */
  computeGroups() {
    const counts = new Map();
    for (const t of this.tasks) { const g = this.#rawGroup(t); counts.set(g, (counts.get(g) || 0) + 1); }
    this.groupByTask = new Map();
    for (const t of this.tasks) {
      const g = this.#rawGroup(t);
      // carrier threads are also drawn as carrier lanes; as tasks they only park when idle
      if (t.carrier) this.groupByTask.set(t.id, CARRIER_THREADS);
      // the JVM's own threads (JFR, the agent, JDK housekeeping), marked by the analyzer (0.3)
      else if (t.service) this.groupByTask.set(t.id, SERVICE_THREADS);
      else this.groupByTask.set(t.id, (t.group || counts.get(g) > 1) ? g : "other tasks");
    }
  }

  groupOf(task) {
    if (!this.groupByTask) this.computeGroups();
    return this.groupByTask.get(task.id) || this.#rawGroup(task);
  }

  /** Lanes are grouped by the runtime's group, else by the thread-name pattern without numbers. */
  #rawGroup(task) {
    if (task.group) return task.group;
    const name = task.name || "";
    const stem = name.replace(/[-_#\s.]*\d+$/, "").replace(/\d+/g, "N");
    return stem || (name ? name : "(unnamed)");
  }

  carrierName(id) {
    const c = this.carrierById.get(id);
    if (c) return (c.name != null && c.name !== "" ? c.name : "(unnamed)") + " (#" + id + ")"; // a chunk may name a carrier by id only
    const t = this.taskById.get(id);
    return t ? taskLabel(t) + " (#" + id + ")" : "#" + id;
  }
}

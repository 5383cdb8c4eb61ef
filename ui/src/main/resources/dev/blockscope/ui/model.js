// The data model: the analysis summary (tasks, carriers, panels' aggregates) and the timeline
// intervals turned into typed arrays with one index per task lane and per carrier lane, sorted by
// start, so drawing a lane is a binary search plus a walk over what is on screen.

const BLOCKED_STATES = new Set(["SUSPENDED", "BLOCKED", "BLOCKED_PINNED"]);

class Intervals {
  /** tl: a timeline object (docs/analysis-json.md); fallbackStacks: the summary's stacks. */
  constructor(tl, fallbackStacks) {
    tl = tl || {};
    const n = (tl.start || []).length;
    this.n = n;
    this.stateNames = tl.states || ["RUNNING", "RUNNABLE", "SUSPENDED", "BLOCKED_PINNED", "BLOCKED", "UNKNOWN"];
    this.reasonNames = tl.reasons || [];
    this.stacks = tl.stacks || fallbackStacks || [];
    this.truncated = !!tl.truncated;
    this.blocker = Array.isArray(tl.blocker) ? tl.blocker : null;
    const col = (name) => tl[name] || [];
    this.task = new Float64Array(col("task"));
    this.start = new Float64Array(col("start"));
    this.end = new Float64Array(col("end"));
    this.state = new Uint8Array(col("state"));
    this.reason = col("reason").length ? new Int32Array(col("reason")) : new Int32Array(n).fill(-1);
    this.carrier = col("carrier").length ? new Float64Array(col("carrier")) : new Float64Array(n).fill(-1);
    this.stack = col("stack").length ? new Int32Array(col("stack")) : new Int32Array(n).fill(-1);
    this.waker = col("waker").length ? new Float64Array(col("waker")) : new Float64Array(n).fill(-1);
    // Store the intervals task by task, each task's in time order: a task lane is then one
    // contiguous range, which is what drawing walks (scattered reads cost more than the math).
    this.byTask = this.#group(this.task, null);
    const perm = new Int32Array(n), identity = new Int32Array(n);
    let at = 0;
    for (const idx of this.byTask.values()) { perm.set(idx, at); at += idx.length; }
    let ordered = true;
    for (let k = 0; k < n && ordered; k++) ordered = perm[k] === k;
    if (!ordered) {
      for (const name of ["task", "start", "end", "state", "reason", "carrier", "stack", "waker"]) {
        const col = this[name], out = new col.constructor(n);
        for (let k = 0; k < n; k++) out[k] = col[perm[k]];
        this[name] = out;
      }
      if (this.blocker) this.blocker = Array.from(perm, (i) => this.blocker[i]);
    }
    for (let k = 0; k < n; k++) identity[k] = k;
    at = 0;
    for (const [id, idx] of this.byTask) { this.byTask.set(id, identity.subarray(at, at + idx.length)); at += idx.length; }
    // colour class per (state, reason) pair, computed once per name table, then per interval
    const classOf = this.stateNames.map((s) => [colorClass(s, null)].concat(this.reasonNames.map((r) => colorClass(s, r))));
    this.cls = new Uint8Array(n);
    this.blocked = new Uint8Array(n);
    const blockedState = this.stateNames.map((s) => BLOCKED_STATES.has(s) ? 1 : 0);
    for (let i = 0; i < n; i++) {
      const s = this.state[i];
      this.cls[i] = classOf[s] ? classOf[s][this.reason[i] + 1] : CLASS.UNKNOWN;
      this.blocked[i] = blockedState[s] || 0;
    }
    this.stateIndex = Object.fromEntries(this.stateNames.map((s, i) => [s, i]));
    const running = this.stateIndex.RUNNING, pinned = this.stateIndex.BLOCKED_PINNED;
    const onCarrier = new Uint8Array(n);
    for (let i = 0; i < n; i++) onCarrier[i] = this.carrier[i] >= 0 && (this.state[i] === running || this.state[i] === pinned) ? 1 : 0;
    this.byCarrier = this.#group(this.carrier, onCarrier);
    this.lanes = new Map();
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) { if (this.start[i] < lo) lo = this.start[i]; if (this.end[i] > hi) hi = this.end[i]; }
    this.minStart = lo; this.maxEnd = hi;
  }

  /**
   * Interval indices grouped by key (task or carrier id), each group sorted by start: ids are
   * numbered once, then a counting sort fills one Int32Array that the groups are views of.
   */
  #group(keys, accept) {
    const n = this.n, slot = new Int32Array(n), slotOf = new Map(), ids = [];
    let prevKey = NaN, prevSlot = -1;
    for (let i = 0; i < n; i++) {
      if (accept !== null && accept[i] === 0) { slot[i] = -1; continue; }
      const k = keys[i];
      if (k !== prevKey) {
        let sl = slotOf.get(k);
        if (sl === undefined) { sl = ids.length; slotOf.set(k, sl); ids.push(k); }
        prevKey = k; prevSlot = sl;
      }
      slot[i] = prevSlot;
    }
    const groupCount = ids.length, offset = new Int32Array(groupCount + 1);
    for (let i = 0; i < n; i++) { const sl = slot[i]; if (sl >= 0) offset[sl + 1]++; }
    for (let g = 0; g < groupCount; g++) offset[g + 1] += offset[g];
    const fill = offset.slice(0, groupCount), all = new Int32Array(offset[groupCount]);
    for (let i = 0; i < n; i++) { const sl = slot[i]; if (sl >= 0) all[fill[sl]++] = i; }
    const groups = new Map(), start = this.start;
    for (let g = 0; g < groupCount; g++) {
      const idx = all.subarray(offset[g], offset[g + 1]);
      for (let j = 1; j < idx.length; j++) if (start[idx[j]] < start[idx[j - 1]]) { sortByStart(idx, start); break; }
      groups.set(ids[g], idx);
    }
    return groups;
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
  stackFrames(i) { const s = this.stack[i]; return s >= 0 && this.stacks[s] ? this.stacks[s] : []; }
}

/**
 * Sorts interval indices by start time in place: an LSD radix sort on the start's 16-bit digits
 * (starts are non-negative integers below 2^53), skipping digits that are equal for all. A
 * comparator sort took seconds for a million-interval carrier lane; this takes milliseconds.
 */
function sortByStart(idx, start) {
  const n = idx.length;
  let from = idx, to = new Int32Array(n);
  let lo = new Uint32Array(n), hi = new Uint32Array(n), lo2 = new Uint32Array(n), hi2 = new Uint32Array(n);
  for (let k = 0; k < n; k++) { const v = start[idx[k]], h = Math.floor(v / 4294967296); hi[k] = h; lo[k] = v - h * 4294967296; }
  const count = new Int32Array(65536);
  for (let d = 0; d < 4; d++) {
    const words = d < 2 ? lo : hi, shift = (d & 1) * 16;
    count.fill(0);
    for (let k = 0; k < n; k++) count[(words[k] >>> shift) & 0xffff]++;
    if (count[(words[0] >>> shift) & 0xffff] === n) continue; // the same digit for all
    let sum = 0;
    for (let j = 0; j < 65536; j++) { const c = count[j]; count[j] = sum; sum += c; }
    for (let k = 0; k < n; k++) {
      const at = count[(words[k] >>> shift) & 0xffff]++;
      to[at] = from[k]; lo2[at] = lo[k]; hi2[at] = hi[k];
    }
    let t = from; from = to; to = t;
    t = lo; lo = lo2; lo2 = t;
    t = hi; hi = hi2; hi2 = t;
  }
  if (from !== idx) idx.set(from);
}

const CARRIER_THREADS = "carrier threads (as platform threads)";

class Analysis {
  constructor(json) {
    if (!json || typeof json !== "object") throw new Error("the analysis is not a JSON object");
    if (json.schema && !String(json.schema).startsWith("blockscope.analysis/")) {
      throw new Error("unsupported schema: " + json.schema + " (expected blockscope.analysis/1)");
    }
    this.json = json;
    this.source = json.source || {};
    this.window = json.window || {};
    this.tasks = json.tasks || [];
    this.carriers = json.carriers || [];
    this.stacks = json.stacks || [];
    this.blocking = json.blocking || { byReason: {}, byStack: [] };
    this.schedLatency = json.schedLatency || null;
    this.pinning = json.pinning || [];
    this.overhead = json.overhead || null;
    this.taskById = new Map(this.tasks.map((t) => [t.id, t]));
    this.carrierById = new Map(this.carriers.map((c) => [c.id, c]));
    this.unknownNanos = this.tasks.reduce((sum, t) => sum + ((t.states && t.states.UNKNOWN) || 0), 0);
    this.taskNanos = this.tasks.reduce((sum, t) => {
      const st = t.states || {};
      return sum + Object.values(st).reduce((a, b) => a + b, 0);
    }, 0);
  }

  /** The time span shown when the view is reset. */
  extent(intervals) {
    const dur = Number(this.window.durationNanos);
    let end = dur > 0 ? dur : 0;
    if (intervals && intervals.n && intervals.maxEnd > end) end = intervals.maxEnd;
    for (const t of this.tasks) if (t.end != null && t.end > end) end = t.end;
    return [0, end > 0 ? end : 1e6];
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
    if (c) return c.name + " (#" + id + ")";
    const t = this.taskById.get(id);
    return t ? taskLabel(t) + " (#" + id + ")" : "#" + id;
  }
}

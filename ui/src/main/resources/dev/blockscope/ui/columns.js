// The exact timeline columns: decoding a report's varint block and indexing the intervals (task
// by task, carrier by carrier, colour class per interval). Pure functions over typed arrays, so
// the same code runs on the page and in the Worker that a large report uses (columns-worker.js).

const COLUMN_NAMES = ["task", "start", "end", "state", "reason", "carrier", "stack", "waker"];
/** Columns a timeline may have besides those (added to the schema later). */
const OPTIONAL_COLUMNS = ["blocker"];

/** base64 text of a gzip stream → its bytes, with the browser's own DecompressionStream. */
async function inflateBase64(base64) {
  const bytes = typeof Uint8Array.fromBase64 === "function" ? Uint8Array.fromBase64(base64) : fromBase64(base64);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function fromBase64(text) {
  const binary = atob(text), bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Reads the varint columns (format: TimelineColumns.java), in the order of names, into Float64Arrays. */
function decodeColumns(bytes, n, names) {
  const out = {};
  let at = 0;
  for (const name of names || COLUMN_NAMES) {
    const column = new Float64Array(n);
    at = decodeColumn(bytes, at, n, column, name === "end" ? out.start : null);
    out[name] = column;
  }
  if (at !== bytes.length) throw new Error("the report's timeline columns are damaged (" + (bytes.length - at) + " bytes left over)");
  return out;
}

/**
 * One column of zigzag varints: each value is the previous one plus the delta, or base[i] plus
 * it (end = start + duration). Values up to 28 bits, nearly all of them, stay in integer
 * arithmetic; longer ones (absolute times, large ids) are summed as doubles, exact below 2^53.
 */
function decodeColumn(bytes, at, n, out, base) {
  let previous = 0;
  for (let i = 0; i < n; i++) {
    let b = bytes[at++], delta;
    if (b < 128) {
      delta = (b & 1) ? -((b + 1) >> 1) : b >> 1;
    } else {
      let lo = b & 127, shift = 7;
      b = bytes[at++];
      while (b > 127 && shift < 21) { lo |= (b & 127) << shift; shift += 7; b = bytes[at++]; }
      if (b < 128) {
        lo |= b << shift;
        delta = (lo & 1) ? -((lo >>> 1) + 1) : lo >>> 1;
      } else {
        let v = lo + (b & 127) * 2097152, scale = 268435456; // 2^21, 2^28
        do { b = bytes[at++]; v += (b & 127) * scale; scale *= 128; } while (b > 127);
        const half = Math.floor(v / 2);
        delta = v - 2 * half === 1 ? -half - 1 : half;
      }
    }
    previous = base === null ? previous + delta : base[i] + delta;
    out[i] = previous;
  }
  return at;
}

/** A report's columns block (base64 of gzip of varints) → indexed columns; in the worker or not. */
async function buildFromBase64(job) {
  const t0 = performance.now();
  const bytes = await inflateBase64(job.base64);
  const t1 = performance.now();
  const cols = decodeColumns(bytes, job.count, job.names);
  const t2 = performance.now();
  const built = buildColumns(cols, job.stateNames, job.reasonNames, job.carrierTasks);
  built.timings = { inflateMs: t1 - t0, decodeMs: t2 - t1, buildMs: performance.now() - t2 };
  return built;
}

/** The typed arrays of a built timeline, to transfer them from the worker instead of copying. */
function builtBuffers(built) {
  const out = [];
  for (const v of Object.values(built)) if (ArrayBuffer.isView(v) && !out.includes(v.buffer)) out.push(v.buffer);
  return out;
}

/**
 * Indexes the intervals: stores them task by task, each task's in time order (a task lane is then
 * one contiguous range, which is what drawing walks; scattered reads cost more than the math),
 * with a colour class per interval and the carrier slices grouped per carrier, sorted by start.
 * cols: arrays (plain or typed) by column name; missing optional columns mean "none" (-1).
 * carrierTasks: ids of the carrier threads' own tasks, whose intervals name the virtual thread
 * they carried (docs/analysis-json.md): those stay in their task lane, out of the carrier lanes.
 */
function buildColumns(cols, stateNames, reasonNames, carrierTasks) {
  const n = (cols.start || []).length;
  const typed = (name, Type, fill) => {
    const c = cols[name];
    if (!c || !c.length) return new Type(n).fill(fill);
    return c instanceof Type ? c : Type.from(c);
  };
  const b = {
    task: typed("task", Float64Array, 0), start: typed("start", Float64Array, 0), end: typed("end", Float64Array, 0),
    state: typed("state", Uint8Array, 0), reason: typed("reason", Int32Array, -1), carrier: typed("carrier", Float64Array, -1),
    stack: typed("stack", Int32Array, -1), waker: typed("waker", Float64Array, -1), blocker: typed("blocker", Int32Array, -1),
  };
  const byTask = groupIndices(b.task, null, b.start, n);
  let ordered = true;
  for (let k = 0; k < n && ordered; k++) ordered = byTask.all[k] === k;
  b.perm = null;
  if (!ordered) {
    const perm = byTask.all;
    for (const name of COLUMN_NAMES.concat(OPTIONAL_COLUMNS)) {
      const col = b[name], out = new col.constructor(n);
      for (let k = 0; k < n; k++) out[k] = col[perm[k]];
      b[name] = out;
    }
    b.perm = perm;
  }
  b.taskIds = byTask.ids;
  b.taskOffsets = byTask.offsets;
  // colour class per (state, reason) pair, computed once per name table, then per interval
  const classOf = stateNames.map((s) => [colorClass(s, null)].concat(reasonNames.map((r) => colorClass(s, r))));
  const blockedState = stateNames.map((s) => s === "SUSPENDED" || s === "BLOCKED" || s === "BLOCKED_PINNED" ? 1 : 0);
  b.cls = new Uint8Array(n);
  b.blocked = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const s = b.state[i];
    b.cls[i] = classOf[s] ? classOf[s][b.reason[i] + 1] : CLASS.UNKNOWN;
    b.blocked[i] = blockedState[s] || 0;
  }
  const running = stateNames.indexOf("RUNNING"), pinned = stateNames.indexOf("BLOCKED_PINNED");
  const onCarrier = new Uint8Array(n), carrierTask = new Set(carrierTasks || []);
  for (let i = 0; i < n; i++) {
    onCarrier[i] = b.carrier[i] >= 0 && (b.state[i] === running || b.state[i] === pinned) && !(carrierTask.size && carrierTask.has(b.task[i])) ? 1 : 0;
  }
  const byCarrier = groupIndices(b.carrier, onCarrier, b.start, n);
  b.carrierIds = byCarrier.ids;
  b.carrierOffsets = byCarrier.offsets;
  b.carrierIdx = byCarrier.all;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) { if (b.start[i] < lo) lo = b.start[i]; if (b.end[i] > hi) hi = b.end[i]; }
  b.minStart = lo; b.maxEnd = hi;
  return b;
}

/**
 * Interval indices grouped by key (task or carrier id), each group sorted by start: ids are
 * numbered once, then a counting sort fills one Int32Array; group g is all[offsets[g], offsets[g+1]).
 */
function groupIndices(keys, accept, start, n) {
  const slot = new Int32Array(n), slotOf = new Map(), ids = [];
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
  const groupCount = ids.length, offsets = new Int32Array(groupCount + 1);
  for (let i = 0; i < n; i++) { const sl = slot[i]; if (sl >= 0) offsets[sl + 1]++; }
  for (let g = 0; g < groupCount; g++) offsets[g + 1] += offsets[g];
  const fill = offsets.slice(0, groupCount), all = new Int32Array(offsets[groupCount]);
  for (let i = 0; i < n; i++) { const sl = slot[i]; if (sl >= 0) all[fill[sl]++] = i; }
  for (let g = 0; g < groupCount; g++) {
    const idx = all.subarray(offsets[g], offsets[g + 1]);
    for (let j = 1; j < idx.length; j++) if (start[idx[j]] < start[idx[j - 1]]) { sortByStart(idx, start); break; }
  }
  return { ids: Float64Array.from(ids), offsets, all };
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

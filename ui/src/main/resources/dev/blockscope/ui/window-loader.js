// Where intervals come from. A report carries the whole timeline inline; `serve` gives the
// summary first and then the intervals of the part on screen, fetched again as the user zooms
// and pans. The views only see `feed.intervals` and call `feed.viewChanged`.

class InlineFeed {
  constructor(json) {
    this.mode = "inline";
    this.analysis = new Analysis(json);
    this.intervals = new Intervals(json.timeline, this.analysis.stacks);
    // the typed arrays hold the timeline now; the parsed arrays would only double the memory
    if (json.timeline) json.timeline = { truncated: !!json.timeline.truncated };
  }
  viewChanged() { /* everything is already here */ }
  /** Intervals covering [start, end]: inline, all of them. */
  async range() { return this.intervals; }
}

class ServedFeed {
  /** Fetches /api/summary; its timeline (maybe empty) is shown until the first window arrives. */
  static async load() {
    const json = await fetchJson("api/summary");
    return new ServedFeed(json);
  }

  constructor(json) {
    this.mode = "serve";
    this.analysis = new Analysis(json);
    this.intervals = new Intervals(json.timeline, this.analysis.stacks);
    this.loaded = null;       // [start, end, span of the view it was fetched for]
    this.pending = 0;
    this.timer = 0;
    this.onUpdate = () => {};
    this.fetches = 0;
  }

  /**
   * Called after every view change. A window is fetched when the view leaves the loaded range, or
   * when the user zoomed in far enough that the loaded (possibly merged) intervals are too coarse.
   */
  viewChanged(start, end) {
    const span = end - start;
    const l = this.loaded;
    const covered = l && start >= l[0] && end <= l[1] && span > l[2] / 4;
    if (covered) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.#fetchWindow(start - span, end + span), 120);
  }

  async #fetchWindow(start, end) {
    start = Math.max(0, Math.floor(start)); end = Math.ceil(end);
    const ticket = ++this.pending;
    try {
      const iv = await this.range(start, end);
      if (ticket !== this.pending) return; // a newer view asked for another window meanwhile
      this.intervals = iv;
      this.loaded = [start, end, (end - start) / 3];
      this.onUpdate();
    } catch (e) {
      showStatus("Could not load the timeline window: " + e.message, true);
    }
  }

  /** Intervals overlapping [start, end], up to `max`. */
  async range(start, end, max = 200000) {
    this.fetches++;
    const q = "api/window?start=" + Math.max(0, Math.floor(start)) + "&end=" + Math.ceil(end) + "&max=" + max;
    const tl = await fetchJson(q);
    return new Intervals(tl.timeline || tl, this.analysis.stacks);
  }
}

async function fetchJson(path) {
  const res = await fetch(path, { cache: "no-store" });
  if (!res.ok) throw new Error(path + " answered " + res.status + ": " + (await res.text()).trim());
  return res.json();
}

/**
 * The data of a report, or null when the page is served without one. Small reports carry plain
 * JSON; large ones gzip + base64 blocks, with the timeline's columns as a varint stream (see
 * TimelineColumns.java for the format).
 */
async function inlineData() {
  const block = document.getElementById("blockscope-data");
  const text = block ? block.textContent.trim() : "";
  if (!text) return null;
  const json = block.dataset.encoding === "gzip+base64" ? JSON.parse(new TextDecoder().decode(await inflate(text))) : JSON.parse(text);
  block.textContent = "";
  const columns = document.getElementById("blockscope-columns");
  if (columns) {
    let t = performance.now();
    const bytes = await inflate(columns.textContent.trim());
    APP.timings.inflateMs = performance.now() - t;
    t = performance.now();
    decodeColumns(bytes, Number(columns.dataset.count), json.timeline);
    APP.timings.decodeMs = performance.now() - t;
    columns.textContent = "";
  }
  return json;
}

async function inflate(base64) {
  const t = performance.now();
  const bytes = typeof Uint8Array.fromBase64 === "function" ? Uint8Array.fromBase64(base64) : fromBase64(base64);
  APP.timings.base64Ms = (APP.timings.base64Ms || 0) + performance.now() - t;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function fromBase64(text) {
  const binary = atob(text), bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const COLUMN_NAMES = ["task", "start", "end", "state", "reason", "carrier", "stack", "waker"];

/** Reads the varint columns into Float64Arrays on the timeline object. */
function decodeColumns(bytes, n, timeline) {
  let at = 0;
  for (const name of COLUMN_NAMES) {
    const out = new Float64Array(n);
    at = decodeColumn(bytes, at, n, out, name === "end" ? timeline.start : null);
    timeline[name] = out;
  }
  if (at !== bytes.length) throw new Error("the report's timeline columns are damaged (" + (bytes.length - at) + " bytes left over)");
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

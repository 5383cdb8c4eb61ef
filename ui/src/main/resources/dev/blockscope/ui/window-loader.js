// Where intervals come from. A report carries the whole timeline inline; `serve` gives the
// summary first and then the intervals of the part on screen, fetched again as the user zooms
// and pans. The views only see `feed.intervals` and call `feed.viewChanged`.

class InlineFeed {
  /**
   * json: the analysis; a large report's exact columns come after the page's script
   * (columnsFollow), and until loadExact() has decoded them the timeline is drawn from overview.
   */
  constructor(json, overview, columnsFollow) {
    this.mode = "inline";
    this.analysis = new Analysis(json);
    this.overview = overview;
    const tl = json.timeline || {};
    this.names = { states: tl.states, reasons: tl.reasons, blockers: tl.blockers, truncated: !!tl.truncated };
    this.exact = !columnsFollow;
    this.intervals = new Intervals(columnsFollow ? this.names : tl, this.analysis.stacks, null, this.analysis.carrierTaskIds);
    this.whenExact = this.exact ? Promise.resolve() : new Promise((resolve) => { this.exactLoaded = resolve; });
    this.onUpdate = () => {};
    // the typed arrays hold the timeline now; the parsed arrays would only double the memory
    if (json.timeline) json.timeline = { truncated: !!json.timeline.truncated };
  }

  viewChanged() { /* everything is already here */ }

  /** Intervals covering [start, end]: inline, all of them, once decoded. */
  async range() { await this.whenExact; return this.intervals; }

  /**
   * The selection's panels, from the embedded intervals; partial when the analyzer's budget left
   * intervals out of the report (its longest were kept: short waits and wake-ups are missing).
   */
  async rangeSummary(start, end) {
    const iv = await this.range(start, end);
    const agg = aggregateRange(iv, start, end, this.analysis.carrierTaskIds);
    agg.partial = iv.truncated ? "the report holds the " + fmtCount(iv.n) + " longest intervals of the recording (the analyzer's"
      + " interval budget): shorter waits and wake-ups in the range are not counted" : null;
    return agg;
  }

  /**
   * Decodes the exact columns, in a Worker when the browser lets the page start one (a report
   * opened from disk may not), else here; then swaps them in and tells the views.
   */
  async loadExact() {
    if (this.exact) return;
    await new Promise((resolve) => document.readyState === "loading" ? document.addEventListener("DOMContentLoaded", resolve, { once: true }) : resolve());
    APP.timings.columnsParsedAt = performance.now();
    const block = document.getElementById("blockscope-columns");
    if (!block) throw new Error("the report has no timeline columns block (is the file complete?)");
    // the base64 text is cut into sibling elements so the parser could yield between them
    const parts = [block, ...document.querySelectorAll('script[data-part-of="blockscope-columns"]')];
    const job = { base64: parts.map((p) => p.textContent.trim()).join(""), count: Number(block.dataset.count),
      names: block.dataset.names ? block.dataset.names.split(",") : COLUMN_NAMES,
      stateNames: this.intervals.stateNames, reasonNames: this.intervals.reasonNames, carrierTasks: this.analysis.carrierTaskIds,
      families: this.analysis.json.reasonFamilies || null };
    for (const p of parts) p.textContent = "";
    const t = performance.now();
    let built;
    try {
      built = await buildInWorker(job);
      APP.timings.exactIn = "worker";
    } catch (e) {
      if (!e.noWorker) throw e;
      built = await buildFromBase64(job);
      APP.timings.exactIn = "page (" + e.message + ")";
    }
    Object.assign(APP.timings, built.timings, { exactMs: performance.now() - t });
    APP.timings.builtAt = performance.now();
    this.intervals = new Intervals(this.names, this.analysis.stacks, built);
    this.exact = true;
    APP.timings.exactAt = performance.now();
    this.exactLoaded();
    this.onUpdate();
  }
}

/** Runs buildFromBase64 in a Worker made from WORKER_SOURCE; rejects with noWorker when none starts. */
function buildInWorker(job) {
  return new Promise((resolve, reject) => {
    const noWorker = (why) => { const e = new Error(why); e.noWorker = true; reject(e); };
    let worker, url;
    try {
      url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
      worker = new Worker(url);
    } catch (e) {
      noWorker("no worker: " + e.message);
      return;
    }
    const done = () => { worker.terminate(); URL.revokeObjectURL(url); };
    worker.onmessage = (e) => { done(); if (e.data.error) reject(new Error(e.data.error)); else resolve(e.data.built); };
    worker.onerror = (e) => { e.preventDefault(); done(); noWorker("worker failed: " + (e.message || "could not start")); };
    worker.postMessage(job);
    APP.timings.postedAt = performance.now();
  });
}

class ServedFeed {
  /**
   * Waits for the server's analysis (serve listens before it is done), then fetches /api/summary;
   * its timeline (maybe empty) is shown until the first window arrives.
   */
  static async load() {
    const st = await ServedFeed.analyzed();
    // a preview's page asks the preview for everything, also once the whole is ready (until reloaded):
    // its windows and panels index the preview's stacks
    const preview = st.state === "preview";
    const json = await fetchJson("api/summary" + (preview ? "?of=preview" : ""));
    const feed = new ServedFeed(json);
    feed.preview = preview ? st : null;
    feed.of = preview ? "&of=preview" : "";
    return feed;
  }

  /**
   * Polls /api/status until the analysis is ready, or a preview of the file's beginning is
   * (serve --preview: shown while the whole is analyzed), showing the progress in the status line;
   * rejects with the server's one-line error when the analysis failed. Resolves to the last status.
   */
  static async analyzed() {
    for (;;) {
      const st = await fetchJson("api/status");
      if (st.state === "ready" || st.state === "preview") return st;
      if (st.state === "failed") throw new Error(st.error);
      showStatus(analyzingLine(st));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  constructor(json) {
    this.mode = "serve";
    this.analysis = new Analysis(json);
    this.intervals = new Intervals(json.timeline, this.analysis.stacks, null, this.analysis.carrierTaskIds);
    this.loaded = null;       // [start, end, span of the view it was fetched for]
    this.pending = 0;
    this.timer = 0;
    this.onUpdate = () => {};
    this.fetches = 0;
    this.of = "";              // "&of=preview" on every request of a page showing the preview
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

  /**
   * The selection's panels, computed by the server from every interval it holds (a window is
   * merged to its budget, and a merged RUNNABLE is no wake-up); partial when the server says so.
   */
  async rangeSummary(start, end) {
    const r = await fetchJson("api/range?start=" + Math.max(0, Math.floor(start)) + "&end=" + Math.ceil(end) + this.of);
    const stacks = this.analysis.stacks;
    const frames = (k) => k >= 0 && stacks[k] ? stacks[k] : [];
    return { flame: r.flame.map((f) => ({ ...f, frames: frames(f.stack) })), sched: r.sched.map((f) => ({ ...f, frames: frames(f.stack) })),
      pinning: r.pinning.map((p) => ({ ...p, frames: frames(p.stack) })),
      latency: r.latency, carriers: r.carriers, switches: r.switches, partial: r.partial || null };
  }

  /** Intervals overlapping [start, end], up to `max`. */
  async range(start, end, max = 200000) {
    this.fetches++;
    const q = "api/window?start=" + Math.max(0, Math.floor(start)) + "&end=" + Math.ceil(end) + "&max=" + max + this.of;
    const tl = await fetchJson(q);
    return new Intervals(tl.timeline || tl, this.analysis.stacks, null, this.analysis.carrierTaskIds);
  }
}

/**
 * `serve --attach`: the last N seconds of a running JVM. Each /api/live answer is the window's
 * bounds and that window's analysis with its intervals (merged to the server's budget), together,
 * because every view of the moving window is an analysis of its own (its tasks, intervals and
 * panels; times from the attach): a window fetched from a newer view would not line up with the one
 * on screen. So this feed asks for nothing else, and
 * a selection's panels are computed here from the intervals it holds.
 */
class LiveFeed {
  /** The first live answer, or null when the server follows no JVM (serve FILE answers 404). */
  static async load() {
    const res = await fetch("api/live", { cache: "no-store" });
    if (res.status === 404) return null;
    if (!res.ok) throw new Error("api/live answered " + res.status + ": " + (await res.text()).trim());
    const body = await res.json();
    if (!body.analysis) throw new Error("the server has no analysis of the JVM's stream yet");
    return new LiveFeed(body);
  }

  constructor(body) {
    this.mode = "live";
    this.exact = true;
    this.whenExact = Promise.resolve();
    this.onUpdate = () => {};
    this.fetches = 0;
    this.following = true;
    this.apply(body);
  }

  /** Takes a new window: its bounds, analysis and intervals. */
  apply(body) {
    this.live = body.live;
    this.analysis = new Analysis(body.analysis);
    this.intervals = new Intervals(body.analysis.timeline || {}, this.analysis.stacks, null, this.analysis.carrierTaskIds);
  }

  /** The window on screen: its analysis' times, from where the window starts to its end. */
  extent() { return [Number(this.live.fromNanos), Math.max(Number(this.live.fromNanos) + 1, Number(this.live.toNanos))]; }

  viewChanged() { /* the window holds everything the page draws */ }

  async range() { return this.intervals; }

  async rangeSummary(start, end) {
    const agg = aggregateRange(this.intervals, start, end, this.analysis.carrierTaskIds);
    agg.partial = this.intervals.truncated ? "the live window holds the " + fmtCount(this.intervals.n)
      + " longest intervals of its analysis: shorter waits and wake-ups in the range are not counted" : null;
    return agg;
  }

  /** The server's current answer: { body, changed } (changed: a new window since the one shown). */
  async poll() {
    this.fetches++;
    const body = await fetchJson("api/live");
    return { body, changed: !!body.analysis && body.live.version !== this.live.version };
  }
}

/**
 * From an /api/status answer: "Analyzing soak.jfr: 41% (95.0 MiB of 226.5 MiB read, 31 s)" while
 * reading, then what follows the last byte ("Analyzing soak.jfr: summarizing (226.5 MiB read, 80 s)").
 */
/**
 * While a preview is shown: "Preview: the first 3.4 s · analyzing the whole recording: 41% (95.0 MiB
 * of 226.5 MiB read, 31 s)".
 */
function previewLine(extentNanos, st) {
  const secs = Math.round(st.elapsedMillis / 1000) + " s";
  return "Preview: the first " + fmtDuration(extentNanos) + " · analyzing the whole recording: " + (st.phase === "reading"
    ? st.percent + "% (" + fmtBytes(st.bytesRead) + " of " + fmtBytes(st.bytesTotal) + " read, " + secs + ")"
    : st.phase + " (" + (st.bytesRead ? fmtBytes(st.bytesRead) + " read, " : "") + secs + ")");
}

function analyzingLine(st) {
  const secs = Math.round(st.elapsedMillis / 1000) + " s";
  if (st.phase === "reading") {
    return "Analyzing " + st.file + ": " + st.percent + "% (" + fmtBytes(st.bytesRead) + " of " + fmtBytes(st.bytesTotal) + " read, " + secs + ")";
  }
  return "Analyzing " + st.file + ": " + st.phase + " (" + (st.bytesRead ? fmtBytes(st.bytesRead) + " read, " : "") + secs + ")";
}

async function fetchJson(path) {
  const res = await fetch(path, { cache: "no-store" });
  if (res.status === 410 && path.includes("of=preview")) previewGone();
  if (!res.ok) throw new Error(path + " answered " + res.status + ": " + (await res.text()).trim());
  return res.json();
}

/**
 * A preview's page whose server no longer serves that preview (serve was restarted and reopened
 * the saved analysis, or analyzes the file anew): nothing the page asks can be answered any more,
 * so it reloads onto what is served now, its view and selection kept in the address. Once: a
 * second 410 within 10 s is left to the error line, so a server that answers so to every load
 * cannot make the page reload without end.
 */
function previewGone() {
  try {
    const key = "blockscope.previewGone", last = Number(sessionStorage.getItem(key) || 0);
    if (Date.now() - last < 10000) return;
    sessionStorage.setItem(key, String(Date.now()));
  } catch (e) {
    return; // no session storage: no guard against a loop, so no reload
  }
  clearTimeout(URL_STATE.timer);
  writeUrlState();
  showStatus("This preview is no longer served (serve was restarted): loading what it serves now…");
  location.reload();
}

/**
 * The data of a report, or null when the page is served without one. Small reports carry plain
 * JSON; large ones a gzip + base64 block for the JSON when it is still large, an overview block,
 * and, after the script, the timeline's columns as a varint stream (TimelineColumns.java).
 */
async function inlineData() {
  const block = document.getElementById("blockscope-data");
  const text = block ? block.textContent.trim() : "";
  if (!text) return null;
  const json = block.dataset.encoding === "gzip+base64" ? JSON.parse(new TextDecoder().decode(await inflateBase64(text))) : JSON.parse(text);
  block.textContent = "";
  return { json, columnsFollow: block.dataset.columns === "after" };
}

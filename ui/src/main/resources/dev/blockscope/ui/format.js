// Formatting of times and sizes, and small DOM builders that only ever create text nodes:
// every string from a recording goes through textContent, never through HTML parsing.

function fmtDuration(ns) {
  if (ns == null || !isFinite(ns)) return "–";
  const a = Math.abs(ns);
  if (a < 1e3) return Math.round(ns) + " ns";
  if (a < 1e6) return sig3(ns / 1e3) + " µs";
  if (a < 1e9) return sig3(ns / 1e6) + " ms";
  return (ns / 1e9).toFixed(a < 1e10 ? 3 : 2) + " s";
}

/** Three significant digits, the precision a reader can compare at a glance. */
function sig3(x) {
  const a = Math.abs(x);
  return x.toFixed(a >= 100 ? 0 : a >= 10 ? 1 : 2);
}

/** A ruler label: relative time from the recording start, precise to the tick step. */
function fmtTick(ns, step) {
  if (step >= 1e9) return (ns / 1e9).toFixed(Math.max(0, -Math.floor(Math.log10(step / 1e9)))) + " s";
  if (step >= 1e6) return (ns / 1e6).toFixed(Math.max(0, -Math.floor(Math.log10(step / 1e6)))) + " ms";
  if (step >= 1e3) return (ns / 1e3).toFixed(Math.max(0, -Math.floor(Math.log10(step / 1e3)))) + " µs";
  return Math.round(ns) + " ns";
}

/** One formatter for every count: toLocaleString makes one per call (4% of a 10,000-task page load). */
const COUNT_FORMAT = new Intl.NumberFormat("en-US");

function fmtCount(n) {
  if (n == null) return "–";
  return COUNT_FORMAT.format(Number(n));
}

function fmtBytes(n) {
  if (n == null) return "–";
  if (n < 1024) return n + " B";
  if (n < 1048576) return (n / 1024).toFixed(1) + " KiB";
  return (n / 1048576).toFixed(1) + " MiB";
}

function fmtPct(part, whole) {
  if (!whole) return "–";
  return (100 * part / whole).toFixed(1) + " %";
}

/** A "nice" tick step (1, 2 or 5 × 10^k ns) giving about `target` ticks over `span`. */
function niceStep(span, target) {
  const raw = span / Math.max(1, target);
  const pow = Math.pow(10, Math.floor(Math.log10(raw)));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return m * pow;
  return 10 * pow;
}

/**
 * A recording's string as it may be shown: control characters and the invisible characters that
 * reorder or hide text (bidirectional overrides and isolates, marks, zero-width characters) are
 * written as \uXXXX escapes. A right-to-left override turned a lane labelled "evil" into "live".
 */
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
function safeText(s) {
  return String(s).replace(UNSAFE_CHARS, (c) => "\\u" + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0"));
}

/**
 * el("td", {class: "num"}, "text", child…): creates an element; strings become text nodes, with
 * control and bidirectional characters escaped (safeText), so no recording string can reorder
 * what is shown; a line break is an element of its own, never a "\n" in a string.
 */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  if (attrs) for (const [k, v] of Object.entries(attrs)) {
    if (v == null) continue;
    if (k === "class") e.className = v;
    else if (k === "style") e.style.cssText = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, k === "title" ? String(v).split("\n").map(safeText).join("\n") : v);
  }
  for (const c of children) {
    if (c == null) continue;
    e.append(c instanceof Node ? c : document.createTextNode(safeText(c)));
  }
  return e;
}

/** Sizes a canvas's backing store to its CSS size × devicePixelRatio; returns the 2D context. */
function fitCanvas(canvas) {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, canvas.clientWidth), h = Math.max(1, canvas.clientHeight);
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return { ctx, w, h };
}

/**
 * The task's display name: its runtime name when the bundled runtime gave one. An unnamed thread
 * is "(unnamed)", as in every report of the CLI; an id with no task row (a waker the analysis
 * has no row for) says so.
 */
function taskLabel(task) {
  if (!task) return "(no task row)";
  const name = task.name != null && task.name !== "" ? task.name : "(unnamed)";
  return safeText(task.runtimeName ? name + " [" + task.runtimeName + "]" : name);
}

/** Lines of text as one element each (a stack's frames): el() keeps no "\n" inside a string. */
function lines(tag, attrs, list) {
  return el(tag, attrs, ...list.map((line) => el("div", null, line)));
}

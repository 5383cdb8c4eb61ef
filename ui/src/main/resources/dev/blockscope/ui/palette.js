// Colours: the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies),
// one colour class per state, and for waiting states one per reason family, so a lane reads at
// a glance: green runs, yellow waits for a carrier, vermillion holds a carrier while waiting.
const CLASS = Object.freeze({
  RUNNING: 0, RUNNABLE: 1, PINNED: 2, UNKNOWN: 3,
  SLEEP: 4, LOCK: 5, IO: 6, HANDOFF: 7, OTHER: 8,
});
const CLASS_COUNT = 9;
const CLASS_INFO = [
  { name: "Running", color: "#009E73", explain: "on a carrier (or, for a platform thread, on CPU)" },
  { name: "Runnable", color: "#F0E442", explain: "woken, waiting for a carrier: scheduler latency" },
  { name: "Blocked, pinned", color: "#D55E00", explain: "waiting while holding its carrier" },
  { name: "Unknown", color: "#BBBBBB", explain: "the recording has no events for this time" },
  // the waiting classes: which reasons each holds is the analysis's reason table (the legend lists them)
  { name: "Sleep", color: "#56B4E9", explain: "family sleep" },
  { name: "Lock / monitor", color: "#0072B2", explain: "family lock / monitor" },
  { name: "I/O", color: "#E69F00", explain: "families network, file, process" },
  { name: "Hand-off", color: "#CC79A7", explain: "family hand-off" },
  { name: "Other wait", color: "#999933", explain: "families other, carrier idle, recorder start-up" },
];

/** The colour class of an interval from its state name and (nullable) reason name. */
function colorClass(state, reason) {
  switch (state) {
    case "RUNNING": return CLASS.RUNNING;
    case "RUNNABLE": return CLASS.RUNNABLE;
    case "BLOCKED_PINNED": return CLASS.PINNED;
    case "SUSPENDED": case "BLOCKED": return reasonClass(reason);
    default: return CLASS.UNKNOWN;
  }
}

/**
 * What kind of wait each reason is comes from the analysis (`reasonFamilies`, the analyzer's one
 * table: docs/analysis-json.md); the page never matches reason names itself. The families are
 * drawn in five colours; a family this page does not know, and any reason the table lacks, is
 * drawn as "Other wait".
 */
const FAMILY_CLASS = Object.freeze({
  sleep: CLASS.SLEEP, lock: CLASS.LOCK, handoff: CLASS.HANDOFF, net: CLASS.IO, file: CLASS.IO, process: CLASS.IO,
  idle: CLASS.OTHER, agent: CLASS.OTHER, other: CLASS.OTHER,
});
let REASON_FAMILIES = { families: [], reasons: {} };

/** Takes the analysis's reason table (null for an analysis written before it existed). */
function useReasonFamilies(table) {
  REASON_FAMILIES = table && table.reasons ? table : { families: [], reasons: {} };
}

/** The family id of a reason ("other" when the table does not name it). */
function reasonFamily(reason) {
  return (reason != null && Object.prototype.hasOwnProperty.call(REASON_FAMILIES.reasons, reason) && REASON_FAMILIES.reasons[reason]) || "other";
}

function reasonClass(reason) {
  const c = FAMILY_CLASS[reasonFamily(reason)];
  return c === undefined ? CLASS.OTHER : c;
}

// Carrier lanes colour each slice by the task that ran it, so neighbouring slices of different
// tasks are told apart. The hues keep away, by eye (CIELAB distance at least 25), from every
// state and family colour and from the Unknown hatch, and none is a grey: RGB distance was not
// enough (a steel blue read as Lock / monitor, a taupe as Unknown). CarrierLaneColourBrowserTest.
const TASK_HUES = ["#665191", "#003F5C", "#B2DF8A", "#FF9DA7", "#882255", "#7A4A10", "#E0B0FF", "#2F4F2F"];
const CARRIER_PINNED_CLASS = TASK_HUES.length;
const CARRIER_CLASS_COUNT = TASK_HUES.length + 1;
function taskHue(taskId) {
  const h = Math.imul(taskId | 0, 2654435761) >>> 0;
  return h % TASK_HUES.length;
}

/** The Unknown hatch's two tones (background, stripes). */
const UNKNOWN_HATCH = ["#E4E4E4", "#9A9A9A"];

/** A hatch pattern for unknown time: it must look like "no data", not like a state. */
function unknownPattern(ctx) {
  const tile = document.createElement("canvas");
  tile.width = 6; tile.height = 6;
  const t = tile.getContext("2d");
  t.fillStyle = UNKNOWN_HATCH[0]; t.fillRect(0, 0, 6, 6);
  t.strokeStyle = UNKNOWN_HATCH[1]; t.lineWidth = 1.2;
  t.beginPath(); t.moveTo(0, 6); t.lineTo(6, 0); t.moveTo(-1, 1); t.lineTo(1, -1); t.moveTo(5, 7); t.lineTo(7, 5); t.stroke();
  return ctx.createPattern(tile, "repeat");
}

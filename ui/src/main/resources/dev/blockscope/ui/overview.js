// The timeline at a fixed resolution (TimelineOverview.java has the format): per lane, a fixed
// number of buckets of the whole recording, each with what covered most of its time, that share,
// and how many intervals touched it. A large report draws its first frame and its zoomed-out
// views from this, and answers hovers from it while the exact intervals are still being decoded.

class Overview {
  /** Reads the report's overview block (base64 of gzip), or null when the report has none. */
  static async fromPage(stateNames, reasonNames) {
    const block = document.getElementById("blockscope-overview");
    if (!block) return null;
    const bytes = await inflateBase64(block.textContent.trim());
    block.textContent = "";
    return new Overview(bytes.buffer, stateNames, reasonNames);
  }

  constructor(buffer, stateNames, reasonNames) {
    const head = new Int32Array(buffer, 0, 6);
    if (head[0] !== 1) throw new Error("the report's overview block has version " + head[0] + ", this page reads version 1");
    const B = this.buckets = head[1], L = head[2], C = head[3], P = head[4];
    const times = new Float64Array(buffer, 24, 2);
    this.t0 = times[0]; this.t1 = times[1];
    this.width = (this.t1 - this.t0) / B;
    let at = 40;
    const pairState = new Int32Array(buffer, at, P); at += 4 * P;
    const pairReason = new Int32Array(buffer, at, P); at += 4 * P;
    this.laneId = new Float64Array(buffer, at, L); at += 8 * L;
    this.carrierTask = new Float64Array(buffer, at, C * B); at += 8 * C * B;
    this.code = new Uint16Array(buffer, at, L * B); at += 2 * L * B;
    this.count = new Uint16Array(buffer, at, L * B); at += 2 * L * B;
    this.share = new Uint8Array(buffer, at, L * B); at += L * B;
    this.covered = new Uint8Array(buffer, at, L * B); at += L * B;
    if (at !== buffer.byteLength) throw new Error("the report's overview block is damaged (" + (buffer.byteLength - at) + " bytes left over)");
    this.firstCarrier = L - C;
    this.stateNames = stateNames; this.reasonNames = reasonNames;
    this.pairState = pairState; this.pairReason = pairReason;
    this.pairClass = new Uint8Array(P + 1);
    for (let k = 0; k < P; k++) this.pairClass[k + 1] = colorClass(stateNames[pairState[k]], pairReason[k] >= 0 ? reasonNames[pairReason[k]] : null);
    this.pinnedState = stateNames.indexOf("BLOCKED_PINNED");
    this.laneOf = new Map();
    for (let l = 0; l < L; l++) this.laneOf.set((l < this.firstCarrier ? "task:" : "carrier:") + this.laneId[l], l);
    this.lanes = new Map();
  }

  /** Carrier ids that have a lane here. */
  carrierIds() { return Array.from(this.laneId.subarray(this.firstCarrier)); }

  /**
   * A lane's buckets for drawing: colour class per bucket (255: nothing there), count, and a
   * weight (the dominant's covered share) that decides which bucket a pixel column shows.
   */
  lane(kind, id) {
    const key = kind + ":" + id;
    let lane = this.lanes.get(key);
    if (lane) return lane;
    const l = this.laneOf.get(key);
    if (l === undefined) return null;
    const B = this.buckets, base = l * B, cls = new Uint8Array(B), weight = new Float32Array(B);
    const carrier = l >= this.firstCarrier, taskBase = (l - this.firstCarrier) * B;
    for (let b = 0; b < B; b++) {
      const code = this.code[base + b];
      if (!code) { cls[b] = 255; continue; }
      if (!carrier) cls[b] = this.pairClass[code];
      else cls[b] = this.pairState[code - 1] === this.pinnedState ? CARRIER_PINNED_CLASS : taskHue(this.carrierTask[taskBase + b]);
      weight[b] = this.share[base + b] * this.covered[base + b] + 1;
    }
    lane = { l, base, cls, weight, count: this.count.subarray(base, base + B) };
    this.lanes.set(key, lane);
    return lane;
  }

  /** What the bucket of lane (kind, id) at time t holds, in words the hover shows; null outside. */
  bucketAt(kind, id, t) {
    const l = this.laneOf.get(kind + ":" + id);
    const b = Math.floor((t - this.t0) / this.width);
    if (l === undefined || b < 0 || b >= this.buckets) return null;
    const at = l * this.buckets + b, code = this.code[at];
    const out = { bucket: b, start: this.t0 + b * this.width, end: this.t0 + (b + 1) * this.width, count: this.count[at],
      covered: this.covered[at] / 255, share: this.share[at] / 255, state: null, reason: null, task: null };
    if (code) {
      out.state = this.stateNames[this.pairState[code - 1]] || "UNKNOWN";
      const r = this.pairReason[code - 1];
      out.reason = r >= 0 ? this.reasonNames[r] : null;
      if (l >= this.firstCarrier) out.task = this.carrierTask[(l - this.firstCarrier) * this.buckets + b];
    }
    return out;
  }
}

// The profiles as icicle flame graphs: root = all of the profile's time, then the reason, then
// the stack from its outermost frame down to the blocking call. Width is time. A click zooms into
// a frame (its ancestors stay above it at full width; a click on one of them, or on the root,
// zooms back out) and filters the timeline to the intervals under it; a search highlights the
// frames whose name contains the text and says how much of the profile they hold.

const FLAME_ROW = 18;

class FlameGraph {
  constructor(canvas, onPick) {
    this.canvas = canvas;
    this.onPick = onPick;
    this.root = null;
    this.nodes = [];
    this.zoom = null;      // {reason, path} of the frame zoomed into, or null
    this.search = "";
    canvas.addEventListener("click", (e) => {
      const n = this.nodeAt(e.offsetX, e.offsetY);
      if (!n) return;
      this.zoom = n.depth === 0 ? null : { reason: n.reason, path: n.path };
      this.draw();
      this.onPick(n.depth === 0 ? null : { reason: n.reason, prefix: n.path, label: n.depth === 1 ? n.reason : n.name });
    });
    canvas.addEventListener("mousemove", (e) => {
      const n = this.nodeAt(e.offsetX, e.offsetY);
      canvas.title = n ? safeText(n.name) + "\n" + fmtDuration(n.total) + " (" + fmtPct(n.total, this.root.total) + " of this profile)" + (n.count ? ", " + fmtCount(n.count) + " intervals" : "") : "";
    });
    new ResizeObserver(() => this.draw()).observe(canvas);
  }

  /**
   * entries: [{frames (top first), reason, total, count}]; highlight: the active filter or null;
   * text: {root: the root frame's name, empty: what an empty profile says}.
   */
  setData(entries, highlight, text) {
    text = text || {};
    const root = { name: text.root || "all blocked time", total: 0, count: 0, children: new Map(), depth: 0, path: [], reason: null };
    for (const e of entries) {
      if (!(e.total > 0)) continue;
      root.total += e.total; root.count += e.count || 0;
      let node = child(root, e.reason || "(no reason)", e.reason, []);
      node.total += e.total; node.count += e.count || 0;
      const frames = e.frames || [];
      for (let k = frames.length - 1; k >= 0; k--) {
        node = child(node, frames[k], e.reason, node.path.concat([frames[k]]));
        node.total += e.total; node.count += e.count || 0;
      }
    }
    this.root = root;
    this.highlight = highlight;
    this.emptyText = text.empty || "No blocked time";
    if (this.zoom && !this.#find(this.zoom)) this.zoom = null;
    // size the canvas for the frames wide enough to see, not for one deep, invisible stack
    let maxDepth = 0;
    const visit = (node) => {
      if (node.total < root.total * 0.002) return;
      maxDepth = Math.max(maxDepth, node.depth);
      for (const c of node.children.values()) visit(c);
    };
    visit(root);
    this.canvas.style.height = Math.max(90, Math.min(600, (maxDepth + 1) * FLAME_ROW + 4)) + "px";
    this.draw();

    function child(parent, name, reason, path) {
      let c = parent.children.get(name);
      if (!c) { c = { name, total: 0, count: 0, children: new Map(), depth: parent.depth + 1, path, reason, parent }; parent.children.set(name, c); }
      return c;
    }
  }

  /** The node of {reason, path}, or null. */
  #find(at) {
    let node = this.root && this.root.children.get(at.reason || "(no reason)");
    for (const f of at.path || []) node = node && node.children.get(f);
    return node || null;
  }

  /** Total time and count under frames (or reasons) whose name contains the search text. */
  matched() {
    const q = this.search.trim().toLowerCase();
    if (!q || !this.root) return null;
    let total = 0, count = 0;
    const visit = (node) => {
      if (node.depth > 0 && node.name.toLowerCase().includes(q)) { total += node.total; count += node.count; return; }
      for (const c of node.children.values()) visit(c);
    };
    visit(this.root);
    return { total, count, share: this.root.total ? total / this.root.total : 0 };
  }

  draw() {
    const { ctx, w, h } = fitCanvas(this.canvas);
    ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, w, h);
    this.nodes = [];
    if (!this.root || this.root.total <= 0) {
      ctx.fillStyle = "#666"; ctx.font = "12px system-ui, sans-serif"; ctx.textBaseline = "top";
      ctx.fillText(this.emptyText + (APP.selection ? " in the selected range." : "."), 8, 8);
      return;
    }
    const hl = this.highlight, q = this.search.trim().toLowerCase();
    const push = (node, x, width, dim) => this.nodes.push({ name: node.name, reason: node.reason, depth: node.depth, path: node.path,
      total: node.total, count: node.count, x, y: node.depth * FLAME_ROW, w: width, h: FLAME_ROW - 1, dim: !!dim });
    const layout = (node, x, width) => {
      if (width < 0.5) return;
      push(node, x, width);
      let cx = x;
      const kids = [...node.children.values()].sort((a, b) => b.total - a.total);
      for (const k of kids) { const kw = width * k.total / node.total; layout(k, cx, kw); cx += kw; }
    };
    const zoomed = this.zoom && this.#find(this.zoom);
    if (zoomed) {
      // the ancestors of the zoomed frame stay above it, full width and dimmed: a click goes back to one
      const chain = [];
      for (let n = zoomed.parent; n; n = n.parent) chain.unshift(n);
      for (const n of chain) push(n, 0, w, true);
      layout(zoomed, 0, w);
    } else {
      layout(this.root, 0, w);
    }
    ctx.font = "11px system-ui, sans-serif"; ctx.textBaseline = "middle";
    for (const n of this.nodes) {
      const inFilter = !hl || (n.depth >= 1 && n.reason === hl.reason && startsWith(n.path, hl.prefix)) ||
        (n.depth >= 1 && n.reason === hl.reason && startsWith(hl.prefix, n.path));
      const found = !q || (n.depth > 0 && n.name.toLowerCase().includes(q));
      n.found = !!q && found;
      const base = n.depth === 0 ? "#8a8f98" : CLASS_INFO[flameClass(n.reason)].color;
      ctx.globalAlpha = !inFilter || !found ? 0.2 : n.dim ? 0.45 : (n.depth <= 1 ? 1 : 0.55 + 0.45 * ((hash(n.name) % 100) / 100));
      ctx.fillStyle = base; ctx.fillRect(n.x, n.y, Math.max(0.5, n.w - 0.5), n.h);
      ctx.globalAlpha = 1;
      if (n.found) { ctx.strokeStyle = "#1d1d1f"; ctx.lineWidth = 1.5; ctx.strokeRect(n.x + 0.75, n.y + 0.75, Math.max(0.5, n.w - 2), n.h - 1.5); }
      if (n.w > 24) {
        ctx.save(); ctx.beginPath(); ctx.rect(n.x, n.y, n.w - 2, n.h); ctx.clip();
        ctx.fillStyle = "#111";
        ctx.fillText(safeText(n.name) + (n.depth <= 1 || n.dim ? "  " + fmtDuration(n.total) : ""), n.x + 3, n.y + n.h / 2);
        ctx.restore();
      }
    }
  }

  nodeAt(x, y) {
    for (let k = this.nodes.length - 1; k >= 0; k--) {
      const n = this.nodes[k];
      if (x >= n.x && x < n.x + n.w && y >= n.y && y < n.y + n.h) return n;
    }
    return null;
  }
}

/** The colour class of a root reason: CPU frames and unsampled running are Running, "runnable" Runnable, waits by family. */
function flameClass(reason) {
  if (reason === "cpu" || reason === "running, not sampled" || reason === "mounted" || reason === "mounted, not sampled") return CLASS.RUNNING;
  if (reason === "runnable") return CLASS.RUNNABLE;
  return reasonClass(reason);
}

function startsWith(path, prefix) {
  if (prefix.length > path.length) return false;
  for (let k = 0; k < prefix.length; k++) if (path[k] !== prefix[k]) return false;
  return true;
}

function hash(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

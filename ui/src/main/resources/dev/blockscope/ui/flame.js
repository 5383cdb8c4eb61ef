// The blocking profile as an icicle flame graph: root = all blocked time, then the reason, then
// the stack from its outermost frame down to the blocking call. Width is blocked time. Clicking
// a frame filters the timeline to the waits under it.

const FLAME_ROW = 18;

class FlameGraph {
  constructor(canvas, onPick) {
    this.canvas = canvas;
    this.onPick = onPick;
    this.root = null;
    this.nodes = [];
    canvas.addEventListener("click", (e) => {
      const n = this.nodeAt(e.offsetX, e.offsetY);
      if (n) this.onPick(n.depth === 0 ? null : { reason: n.reason, prefix: n.path, label: n.depth === 1 ? n.reason : n.name });
    });
    canvas.addEventListener("mousemove", (e) => {
      const n = this.nodeAt(e.offsetX, e.offsetY);
      canvas.title = n ? n.name + "\n" + fmtDuration(n.total) + " (" + fmtPct(n.total, this.root.total) + " of blocked time)" + (n.count ? ", " + fmtCount(n.count) + " waits" : "") : "";
    });
    new ResizeObserver(() => this.draw()).observe(canvas);
  }

  /** entries: [{frames (top first), reason, total, count}]; highlight: the active filter or null. */
  setData(entries, highlight) {
    const root = { name: "all blocked time", total: 0, count: 0, children: new Map(), depth: 0, path: [], reason: null };
    let maxDepth = 0;
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
      maxDepth = Math.max(maxDepth, frames.length + 1);
    }
    this.root = root;
    this.highlight = highlight;
    // size the canvas for the frames wide enough to see, not for one deep, invisible stack
    maxDepth = 0;
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
      if (!c) { c = { name, total: 0, count: 0, children: new Map(), depth: parent.depth + 1, path, reason }; parent.children.set(name, c); }
      return c;
    }
  }

  draw() {
    const { ctx, w, h } = fitCanvas(this.canvas);
    ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, w, h);
    this.nodes = [];
    if (!this.root || this.root.total <= 0) {
      ctx.fillStyle = "#666"; ctx.font = "12px system-ui, sans-serif"; ctx.textBaseline = "top";
      ctx.fillText("No blocked time" + (APP.selection ? " in the selected range." : "."), 8, 8);
      return;
    }
    const hl = this.highlight;
    const layout = (node, x, width) => {
      if (width < 0.5) return;
      const y = node.depth * FLAME_ROW;
      this.nodes.push({ name: node.name, reason: node.reason, depth: node.depth, path: node.path, total: node.total,
        count: node.count, x, y, w: width, h: FLAME_ROW - 1 });
      let cx = x;
      const kids = [...node.children.values()].sort((a, b) => b.total - a.total);
      for (const k of kids) { const kw = width * k.total / node.total; layout(k, cx, kw); cx += kw; }
    };
    layout(this.root, 0, w);
    ctx.font = "11px system-ui, sans-serif"; ctx.textBaseline = "middle";
    for (const n of this.nodes) {
      const inFilter = !hl || (n.depth >= 1 && n.reason === hl.reason && startsWith(n.path, hl.prefix)) ||
        (n.depth >= 1 && n.reason === hl.reason && startsWith(hl.prefix, n.path));
      const base = n.depth === 0 ? "#8a8f98" : CLASS_INFO[reasonClass(n.reason)].color;
      ctx.globalAlpha = inFilter ? (n.depth <= 1 ? 1 : 0.55 + 0.45 * ((hash(n.name) % 100) / 100)) : 0.2;
      ctx.fillStyle = base; ctx.fillRect(n.x, n.y, Math.max(0.5, n.w - 0.5), n.h);
      ctx.globalAlpha = 1;
      if (n.w > 24) {
        ctx.save(); ctx.beginPath(); ctx.rect(n.x, n.y, n.w - 2, n.h); ctx.clip();
        ctx.fillStyle = "#111";
        ctx.fillText(n.name + (n.depth <= 1 ? "  " + fmtDuration(n.total) : ""), n.x + 3, n.y + n.h / 2);
        ctx.restore();
      }
    }
  }

  nodeAt(x, y) {
    for (const n of this.nodes) if (x >= n.x && x < n.x + n.w && y >= n.y && y < n.y + n.h) return n;
    return null;
  }
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

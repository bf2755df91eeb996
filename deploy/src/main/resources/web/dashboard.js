// qbone live dashboard: draws the scenario's topology, then follows the run through the
// server-sent "metrics" events of /api/events (docs/dashboard.md).
"use strict";

const W = 800, H = 560, PAD = 40;
const SVG_NS = "http://www.w3.org/2000/svg";
/** Rate chart history kept in the page: about 10 minutes at 2 samples per second. */
const MAX_POINTS = 1200;

const page = {
  topology: null,
  durationNs: 1,
  positions: new Map(),   // node name -> [x, y]
  linkEls: new Map(),     // link name -> <line>
  nodeEls: new Map(),     // node name -> <circle>
  latest: null,           // last metrics event
  cut: new Set(),         // names of cut links
  crashed: new Set(),     // names of crashed nodes
  shownAlarms: 0,         // highest alarm id listed
  requestsShown: "",      // the request numbers in the table, as JSON
  rate: { times: [], series: [], plot: null },
  fidelity: { plot: null, updates: 0 },
};

function el(name, attrs, parent) {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}

// ---- layout ----

/** Places nodes without coordinates at the mean of their neighbours (located nodes fixed). */
function relax(nodes, links, pos, fixed) {
  const adj = new Map(nodes.map(n => [n.name, []]));
  for (const l of links) { adj.get(l.a).push(l.b); adj.get(l.b).push(l.a); }
  for (let it = 0; it < 500; it++) {
    for (const n of nodes) {
      if (fixed.has(n.name) || adj.get(n.name).length === 0) continue;
      let x = 0, y = 0;
      for (const m of adj.get(n.name)) { x += pos.get(m)[0]; y += pos.get(m)[1]; }
      pos.set(n.name, [x / adj.get(n.name).length, y / adj.get(n.name).length]);
    }
  }
}

/** Geographic layout: equirectangular around the nodes' mean latitude. */
function geographic(topo) {
  const located = topo.nodes.filter(n => n.lat !== undefined);
  const lat0 = located.reduce((s, n) => s + n.lat, 0) / located.length;
  const k = Math.cos(lat0 * Math.PI / 180);
  const lonLat = new Map();
  const mean = [located.reduce((s, n) => s + n.lon, 0) / located.length, lat0];
  for (const n of topo.nodes) lonLat.set(n.name, n.lat !== undefined ? [n.lon, n.lat] : mean.slice());
  relax(topo.nodes, topo.links, lonLat, new Set(located.map(n => n.name)));
  // Fit the nodes' bounding box (with a margin) into the drawing.
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const [lon, lat] of lonLat.values()) {
    x0 = Math.min(x0, lon * k); x1 = Math.max(x1, lon * k);
    y0 = Math.min(y0, lat); y1 = Math.max(y1, lat);
  }
  const span = Math.max(x1 - x0, y1 - y0, 0.5) * 1.3;
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  const scale = Math.min(W, H) / span;
  const project = (lon, lat) => [W / 2 + (lon * k - cx) * scale, H / 2 - (lat - cy) * scale];
  for (const [name, [lon, lat]] of lonLat) page.positions.set(name, project(lon, lat));
  return project;
}

/** Graph layout (no coordinates): deterministic force-directed, from a circle. */
function graphLayout(topo) {
  const n = topo.nodes.length;
  const pos = topo.nodes.map((_, i) => [Math.cos(2 * Math.PI * i / n), Math.sin(2 * Math.PI * i / n)]);
  const index = new Map(topo.nodes.map((m, i) => [m.name, i]));
  const iterations = n <= 1500 ? 300 : 0; // O(n^2) per step: big networks stay on the circle
  const k = Math.sqrt(4 / n);
  for (let it = 0; it < iterations; it++) {
    const step = 0.1 * (1 - it / iterations);
    const d = pos.map(() => [0, 0]);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
      const dx = pos[i][0] - pos[j][0], dy = pos[i][1] - pos[j][1];
      const dist2 = Math.max(dx * dx + dy * dy, 1e-6), f = k * k / dist2;
      d[i][0] += dx * f; d[i][1] += dy * f; d[j][0] -= dx * f; d[j][1] -= dy * f;
    }
    for (const l of topo.links) {
      const i = index.get(l.a), j = index.get(l.b);
      const dx = pos[i][0] - pos[j][0], dy = pos[i][1] - pos[j][1];
      const dist = Math.max(Math.hypot(dx, dy), 1e-3), f = dist / k;
      d[i][0] -= dx * f; d[i][1] -= dy * f; d[j][0] += dx * f; d[j][1] += dy * f;
    }
    for (let i = 0; i < n; i++) {
      const len = Math.max(Math.hypot(d[i][0], d[i][1]), 1e-9);
      pos[i][0] += d[i][0] / len * Math.min(len, step);
      pos[i][1] += d[i][1] / len * Math.min(len, step);
    }
  }
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const [x, y] of pos) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
  const s = Math.min((W - 2 * PAD) / Math.max(x1 - x0, 1e-9), (H - 2 * PAD) / Math.max(y1 - y0, 1e-9));
  topo.nodes.forEach((m, i) => page.positions.set(m.name,
      [PAD + (pos[i][0] - x0) * s + (W - 2 * PAD - (x1 - x0) * s) / 2,
       PAD + (pos[i][1] - y0) * s + (H - 2 * PAD - (y1 - y0) * s) / 2]));
}

/** Land from the bundled Natural Earth data (world-atlas), in the map's projection. */
async function drawLand(project) {
  const world = await (await fetch("/web/vendor/world-atlas/countries-50m.json")).json();
  const land = document.getElementById("land");
  const countries = topojson.feature(world, world.objects.countries).features;
  for (const c of countries) {
    const polys = c.geometry.type === "Polygon" ? [c.geometry.coordinates] : c.geometry.coordinates;
    let d = "";
    for (const poly of polys) for (const ring of poly) {
      // Rings across the antimeridian would streak over the map in this projection: skip them.
      if (ring.some((p, i) => i > 0 && Math.abs(p[0] - ring[i - 1][0]) > 180)) continue;
      d += "M" + ring.map(([lon, lat]) => project(lon, lat).map(v => v.toFixed(1)).join(",")).join("L") + "Z";
    }
    if (d) el("path", { d, "data-country": c.properties.name }, land);
  }
}

async function drawTopology() {
  const topo = page.topology;
  const located = topo.nodes.filter(n => n.lat !== undefined).length;
  const note = document.getElementById("layout-note");
  if (located >= 2) {
    const project = geographic(topo);
    note.textContent = located < topo.nodes.length
        ? "map; nodes without coordinates placed between their neighbours" : "map";
    drawLand(project).catch(e => { note.textContent += " (no outline: " + e + ")"; });
  } else {
    graphLayout(topo);
    note.textContent = "graph layout (the scenario gives no coordinates)";
  }
  const linksG = document.getElementById("links"), nodesG = document.getElementById("nodes");
  for (const l of topo.links) {
    const [x1, y1] = page.positions.get(l.a), [x2, y2] = page.positions.get(l.b);
    const line = el("line", { x1, y1, x2, y2, stroke: "#9aa5b1", "data-name": l.name }, linksG);
    line.addEventListener("mousemove", ev => showTip(ev, linkTip(l)));
    line.addEventListener("mouseleave", hideTip);
    page.linkEls.set(l.name, line);
  }
  const r = topo.nodes.length > 200 ? 3 : 7;
  for (const n of topo.nodes) {
    const [x, y] = page.positions.get(n.name);
    const c = el("circle", { cx: x, cy: y, r, class: "node " + n.kind, "data-name": n.name }, nodesG);
    c.addEventListener("mousemove", ev => showTip(ev, nodeTip(n)));
    c.addEventListener("mouseleave", hideTip);
    page.nodeEls.set(n.name, c);
    if (topo.nodes.length <= 60) {
      el("text", { x: x + r + 3, y: y - r - 2 }, nodesG).textContent = n.name;
    }
  }
}

// ---- hover ----

function nodeTip(n) {
  const m = page.latest && page.latest.nodes.find(v => v.name === n.name);
  const lines = [n.name + " (" + n.kind + ")"];
  if (n.lat !== undefined) lines.push(n.lat.toFixed(4) + "°, " + n.lon.toFixed(4) + "°");
  if (m) {
    lines.push("memory " + m.memory_in_use + " / " + m.memory_qubits + " qubits in use");
    lines.push("swaps " + m.swaps + (m.swap_failures ? " (" + m.swap_failures + " failed)" : ""));
    if (m.purifications) {
      lines.push("purifications " + m.purifications + " (" + m.purification_failures + " failed)");
    }
  }
  if (page.crashed.has(n.name)) lines.push("CRASHED");
  return lines.join("\n");
}

function linkTip(l) {
  const m = page.latest && page.latest.links.find(v => v.name === l.name);
  const lines = [l.name + ", " + l.length_km + " km, " + l.flows + " flow(s)"];
  if (m) {
    lines.push("pairs " + m.pairs + ", " + m.rate_hz.toFixed(1) + " Hz");
    lines.push("fidelity " + m.mean_fidelity.toFixed(4));
  }
  if (page.cut.has(l.name)) lines.push("CUT");
  return lines.join("\n");
}

function showTip(ev, text) {
  const tip = document.getElementById("tooltip");
  const box = document.getElementById("network").getBoundingClientRect();
  tip.textContent = text;
  tip.style.left = (ev.clientX - box.left + 12) + "px";
  tip.style.top = (ev.clientY - box.top + 12) + "px";
  tip.hidden = false;
}

function hideTip() { document.getElementById("tooltip").hidden = true; }

// ---- live updates ----

/** Red (0) to green (1). */
function colour(t) {
  const h = 120 * Math.max(0, Math.min(1, t));
  return "hsl(" + h + ",75%," + (h > 90 ? 35 : 45) + "%)";
}

function colourLinks(m) {
  const byRate = document.getElementById("colour-by").value === "rate";
  let lo, hi, value;
  if (byRate) {
    const rates = m.links.map(l => l.rate_hz).filter(r => r > 0);
    lo = rates.length ? Math.min(...rates) : 0;
    hi = rates.length ? Math.max(...rates) : 1;
    value = l => l.rate_hz;
    document.getElementById("legend-title").textContent = "link pair rate (Hz)";
  } else {
    lo = 0.5; hi = 1.0;
    value = l => l.mean_fidelity;
    document.getElementById("legend-title").textContent = "mean fidelity of link pairs";
  }
  document.getElementById("legend-min").textContent = byRate ? lo.toFixed(0) : lo.toFixed(2);
  document.getElementById("legend-max").textContent = byRate ? hi.toFixed(0) : hi.toFixed(2);
  for (const l of m.links) {
    const line = page.linkEls.get(l.name);
    if (!line) continue;
    const idle = l.pairs === 0;
    line.setAttribute("stroke", idle ? "#9aa5b1" : colour(hi > lo ? (value(l) - lo) / (hi - lo) : 1));
    line.classList.toggle("cut", page.cut.has(l.name));
  }
}

function showAlarms(m) {
  const list = document.getElementById("alarms");
  for (const a of m.alarms) {
    if (a.id <= page.shownAlarms) continue;
    page.shownAlarms = a.id;
    if (a.kind === "link-cut") page.cut.add(a.subject);
    if (a.kind === "node-crash") page.crashed.add(a.subject);
    const li = document.createElement("li");
    li.className = "alarm";
    li.dataset.kind = a.kind;
    li.dataset.subject = a.subject;
    li.innerHTML = "<span class=kind></span> <span class=subject></span> at <span class=time></span>: <span class=message></span>";
    li.querySelector(".kind").textContent = a.kind;
    li.querySelector(".subject").textContent = a.subject;
    li.querySelector(".time").textContent = (a.at_ns / 1e9).toFixed(6) + " s";
    li.querySelector(".message").textContent = a.message;
    list.prepend(li);
  }
  for (const name of page.crashed) page.nodeEls.get(name)?.classList.add("crashed");
}

function chartWidth(id) { return Math.max(300, document.getElementById(id).clientWidth - 2); }

function updateRateChart(m) {
  const r = page.rate;
  if (r.times.length && m.virtual_time_ns / 1e9 <= r.times[r.times.length - 1]) return;
  r.times.push(m.virtual_time_ns / 1e9);
  m.flows.forEach((f, i) => { (r.series[i] ||= []).push(f.rate_hz); });
  if (r.times.length > MAX_POINTS) { r.times.shift(); r.series.forEach(s => s.shift()); }
  const data = [r.times, ...r.series];
  if (!r.plot) {
    r.plot = new uPlot({
      width: chartWidth("rate-chart"), height: 200,
      scales: { x: { time: false } },
      axes: [{ label: "virtual time (s)" }, { label: "pairs / s" }],
      series: [{ label: "t (s)" }, ...m.flows.map((f, i) =>
          ({ label: f.name, stroke: "hsl(" + (210 + 67 * i) % 360 + ",65%,45%)", width: 2 }))],
    }, data, document.getElementById("rate-chart"));
  } else {
    r.plot.setData(data);
  }
  document.getElementById("rate-chart").dataset.points = r.times.length;
}

function updateFidelityChart(m) {
  const f = page.fidelity;
  const bins = m.flows.length ? m.flows[0].fidelity_histogram.counts.length : 100;
  const width = 1 / bins;
  // Show the bins from the lowest fidelity seen (at least 0.5) to 1.
  let first = bins - 1;
  for (const fl of m.flows) fl.fidelity_histogram.counts.forEach((c, b) => { if (c > 0) first = Math.min(first, b); });
  first = Math.min(first, Math.floor(0.5 * bins));
  const xs = [];
  for (let b = first; b < bins; b++) xs.push((b + 0.5) * width);
  const data = [xs, ...m.flows.map(fl => fl.fidelity_histogram.counts.slice(first))];
  if (!f.plot || f.plot.series.length !== data.length || f.plot.data[0].length !== xs.length) {
    if (f.plot) f.plot.destroy();
    f.plot = new uPlot({
      width: chartWidth("fidelity-chart"), height: 200,
      scales: { x: { time: false } },
      axes: [{ label: "fidelity" }, { label: "pairs" }],
      series: [{ label: "F" }, ...m.flows.map((fl, i) => ({
        label: fl.name, stroke: "hsl(" + (210 + 67 * i) % 360 + ",65%,45%)",
        fill: "hsla(" + (210 + 67 * i) % 360 + ",65%,45%,0.3)",
        paths: uPlot.paths.bars({ size: [0.9] }) }))],
    }, data, document.getElementById("fidelity-chart"));
  } else {
    f.plot.setData(data);
  }
  document.getElementById("fidelity-chart").dataset.updates = ++f.updates;
}

const REQUEST_COLUMNS = ["admitted", "completed", "failed", "rejected_routing", "rejected_memory",
  "delivered_pairs", "mean_fidelity"];

/** Requests per source node and network-wide, when the run has request-driven traffic. */
function showRequests(m) {
  const section = document.getElementById("requests");
  const shown = JSON.stringify(m.requests);
  if (!m.requests || shown === page.requestsShown) return;
  page.requestsShown = shown; // rebuilt only when a number changed
  section.hidden = false;
  const body = document.querySelector("#request-table tbody");
  body.textContent = "";
  const rows = [...m.requests.sources, Object.assign({ name: "all" }, m.requests.total)];
  for (const r of rows) {
    const tr = document.createElement("tr");
    tr.dataset.source = r.name;
    if (r.name === "all") tr.className = "total";
    const name = document.createElement("td");
    name.textContent = r.name;
    tr.appendChild(name);
    for (const c of REQUEST_COLUMNS) {
      const td = document.createElement("td");
      td.className = c;
      td.dataset.value = r[c];
      td.textContent = c === "mean_fidelity" ? (r.delivered_pairs ? r[c].toFixed(4) : "–")
          : r[c].toLocaleString("en");
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
}

function onMetrics(m) {
  page.latest = m;
  document.getElementById("state").textContent = m.state;
  document.getElementById("progress").value = Math.min(1, m.virtual_time_ns / page.durationNs);
  document.getElementById("clock").textContent =
      (m.virtual_time_ns / 1e9).toFixed(3) + " / " + (page.durationNs / 1e9).toFixed(3) + " s virtual";
  document.getElementById("events").textContent = m.events.toLocaleString("en") + " events";
  showAlarms(m);
  showRequests(m);
  colourLinks(m);
  updateRateChart(m);
  updateFidelityChart(m);
}

async function main() {
  const [topo, status] = await Promise.all([
    fetch("/api/topology").then(r => r.json()), fetch("/api/status").then(r => r.json())]);
  page.topology = topo;
  page.durationNs = status.duration_ns;
  document.getElementById("scenario").textContent = topo.scenario;
  await drawTopology();
  document.body.dataset.nodesDrawn = page.nodeEls.size;
  document.getElementById("colour-by").addEventListener("change", () => page.latest && colourLinks(page.latest));
  const events = new EventSource("/api/events");
  events.addEventListener("metrics", ev => onMetrics(JSON.parse(ev.data)));
  events.onerror = () => { document.getElementById("state").textContent = "disconnected"; };
}

main();

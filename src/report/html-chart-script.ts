/**
 * The browser-side script of index.html: reads its chart records (each load scenario's series and its sections'
 * `chartData`) from the `specgate-charts` JSON data island and draws the uPlot charts into the containers
 * `renderHtml` laid out (`data-chart` = eviction | rate | latency | other,
 * `data-scenario` = index into `load.scenarios`). Plain ES5-style JavaScript kept as text, because it runs in
 * the report reader's browser, not in Node; the browser test (test/browser/report.e2e.ts) executes it.
 * Everything the tables already say stays readable without it.
 */
export const CHART_SCRIPT = String.raw`(function () {
  "use strict";
  // One record per load scenario: its series plus what its report sections give the charts (chartData).
  var island = document.getElementById("specgate-charts");
  if (!island || typeof uPlot === "undefined") return;
  var scenarios = JSON.parse(island.textContent);
  var COLORS = ["#2563eb", "#16a34a", "#9333ea", "#0891b2", "#ca8a04", "#db2777", "#4b5563", "#ea580c"];
  var RED = "#dc2626", ORANGE = "#ea580c", GREY = "#6b7280";
  // Same colours as the rate-limit bars, so sent (offered), admitted and throttled read the same on every chart;
  // the keys are the rate-limit scenario's series labels (RATE_LIMIT_SERIES, load/scenarios/rate-limit.ts).
  var KNOWN_COLORS = { "sent/s": "#2563eb", "admitted/s": "#16a34a", "throttled/s": RED, "latency.p50": "#2563eb", "latency.p95": "#ca8a04", "latency.p99": "#9333ea" };
  var charts = [];

  function chartWidth(el) {
    var w = el.clientWidth || 800;
    return Math.max(300, Math.min(w, 1200));
  }
  function note(el, text) {
    el.textContent = "";
    var p = document.createElement("p");
    p.className = "no-data";
    p.textContent = text;
    el.appendChild(p);
  }
  function draw(el, opts, data) {
    el.textContent = "";
    opts.width = chartWidth(el);
    opts.legend = { live: false };
    charts.push({ el: el, u: new uPlot(opts, data, el) });
  }
  function uniqueSorted(xs) {
    var s = xs.slice().sort(function (a, b) { return a - b; });
    return s.filter(function (x, i) { return i === 0 || x !== s[i - 1]; });
  }
  // x value → column, built once per chart (series can hold thousands of points).
  function indexer(xs) {
    var at = new Map();
    xs.forEach(function (x, i) { at.set(x, i); });
    return function (x) { return at.get(x); };
  }
  function nulls(n) {
    var a = [];
    for (var i = 0; i < n; i++) a.push(null);
    return a;
  }
  // A series only in the legend, for lines drawn by a draw hook (deadlines, limits).
  function legendOnly(label, color, dash) {
    return { label: label, stroke: color, dash: dash, width: 2, paths: function () { return null; }, points: { show: false } };
  }
  function vline(u, x, color, label) {
    var ctx = u.ctx, px = Math.round(u.valToPos(x, "x", true));
    ctx.save();
    ctx.strokeStyle = color;
    ctx.lineWidth = 2 * devicePixelRatio;
    ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
    ctx.beginPath();
    ctx.moveTo(px, u.bbox.top);
    ctx.lineTo(px, u.bbox.top + u.bbox.height);
    ctx.stroke();
    if (label) {
      ctx.setLineDash([]);
      ctx.fillStyle = color;
      ctx.font = 12 * devicePixelRatio + "px system-ui, sans-serif";
      ctx.textAlign = "left";
      ctx.textBaseline = "top";
      ctx.fillText(label, px + 4 * devicePixelRatio, u.bbox.top + 2 * devicePixelRatio);
    }
    ctx.restore();
  }
  function hline(u, y, color, label) {
    var ctx = u.ctx, py = Math.round(u.valToPos(y, "y", true));
    ctx.save();
    ctx.strokeStyle = color;
    ctx.lineWidth = 2 * devicePixelRatio;
    ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
    ctx.beginPath();
    ctx.moveTo(u.bbox.left, py);
    ctx.lineTo(u.bbox.left + u.bbox.width, py);
    ctx.stroke();
    if (label) {
      ctx.setLineDash([]);
      ctx.fillStyle = color;
      ctx.font = 12 * devicePixelRatio + "px system-ui, sans-serif";
      ctx.textAlign = "right";
      ctx.textBaseline = "bottom";
      ctx.fillText(label, u.bbox.left + u.bbox.width - 4 * devicePixelRatio, py - 4 * devicePixelRatio);
    }
    ctx.restore();
  }

  // Eviction timeline: one lane per consumer; heartbeats as dots, silence as a dashed red line up to the
  // detected eviction (a red diamond-ish marker), and the deadline (last heartbeat + group timeout) as a line.
  function drawEviction(el, s) {
    var ev = s.eviction;
    if (!ev || ev.timeline.length === 0) return note(el, "No eviction timeline was recorded.");
    var names = [];
    ev.timeline.forEach(function (e) { if (names.indexOf(e.consumer) < 0) names.push(e.consumer); });
    var deadlines = ev.runs.map(function (r) { return (r.lastHeartbeatMs + ev.timeoutMs) / 1000; });
    var xs = uniqueSorted(ev.timeline.map(function (e) { return e.atMs / 1000; }).concat(deadlines));
    var indexOfX = indexer(xs);
    var data = [xs];
    var series = [{ label: "t (s)" }];
    names.forEach(function (name, j) {
      var lane = names.length - j;
      var beats = nulls(xs.length), silent = nulls(xs.length), evicted = nulls(xs.length);
      var silentFrom = -1, hasSilent = false, hasEvicted = false;
      ev.timeline.forEach(function (e) {
        if (e.consumer !== name) return;
        var i = indexOfX(e.atMs / 1000);
        if (e.kind === "heartbeat") beats[i] = lane;
        if (e.kind === "silent") { silent[i] = lane; silentFrom = i; hasSilent = true; }
        if (e.kind === "evicted-detected") { evicted[i] = lane; silent[i] = lane; hasEvicted = true; }
      });
      if (hasSilent && !hasEvicted) silent[xs.length - 1] = lane;
      var color = COLORS[j % COLORS.length];
      data.push(beats);
      series.push({ label: name + " heartbeat", stroke: color, fill: color, paths: function () { return null; }, points: { show: true, size: 7, fill: color } });
      if (silentFrom >= 0) {
        data.push(silent);
        series.push({ label: name + " silent", stroke: RED, dash: [5, 4], width: 2, spanGaps: true, points: { show: false } });
      }
      if (hasEvicted) {
        data.push(evicted);
        series.push({ label: name + " eviction detected", stroke: RED, fill: RED, paths: function () { return null; }, points: { show: true, size: 14, width: 3, fill: "#fff" } });
      }
    });
    series.push(legendOnly("deadline: last heartbeat + timeout " + ev.timeoutMs / 1000 + " s", ORANGE, [6, 4]));
    data.push(nulls(xs.length));
    var shardEvents = ev.timeline.filter(function (e) { return e.kind === "shards" && e.shards; });
    draw(el, {
      height: 90 + 50 * names.length,
      scales: { x: { time: false }, y: { range: [0.4, names.length + 0.6] } },
      axes: [
        { label: "seconds from start", stroke: GREY },
        { stroke: GREY, size: 110, splits: function () { return names.map(function (_, j) { return names.length - j; }); },
          values: function (u, splits) { return splits.map(function (v) { return names[names.length - v] || ""; }); } }
      ],
      series: series,
      hooks: { draw: [function (u) {
        deadlines.forEach(function (x) { vline(u, x, ORANGE, "timeout"); });
        var ctx = u.ctx;
        ctx.save();
        ctx.fillStyle = "#374151";
        ctx.textAlign = "left";
        ctx.textBaseline = "bottom";
        ctx.font = 11 * devicePixelRatio + "px system-ui, sans-serif";
        shardEvents.forEach(function (e) {
          var lane = names.length - names.indexOf(e.consumer);
          var px = u.valToPos(e.atMs / 1000, "x", true), py = u.valToPos(lane, "y", true);
          ctx.fillText("shards " + e.shards.join(","), px + 4 * devicePixelRatio, py - 9 * devicePixelRatio);
        });
        ctx.restore();
      }] }
    }, data);
  }

  // Rate limit per stage: offered, admitted and throttled requests per second as grouped bars, with the
  // documented limit as a dashed line.
  function drawRate(el, s) {
    var stages = s.stages || [];
    if (stages.length === 0) return note(el, "No rate-limit stages were recorded.");
    var off = 0.27, xs = [], offered = [], admitted = [], throttled = [];
    stages.forEach(function (st, i) {
      var secs = st.durationMs / 1000, thr = 0;
      Object.keys(st.throttled).forEach(function (k) { thr += st.throttled[k]; });
      xs.push(i - off, i, i + off);
      offered.push(st.offeredRps, null, null);
      admitted.push(null, st.admitted / secs, null);
      throttled.push(null, null, thr / secs);
    });
    var bars = uPlot.paths.bars({ size: [0.92, 80], align: 0 });
    var series = [
      { label: "stage" },
      { label: "offered req/s", stroke: "#2563eb", fill: "rgba(37,99,235,0.55)", paths: bars, points: { show: false } },
      { label: "admitted req/s", stroke: "#16a34a", fill: "rgba(22,163,74,0.6)", paths: bars, points: { show: false } },
      { label: "throttled req/s", stroke: RED, fill: "rgba(220,38,38,0.55)", paths: bars, points: { show: false } }
    ];
    var data = [xs, offered, admitted, throttled];
    var top = 0;
    offered.concat(admitted, throttled).forEach(function (v) { if (v !== null && v > top) top = v; });
    if (s.limitRps) {
      series.push(legendOnly("documented limit " + s.limitRps + " req/s", ORANGE, [6, 4]));
      data.push(nulls(xs.length));
      if (s.limitRps > top) top = s.limitRps;
    }
    draw(el, {
      height: 300,
      scales: { x: { time: false, range: [-0.6, stages.length - 0.4] }, y: { range: [0, top * 1.12 || 1] } },
      axes: [
        { stroke: GREY, splits: function () { return stages.map(function (_, i) { return i; }); },
          values: function (u, splits) { return splits.map(function (v) { var st = stages[v]; return st ? st.name : ""; }); } },
        { label: "requests per second", stroke: GREY }
      ],
      series: series,
      hooks: { draw: [function (u) { if (s.limitRps) hline(u, s.limitRps, ORANGE, "limit " + s.limitRps + " req/s"); }] }
    }, data);
  }

  // Time series (latency percentiles, or the rest): aligned on the union of their time stamps.
  function drawSeries(el, s, keys, yLabel, emptyText) {
    if (keys.length === 0) return note(el, emptyText);
    var xs = [];
    keys.forEach(function (k) { xs = xs.concat(s.series[k].t); });
    xs = uniqueSorted(xs);
    var indexOfX = indexer(xs);
    var data = [xs];
    var series = [{ label: "t (s)" }];
    keys.forEach(function (k, j) {
      var col = nulls(xs.length), ser = s.series[k];
      ser.t.forEach(function (t, i) { col[indexOfX(t)] = ser.values[i]; });
      data.push(col);
      var color = KNOWN_COLORS[k] || COLORS[j % COLORS.length];
      series.push({ label: k.replace(/^latency\./, ""), stroke: color, width: 2, spanGaps: true, points: { show: xs.length < 40 } });
    });
    draw(el, {
      height: 280,
      scales: { x: { time: false } },
      axes: [{ label: "seconds from start", stroke: GREY }, { label: yLabel, stroke: GREY, size: 60 }],
      series: series
    }, data);
  }

  function seriesKeys(s, latency) {
    return Object.keys(s.series).filter(function (k) {
      return (k.indexOf("latency.") === 0) === latency && s.series[k].t.length > 0;
    }).sort();
  }

  var containers = document.querySelectorAll("[data-chart]");
  Array.prototype.forEach.call(containers, function (el) {
    var s = scenarios[Number(el.getAttribute("data-scenario"))];
    var kind = el.getAttribute("data-chart");
    if (!s) return note(el, "No data.");
    try {
      if (kind === "eviction") drawEviction(el, s);
      else if (kind === "rate") drawRate(el, s);
      else if (kind === "latency") drawSeries(el, s, seriesKeys(s, true), "milliseconds", "No latency series were recorded.");
      else if (kind === "other") drawSeries(el, s, seriesKeys(s, false), "value", "No other series were recorded.");
      // A section's chart of a kind this script has no drawing for: say so, rather than leave the "JavaScript is
      // off" placeholder standing while JavaScript is on.
      else note(el, "This report draws no " + kind + " chart; the tables carry the numbers.");
    } catch (err) {
      note(el, "This chart could not be drawn: " + (err && err.message ? err.message : String(err)));
      console.error(err);
    }
  });

  var pending = 0;
  window.addEventListener("resize", function () {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(function () {
      charts.forEach(function (c) { c.u.setSize({ width: chartWidth(c.el), height: c.u.height }); });
    });
  });
})();
`;

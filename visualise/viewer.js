/* povkg viewer: draws the embedded graph with vis-network.
 *
 * The page carries a forest: every node may be folded into a parent (a cluster, the
 * indicator of an outcome, the place above a place). It opens on what Python chose to show
 * (data.nodes[i].h marks the hidden ones); double-click, or the buttons of the details panel,
 * expand a node (its members come in around it) or show its neighbours; the breadcrumb goes
 * back. Links between hidden nodes are drawn between their nearest visible ancestors, with
 * their number. The filters (province, years, policy, programme, body type) recount every
 * node.
 *
 * Every string that comes from the graph is put into the page with textContent or as a
 * canvas label, never as HTML, with control and bidi characters shown as \uXXXX; links are
 * made only for http(s) URLs.
 */
(function () {
  "use strict";

  performance.mark("povkg:start");
  var data = JSON.parse(document.getElementById("povkg-data").textContent);
  performance.mark("povkg:parsed");
  var FONT = getComputedStyle(document.documentElement).getPropertyValue("--font").trim() || "sans-serif";
  var UI = {
    zh: {
      found: "{i} / {n}", notFound: "未找到", source: "来源", original: "原文",
      links: "相连节点", more: "另有 {n} 个", members: "成员", expand: "展开",
      collapse: "折叠", neighbours: "显示相邻节点", points: "数据点", facts: "事实与出处",
      notCarried: "另有 {n} 个未载入本页（用 povkg viz --focus 查看）", start: "起始视图",
      neighboursOf: "{x} 的相邻节点", counts: "{n} 个节点 · {e} 条边",
      filtered: "符合筛选：{n} / {t} 个条目", value: "数值", area: "地区", asOf: "时间", report: "报告",
      links2: "{n} 条联系", chart: "序列图", noPoints: "筛选后没有数据点", result: "结果",
      target: "目标（空心）", reports: "{n} 份报告给出此点",
      chartHint: "点击一个点查看原句", chartHintMore: "点击一个点查看原句；另有 {n} 个点未载入本页（povkg series 查看全部）"
    },
    en: {
      found: "{i} / {n}", notFound: "Not found", source: "Source", original: "As written",
      links: "Connected", more: "{n} more", members: "Members", expand: "Expand",
      collapse: "Collapse", neighbours: "Show neighbours", points: "Data points", facts: "Facts and sources",
      notCarried: "{n} more not carried in this page (see povkg viz --focus)", start: "Start",
      neighboursOf: "neighbours of {x}", counts: "{n} nodes · {e} edges",
      filtered: "matching the filters: {n} of {t} entities", value: "Value", area: "Area", asOf: "As of", report: "Report",
      links2: "{n} links", chart: "Series", noPoints: "No points match the filters", result: "result",
      target: "target (hollow)", reports: "given by {n} reports",
      chartHint: "Click a point to read its source sentence",
      chartHintMore: "Click a point to read its source sentence; {n} more points not carried in this page (see povkg series)"
    }
  };
  var lang = data.lang === "en" ? "en" : "zh";
  var N = data.nodes.length;
  var types = {};
  data.types.forEach(function (t) { types[t.key] = t; });

  // --- helpers -------------------------------------------------------------------------------
  var UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
  /* control and bidi characters are shown, not obeyed */
  function safe(s) {
    return String(s === undefined || s === null ? "" : s).replace(UNSAFE, function (c) {
      return "\\u" + ("000" + c.charCodeAt(0).toString(16).toUpperCase()).slice(-4);
    });
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = safe(text); }
    return e;
  }
  function fmt(s, args) {
    return s.replace(/\{(\w+)\}/g, function (_, k) { return String(args[k]); });
  }
  function norm(s) {
    return String(s || "").normalize("NFKC").toLowerCase().replace(/[\s《》〈〉“”"'「」]/g, "");
  }
  function isWebUrl(url) {
    return /^https?:\/\/[^\s]+$/i.test(url || "");
  }
  function truncate(s, n) {
    s = String(s || "");
    return s.length > n ? s.slice(0, n - 1) + "…" : s;
  }
  /* Labels are wrapped here rather than with vis-network's widthConstraint, which measures
   * every word of every label on the canvas: Chinese every 8 characters, other text at
   * spaces into lines of about 22 characters; at most three lines. Python estimates label
   * boxes with the same rule (visualise.aggregate.wrap_label). */
  function wrap(label) {
    label = safe(label);
    var lines = [];
    var cjk = (label.match(/[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/g) || []).length;
    if (2 * cjk > label.length) {
      if (label.length <= 9) { return label; }
      for (var i = 0; i < label.length; i += 8) { lines.push(label.slice(i, i + 8)); }
    } else {
      var line = "";
      label.split(/\s+/).forEach(function (word) {
        if (line && (line + " " + word).length > 22) { lines.push(line); line = word; } else { line = line ? line + " " + word : word; }
      });
      if (line) { lines.push(line); }
      lines = lines.map(function (l) { return truncate(l, 26); });
    }
    if (lines.length > 3) { lines = lines.slice(0, 3); lines[2] = lines[2] + "…"; }
    return lines.join("\n");
  }
  function nodeLabel(n) { return lang === "en" ? n.en : n.zh; }
  function otherLabel(n) { return lang === "en" ? n.zh : n.en; }
  function typeName(key) { var t = types[key]; return t ? t[lang] : key; }
  function field(key) { var f = data.fields[key]; return f ? f[lang === "en" ? 1 : 0] : key; }
  function relation(key) { var r = data.relations[key]; return r ? r[lang === "en" ? 1 : 0] : key; }
  function iriOf(n) { return /^[a-z][a-z0-9+.-]*:/i.test(n.iri) ? n.iri : data.base + n.iri; }

  // --- the forest ----------------------------------------------------------------------------
  var parent = new Int32Array(N).fill(-1);
  var kids = data.nodes.map(function () { return []; });
  data.nodes.forEach(function (n, i) {
    if (n.p !== undefined) { parent[i] = n.p; kids[n.p].push(i); }
  });
  var depth = new Int32Array(N);
  for (var d0 = 0; d0 < N; d0++) {
    var k0 = d0, dd = 0;
    while (parent[k0] >= 0 && dd < 64) { k0 = parent[k0]; dd++; }
    depth[d0] = dd;
  }
  var deepestFirst = Array.from({ length: N }, function (_, i) { return i; }).sort(function (a, b) { return depth[b] - depth[a] || a - b; });
  var adj = data.nodes.map(function () { return []; });
  data.edges.forEach(function (e, j) { adj[e[0]].push(j); adj[e[1]].push(j); });
  var homeX = new Float64Array(N), homeY = new Float64Array(N);
  data.nodes.forEach(function (n, i) { homeX[i] = n.x || 0; homeY[i] = n.y || 0; });
  var state = { shown: new Uint8Array(N), opened: new Uint8Array(N), x: Float64Array.from(homeX), y: Float64Array.from(homeY) };
  data.nodes.forEach(function (n, i) { state.shown[i] = n.h ? 0 : 1; });
  data.nodes.forEach(function (n, i) { if (n.c && !state.shown[i] && kids[i].some(function (k) { return state.shown[k]; })) { state.opened[i] = 1; } });
  data.nodes.forEach(function (n, i) { if (!n.c && state.shown[i] && kids[i].some(function (k) { return state.shown[k]; })) { state.opened[i] = 1; } });

  // --- filters -------------------------------------------------------------------------------
  var FACETS = ["province", "year", "policy", "programme", "bodytype"];
  var filter = { 0: -1, 2: -1, 3: -1, 4: -1, from: null, to: null };
  var hiddenTypes = {};
  var match = new Uint8Array(N);
  var cnt = new Int32Array(N);
  var years = (data.facets && data.facets.year || []).map(function (r) { return +r[0]; });
  function anyFilter() {
    return filter[0] >= 0 || filter[2] >= 0 || filter[3] >= 0 || filter[4] >= 0 || filter.from !== null || filter.to !== null;
  }
  /* whether entity i passes every filter but (optionally) facet `skip` */
  function passes(i, skip) {
    var n = data.nodes[i];
    if (n.c) { return false; }
    if (hiddenTypes[n.t]) { return false; }
    var f = n.f;
    if (!f) { return true; }
    for (var k = 0; k < 5; k++) {
      if (k === 1 || k === skip || filter[k] < 0) { continue; }
      if (k === 4 && n.t !== "body") { continue; }
      if (f[k].indexOf(filter[k]) < 0) { return false; }
    }
    if (skip !== 1 && (filter.from !== null || filter.to !== null)) {
      var ok = false;
      for (var y = 0; y < f[1].length; y++) {
        var yr = years[f[1][y]];
        if ((filter.from === null || yr >= filter.from) && (filter.to === null || yr <= filter.to)) { ok = true; break; }
      }
      if (!ok) { return false; }
    }
    return true;
  }
  function recount() {
    for (var i = 0; i < N; i++) { match[i] = passes(i, -1) ? 1 : 0; cnt[i] = match[i]; }
    deepestFirst.forEach(function (i) { if (parent[i] >= 0) { cnt[parent[i]] += cnt[i]; } });
  }
  function isVisible(i) {
    if (!state.shown[i]) { return false; }
    return data.nodes[i].c ? cnt[i] > 0 : (match[i] === 1 || cnt[i] > 0);
  }
  function labelOf(i) {
    var n = data.nodes[i];
    var below = cnt[i] - match[i];
    var extra = anyFilter() ? "" : (n.more ? "+" : "");
    if (n.c || (kids[i].length && !state.opened[i])) {
      return below > 0 || n.c ? nodeLabel(n) + " (" + below + extra + ")" : nodeLabel(n);
    }
    return nodeLabel(n);
  }

  // --- vis data ------------------------------------------------------------------------------
  var groups = {};
  data.types.forEach(function (t) {
    groups[t.key] = {
      shape: t.shape,
      color: {
        background: t.colour, border: t.border,
        highlight: { background: t.colour, border: "#111827" },
        hover: { background: t.colour, border: "#111827" }
      },
      borderWidth: t.dashed ? 2 : 1.5,
      shapeProperties: { borderDashes: t.dashed ? [4, 3] : false }
    };
  });
  var nodes = new vis.DataSet([]);
  var edges = new vis.DataSet([]);
  var drawn = {};
  var options = {
    autoResize: true,
    layout: { improvedLayout: false, randomSeed: 7 },
    physics: data.physics ? {
      enabled: true,
      solver: "forceAtlas2Based",
      forceAtlas2Based: {
        gravitationalConstant: -160, centralGravity: 0.012, springLength: 100,
        springConstant: 0.06, damping: 0.45, avoidOverlap: 0.9
      },
      stabilization: { enabled: true, iterations: N > 120 ? 200 : 400, updateInterval: 25, fit: true },
      minVelocity: 1
    } : { enabled: false },
    interaction: {
      hover: true, tooltipDelay: 100, hideEdgesOnDrag: N > 3000, hideEdgesOnZoom: N > 3000,
      keyboard: { enabled: true, bindToWindow: false }, multiselect: false, zoomView: true
    },
    nodes: {
      font: { face: FONT, size: 16, color: "#1f2933", strokeWidth: 3, strokeColor: "#ffffff" },
      scaling: { label: { drawThreshold: 7 } }
    },
    edges: {
      color: { color: "#a9b6c3", highlight: "#243b53", hover: "#52606d", opacity: 0.6 },
      width: 1,
      selectionWidth: 1.5,
      arrows: { to: { enabled: false } },
      smooth: data.layout === "tree"
        ? { enabled: true, type: "cubicBezier", forceDirection: "horizontal", roundness: 0.5 }
        : false,
      font: { face: FONT, size: 10, color: "#52606d", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" },
      scaling: { label: { drawThreshold: 8 } }
    },
    groups: groups
  };

  /* links between visible nodes: each edge of the graph moved up to the nearest visible
   * ancestors of its ends; many links are thinned to the strongest three of each node */
  function rep(i) {
    var g = 0;
    while (i >= 0 && !vis_[i] && g < 64) { i = parent[i]; g++; }
    return i >= 0 && vis_[i] ? i : -1;
  }
  var vis_ = new Uint8Array(N);
  function liftedEdges(visibleCount) {
    var agg = {};
    var list = [];
    for (var j = 0; j < data.edges.length; j++) {
      var e = data.edges[j];
      var a = rep(e[0]), b = rep(e[1]);
      if (a < 0 || b < 0 || a === b) { continue; }
      var direct = a === e[0] && b === e[1];
      var key = a < b ? a + "," + b : b + "," + a;
      var item = agg[key];
      if (!item) {
        item = agg[key] = { from: a, to: b, w: 0, j: j, direct: direct, kind: e[2] };
        list.push(item);
      }
      item.w += e[3] || 1;
      if (item.kind !== e[2]) { item.kind = ""; }
      item.direct = item.direct && direct;
    }
    if (list.length > Math.max(250, 3 * visibleCount)) {
      var per = {};
      list.forEach(function (it) {
        (per[it.from] = per[it.from] || []).push(it);
        (per[it.to] = per[it.to] || []).push(it);
      });
      var keep = new Set();
      Object.keys(per).forEach(function (k) {
        per[k].sort(function (x, y) { return y.w - x.w || x.j - y.j; }).slice(0, 3).forEach(function (it) { keep.add(it); });
      });
      list = list.filter(function (it) { return keep.has(it); });
    }
    return list;
  }
  function edgeItem(it, idx) {
    var item = { id: idx, from: it.from, to: it.to, j: it.j, w: it.w, direct: it.direct };
    if (it.j < 0) { return item; }
    if (data.view === "coorg" || !it.direct || it.w > 1) {
      item.width = Math.min(1 + 0.8 * Math.log2(1 + it.w), 5);
      if (it.w > 1) { item.label = "×" + it.w; }
    } else if (it.kind && edgesDrawnFew) {
      item.label = relation(it.kind);
    }
    return item;
  }
  var edgesDrawnFew = true;

  /* a left-to-right tree of the visible nodes (the place view) */
  function treeLayout(visible) {
    var vkids = {};
    var roots = [];
    visible.forEach(function (i) {
      var p = parent[i];
      while (p >= 0 && !vis_[p]) { p = parent[p]; }
      if (p >= 0) { (vkids[p] = vkids[p] || []).push(i); } else { roots.push(i); }
    });
    treeLinks = [];
    Object.keys(vkids).forEach(function (p) { vkids[p].forEach(function (k) { treeLinks.push({ from: +p, to: k, w: 1, j: -1, direct: false, kind: "" }); }); });
    var row = 0;
    var COL = 220;
    /* each leaf takes the height of its shape and wrapped label, so labels never meet */
    function height(i) {
      var n = data.nodes[i];
      var lines = wrap(labelOf(i)).split("\n").length;
      return 2 * Math.min(n.s, TREE_SIZE) + 12 + lines * (n.fs || 16) * 1.25;
    }
    function width(i) {
      var lines = wrap(labelOf(i)).split("\n");
      var w = 0;
      lines.forEach(function (l) {
        var cw = 0;
        for (var c = 0; c < l.length; c++) { cw += /[\u3000-\u9fff\uff00-\uffef]/.test(l[c]) ? 1 : 0.56; }
        w = Math.max(w, cw * (data.nodes[i].fs || 16));
      });
      return w;
    }
    /* a node's leaves in a block of columns of at most BLOCK rows, its branches below */
    var BLOCK = 12;
    function place(i, d) {
      var ks = vkids[i] || [];
      if (!ks.length) {
        var h = height(i);
        state.x[i] = d * COL; state.y[i] = row + h / 2; row += h;
        return;
      }
      var leaves = ks.filter(function (k) { return !(vkids[k] || []).length; });
      var branches = ks.filter(function (k) { return (vkids[k] || []).length; });
      var top = row;
      if (leaves.length > BLOCK) {
        var rh = Math.max.apply(null, leaves.map(height));
        var cw = Math.min(260, Math.max.apply(null, leaves.map(width)) + 30);
        leaves.forEach(function (k, idx) {
          state.x[k] = (d + 1) * COL + Math.floor(idx / BLOCK) * cw;
          state.y[k] = row + (idx % BLOCK) * rh + rh / 2;
        });
        row += BLOCK * rh;
      } else {
        leaves.forEach(function (k) { place(k, d + 1); });
      }
      branches.forEach(function (k) { place(k, d + 1); });
      state.x[i] = d * COL;
      state.y[i] = (top + row) / 2;
      return;
    }
    roots.forEach(function (r) { place(r, 0); row += 20; });
  }
  var treeLinks = [];
  var TREE_SIZE = 12;

  function render() {
    var visible = [];
    for (var i = 0; i < N; i++) { vis_[i] = isVisible(i) ? 1 : 0; if (vis_[i]) { visible.push(i); } }
    if (data.layout === "tree") { treeLayout(visible); }
    var adds = [], updates = [], removes = [];
    visible.forEach(function (i) {
      var n = data.nodes[i];
      var item = { id: i, x: state.x[i], y: state.y[i], label: wrap(labelOf(i)) };
      if (!drawn[i]) {
        item.group = n.t;
        item.size = data.layout === "tree" ? Math.min(n.s, TREE_SIZE) : n.s;
        item.font = { size: n.fs || 16 };
        if (n.c) { item.borderWidth = 3; item.shapeProperties = { borderDashes: [6, 3] }; }
        adds.push(item);
      } else {
        updates.push(item);
      }
    });
    Object.keys(drawn).forEach(function (k) { if (!vis_[+k]) { removes.push(+k); } });
    drawn = {};
    visible.forEach(function (i) { drawn[i] = true; });
    if (removes.length) { nodes.remove(removes); }
    if (updates.length) { nodes.update(updates); }
    if (adds.length) { nodes.add(adds); }
    var list = data.layout === "tree" ? treeLinks : liftedEdges(visible.length);
    edgesDrawnFew = list.length <= 150;
    edges.clear();
    edges.add(list.map(edgeItem));
    viewer.visible = visible;
    var cnts = fmt(UI[lang].counts, { n: visible.length, e: list.length });
    document.getElementById("counts").textContent = cnts;
    updateCounts();
  }

  performance.mark("povkg:datasets");
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  var viewer = {
    data: data, nodes: nodes, edges: edges, network: network, state: state, parent: parent, kids: kids,
    ready: false, readyAt: null, lang: lang, crumbs: [], visible: [], filter: filter, counts: {}
  };
  window.povkgViewer = viewer;

  /* fit the whole graph, but never zoom a small graph in beyond its natural size */
  function fitAll() {
    network.fit({ animation: false });
    if (network.getScale() > 1.1) { network.moveTo({ scale: 1.1, animation: false }); }
  }
  function markReady() {
    if (viewer.ready) { return; }
    viewer.ready = true;
    viewer.readyAt = performance.now();
    performance.mark("povkg:ready");
    document.getElementById("loading").hidden = true;
    document.documentElement.setAttribute("data-ready", "true");
  }
  // --- expanding, neighbours and the breadcrumb ----------------------------------------------
  function snapshot() {
    return { shown: state.shown.slice(), opened: state.opened.slice(), x: state.x.slice(), y: state.y.slice() };
  }
  function restore(s) {
    state.shown.set(s.shown); state.opened.set(s.opened); state.x.set(s.x); state.y.set(s.y);
  }
  var crumbs = viewer.crumbs;
  var crumbBar = document.getElementById("crumbs");
  function drawCrumbs() {
    crumbBar.replaceChildren();
    crumbs.forEach(function (c, k) {
      var li = el("li");
      var b = el("button", null, c.label());
      b.type = "button";
      if (k < crumbs.length - 1) {
        b.addEventListener("click", function () { back(k); });
      } else {
        b.setAttribute("aria-current", "step");
      }
      li.appendChild(b);
      crumbBar.appendChild(li);
    });
  }
  function push(label) {
    crumbs.push({ label: label, state: snapshot() });
    drawCrumbs();
  }
  function back(k) {
    restore(crumbs[k].state);
    crumbs.length = k + 1;
    drawCrumbs();
    render();
    fitAll();
  }
  viewer.back = back;
  crumbs.push({ label: function () { return UI[lang].start; }, state: snapshot() });
  drawCrumbs();

  /* make room for a disc of radius r around (cx, cy): every visible node moves out along its ray */
  function makeRoom(cx, cy, r, except) {
    for (var i = 0; i < N; i++) {
      if (!vis_[i] || except[i]) { continue; }
      var dx = state.x[i] - cx, dy = state.y[i] - cy;
      var len = Math.sqrt(dx * dx + dy * dy);
      if (len < 1e-6) { continue; }
      var f = (len + r) / len;
      state.x[i] = cx + dx * f;
      state.y[i] = cy + dy * f;
    }
  }
  function bringIn(centre, members) {
    if (data.layout === "tree" || !members.length) { return; }
    var cx = state.x[centre], cy = state.y[centre];
    var r = 0;
    var except = {};
    except[centre] = true;
    members.forEach(function (k) {
      except[k] = true;
      var dx = state.x[k] - cx, dy = state.y[k] - cy;
      r = Math.max(r, Math.sqrt(dx * dx + dy * dy));
    });
    makeRoom(cx, cy, r + 80, except);
  }
  function focusOn(list) {
    if (!list.length) { return; }
    network.fit({ nodes: list, animation: false });
    if (network.getScale() > 1.2) { network.moveTo({ scale: 1.2, animation: false }); }
  }
  function expand(i) {
    if (!kids[i].length) { showNeighbours(i); return; }
    if (state.opened[i] && !data.nodes[i].c) { collapse(i); return; }
    var members = kids[i].filter(function (k) { return !state.shown[k]; });
    var cx = state.x[i], cy = state.y[i];
    members.forEach(function (k) {
      state.x[k] = cx + homeX[k] - homeX[i];
      state.y[k] = cy + homeY[k] - homeY[i];
      state.shown[k] = 1;
    });
    state.opened[i] = 1;
    bringIn(i, members);
    if (data.nodes[i].c) { state.shown[i] = 0; }
    var n = data.nodes[i];
    push(function () { return nodeLabel(n); });
    render();
    focusOn(kids[i].filter(function (k) { return vis_[k]; }).concat(vis_[i] ? [i] : []));
    if (viewer.detailsFor === i && !details.hidden) { showDetails(i); }
  }
  function hideBelow(i) {
    kids[i].forEach(function (k) { state.shown[k] = 0; state.opened[k] = 0; hideBelow(k); });
  }
  function collapse(i) {
    hideBelow(i);
    state.opened[i] = 0;
    state.shown[i] = 1;
    var n = data.nodes[i];
    push(function () { return UI[lang].collapse + "：" + nodeLabel(n); });
    render();
    if (viewer.detailsFor === i && !details.hidden) { showDetails(i); }
  }
  function showNeighbours(i) {
    var near = [];
    var weight = {};
    adj[i].forEach(function (j) {
      var e = data.edges[j];
      var o = e[0] === i ? e[1] : e[0];
      weight[o] = (weight[o] || 0) + (e[3] || 1);
    });
    Object.keys(weight).forEach(function (o) { if (!vis_[+o]) { near.push(+o); } });
    near.sort(function (a, b) { return weight[b] - weight[a] || a - b; });
    near = near.slice(0, 40);
    var cx = state.x[i], cy = state.y[i];
    var step = 60, golden = Math.PI * (3 - Math.sqrt(5));
    near.forEach(function (k, j) {
      var r = step * Math.sqrt(j + 1.5);
      state.x[k] = cx + r * Math.cos(j * golden);
      state.y[k] = cy + r * Math.sin(j * golden);
      state.shown[k] = 1;
    });
    state.shown[i] = 1;
    bringIn(i, near);
    var n = data.nodes[i];
    push(function () { return fmt(UI[lang].neighboursOf, { x: nodeLabel(n) }); });
    render();
    focusOn(near.concat([i]).filter(function (k) { return vis_[k]; }));
    return near.length;
  }
  /* show one node wherever it is folded: beside its nearest visible ancestor */
  function reveal(i) {
    if (vis_[i]) { return; }
    var a = parent[i];
    while (a >= 0 && !vis_[a]) { a = parent[a]; }
    if (a >= 0) {
      state.x[i] = state.x[a] + homeX[i] - homeX[a];
      state.y[i] = state.y[a] + homeY[i] - homeY[a];
    }
    state.shown[i] = 1;
    var n = data.nodes[i];
    push(function () { return nodeLabel(n); });
    render();
  }
  viewer.expand = expand;
  viewer.collapse = collapse;
  viewer.showNeighbours = showNeighbours;
  network.on("doubleClick", function (p) { if (p.nodes.length) { expand(p.nodes[0]); } });

  // --- tooltip and details -------------------------------------------------------------------
  var tooltip = document.getElementById("tooltip");
  var details = document.getElementById("details");
  var detailsBody = document.getElementById("details-body");

  function kv(rows, limit) {
    var dl = el("dl", "kv");
    rows.slice(0, limit || rows.length).forEach(function (r) {
      dl.appendChild(el("dt", null, field(r[0])));
      dl.appendChild(el("dd", null, lang === "en" ? r[2] : r[1]));
    });
    return dl;
  }
  function docOf(srcIndex) { var s = data.sources[srcIndex]; return s ? data.docs[s[2]] : null; }
  function quote(srcIndex, full) {
    var s = data.sources[srcIndex];
    var bq = el("blockquote", null, full ? s[0] : truncate(s[0], 140));
    var doc = data.docs[s[2]];
    if (doc) {
      var cite = el("span", "cite");
      cite.appendChild(document.createTextNode(safe([doc[1], doc[2]].filter(Boolean).join(" · "))));
      if (full && doc[3]) {
        cite.appendChild(document.createTextNode(" · "));
        if (isWebUrl(doc[3])) {
          var a = el("a", null, doc[3]);
          a.href = doc[3];
          a.rel = "noopener noreferrer";
          a.target = "_blank";
          cite.appendChild(a);
        } else {
          cite.appendChild(document.createTextNode(safe(doc[3])));
        }
      }
      bq.appendChild(cite);
    }
    if (full && s[1] && s[1] !== s[0]) {
      bq.appendChild(el("span", "cite", UI[lang].original + "：" + s[1]));
    }
    return bq;
  }
  function chip(typeKey) {
    var c = el("span", "chip");
    var t = types[typeKey] || { shape: "dot", dashed: false };
    var sw = el("span", "swatch shape-" + t.shape + (t.dashed ? " dashed" : "") + " sw-" + typeKey);
    c.appendChild(sw);
    c.appendChild(document.createTextNode(typeName(typeKey)));
    return c;
  }
  function placeTooltip(pointer) {
    var box = container.getBoundingClientRect();
    var x = pointer.DOM.x + 14;
    var y = pointer.DOM.y + 14;
    tooltip.hidden = false;
    var w = tooltip.offsetWidth;
    var h = tooltip.offsetHeight;
    if (x + w > box.width - 8) { x = Math.max(8, pointer.DOM.x - w - 14); }
    if (y + h > box.height - 8) { y = Math.max(8, pointer.DOM.y - h - 14); }
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }
  function showNodeTip(i, pointer) {
    var n = data.nodes[i];
    tooltip.replaceChildren();
    tooltip.appendChild(el("strong", null, labelOf(i)));
    if (otherLabel(n) && otherLabel(n) !== nodeLabel(n)) { tooltip.appendChild(el("span", "other", otherLabel(n))); }
    tooltip.appendChild(chip(n.t));
    if (n.d && n.d.length) { tooltip.appendChild(kv(n.d, 6)); }
    if (n.src && n.src.length) { tooltip.appendChild(quote(n.src[0], false)); }
    placeTooltip(pointer);
  }
  function showEdgeTip(id, pointer) {
    var it = edges.get(id);
    if (!it || it.j < 0) { return; }
    var e = data.edges[it.j];
    tooltip.replaceChildren();
    tooltip.appendChild(el("strong", null, it.direct ? relation(e[2]) : fmt(UI[lang].links2, { n: it.w })));
    tooltip.appendChild(el("span", "other", labelOf(it.from) + " — " + labelOf(it.to)));
    if (it.direct && e[5] && e[5].length) { tooltip.appendChild(kv(e[5])); }
    if (it.direct && e[4] && e[4].length) { tooltip.appendChild(quote(e[4][0], false)); }
    placeTooltip(pointer);
  }
  function hideTip() { tooltip.hidden = true; }

  function button(text, fn) {
    var b = el("button", null, text);
    b.type = "button";
    b.addEventListener("click", fn);
    return b;
  }
  /* The series chart of an indicator concept, drawn as inline SVG from data.nodes[i].ser,
   * the way `povkg series` draws it (visualise/series.py): points by province over time, one
   * colour per province, results and baselines filled and joined in date order, targets
   * hollow with a dashed line from the province's last result before them. Each point is a
   * button that opens its source sentence below the chart. The province and year filters
   * apply to the points. Point rows: [as of, value, province, area, kind, source, as written,
   * unit, reports], province and area indexing data.places ([iri, zh, en]). */
  var SVGNS = "http://www.w3.org/2000/svg";
  var COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"];
  var KINDS = { Result: ["结果", "result"], Target: ["目标", "target"], Baseline: ["基期", "baseline"], Rank: ["排名", "rank"] };
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVGNS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) { e.textContent = safe(text); }
    return e;
  }
  /* the start of the period, in ms: 2020 -> 2020-01-01, 2020-06 -> 2020-06-01 */
  function periodStart(asOf) {
    var m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(String(asOf || ""));
    return m ? Date.UTC(+m[1], m[2] ? +m[2] - 1 : 0, m[3] ? +m[3] : 1) : NaN;
  }
  function niceStep(span, count) {
    var raw = span / Math.max(1, count);
    var mag = Math.pow(10, Math.floor(Math.log10(raw)));
    var r = raw / mag;
    return (r <= 1 ? 1 : r <= 2 ? 2 : r <= 2.5 ? 2.5 : r <= 5 ? 5 : 10) * mag;
  }
  function tickText(v) {
    var a = Math.abs(v);
    var units = lang === "en" ? [[1e9, " bn"], [1e6, " m"], [1e3, " k"]] : [[1e8, "亿"], [1e4, "万"]];
    for (var u = 0; u < units.length; u++) {
      if (a >= units[u][0]) { return String(+(v / units[u][0]).toFixed(2)) + units[u][1]; }
    }
    return String(+v.toFixed(2));
  }
  function placeName(k) { var p = data.places[k]; return p ? (lang === "en" ? p[2] : p[1]) : ""; }
  function kindName(k) { var t = KINDS[k]; return t ? t[lang === "en" ? 1 : 0] : k; }
  function seriesPoints(n) {
    var prov = filter[0] >= 0 && data.facets.province[filter[0]] ? data.facets.province[filter[0]][0] : null;
    return (n.ser || []).map(function (r, k) {
      return { k: k, t: periodStart(r[0]), asOf: r[0], v: r[1], prov: r[2], area: r[3], kind: r[4], src: r[5], written: r[6], unit: r[7], reports: r[8] };
    }).filter(function (p) {
      if (!isFinite(p.t)) { return false; }
      if (prov !== null && data.places[p.prov][0] !== prov) { return false; }
      var yr = +String(p.asOf).slice(0, 4);
      return (filter.from === null || yr >= filter.from) && (filter.to === null || yr <= filter.to);
    });
  }
  function seriesChart(i) {
    var n = data.nodes[i];
    if (!n.ser || !n.ser.length) { return null; }
    var pts = seriesPoints(n);
    var box = el("div", "series");
    box.appendChild(el("h4", null, UI[lang].chart + " (" + pts.length + (n.serN > n.ser.length ? " / " + n.serN : "") + ")"));
    if (!pts.length) { box.appendChild(el("p", "other", UI[lang].noPoints)); return box; }
    var W = 340, H = 190, L = 46, R = 10, T = 10, B = 26;
    var t0 = Math.min.apply(null, pts.map(function (p) { return p.t; }));
    var t1 = Math.max.apply(null, pts.map(function (p) { return p.t; }));
    var YEAR = 365.25 * 864e5;
    if (t1 - t0 < YEAR / 6) { t0 -= YEAR / 2; t1 += YEAR / 2; }
    var pad = (t1 - t0) * 0.05;
    t0 -= pad; t1 += pad;
    var v0 = Math.min.apply(null, pts.map(function (p) { return p.v; }));
    var v1 = Math.max.apply(null, pts.map(function (p) { return p.v; }));
    if (v1 === v0) { v0 = v0 > 0 ? 0 : v0 - 1; v1 = v1 > 0 ? v1 * 1.1 : v1 + 1; }
    var vpad = (v1 - v0) * 0.08;
    v0 -= vpad; v1 += vpad;
    function X(t) { return L + (t - t0) / (t1 - t0) * (W - L - R); }
    function Y(v) { return H - B - (v - v0) / (v1 - v0) * (H - T - B); }
    var chart = svg("svg", { "class": "series-chart", viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img" });
    chart.setAttribute("aria-label", nodeLabel(n));
    var grid = svg("g", { "class": "axes", stroke: "#dddddd", "stroke-width": 0.6 });
    var labels = svg("g", { "class": "ticks", fill: "#52606d", "font-size": 10 });
    var step = niceStep(v1 - v0, 4);
    for (var v = Math.ceil(v0 / step) * step; v <= v1; v += step) {
      grid.appendChild(svg("line", { x1: L, x2: W - R, y1: Y(v), y2: Y(v) }));
      labels.appendChild(svg("text", { x: L - 4, y: Y(v) + 3, "text-anchor": "end" }, tickText(v)));
    }
    var y0 = new Date(t0).getUTCFullYear(), y1 = new Date(t1).getUTCFullYear();
    var ystep = Math.max(1, Math.ceil((y1 - y0 + 1) / 6));
    var yearTicks = 0;
    for (var yr = y0; yr <= y1 + 1; yr++) {
      var ty = Date.UTC(yr, 0, 1);
      if (ty < t0 || ty > t1 || (yr - y0) % ystep) { continue; }
      grid.appendChild(svg("line", { x1: X(ty), x2: X(ty), y1: T, y2: H - B }));
      labels.appendChild(svg("text", { x: X(ty), y: H - B + 13, "text-anchor": "middle" }, String(yr)));
      yearTicks++;
    }
    if (!yearTicks) {  // within one year: the month in the middle
      var mid = (t0 + t1) / 2;
      labels.appendChild(svg("text", { x: X(mid), y: H - B + 13, "text-anchor": "middle" }, new Date(mid).toISOString().slice(0, 7)));
    }
    chart.appendChild(grid);
    chart.appendChild(svg("rect", { x: L, y: T, width: W - L - R, height: H - T - B, fill: "none", stroke: "#9aa5b1", "stroke-width": 0.8 }));
    chart.appendChild(labels);
    var units = [];
    pts.forEach(function (p) { if (p.unit && units.indexOf(p.unit) < 0) { units.push(p.unit); } });
    if (units.length) {
      chart.appendChild(svg("text", { x: 4, y: T + 8, fill: "#52606d", "font-size": 10 }, units.join(" / ")));
    }
    var provinces = [];
    pts.forEach(function (p) { if (provinces.indexOf(p.prov) < 0) { provinces.push(p.prov); } });
    var lines = svg("g", { "class": "lines", fill: "none" });
    var dots = svg("g", { "class": "points" });
    var detail = el("div", "point-detail");
    detail.hidden = true;
    function open(p, dot) {
      Array.prototype.forEach.call(dots.querySelectorAll(".pt[aria-pressed=true]"), function (d) { d.setAttribute("aria-pressed", "false"); });
      dot.setAttribute("aria-pressed", "true");
      detail.replaceChildren();
      detail.appendChild(el("strong", null, [placeName(p.area), p.asOf, kindName(p.kind), p.written || String(p.v) + (p.unit || "")].join(" · ")));
      if (p.reports > 1) { detail.appendChild(el("span", "other", fmt(UI[lang].reports, { n: p.reports }))); }
      if (p.src >= 0) { detail.appendChild(quote(p.src, true)); }
      detail.hidden = false;
      viewer.openedPoint = { node: i, point: p.k, source: p.src };
    }
    provinces.forEach(function (prov, c) {
      var colour = COLOURS[c % COLOURS.length];
      var mine = pts.filter(function (p) { return p.prov === prov; }).sort(function (a, b) { return a.t - b.t || a.k - b.k; });
      var done = mine.filter(function (p) { return p.kind !== "Target"; });
      if (done.length > 1) {
        lines.appendChild(svg("polyline", { points: done.map(function (p) { return X(p.t).toFixed(1) + "," + Y(p.v).toFixed(1); }).join(" "), stroke: colour, "stroke-width": 1.5 }));
      }
      mine.filter(function (p) { return p.kind === "Target"; }).forEach(function (p) {
        var before = done.filter(function (d) { return d.t <= p.t; });
        if (before.length) {
          var last = before[before.length - 1];
          lines.appendChild(svg("line", { x1: X(last.t), y1: Y(last.v), x2: X(p.t), y2: Y(p.v), stroke: colour, "stroke-width": 1.2, "stroke-dasharray": "4 3" }));
        }
      });
      mine.forEach(function (p) {
        var target = p.kind === "Target";
        var dot = svg("circle", {
          "class": "pt " + (target ? "target" : "result"), cx: X(p.t).toFixed(1), cy: Y(p.v).toFixed(1), r: 4.5,
          fill: target ? "#ffffff" : colour, stroke: colour, "stroke-width": 1.8,
          tabindex: 0, role: "button", "aria-pressed": "false", "data-point": p.k
        });
        var name = [placeName(p.area), p.asOf, kindName(p.kind), p.written || String(p.v)].join(" · ");
        dot.setAttribute("aria-label", safe(name));
        dot.appendChild(svg("title", {}, name));
        dot.addEventListener("click", function (ev) { ev.stopPropagation(); open(p, dot); });
        dot.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); open(p, dot); } });
        dots.appendChild(dot);
      });
    });
    chart.appendChild(lines);
    chart.appendChild(dots);
    box.appendChild(chart);
    var legend = el("ul", "series-legend");
    provinces.slice(0, 8).forEach(function (prov, c) {
      var li = el("li");
      var sw = el("span", "dot");
      sw.style.background = COLOURS[c % COLOURS.length];
      li.appendChild(sw);
      li.appendChild(document.createTextNode(safe(placeName(prov))));
      legend.appendChild(li);
    });
    if (provinces.length > 8) { legend.appendChild(el("li", null, fmt(UI[lang].more, { n: provinces.length - 8 }))); }
    var res = el("li"); res.appendChild(el("span", "dot filled")); res.appendChild(document.createTextNode(UI[lang].result));
    var tgt = el("li"); tgt.appendChild(el("span", "dot hollow")); tgt.appendChild(document.createTextNode(UI[lang].target));
    legend.appendChild(res);
    legend.appendChild(tgt);
    box.appendChild(legend);
    box.appendChild(el("p", "hint", n.serN > n.ser.length ? fmt(UI[lang].chartHintMore, { n: n.serN - n.ser.length }) : UI[lang].chartHint));
    box.appendChild(detail);
    return box;
  }
  /* Outcomes of an indicator carried in the page, as a table (value, area, as of, report). */
  function pointsTable(i) {
    var pts = kids[i].filter(function (k) { return data.nodes[k].t === "outcome" && match[k]; });
    if (!pts.length) { return null; }
    var box = el("div", "points");
    box.appendChild(el("h4", null, UI[lang].points + " (" + pts.length + ")"));
    var rows = pts.map(function (k) {
      var n = data.nodes[k];
      var d = {};
      (n.d || []).forEach(function (r) { d[r[0]] = lang === "en" ? r[2] : r[1]; });
      var doc = n.src && n.src.length ? docOf(n.src[0]) : null;
      return { node: k, value: d.value || nodeLabel(n), area: d.area || "", asOf: d.as_of || (doc ? doc[2] : ""), report: doc ? doc[1] : "", date: doc ? doc[2] : "" };
    });
    rows.sort(function (a, b) { return String(a.asOf).localeCompare(String(b.asOf)) || a.node - b.node; });
    var table = el("table", "points");
    var head = el("tr");
    [UI[lang].value, UI[lang].area, UI[lang].asOf, UI[lang].report].forEach(function (h) { head.appendChild(el("th", null, h)); });
    table.appendChild(head);
    rows.slice(0, 60).forEach(function (r) {
      var tr = el("tr");
      tr.appendChild(el("td", "num", r.value));
      tr.appendChild(el("td", null, r.area));
      tr.appendChild(el("td", null, r.asOf));
      tr.appendChild(el("td", null, truncate(r.report, 30) + (r.date ? " · " + r.date : "")));
      table.appendChild(tr);
    });
    box.appendChild(table);
    return box;
  }
  function showDetails(i) {
    var n = data.nodes[i];
    detailsBody.replaceChildren();
    detailsBody.appendChild(el("h3", null, labelOf(i)));
    if (otherLabel(n) && otherLabel(n) !== nodeLabel(n)) { detailsBody.appendChild(el("p", "other", otherLabel(n))); }
    detailsBody.appendChild(chip(n.t));
    var acts = el("div", "actions");
    if (kids[i].length && !state.opened[i]) { acts.appendChild(button(UI[lang].expand + " (" + (cnt[i] - match[i]) + ")", function () { expand(i); })); }
    if (kids[i].length && state.opened[i]) { acts.appendChild(button(UI[lang].collapse, function () { collapse(i); })); }
    if (parent[i] >= 0 && state.opened[parent[i]]) {
      var up = parent[i];
      acts.appendChild(button(UI[lang].collapse + "：" + truncate(nodeLabel(data.nodes[up]), 14), function () { collapse(up); }));
    }
    if (!n.c && adj[i].length) {
      var nb = button(UI[lang].neighbours, function () { showNeighbours(i); });
      nb.className = "show-neighbours";
      acts.appendChild(nb);
    }
    detailsBody.appendChild(acts);
    if (n.d && n.d.length) { detailsBody.appendChild(kv(n.d)); }
    if (n.alt && n.alt.length) {
      detailsBody.appendChild(el("p", "other", n.alt.join(" · ")));
    }
    if (n.src && n.src.length) {
      detailsBody.appendChild(el("h4", null, UI[lang].source));
      n.src.forEach(function (s) { detailsBody.appendChild(quote(s, true)); });
    }
    var chart = n.t === "indicator" ? seriesChart(i) : null;
    if (chart) { detailsBody.appendChild(chart); }
    var table = n.t === "indicator" ? pointsTable(i) : null;
    if (table) { detailsBody.appendChild(table); }
    // the facts this node takes part in, each with its sentence, report and date
    var facts = adj[i].filter(function (j) { return data.edges[j][4] && data.edges[j][4].length; });
    if (facts.length) {
      detailsBody.appendChild(el("h4", null, UI[lang].facts));
      facts.slice(0, 12).forEach(function (j) {
        var e = data.edges[j];
        var other = data.nodes[e[0] === i ? e[1] : e[0]];
        var p = el("p", "fact", relation(e[2]) + " · " + nodeLabel(other));
        detailsBody.appendChild(p);
        detailsBody.appendChild(quote(e[4][0], true));
      });
      if (facts.length > 12) { detailsBody.appendChild(el("p", "other", fmt(UI[lang].more, { n: facts.length - 12 }))); }
    }
    var members = kids[i].filter(function (k) { return match[k] || cnt[k] > 0; });
    if (members.length && n.t !== "indicator") {
      detailsBody.appendChild(el("h4", null, UI[lang].members + " (" + (cnt[i] - match[i]) + ")"));
      var mbox = el("div", "neighbours");
      members.slice(0, 40).forEach(function (k) {
        mbox.appendChild(button(truncate(labelOf(k), 24), function () { focusNode(k); }));
      });
      detailsBody.appendChild(mbox);
    }
    if (n.more) { detailsBody.appendChild(el("p", "other", fmt(UI[lang].notCarried, { n: n.more }))); }
    var near = [];
    adj[i].forEach(function (j) {
      var e = data.edges[j];
      var o = e[0] === i ? e[1] : e[0];
      if (near.indexOf(o) < 0) { near.push(o); }
    });
    if (near.length) {
      detailsBody.appendChild(el("h4", null, UI[lang].links));
      var box = el("div", "neighbours");
      near.sort(function (x, y) { return x - y; }).slice(0, 40).forEach(function (j) {
        box.appendChild(button(truncate(nodeLabel(data.nodes[j]), 24), function () { focusNode(j); }));
      });
      if (near.length > 40) { box.appendChild(el("span", "other", fmt(UI[lang].more, { n: near.length - 40 }))); }
      detailsBody.appendChild(box);
    }
    if (!n.c) { detailsBody.appendChild(el("p", "iri", iriOf(n))); }
    details.hidden = false;
    viewer.detailsFor = i;
  }
  viewer.showDetails = showDetails;
  document.getElementById("details-close").addEventListener("click", function () {
    details.hidden = true;
    viewer.detailsFor = null;
    network.unselectAll();
  });

  network.on("hoverNode", function (p) { showNodeTip(p.node, p.pointer); });
  network.on("blurNode", hideTip);
  network.on("hoverEdge", function (p) { showEdgeTip(p.edge, p.pointer); });
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);
  network.on("click", function (p) {
    hideTip();
    if (p.nodes.length) { showDetails(p.nodes[0]); }
  });

  // --- search ----------------------------------------------------------------------------------
  var index = data.nodes.map(function (n) {
    return n.c ? [] : [n.zh, n.en].concat(n.alt || []).map(norm);
  });
  var matches = [];
  var cursor = -1;
  var lastQuery = null;
  var status = document.getElementById("search-status");
  var input = document.getElementById("search-input");

  function find(q) {
    q = norm(q);
    if (!q) { return []; }
    var exact = [];
    var partial = [];
    for (var i = 0; i < index.length; i++) {
      var keys = index[i];
      if (keys.indexOf(q) >= 0) { exact.push(i); } else if (keys.some(function (k) { return k.indexOf(q) >= 0; })) { partial.push(i); }
    }
    partial.sort(function (a, b) {
      return nodeLabel(data.nodes[a]).length - nodeLabel(data.nodes[b]).length || a - b;
    });
    return exact.concat(partial);
  }
  function focusNode(i) {
    var t = data.nodes[i].t;
    if (hiddenTypes[t]) { setTypeVisible(t, true); }
    if (!vis_[i]) { reveal(i); }
    network.selectNodes([i]);
    network.focus(i, { scale: Math.max(network.getScale(), 1.2), animation: false });
    showDetails(i);
    viewer.focused = i;
  }
  viewer.focusNode = focusNode;
  function search(q) {
    if (q !== lastQuery) {
      matches = find(q);
      cursor = -1;
      lastQuery = q;
    }
    if (!matches.length) {
      status.textContent = UI[lang].notFound;
      status.className = "miss";
      return null;
    }
    cursor = (cursor + 1) % matches.length;
    status.textContent = fmt(UI[lang].found, { i: cursor + 1, n: matches.length });
    status.className = "";
    focusNode(matches[cursor]);
    return iriOf(data.nodes[matches[cursor]]);
  }
  viewer.search = search;
  document.getElementById("search").addEventListener("submit", function (ev) {
    ev.preventDefault();
    search(input.value);
  });
  input.addEventListener("input", function () { status.textContent = ""; status.className = ""; });

  var datalist = document.getElementById("search-labels");
  function fillDatalist() {
    datalist.replaceChildren();
    if (N > 3000) { return; }
    var seen = {};
    data.nodes.filter(function (n) { return !n.c; }).map(nodeLabel).sort().forEach(function (label) {
      if (!seen[label]) {
        seen[label] = true;
        var o = document.createElement("option");
        o.value = safe(label);
        datalist.appendChild(o);
      }
    });
  }

  // --- filters and counts --------------------------------------------------------------------
  var selects = {};
  document.querySelectorAll("#filters select[data-facet]").forEach(function (s) {
    var k = +s.getAttribute("data-facet");
    selects[k] = s;
    var values = data.facets ? data.facets[FACETS[k]] || [] : [];
    values.forEach(function (row, v) {
      var o = document.createElement("option");
      o.value = String(v);
      s.appendChild(o);
    });
    if (!values.length) { s.closest("label").hidden = true; }
    s.addEventListener("change", function () { setFilter(FACETS[k], s.value === "" ? null : data.facets[FACETS[k]][+s.value][0]); });
  });
  var yearFrom = document.getElementById("f-year-from");
  var yearTo = document.getElementById("f-year-to");
  if (years.length) {
    yearFrom.placeholder = String(Math.min.apply(null, years));
    yearTo.placeholder = String(Math.max.apply(null, years));
  } else {
    yearFrom.closest("label").hidden = true;
  }
  function onYears() {
    var a = yearFrom.value === "" ? null : +yearFrom.value;
    var b = yearTo.value === "" ? null : +yearTo.value;
    setFilter("years", [a, b]);
  }
  yearFrom.addEventListener("change", onYears);
  yearTo.addEventListener("change", onYears);
  document.getElementById("f-clear").addEventListener("click", function () {
    Object.keys(selects).forEach(function (k) { selects[k].value = ""; });
    yearFrom.value = ""; yearTo.value = "";
    filter[0] = filter[2] = filter[3] = filter[4] = -1;
    filter.from = filter.to = null;
    recount(); render();
  });
  if (!data.facets || !FACETS.some(function (k) { return (data.facets[k] || []).length; })) {
    document.getElementById("filters").hidden = true;
  }
  /* set one filter: facet name and value (an IRI, a body type key), or "years" and [from, to] */
  function setFilter(name, value) {
    if (name === "years") {
      filter.from = value && value[0] !== null && value[0] !== undefined ? +value[0] : null;
      filter.to = value && value[1] !== null && value[1] !== undefined ? +value[1] : null;
      yearFrom.value = filter.from === null ? "" : String(filter.from);
      yearTo.value = filter.to === null ? "" : String(filter.to);
    } else {
      var k = FACETS.indexOf(name);
      if (k < 0 || k === 1) { throw new Error("unknown filter " + name); }
      var rows = data.facets[name] || [];
      var v = -1;
      if (value !== null && value !== undefined && value !== "") {
        for (var r = 0; r < rows.length; r++) { if (rows[r][0] === value || rows[r][1] === value || rows[r][2] === value) { v = r; break; } }
        if (v < 0) { throw new Error("unknown value " + value); }
      }
      filter[k] = v;
      if (selects[k]) { selects[k].value = v < 0 ? "" : String(v); }
    }
    recount();
    render();
    return viewer.counts;
  }
  viewer.setFilter = setFilter;
  /* legend counts (entities matching per type), option counts (entities matching the other
   * filters and that value) and the status line */
  function updateCounts() {
    var perType = {};
    var total = 0, matching = 0;
    var opt = [[], [], [], [], []];
    for (var k = 0; k < 5; k++) { opt[k] = new Int32Array((data.facets && data.facets[FACETS[k]] || []).length); }
    for (var i = 0; i < N; i++) {
      var n = data.nodes[i];
      if (n.c) { continue; }
      total++;
      if (match[i]) { matching++; perType[n.t] = (perType[n.t] || 0) + 1; }
      if (!n.f) { continue; }
      for (var f = 0; f < 5; f++) {
        if (f === 4 && n.t !== "body") { continue; }
        if (!opt[f].length || !passes(i, f)) { continue; }
        n.f[f].forEach(function (v) { opt[f][v]++; });
      }
    }
    document.querySelectorAll(".type-filter").forEach(function (box) {
      var c = box.closest("label").querySelector(".type-count");
      if (c) { c.textContent = String(perType[box.value] || 0); }
    });
    Object.keys(selects).forEach(function (k) {
      var rows = data.facets[FACETS[k]];
      var s = selects[k];
      for (var o = 1; o < s.options.length; o++) {
        var row = rows[o - 1];
        s.options[o].textContent = safe((lang === "en" ? row[2] : row[1]) + " (" + opt[k][o - 1] + ")");
      }
    });
    viewer.counts = { visible: viewer.visible.length, matching: matching, total: total, types: perType };
    document.getElementById("f-status").textContent = anyFilter() ? fmt(UI[lang].filtered, { n: matching, t: total }) : "";
  }

  // --- type filter -----------------------------------------------------------------------------
  function setTypeVisible(t, visible) {
    if (visible) { delete hiddenTypes[t]; } else { hiddenTypes[t] = true; }
    document.querySelectorAll(".type-filter").forEach(function (box) {
      if (box.value === t) { box.checked = visible; }
    });
    recount();
    render();
    if (!visible && viewer.detailsFor !== null && viewer.detailsFor !== undefined && data.nodes[viewer.detailsFor].t === t) {
      details.hidden = true;
      viewer.detailsFor = null;
    }
  }
  viewer.setTypeVisible = setTypeVisible;
  document.querySelectorAll(".type-filter").forEach(function (box) {
    box.addEventListener("change", function () { setTypeVisible(box.value, box.checked); });
  });
  document.getElementById("fit").addEventListener("click", function () { fitAll(); });

  // --- language ----------------------------------------------------------------------------------
  function setLang(l) {
    lang = l === "en" ? "en" : "zh";
    viewer.lang = lang;
    document.documentElement.lang = lang === "en" ? "en" : "zh-Hans";
    document.querySelectorAll("[data-zh][data-en]").forEach(function (e) { e.textContent = e.getAttribute("data-" + lang); });
    document.querySelectorAll("[data-zh-placeholder]").forEach(function (e) {
      e.placeholder = e.getAttribute("data-" + lang + "-placeholder");
      e.setAttribute("aria-label", e.placeholder);
    });
    document.querySelectorAll("#lang-switch button").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-lang") === lang));
    });
    document.title = data.title[lang] || data.title.zh;
    render();
    drawCrumbs();
    fillDatalist();
    if (viewer.detailsFor !== null && viewer.detailsFor !== undefined && !details.hidden) { showDetails(viewer.detailsFor); }
    lastQuery = null;
  }
  viewer.setLang = setLang;
  document.querySelectorAll("#lang-switch button").forEach(function (b) {
    b.addEventListener("click", function () { setLang(b.getAttribute("data-lang")); });
  });
  fillDatalist();

  recount();
  render();
  performance.mark("povkg:network");
  if (data.physics && N) {
    network.stabilize();
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      fitAll();
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else if (N) {
    network.once("afterDrawing", markReady);
    fitAll();
  } else {
    markReady();
  }
})();

/* povkg viewer: draws the embedded graph with vis-network; search, type filter, languages.
 *
 * Every string that comes from the graph is put into the page with textContent or as a
 * canvas label, never as HTML; links are made only for http(s) URLs.
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
      links: "相连节点", more: "另有 {n} 个"
    },
    en: {
      found: "{i} / {n}", notFound: "Not found", source: "Source", original: "As written",
      links: "Connected", more: "{n} more"
    }
  };
  var lang = data.lang === "en" ? "en" : "zh";
  var large = !data.physics && data.nodes.length > 300;
  var LAZY_LABELS = 1500;
  var CANVAS_EDGES = 2500;
  var edgeLabels = data.edges.length <= 400;
  var types = {};
  data.types.forEach(function (t) { types[t.key] = t; });

  // --- helpers -------------------------------------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
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
   * spaces into lines of about 22 characters; at most three lines. */
  function wrap(label) {
    label = String(label || "");
    var lines = [];
    if (/[\u3400-\u9fff]/.test(label) && label.indexOf(" ") < 0) {
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
    if (lines.length > 3) { lines = lines.slice(0, 3); lines[2] = truncate(lines[2] + "…", lines[2].length + 1); }
    return lines.join("\n");
  }
  function nodeLabel(n) { return lang === "en" ? n.en : n.zh; }
  function otherLabel(n) { return lang === "en" ? n.zh : n.en; }
  function typeName(key) { var t = types[key]; return t ? t[lang] : key; }
  function field(key) { var f = data.fields[key]; return f ? f[lang === "en" ? 1 : 0] : key; }
  function relation(key) { var r = data.relations[key]; return r ? r[lang === "en" ? 1 : 0] : key; }
  function edgeLabel(e) {
    if (e[2] === "cohost") { return e[3] > 1 ? "×" + e[3] : ""; }
    return edgeLabels ? relation(e[2]) : "";
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
  /* Big graphs get their labels lazily, for the nodes in view once the zoom makes them
   * legible: creating thousands of canvas labels up front is most of vis-network's start-up. */
  var lazyLabels = data.nodes.length > LAZY_LABELS;
  var labelled = {};
  var nodeItems = data.nodes.map(function (n, i) {
    var item = { id: i, group: n.t, x: n.x, y: n.y, size: n.s };
    if (!lazyLabels || n.s >= 20) { item.label = wrap(nodeLabel(n)); labelled[i] = true; }
    if (data.nodes.length > 100 && n.s >= 18) { item.font = { size: Math.min(36, Math.round(n.s * 0.9)) }; }
    return item;
  });
  /* Many edges are drawn straight onto the canvas under the nodes instead of as vis-network
   * edges: vis deep-copies its edge options for every edge, which dominates start-up. */
  var canvasEdges = data.edges.length > CANVAS_EDGES;
  var neighbours = data.nodes.map(function () { return []; });
  data.edges.forEach(function (e) {
    neighbours[e[0]].push(e[1]);
    neighbours[e[1]].push(e[0]);
  });
  var edgeItems = canvasEdges ? [] : data.edges.map(function (e, i) {
    var item = { id: i, from: e[0], to: e[1], label: edgeLabel(e) };
    if (e[2] === "cohost") { item.width = Math.min(1 + 1.5 * Math.log2(1 + e[3]), 10); }
    return item;
  });
  var nodes = new vis.DataSet(nodeItems);
  var edges = new vis.DataSet(edgeItems);
  var hiddenTypes = {};
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return !hiddenTypes[n.group]; } });
  var edgeView = new vis.DataView(edges, {
    filter: function (e) {
      return !hiddenTypes[data.nodes[e.from].t] && !hiddenTypes[data.nodes[e.to].t];
    }
  });

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
      stabilization: { enabled: true, iterations: data.nodes.length > 120 ? 200 : 400, updateInterval: 25, fit: true },
      minVelocity: 1
    } : { enabled: false },
    interaction: {
      hover: true, tooltipDelay: 100, hideEdgesOnDrag: large, hideEdgesOnZoom: large,
      keyboard: { enabled: true, bindToWindow: false }, multiselect: false
    },
    nodes: {
      font: { face: FONT, size: 14, color: "#1f2933", strokeWidth: 3, strokeColor: "#ffffff" },
      scaling: { label: { drawThreshold: 7 } }
    },
    edges: {
      color: { color: "#a9b6c3", highlight: "#243b53", hover: "#52606d", opacity: 0.85 },
      width: 1,
      selectionWidth: 1.5,
      arrows: { to: { enabled: !large && data.view !== "coorg", scaleFactor: 0.45 } },
      smooth: large ? false : data.layout === "layered"
        ? { enabled: true, type: "cubicBezier", forceDirection: "vertical", roundness: 0.45 }
        : { enabled: true, type: "continuous", roundness: 0.2 },
      font: { face: FONT, size: 10, color: "#52606d", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" },
      scaling: { label: { drawThreshold: 8 } }
    },
    groups: groups
  };

  performance.mark("povkg:datasets");
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);
  performance.mark("povkg:network");

  if (canvasEdges) {
    var dragging = false;
    network.on("dragStart", function () { dragging = data.edges.length > 15000; });
    network.on("dragEnd", function () { if (dragging) { dragging = false; network.redraw(); } });
    network.on("beforeDrawing", function (ctx) {
      if (dragging) { return; }
      var placed = network.body.nodes;
      var scale = network.getScale();
      var selected = network.getSelectedNodes();
      ctx.save();
      ctx.lineWidth = Math.max(1, 0.6 / scale);
      ctx.strokeStyle = "rgba(140, 155, 170, 0.45)";
      ctx.beginPath();
      for (var j = 0; j < data.edges.length; j++) {
        var a = placed[data.edges[j][0]];
        var b = placed[data.edges[j][1]];
        if (a && b) { ctx.moveTo(a.x, a.y); ctx.lineTo(b.x, b.y); }
      }
      ctx.stroke();
      if (selected.length) {
        var s0 = placed[selected[0]];
        ctx.lineWidth = Math.max(2, 1.5 / scale);
        ctx.strokeStyle = "#243b53";
        ctx.beginPath();
        neighbours[selected[0]].forEach(function (k) {
          var o = placed[k];
          if (s0 && o) { ctx.moveTo(s0.x, s0.y); ctx.lineTo(o.x, o.y); }
        });
        ctx.stroke();
      }
      ctx.restore();
    });
  }
  var viewer = {
    data: data, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView, network: network,
    ready: false, readyAt: null, lang: lang
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
  if (data.physics && data.nodes.length) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      fitAll();
      network.once("afterDrawing", markReady);
      network.redraw();
    });
  } else if (data.nodes.length) {
    network.once("afterDrawing", markReady);
    fitAll();
  } else {
    markReady();
  }

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
  function quote(srcIndex, full) {
    var s = data.sources[srcIndex];
    var bq = el("blockquote", null, full ? s[0] : truncate(s[0], 140));
    var doc = data.docs[s[2]];
    if (doc) {
      var cite = el("span", "cite");
      cite.appendChild(document.createTextNode([doc[1], doc[2]].filter(Boolean).join(" · ")));
      if (full && doc[3]) {
        cite.appendChild(document.createTextNode(" · "));
        if (isWebUrl(doc[3])) {
          var a = el("a", null, doc[3]);
          a.href = doc[3];
          a.rel = "noopener noreferrer";
          a.target = "_blank";
          cite.appendChild(a);
        } else {
          cite.appendChild(document.createTextNode(doc[3]));
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
    tooltip.appendChild(el("strong", null, nodeLabel(n)));
    if (otherLabel(n) && otherLabel(n) !== nodeLabel(n)) { tooltip.appendChild(el("span", "other", otherLabel(n))); }
    tooltip.appendChild(chip(n.t));
    if (n.d && n.d.length) { tooltip.appendChild(kv(n.d, 6)); }
    if (n.src && n.src.length) { tooltip.appendChild(quote(n.src[0], false)); }
    placeTooltip(pointer);
  }
  function showEdgeTip(j, pointer) {
    var e = data.edges[j];
    var a = data.nodes[e[0]];
    var b = data.nodes[e[1]];
    tooltip.replaceChildren();
    tooltip.appendChild(el("strong", null, relation(e[2])));
    tooltip.appendChild(el("span", "other", nodeLabel(a) + " → " + nodeLabel(b)));
    if (e[5] && e[5].length) { tooltip.appendChild(kv(e[5])); }
    if (e[4] && e[4].length) { tooltip.appendChild(quote(e[4][0], false)); }
    placeTooltip(pointer);
  }
  function hideTip() { tooltip.hidden = true; }

  function showDetails(i) {
    var n = data.nodes[i];
    detailsBody.replaceChildren();
    detailsBody.appendChild(el("h3", null, nodeLabel(n)));
    if (otherLabel(n) && otherLabel(n) !== nodeLabel(n)) { detailsBody.appendChild(el("p", "other", otherLabel(n))); }
    detailsBody.appendChild(chip(n.t));
    if (n.d && n.d.length) { detailsBody.appendChild(kv(n.d)); }
    if (n.alt && n.alt.length) {
      detailsBody.appendChild(el("p", "other", n.alt.join(" · ")));
    }
    if (n.src && n.src.length) {
      detailsBody.appendChild(el("h4", null, UI[lang].source));
      n.src.forEach(function (s) { detailsBody.appendChild(quote(s, true)); });
    }
    var near = neighbours[i].filter(function (j, k, all) { return all.indexOf(j) === k && !hiddenTypes[data.nodes[j].t]; });
    if (near.length) {
      detailsBody.appendChild(el("h4", null, UI[lang].links));
      var box = el("div", "neighbours");
      near.sort(function (x, y) { return x - y; }).slice(0, 40).forEach(function (j) {
        var b = el("button", null, truncate(nodeLabel(data.nodes[j]), 24));
        b.type = "button";
        b.addEventListener("click", function () { focusNode(j); });
        box.appendChild(b);
      });
      if (near.length > 40) { box.appendChild(el("span", "other", fmt(UI[lang].more, { n: near.length - 40 }))); }
      detailsBody.appendChild(box);
    }
    detailsBody.appendChild(el("p", "iri", n.iri));
    details.hidden = false;
    viewer.detailsFor = i;
  }
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

  var labelTimer = null;
  function labelVisible() {
    labelTimer = null;
    if (!lazyLabels || network.getScale() * 14 < 7) { return; }
    var tl = network.DOMtoCanvas({ x: 0, y: 0 });
    var br = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    var placed = network.body.nodes;
    var updates = [];
    for (var i = 0; i < data.nodes.length && updates.length < 3000; i++) {
      var p = placed[i];
      if (!labelled[i] && p && p.x >= tl.x && p.x <= br.x && p.y >= tl.y && p.y <= br.y) {
        updates.push({ id: i, label: wrap(nodeLabel(data.nodes[i])) });
        labelled[i] = true;
      }
    }
    if (updates.length) { nodes.update(updates); }
  }
  function labelSoon() {
    if (lazyLabels && labelTimer === null) { labelTimer = setTimeout(labelVisible, 120); }
  }
  viewer.labelVisible = labelVisible;
  network.on("zoom", labelSoon);
  network.on("dragEnd", labelSoon);
  network.on("animationFinished", labelSoon);
  network.on("click", function (p) {
    hideTip();
    if (p.nodes.length) { showDetails(p.nodes[0]); }
  });

  // --- search ----------------------------------------------------------------------------------
  var index = data.nodes.map(function (n) {
    return [n.zh, n.en].concat(n.alt || []).map(norm);
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
    network.selectNodes([i]);
    network.focus(i, { scale: Math.max(network.getScale(), 1.2), animation: large ? false : { duration: 300, easingFunction: "easeInOutQuad" } });
    if (large) { labelVisible(); }
    showDetails(i);
    viewer.focused = i;
  }
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
    return data.nodes[matches[cursor]].iri;
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
    if (data.nodes.length > 3000) { return; }
    var seen = {};
    data.nodes.map(nodeLabel).sort().forEach(function (label) {
      if (!seen[label]) {
        seen[label] = true;
        var o = document.createElement("option");
        o.value = label;
        datalist.appendChild(o);
      }
    });
  }

  // --- type filter -----------------------------------------------------------------------------
  function setTypeVisible(t, visible) {
    if (visible) { delete hiddenTypes[t]; } else { hiddenTypes[t] = true; }
    document.querySelectorAll(".type-filter").forEach(function (box) {
      if (box.value === t) { box.checked = visible; }
    });
    nodeView.refresh();
    edgeView.refresh();
    if (!visible && viewer.detailsFor !== null && viewer.detailsFor !== undefined && data.nodes[viewer.detailsFor].t === t) {
      details.hidden = true;
      viewer.detailsFor = null;
    }
  }
  viewer.setTypeVisible = setTypeVisible;
  document.querySelectorAll(".type-filter").forEach(function (box) {
    box.addEventListener("change", function () { setTypeVisible(box.value, box.checked); });
  });
  document.getElementById("fit").addEventListener("click", function () { fitAll(); labelSoon(); });

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
    var relabel = [];
    data.nodes.forEach(function (n, i) { if (labelled[i]) { relabel.push({ id: i, label: wrap(nodeLabel(n)) }); } });
    nodes.update(relabel);
    if (edgeLabels) {
      edges.update(data.edges.map(function (e, j) { return { id: j, label: edgeLabel(e) }; }));
    }
    fillDatalist();
    if (viewer.detailsFor !== null && viewer.detailsFor !== undefined && !details.hidden) { showDetails(viewer.detailsFor); }
    lastQuery = null;
  }
  viewer.setLang = setLang;
  document.querySelectorAll("#lang-switch button").forEach(function (b) {
    b.addEventListener("click", function () { setLang(b.getAttribute("data-lang")); });
  });
  fillDatalist();
})();

// newsgraph UI: a few progressive enhancements over server-rendered pages.
"use strict";
(function () {
  // Rows open their event or entity; links and selections inside still work.
  document.addEventListener("click", function (e) {
    var tr = e.target.closest("tr[data-href]");
    if (!tr || e.target.closest("a") || window.getSelection().toString()) return;
    if (e.ctrlKey || e.metaKey) window.open(tr.dataset.href); else location.href = tr.dataset.href;
  });

  // "/" jumps to the search box, as in most search UIs.
  document.addEventListener("keydown", function (e) {
    var q = document.getElementById("q");
    if (e.key === "/" && q && !/INPUT|SELECT|TEXTAREA/.test(document.activeElement.tagName)) { e.preventDefault(); q.focus(); q.select(); }
  });

  // Charts arrive after the table so the table never waits for aggregates.
  document.querySelectorAll("[data-fragment]").forEach(function (el) {
    fetch(el.dataset.fragment, { headers: { Accept: "text/html" } })
      .then(function (r) { return r.text().then(function (t) { return { ok: r.ok, t: t }; }); })
      .then(function (x) {
        if (!x.ok) { el.innerHTML = '<p class="muted">Charts unavailable.</p>'; return; }
        el.innerHTML = x.t;
      })
      .catch(function () { el.innerHTML = '<p class="muted">Charts unavailable.</p>'; });
  });

  // Hovering a role in the legend or the record shows only that evidence.
  var story = document.getElementById("story");
  if (story) {
    document.querySelectorAll("[data-role]").forEach(function (el) {
      el.addEventListener("mouseenter", function () {
        story.classList.add("focus");
        story.querySelectorAll("mark.hl-" + el.dataset.role).forEach(function (m) { m.classList.add("on"); });
      });
      el.addEventListener("mouseleave", function () {
        story.classList.remove("focus");
        story.querySelectorAll("mark.on").forEach(function (m) { m.classList.remove("on"); });
      });
    });
  }

  // Actor network: a small force-directed layout drawn in SVG.
  var NS = "http://www.w3.org/2000/svg";
  function svgEl(name, attrs) {
    var el = document.createElementNS(NS, name);
    for (var k in attrs) el.setAttribute(k, attrs[k]);
    return el;
  }
  function tone(g) { // mean Goldstein -10..10 to red..grey..green
    var t = Math.max(-1, Math.min(1, g / 6));
    return t < 0 ? "rgb(" + Math.round(150 + 60 * -t) + ",70,60)" : "rgb(60," + Math.round(120 + 50 * t) + ",90)";
  }
  function drawGraph(box, data) {
    var W = box.clientWidth || 800, H = box.clientHeight || 400;
    if (!data.nodes.length) { box.innerHTML = '<p class="empty" style="padding:16px">No actors with events on both sides.</p>'; return; }
    var byId = {}, nodes = data.nodes.map(function (n, i) {
      var a = 2 * Math.PI * i / data.nodes.length;
      var o = { id: n.id, label: n.label || n.code || n.id, w: n.weight, x: W / 2 + Math.cos(a) * W / 4, y: H / 2 + Math.sin(a) * H / 4, vx: 0, vy: 0 };
      byId[n.id] = o; return o;
    });
    var edges = data.edges.filter(function (e) { return byId[e.source] && byId[e.target] && e.source !== e.target; })
      .map(function (e) { return { s: byId[e.source], t: byId[e.target], w: e.weight, g: e.avg_goldstein }; });
    var maxW = Math.max.apply(null, nodes.map(function (n) { return n.w; }).concat([1]));
    var maxE = Math.max.apply(null, edges.map(function (e) { return e.w; }).concat([1]));
    var svg = svgEl("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "Actor network" });
    var gl = svgEl("g", {}), gn = svgEl("g", {});
    svg.appendChild(gl); svg.appendChild(gn);
    edges.forEach(function (e) {
      e.el = svgEl("line", { stroke: tone(e.g), "stroke-width": 1 + 5 * e.w / maxE });
      e.el.appendChild(svgEl("title", {})).textContent = e.s.label + " → " + e.t.label + ": " + e.w + " events, mean Goldstein " + e.g.toFixed(1);
      gl.appendChild(e.el);
    });
    var focus = box.dataset.focus;
    nodes.forEach(function (n) {
      n.r = 5 + 13 * Math.sqrt(n.w / maxW);
      n.el = svgEl("g", { "class": "node" + (n.id === focus ? " focus" : "") });
      n.el.appendChild(svgEl("circle", { r: n.r, fill: n.id.indexOf("code:") === 0 ? "#9aa5b1" : "#3d7cc9" }));
      var t = svgEl("text", { x: n.r + 3, y: 4 }); t.textContent = n.label; n.el.appendChild(t);
      n.el.appendChild(svgEl("title", {})).textContent = n.label + " (" + n.w + " events)";
      gn.appendChild(n.el);
      var drag = null;
      n.el.addEventListener("pointerdown", function (ev) { drag = { x: ev.clientX, y: ev.clientY, moved: false }; n.fixed = true; n.el.setPointerCapture(ev.pointerId); });
      n.el.addEventListener("pointermove", function (ev) {
        if (!drag) return;
        var k = W / box.clientWidth;
        n.x += (ev.clientX - drag.x) * k; n.y += (ev.clientY - drag.y) * k;
        drag.x = ev.clientX; drag.y = ev.clientY; drag.moved = true; alpha = Math.max(alpha, 0.3); kick();
      });
      n.el.addEventListener("pointerup", function () {
        if (drag && !drag.moved && n.id.indexOf("code:") !== 0) location.href = "/entities/" + encodeURIComponent(n.id);
        drag = null;
      });
    });
    box.innerHTML = ""; box.appendChild(svg);
    var alpha = 1, running = false;
    function step() {
      var i, j, a, b, dx, dy, d2, d, f;
      for (i = 0; i < nodes.length; i++) for (j = i + 1; j < nodes.length; j++) {
        a = nodes[i]; b = nodes[j]; dx = b.x - a.x; dy = b.y - a.y; d2 = dx * dx + dy * dy + 0.01;
        f = 3500 / d2; d = Math.sqrt(d2);
        a.vx -= f * dx / d; a.vy -= f * dy / d; b.vx += f * dx / d; b.vy += f * dy / d;
      }
      edges.forEach(function (e) {
        dx = e.t.x - e.s.x; dy = e.t.y - e.s.y; d = Math.sqrt(dx * dx + dy * dy) + 0.01;
        f = (d - 140) * 0.02 * Math.min(1, 0.4 + e.w / maxE);
        e.s.vx += f * dx / d; e.s.vy += f * dy / d; e.t.vx -= f * dx / d; e.t.vy -= f * dy / d;
      });
      nodes.forEach(function (n) {
        n.vx += (W / 2 - n.x) * 0.004; n.vy += (H / 2 - n.y) * 0.004;
        if (!n.fixed) { n.x += n.vx * alpha; n.y += n.vy * alpha; }
        n.vx *= 0.6; n.vy *= 0.6;
        n.x = Math.max(n.r, Math.min(W - n.r - 40, n.x)); n.y = Math.max(n.r, Math.min(H - n.r, n.y));
      });
    }
    function paint() {
      edges.forEach(function (e) { e.el.setAttribute("x1", e.s.x); e.el.setAttribute("y1", e.s.y); e.el.setAttribute("x2", e.t.x); e.el.setAttribute("y2", e.t.y); });
      nodes.forEach(function (n) { n.el.setAttribute("transform", "translate(" + n.x.toFixed(1) + "," + n.y.toFixed(1) + ")"); });
    }
    function tick() {
      step(); step(); paint(); alpha *= 0.985;
      if (alpha > 0.02) requestAnimationFrame(tick); else running = false;
    }
    function kick() { if (!running) { running = true; requestAnimationFrame(tick); } }
    for (var i = 0; i < 120; i++) step(); // settle before the first paint
    alpha = 0.5; paint(); kick();
  }
  document.querySelectorAll("[data-graph]").forEach(function (box) {
    fetch(box.dataset.graph).then(function (r) { return r.json(); }).then(function (d) {
      if (d.error) { box.innerHTML = '<p class="error">' + d.error.message.replace(/</g, "&lt;") + "</p>"; return; }
      drawGraph(box, d);
    }).catch(function () { box.innerHTML = '<p class="muted">Network unavailable.</p>'; });
  });
})();

// The lineage diagram: the positions come from the server (one band per administrative
// level, the selected document in the middle); this file only draws them and makes each
// document a link, for the mouse, the finger and the keyboard. The same documents and their
// relations are listed under the diagram, as its text alternative.
(function () {
  "use strict";
  var holder = document.getElementById("graph-data");
  var box = document.getElementById("cy");
  document.querySelectorAll(".swatch[data-colour]").forEach(function (s) { s.style.background = s.getAttribute("data-colour"); });
  if (!holder || !box || typeof cytoscape !== "function") { return; }
  var data = JSON.parse(holder.textContent);
  if (!data) { return; }
  var cy = cytoscape({
    container: box,
    elements: data.elements,
    layout: { name: "preset", fit: true, padding: 30 },
    minZoom: 0.15,
    maxZoom: 2.5,
    wheelSensitivity: 0.3,
    boxSelectionEnabled: false,
    autoungrabify: true,
    style: [
      { selector: "node", style: {
        "shape": "round-rectangle", "width": 180, "height": 74, "background-color": "#ffffff",
        "border-width": 2, "border-color": "#0b5cad", "label": "data(display)", "text-wrap": "wrap",
        "text-max-width": 170, "text-valign": "center", "text-halign": "center", "font-size": 12,
        "color": "#1b1f24", "font-family": "Noto Sans, DejaVu Sans, Arial, sans-serif" } },
      { selector: "node.root", style: { "border-width": 5, "border-color": "#e36209", "background-color": "#fff4e5", "font-weight": "bold" } },
      { selector: "node.stub", style: { "border-style": "dashed", "border-color": "#6e7781", "color": "#3d4750" } },
      { selector: "edge", style: {
        "width": 2.5, "line-color": "data(colour)", "target-arrow-color": "data(colour)", "target-arrow-shape": "triangle",
        "curve-style": "bezier", "label": "data(label)", "font-size": 10, "color": "#1b1f24",
        "text-background-color": "#ffffff", "text-background-opacity": 0.9, "text-background-padding": 2,
        "text-rotation": "autorotate" } },
      { selector: "node:selected", style: { "overlay-opacity": 0.15 } }
    ]
  });
  cy.on("tap", "node", function (evt) {
    var href = evt.target.data("href");
    if (href) { window.location.assign(href); }
  });
  cy.on("mouseover", "node", function () { box.style.cursor = "pointer"; });
  cy.on("mouseout", "node", function () { box.style.cursor = ""; });
  window.addEventListener("resize", function () { cy.resize(); cy.fit(undefined, 30); });

  // The keyboard's diagram: one real link per node, laid over the node where it is drawn
  // (the canvas has no elements to focus). Tab goes from node to node, the most important
  // first, the focused node is selected and brought into view, Enter opens it; the links
  // take no clicks, so a tap or a drag still reaches the diagram.
  var layer = document.getElementById("cy-keys");
  var said = document.getElementById("cy-said");
  var links = [];
  var only = { includeLabels: false, includeOverlays: false, includeUnderlays: false };  // the node's own box
  if (layer) {
    var rootWord = layer.getAttribute("data-root-word") || "";
    var order = cy.nodes().sort(function (a, b) {
      if (a.hasClass("root") !== b.hasClass("root")) { return a.hasClass("root") ? -1 : 1; }
      var pa = a.position(), pb = b.position();
      return pa.y - pb.y || pa.x - pb.x;
    });
    order.forEach(function (node) {
      var a = document.createElement("a");
      var name = node.data("display").split("\n").join(", ") + (node.hasClass("root") ? " (" + rootWord + ")" : "");
      a.href = node.data("href");
      a.setAttribute("data-node", node.id());
      var text = document.createElement("span");
      text.className = "sr";
      text.textContent = name;
      a.appendChild(text);
      a.addEventListener("focus", function () {
        cy.elements(":selected").unselect();
        node.select();
        var bb = node.renderedBoundingBox(only), w = cy.width(), h = cy.height();
        if (bb.x1 < 0 || bb.y1 < 0 || bb.x2 > w || bb.y2 > h) { cy.center(node); }
        if (said) { said.textContent = name; }
      });
      a.addEventListener("blur", function () { node.unselect(); });
      layer.appendChild(a);
      links.push([node, a]);
    });
  }
  var pending = false;
  function place() {
    pending = false;
    links.forEach(function (pair) {
      var bb = pair[0].renderedBoundingBox(only), a = pair[1];
      a.style.left = bb.x1 + "px";
      a.style.top = bb.y1 + "px";
      a.style.width = Math.max(0, bb.x2 - bb.x1) + "px";
      a.style.height = Math.max(0, bb.y2 - bb.y1) + "px";
    });
  }
  cy.on("viewport resize", function () {
    if (!pending) { pending = true; window.requestAnimationFrame(place); }
  });
  place();
  window.vanbanLineage = cy;  // for the browser tests, which tap a node where it is drawn
  box.setAttribute("data-ready", String(cy.nodes().length));
})();

// The lineage diagram: the positions come from the server (one band per administrative
// level, the selected document in the middle); this file only draws them and makes each
// document a link. The same documents are listed under the diagram for keyboards and screen readers.
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
  window.vanbanLineage = cy;  // for the browser tests, which tap a node where it is drawn
  box.setAttribute("data-ready", String(cy.nodes().length));
})();

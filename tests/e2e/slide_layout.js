// Every label plotly drew in a slide, measured as the browser draws it: its font size and its
// outline on screen (a quadrilateral, since tick labels may be turned), then every pair of
// labels whose outlines overlap by more than a pixel (separating-axis test), and every label
// that leaves the slide. Returns {labels, small, overlaps, outside}.
return (function (root, minimum) {
  const kinds = {tick: ".xtick text, .ytick text", axis: ".g-xtitle text, .g-ytitle text",
                 title: ".gtitle", note: ".annotation-text", legend: ".legendtext",
                 colourbar: ".cbaxis text, .cbtitle text", cell: ".hm text, .heatmaplayer text",
                 point: ".textpoint text"};
  const labels = [];
  for (const [kind, selector] of Object.entries(kinds)) {
    root.querySelectorAll(selector).forEach(function (el) {
      if (!el.textContent.trim() || !el.getBBox) { return; }
      const box = el.getBBox();
      if (box.width < 1 || box.height < 1) { return; }
      const m = el.getScreenCTM();
      const corners = [[box.x, box.y], [box.x + box.width, box.y],
                       [box.x + box.width, box.y + box.height], [box.x, box.y + box.height]]
        .map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]);
      labels.push({kind: kind, text: el.textContent.slice(0, 40), corners: corners,
                   size: parseFloat(getComputedStyle(el).fontSize)});
    });
  }
  function axes(quad) {
    return quad.map((p, i) => { const q = quad[(i + 1) % 4]; return [q[1] - p[1], p[0] - q[0]]; });
  }
  function overlap(a, b) {
    let least = Infinity;
    for (const [x, y] of [...axes(a), ...axes(b)]) {
      const length = Math.hypot(x, y) || 1;
      const project = (quad) => quad.map((p) => (p[0] * x + p[1] * y) / length);
      const pa = project(a), pb = project(b);
      const depth = Math.min(Math.max(...pa), Math.max(...pb)) - Math.max(Math.min(...pa), Math.min(...pb));
      least = Math.min(least, depth);
      if (least <= 1) { return 0; }
    }
    return least;
  }
  const overlaps = [];
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      const depth = overlap(labels[i].corners, labels[j].corners);
      if (depth > 1) {
        overlaps.push([labels[i].kind, labels[i].text, labels[j].kind, labels[j].text, Math.round(depth)]);
      }
    }
  }
  const frame = root.getBoundingClientRect();
  const outside = labels.filter((l) => l.corners.some(([x, y]) =>
    x < frame.left - 1 || x > frame.right + 1 || y < frame.top - 1 || y > frame.bottom + 1))
    .map((l) => [l.kind, l.text]);
  const small = labels.filter((l) => ["tick", "axis", "colourbar"].includes(l.kind) && l.size < minimum)
    .map((l) => [l.kind, l.text, l.size]);
  const titles = labels.filter((l) => l.kind === "title").map((l) => l.size);
  return {labels: labels.length, small: small, overlaps: overlaps, outside: outside, titles: titles};
})(arguments[0], arguments[1]);

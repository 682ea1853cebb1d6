/* Maps show the whole of their area, at any size. A map figure carries the bounds of its areas
   in layout.meta.bounds ([west, south, east, north], see dashboard/figures/maps.py); the
   server's centre and zoom are only a first guess, made without knowing the graph's size.
   Here each MapLibre map is fitted to its bounds at its real pixel size, with a small margin:
   when it is first drawn, when its figure brings other bounds, and when the graph is resized
   (window resize, phone rotation, a panel opening).

   The fit is handed to MapLibre as if the reader had moved the map (an originalEvent in the
   event data), so plotly records it as a view edit: the figure's uirevision then keeps it
   through later updates of colours or hover text, and a reader's own pan or zoom is kept too
   until the size or the area changes. */
(function () {
  "use strict";
  var PADDING = 0.04;   // share of the smaller side kept free: dashboard.figures.maps.FIT_PADDING
  var fitted = new WeakMap();  // graph div -> key of its last fit (bounds and size)
  var watched = new WeakSet();

  function boundsOf(gd) {
    var meta = gd.layout && gd.layout.meta;
    var b = meta && meta.bounds;
    return Array.isArray(b) && b.length === 4 && b.every(isFinite) ? b : null;
  }

  function mapsOf(gd) {
    var layout = gd._fullLayout || {};
    return Object.keys(layout).filter(function (key) {
      return /^map\d*$/.test(key) && layout[key] && layout[key]._subplot &&
        layout[key]._subplot.map;
    }).map(function (key) { return layout[key]._subplot.map; });
  }

  // The map's style document is in (MapLibre's getStyle(), which plotly reads when it redraws
  // a map, has nothing to return before); its sources may still be loading.
  function styleReady(map) {
    return !!(map.style && map.style._loaded);
  }

  function fit(gd, force, tries) {
    var bounds = boundsOf(gd);
    if (!bounds) { return; }
    mapsOf(gd).forEach(function (map) {
      var box = map.getContainer();
      var width = box.clientWidth, height = box.clientHeight;
      if (!width || !height) { return; }  // not shown: fitted when it is
      if (!styleReady(map)) {  // plotly redraws a moved map: wait for its style
        if ((tries || 0) < 100) {
          setTimeout(function () { fit(gd, force, (tries || 0) + 1); }, 100);
        }
        return;
      }
      var key = bounds.join(",") + "|" + width + "x" + height;
      if (!force && fitted.get(gd) === key) { return; }
      fitted.set(gd, key);
      map.fitBounds([[bounds[0], bounds[1]], [bounds[2], bounds[3]]],
        {padding: Math.round(PADDING * Math.min(width, height)), animate: false},
        {originalEvent: {type: "atlas-fit"}});
    });
  }

  function watch(gd) {
    if (watched.has(gd) || typeof gd.on !== "function") { return; }
    watched.add(gd);
    // After the figure and its caption have settled (assets/caption-fit.js may change the
    // margins, and so the map's size, right after a draw), not in the middle of a redraw.
    var pending = null;
    var later = function () {
      clearTimeout(pending);
      pending = setTimeout(function () { fit(gd, false); }, 80);
    };
    gd.on("plotly_afterplot", later);
    if (window.ResizeObserver) { new ResizeObserver(later).observe(gd); }
    later();
  }

  function scan() {
    document.querySelectorAll(".js-plotly-plot").forEach(watch);
  }

  var queued = false;
  new MutationObserver(function () {
    if (queued) { return; }
    queued = true;
    window.requestAnimationFrame(function () { queued = false; scan(); });
  }).observe(document.documentElement, {childList: true, subtree: true});
  document.addEventListener("DOMContentLoaded", scan);
}());

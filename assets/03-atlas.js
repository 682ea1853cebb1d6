/* The page leads with its headline chart: work that can wait (the page's other charts, the
   place search's list of districts) waits until that chart is on screen. */
(function () {
  "use strict";
  var FIRST_CHART = "#app-page-div .js-plotly-plot";

  function drawn(graph) {
    var layout = graph && graph._fullLayout;
    if (!layout) { return false; }
    var map = layout.map && layout.map._subplot && layout.map._subplot.map;
    return !layout.map || (!!map && map.loaded());
  }

  // A promise resolved once the page's first chart is drawn (a map: once MapLibre has drawn
  // it), or after ``timeout`` ms, so nothing waits for a chart that never comes.
  function afterFirstChart(timeout) {
    return new Promise(function (resolve) {
      var start = performance.now();
      (function poll() {
        if (drawn(document.querySelector(FIRST_CHART)) ||
            performance.now() - start > (timeout || 4000)) {
          requestAnimationFrame(function () { resolve(); });
        } else {
          requestAnimationFrame(poll);
        }
      })();
    });
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    atlas: {afterFirstChart: afterFirstChart}
  });
})();

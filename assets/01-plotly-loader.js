/* The atlas's own plotly.js (server/static_files.py): only the trace types the atlas draws.
   dcc.Graph uses window.Plotly when it is set, and would otherwise load Dash's full plotly.js
   (4.8 MB). Here window.Plotly is a promise of the bundle: it starts loading at once on pages
   that draw charts (the page also preloads it), and on first use on the others. When the
   bundle runs it replaces window.Plotly with itself. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="atlas:plotly"]');
  if (window.Plotly || !meta) { return; }  // not the atlas's page: dcc.Graph loads its own
  var loading = null;
  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = meta.content;
        script.onload = function () { resolve(window.Plotly); };
        script.onerror = function () { reject(new Error("The chart library did not load.")); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }
  if (document.querySelector('link[rel="preload"][href="' + meta.content + '"]')) { load(); }
  window.Plotly = {then: function (resolve, reject) { return load().then(resolve, reject); }};
})();

/* Tables (dash-ag-grid) load their library (1.3 MB, and 0.9 MB more for the grid itself) only
   on pages that show one, after the page's headline chart is drawn, and only once the table is
   displayed (a table hidden on a narrow screen, or until a file is read, loads when it shows):
   server/static_files.py leaves the library out of the page's scripts and names it in
   <meta name="atlas:grid">. Until then a grid is a placeholder of the same id; then it becomes
   the real grid, with every property the page gave it. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="atlas:grid"]');
  if (!meta || (window.dash_ag_grid && window.dash_ag_grid.AgGrid)) { return; }
  var React = window.React;
  var loading = null;
  var Real = null;

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = meta.content;
        script.onload = function () {
          // The library replaced this namespace with its own (read-only exports): keep them,
          // with this component as AgGrid, so grids already shown keep their type.
          var library = window.dash_ag_grid;
          var namespace = {};
          Object.keys(library).forEach(function (name) { namespace[name] = library[name]; });
          Real = library.AgGrid;
          namespace.AgGrid = LazyGrid;
          window.dash_ag_grid = namespace;
          resolve(Real);
        };
        script.onerror = function () { reject(new Error("The table library did not load.")); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function LazyGrid(props) {
    var placeholder = React.useRef(null);
    var ready = React.useState(!!Real);
    React.useEffect(function () {
      if (ready[0]) { return undefined; }
      var gone = false;
      var watcher = null;
      var show = function () { load().then(function () { if (!gone) { ready[1](true); } }); };
      var atlas = window.dash_clientside && window.dash_clientside.atlas;
      (atlas ? atlas.afterFirstChart(6000) : Promise.resolve()).then(function () {
        var node = placeholder.current;
        if (gone || !node) { return; }
        if (node.getClientRects().length || !("ResizeObserver" in window)) { show(); return; }
        watcher = new ResizeObserver(function () {  // displayed at last: it has a box
          if (node.getClientRects().length) { watcher.disconnect(); show(); }
        });
        watcher.observe(node);
      });
      return function () { gone = true; if (watcher) { watcher.disconnect(); } };
    }, []);
    if (ready[0] && Real) { return React.createElement(Real, props); }
    return React.createElement("div", {
      ref: placeholder, id: props.id, role: "status",
      className: "grid-placeholder " + (props.className || "")
    }, "Loading the table…");
  }

  window.dash_ag_grid = Object.assign(window.dash_ag_grid || {}, {AgGrid: LazyGrid});
})();

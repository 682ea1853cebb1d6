/* Tables (dash-ag-grid) load their library (1.3 MB, and 0.9 MB more for the grid itself) only
   when a table first comes near the screen: server/static_files.py leaves it out of the page's
   scripts and names it in <meta name="atlas:grid">. Until then a grid is a placeholder of the
   same id; then it becomes the real grid, with every property the page gave it. */
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
      var show = function () { load().then(function () { ready[1](true); }); };
      if (!("IntersectionObserver" in window)) { show(); return undefined; }
      var watcher = new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; })) {
          watcher.disconnect();
          show();
        }
      }, {rootMargin: "600px 0px"});
      watcher.observe(placeholder.current);
      return function () { watcher.disconnect(); };
    }, []);
    if (ready[0] && Real) { return React.createElement(Real, props); }
    return React.createElement("div", {
      ref: placeholder, id: props.id, role: "status",
      className: "grid-placeholder " + (props.className || "")
    }, "Loading the table…");
  }

  window.dash_ag_grid = Object.assign(window.dash_ag_grid || {}, {AgGrid: LazyGrid});
})();

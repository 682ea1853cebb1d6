/* Captions set for the graph's real width. A figure's caption (headline, standfirst, footer)
   is wrapped on the server for a typical graph (dashboard/figures/caption.py); its text and
   type sizes travel in layout.meta.caption. Here it is wrapped again, with the same rules and
   line spacing, for the width the graph actually has, whenever that width changes, so a title
   is never cut off on a phone nor left in a narrow column on a wide screen. The top and bottom
   margins follow the number of lines (a map's colour bar in the legend row moves with them), so
   nothing overlaps the legend or the plot. */
(function () {
  "use strict";
  var LINE = 1.3;                  // plotly's line spacing, in em
  var CHAR = 0.5, BOLD = 0.56;     // average character widths, in em (as the server assumes)
  var watched = new WeakSet();

  function escape(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function wrap(text, width) {
    var lines = [], line = "";
    String(text || "").split(/\s+/).filter(Boolean).forEach(function (word) {
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) { lines.push(line); }
    return lines;
  }

  // A map whose style is still loading must not be redrawn (plotly would add its layers to a
  // style that is not there yet): try again shortly.
  function mapsLoading(gd) {
    var layout = gd._fullLayout || {};
    return Object.keys(layout).some(function (key) {
      var sub = /^map\d*$/.test(key) && layout[key] && layout[key]._subplot;
      return sub && sub.map && !(sub.map.style && sub.map.style._loaded);
    });
  }

  function fitCaption(gd, tries) {
    var meta = gd.layout && gd.layout.meta, c = meta && meta.caption;
    if (!c || !gd.layout.title || !gd.clientWidth) { return; }
    if (mapsLoading(gd)) {
      if ((tries || 0) < 100) {
        setTimeout(function () { fitCaption(gd, (tries || 0) + 1); }, 100);
      }
      return;
    }
    var width = gd.clientWidth - 2 * c.side;
    var s = c.sizes;
    var title = wrap(c.title, Math.max(12, Math.floor(width / (BOLD * s[0]))));
    var sub = wrap(c.subtitle, Math.max(16, Math.floor(width / (CHAR * s[1]))));
    var footer = [];
    c.footer.forEach(function (l) {
      footer = footer.concat(wrap(l, Math.max(20, Math.floor(width / (CHAR * s[2])))));
    });
    var parts = title.map(function (l) { return "<b>" + escape(l) + "</b>"; });
    if (sub.length) {
      parts.push("<span style='font-size:" + s[1] + "px'>" + sub.map(escape).join("<br>") +
        "</span>");
    }
    var text = parts.join("<br>");
    var notes = footer.map(escape).join("<br>");
    var index = (gd.layout.annotations || []).findIndex(function (a) {
      return a.name === "caption-sources";
    });
    var current = index >= 0 ? gd.layout.annotations[index] : {};
    // The footer starts at the figure's left edge, not at the plot's (long axis labels push
    // the plot right): shift it back by the left margin plotly settled on.
    var shift = -Math.max(0, ((gd._fullLayout._size || {}).l || c.side) - c.side);
    if (text === gd.layout.title.text &&
        (index < 0 || (notes === current.text && shift === (current.xshift || 0)))) { return; }
    var lines = title.length + sub.length;
    var top = (lines ? Math.round(c.pad + (lines - 1) * LINE * s[0] + 0.3 * s[0]) + c.gap : c.pad);
    var update = {"title.text": text, "margin.t": top + c.row};
    if (index >= 0) {
      update["annotations[" + index + "].text"] = notes;
      update["annotations[" + index + "].xshift"] = shift;
      update["margin.b"] = c.axis + (footer.length ?
        Math.round(LINE * s[2] * footer.length) + c.footer_gap : 0);
    }
    // A colour bar set in the legend row (against the container) moves with the title block.
    var bars = [], tops = [];
    (gd.data || []).forEach(function (trace, i) {
      if (c.row && trace.colorbar && trace.colorbar.yref === "container") {
        bars.push(i);
        tops.push(1 - (top + c.row - 6) / (gd._fullLayout.height || gd.clientHeight));
      }
    });
    if (bars.length) {
      window.Plotly.update(gd, {"colorbar.y": tops}, update, bars);
    } else {
      window.Plotly.relayout(gd, update);
    }
  }

  function watch(gd) {
    if (watched.has(gd) || typeof gd.on !== "function") { return; }
    watched.add(gd);
    gd.on("plotly_afterplot", function () { fitCaption(gd); });
    if (window.ResizeObserver) {
      var pending = null, lastWidth = 0;
      new ResizeObserver(function () {
        if (gd.clientWidth === lastWidth) { return; }
        lastWidth = gd.clientWidth;
        clearTimeout(pending);
        pending = setTimeout(function () { fitCaption(gd); }, 100);
      }).observe(gd);
    }
    fitCaption(gd);
  }

  var queued = false;
  new MutationObserver(function () {
    if (queued) { return; }
    queued = true;
    window.requestAnimationFrame(function () {
      queued = false;
      document.querySelectorAll(".js-plotly-plot").forEach(watch);
    });
  }).observe(document.documentElement, {childList: true, subtree: true});
}());

/* Presenter mode keys: arrows, Page Up/Down (what clickers send), Space, Home, End and F do what
   the presenter's own buttons do, so every step is also a real, labelled, focusable button.
   A step moves the URL fragment (#3) here in the page, at once: presses in quick succession add
   up (a server callback reading the fragment would see the same one twice). The page's
   callbacks then show the step the fragment names. */
(function () {
  "use strict";
  var ACTIONS = {
    ArrowRight: "next", PageDown: "next", " ": "next",
    ArrowLeft: "previous", PageUp: "previous", Home: "first", End: "last"
  };

  function stageShown() {
    var stage = document.querySelector("[data-presenter-stage]");
    return !!stage && stage.getClientRects().length > 0;
  }

  // Same rules as dashboard.presenter.step_from_hash; the total comes from the server.
  function step(action) {
    var counter = document.getElementById("present-total-text");
    var total = Math.max(parseInt(counter && counter.textContent, 10) || 1, 1);
    var clamp = function (n) { return Math.min(Math.max(n, 1), total); };
    var found = /^#?(\d{1,6})$/.exec((window.location.hash || "").trim());
    var current = clamp(found ? parseInt(found[1], 10) : 1);
    var moves = {first: 1, previous: current - 1, next: current + 1, last: total};
    var target = "#" + clamp(action in moves ? moves[action] : current);
    if (target !== window.location.hash) { window.location.hash = target; }
  }

  function toggleFullscreen() {
    var root = document.querySelector("[data-presenter-root]");
    if (!root || !root.requestFullscreen) { return; }
    var request = document.fullscreenElement ? document.exitFullscreen() : root.requestFullscreen();
    if (request && request.catch) { request.catch(function () { /* refused: stay as is */ }); }
  }

  // Capture phase on window: the keys step the talk even when a map or chart has focus.
  window.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || !stageShown()) {
      return;
    }
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable], .dash-dropdown")) {
      return;
    }
    if (event.key === " " && target.closest && target.closest("button, a, summary")) {
      return;  // Space presses the focused control itself
    }
    if (event.key === "f" || event.key === "F") {
      event.preventDefault();
      event.stopPropagation();
      toggleFullscreen();
      return;
    }
    var action = ACTIONS[event.key];
    var button = action && document.querySelector('[data-present-action="' + action + '"]');
    if (!button || button.disabled) { return; }
    event.preventDefault();
    event.stopPropagation();
    step(action);
  }, true);

  document.addEventListener("click", function (event) {
    if (!event.target.closest) { return; }
    if (event.target.closest("[data-present-fullscreen]")) {
      toggleFullscreen();
    }
    var button = event.target.closest("[data-present-action]");
    if (button && !button.disabled) {
      step(button.getAttribute("data-present-action"));
    }
  });

  document.addEventListener("fullscreenchange", function () {
    var button = document.querySelector("[data-present-fullscreen]");
    if (button) { button.textContent = document.fullscreenElement ? "Leave full screen" : "Full screen"; }
    fit();
  });

  // A slide is laid out at its design size (1920 x 1000 px: a 1080p screen less this bar) and
  // scaled as a whole to the space under the bar, like a slide deck: on any screen its type
  // keeps the proportions it was checked at, and nothing it holds can overlap.
  function fit() {
    var canvas = document.querySelector("[data-slide-width]");
    var bar = document.querySelector(".presenter-bar");
    if (!canvas || !bar || !stageShown()) { return; }
    var width = parseFloat(canvas.getAttribute("data-slide-width"));
    var height = parseFloat(canvas.getAttribute("data-slide-height"));
    var room = window.innerHeight - bar.getBoundingClientRect().height;
    var scale = Math.min(document.documentElement.clientWidth / width, room / height);
    var graph = canvas.firstElementChild;
    var transform = "scale(" + scale + ")";
    var box = Math.floor(height * scale) + "px";
    if (graph && graph.style.transform !== transform) { graph.style.transform = transform; }
    if (canvas.style.height !== box) { canvas.style.height = box; }
  }
  window.addEventListener("resize", fit);
  // The stage is shown by a style change once the page has loaded (the layout comes later).
  new MutationObserver(function (changes, observer) {
    var stage = document.querySelector("[data-presenter-stage]");
    if (!stage) { return; }
    observer.disconnect();
    new MutationObserver(fit).observe(stage, {attributes: true, attributeFilter: ["style"]});
    fit();
  }).observe(document.documentElement, {childList: true, subtree: true});
})();

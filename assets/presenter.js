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
  });
})();

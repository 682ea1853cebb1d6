/* Presenter mode keys: arrows, Page Up/Down (what clickers send), Space, Home, End and F press
   the presenter's own buttons, so every step is also a real, labelled, focusable button. */
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
    button.click();
  }, true);

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-present-fullscreen]")) {
      toggleFullscreen();
    }
  });

  document.addEventListener("fullscreenchange", function () {
    var button = document.querySelector("[data-present-fullscreen]");
    if (button) { button.textContent = document.fullscreenElement ? "Leave full screen" : "Full screen"; }
  });
})();

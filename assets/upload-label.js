// dcc.Upload renders its file input without a label: name it for screen readers (WCAG 1.3.1, 4.1.2).
(function () {
  "use strict";
  var LABEL = "Choose a CSV or XLSX file of the exchange template";
  function label() {
    document.querySelectorAll("#data-file-upload input[type=file]:not([aria-label])")
      .forEach(function (input) { input.setAttribute("aria-label", LABEL); });
  }
  new MutationObserver(label).observe(document.documentElement, {childList: true, subtree: true});
})();

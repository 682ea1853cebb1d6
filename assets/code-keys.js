// Coding workbench keys: J next, K previous, A accept, E edit (open the type picker), S save.
// Each key clicks the on-screen button of the same name; nothing happens while typing in a field.
(function () {
  "use strict";
  var BUTTONS = {j: "code-next-button", k: "code-previous-button", a: "code-accept-button",
                 s: "code-save-row-button"};
  function visible(id) {
    var element = document.getElementById(id);
    return element && element.offsetParent !== null ? element : null;
  }
  function editPickers() {
    // Dash 4's dropdown is a button that opens a searchable list: open the type picker's list
    // so the person can type a label straight away.
    var picker = document.getElementById("code-pick-types-dropdown");
    if (picker) { picker.click(); }
  }
  document.addEventListener("keydown", function (event) {
    if (!visible("code-workbench-div") || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    if (target && target.closest && target.closest("input, textarea, select, [role=combobox], " +
                                                     "[contenteditable=true]")) { return; }
    var key = (event.key || "").toLowerCase();
    if (key === "e") { event.preventDefault(); editPickers(); return; }
    var button = BUTTONS[key] && visible(BUTTONS[key]);
    if (button && !button.disabled) { event.preventDefault(); button.click(); }
  });
  document.addEventListener("click", function (event) {
    if (event.target && event.target.closest && event.target.closest("#code-edit-button")) {
      editPickers();
    }
  });
  // dcc.Upload renders its file input without a label: name it for screen readers.
  new MutationObserver(function () {
    document.querySelectorAll("#code-file-upload input[type=file]:not([aria-label])")
      .forEach(function (input) { input.setAttribute("aria-label", "Choose a directory file"); });
  }).observe(document.documentElement, {childList: true, subtree: true});
})();

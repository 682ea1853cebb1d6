// Every control a finger can tap on the page, and those smaller than `minimum` px either way.
// An invisible helper (opacity 0 or no pointer events, e.g. a dropdown's focus catcher) is not
// a target; a checkbox inside an option row is not either: the whole row is.
return (function (minimum) {
  const selector = "a, button, input:not([type=hidden]), select, textarea, [role=option], " +
                   "[role=button], [tabindex]:not([tabindex='-1'])";
  const small = [];
  let count = 0;
  document.querySelectorAll(selector).forEach(function (el) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width === 0 || box.height === 0 || style.visibility === "hidden" ||
        style.pointerEvents === "none" || style.opacity === "0") { return; }
    if (el.tagName === "A" && !el.href && !el.classList.contains("dash-dropdown-clear")) { return; }
    if (el.type === "checkbox" && el.closest("label, [role=option]")) { return; }
    count += 1;
    if (box.width < minimum || box.height < minimum) {
      small.push([el.tagName, el.id || el.className, Math.round(box.width), Math.round(box.height)]);
    }
  });
  return {count: count, small: small, height: document.documentElement.scrollHeight};
})(arguments[0]);

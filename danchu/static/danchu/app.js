/* danchu — the little JavaScript every page shares (no inline script: the Content-Security-Policy forbids it).
   Everything works without it; it only saves a click. */
(function () {
  "use strict";
  // Elements marked data-autosubmit submit their form when changed (the unit switcher).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el && el.hasAttribute && el.hasAttribute("data-autosubmit") && el.form) {
      if (el.form.requestSubmit) { el.form.requestSubmit(); } else { el.form.submit(); }
    }
  });
})();

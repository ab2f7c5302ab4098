// Attendance checklist: a live count of the households present and a filter by code or name.
// The form works without it (plain checkboxes and a submit button).
(function () {
  function fold(s) {
    return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  document.addEventListener("DOMContentLoaded", function () {
    var list = document.getElementById("checklist");
    if (!list) return;
    var counter = document.getElementById("present-count");
    var filter = document.getElementById("filter");
    var rows = Array.prototype.slice.call(list.querySelectorAll("li[data-key]"));
    rows.forEach(function (li) { li.dataset.folded = fold(li.dataset.key); });
    function recount() {
      var n = list.querySelectorAll("input[name=present]:checked").length;
      if (counter) counter.textContent = n;
    }
    var form = document.getElementById("checklist-form");
    var status = document.getElementById("save-status");
    var base = form && form.dataset.toggleUrl;
    var token = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    list.addEventListener("change", function (e) {
      var box = e.target;
      if (box.name !== "present") return;
      box.closest("li").classList.toggle("on", box.checked);
      recount();
      if (!base || !token) return;
      // save each tap at once, so nothing is lost if the phone goes off before "Lưu"
      var body = new URLSearchParams({present: box.checked ? "1" : "0"});
      fetch(base.replace(/\/0\/$/, "/" + box.value + "/"), {method: "POST", body: body, credentials: "same-origin",
        headers: {"X-CSRFToken": token.value}})
        .then(function (r) { return r.text().then(function (t) { return {ok: r.ok, text: t}; }); })
        .then(function (res) {
          if (!res.ok) {
            box.checked = !box.checked;
            box.closest("li").classList.toggle("on", box.checked);
            recount();
          }
          if (status) status.textContent = res.ok ? status.dataset.saved : res.text;
        })
        .catch(function () { if (status) status.textContent = status.dataset.offline; });
    });
    if (filter) {
      var apply = function () {
        var q = fold(filter.value.trim());
        rows.forEach(function (li) { li.hidden = q !== "" && li.dataset.folded.indexOf(q) === -1; });
      };
      filter.addEventListener("input", apply);
      apply();  // text typed before the script ran
      filter.addEventListener("keydown", function (e) { if (e.key === "Enter") e.preventDefault(); });
    }
  });
})();

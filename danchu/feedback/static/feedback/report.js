/* danchu — feedback form: the phone's own position (GPS works without a network) and the anonymous switch. */
(function () {
  "use strict";
  function ready(fn) { if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); } }
  ready(function () {
    var button = document.getElementById("locate");
    var status = document.getElementById("locate-status");
    var lat = document.getElementById("id_lat");
    var lon = document.getElementById("id_lon");
    if (button && lat && lon) {
      if (!("geolocation" in navigator)) {
        button.hidden = true;
      } else {
        button.hidden = false;
        button.addEventListener("click", function () {
          status.textContent = button.dataset.waiting;
          navigator.geolocation.getCurrentPosition(function (pos) {
            lat.value = pos.coords.latitude.toFixed(6);
            lon.value = pos.coords.longitude.toFixed(6);
            status.textContent = button.dataset.done.replace("%s", Math.round(pos.coords.accuracy));
            var details = document.getElementById("coordinates");
            if (details) { details.open = true; }
          }, function () {
            status.textContent = button.dataset.failed;
          }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
        });
      }
    }
    var anonymous = document.getElementById("id_anonymous");
    var contact = document.getElementById("contact-fields");
    function sync() { if (contact) { contact.hidden = anonymous.checked; } }
    if (anonymous) { anonymous.addEventListener("change", sync); sync(); }
  });
}());

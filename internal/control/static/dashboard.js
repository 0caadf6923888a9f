// The dashboard refreshes its live tables (elements with data-live) in
// place: it fetches the page again and swaps those elements, leaving the
// forms (and anything being typed into them) alone.
(function () {
  "use strict";
  var every = (Number(document.body.dataset.refresh) || 5) * 1000;
  var auto = document.getElementById("auto-refresh");
  var stamp = document.getElementById("refreshed");

  // After a form's redirect, drop ?done= so a refresh does not show the
  // notice as if the action had just happened again.
  var here = new URL(location.href);
  if (here.searchParams.has("done")) {
    here.searchParams.delete("done");
    history.replaceState(null, "", here.pathname + here.search + here.hash);
  }

  function refresh() {
    return fetch(location.pathname + location.search, { credentials: "same-origin", cache: "no-store" })
      .then(function (res) {
        if (!res.ok) { throw new Error("HTTP " + res.status); }
        return res.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        document.querySelectorAll("[data-live]").forEach(function (el) {
          var fresh = doc.getElementById(el.id);
          if (fresh && !el.contains(document.activeElement)) { el.replaceWith(fresh); }
        });
        stamp.textContent = "Updated " + new Date().toLocaleTimeString();
      })
      .catch(function (err) { stamp.textContent = "Refresh failed: " + err.message; });
  }

  window.mockdexRefresh = refresh;
  document.getElementById("refresh-now").addEventListener("click", refresh);
  setInterval(function () { if (auto.checked && !document.hidden) { refresh(); } }, every);
})();

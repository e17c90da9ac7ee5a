// The crisis room, live: counters follow /crisis/events, and the panels below them are fetched
// again when a counter changes. Without this file the page shows the same data on reload.
(function () {
  "use strict";
  var room = document.querySelector("[data-crisis-events]");
  if (!room || typeof window.EventSource !== "function" || !window.fetch) {
    return;
  }
  var status = room.querySelector("[data-live-status]");
  var known = {};
  room.querySelectorAll("[data-pulse]").forEach(function (node) {
    known[node.getAttribute("data-pulse")] = node.textContent.trim();
  });

  function formatCount(value) {
    return Number(value).toLocaleString(document.documentElement.lang || undefined);
  }

  function formatTime(iso) {
    var when = new Date(iso);
    return when.toLocaleString(document.documentElement.lang || undefined, {
      day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit"
    });
  }

  function busyInside(panel) {
    // Never swap a panel under someone typing in it or holding focus on one of its buttons.
    return panel.contains(document.activeElement) && document.activeElement !== document.body;
  }

  function reloadPanels() {
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (answer) { return answer.ok ? answer.text() : Promise.reject(answer.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        room.querySelectorAll("[data-live-panel]").forEach(function (panel) {
          var replacement = fresh.getElementById(panel.id);
          if (replacement && !busyInside(panel)) {
            panel.replaceWith(document.importNode(replacement, true));
          }
        });
      })
      .catch(function () { /* the counters are still right; a reload shows the rest */ });
  }

  function onPulse(event) {
    var data;
    try {
      data = JSON.parse(event.data);
    } catch (error) {
      return;
    }
    var changed = false;
    Object.keys(data).forEach(function (key) {
      var node = room.querySelector('[data-pulse="' + key + '"]');
      if (!node || data[key] === null) {
        return;
      }
      var text = key === "last_mention_at" ? formatTime(data[key]) : formatCount(data[key]);
      if (key === "last_mention_at") {
        node.setAttribute("datetime", data[key]);
      } else if (String(data[key]) !== known[key].replace(/\D/g, "")) {
        changed = true;
        var counter = node.closest(".crisis-counter");
        if (counter) {
          counter.classList.add("is-changed");
        }
      }
      known[key] = text;
      node.textContent = text;
    });
    if (changed) {
      reloadPanels();
      if (status) {
        status.hidden = false;
        status.textContent = room.getAttribute("data-updated-text") || "";
      }
    }
  }

  var source = new EventSource(room.getAttribute("data-crisis-events"));
  source.addEventListener("pulse", onPulse);
})();

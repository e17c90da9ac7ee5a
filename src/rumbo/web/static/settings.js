// Settings: the brand voice editor asks the critic while the person types. Optional: without
// this file the "Probar" button posts the form and the page comes back with the findings.
(function () {
  "use strict";

  var DELAY_MS = 600;

  function brandPreview(form) {
    var results = form.querySelector("[data-preview-results]");
    var button = form.querySelector("[data-preview-button]");
    var url = form.getAttribute("data-preview-url");
    if (!results || !button || !url || !window.fetch || !window.FormData) {
      return;
    }
    var timer = null;
    var asked = 0;

    function run() {
      var mine = ++asked;
      results.setAttribute("aria-busy", "true");
      fetch(url, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("preview answered " + response.status);
          }
          return response.json();
        })
        .then(function (data) {
          if (mine !== asked) {
            return; // a newer request is on its way; its answer wins
          }
          // Markup rendered (and escaped) by the server from the page's own partial.
          results.innerHTML = data.html;
        })
        .catch(function () {
          if (mine !== asked) {
            return;
          }
          var failed = document.createElement("p");
          failed.className = "alert alert--error";
          failed.textContent = results.getAttribute("data-label-failed") || "";
          results.replaceChildren(failed);
        })
        .finally(function () {
          if (mine === asked) {
            results.removeAttribute("aria-busy");
          }
        });
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, DELAY_MS);
    }

    ["voice", "sample"].forEach(function (id) {
      var field = form.querySelector("#" + id);
      if (field) {
        field.addEventListener("input", later);
      }
    });
    ["channel", "language"].forEach(function (id) {
      var field = form.querySelector("#" + id);
      if (field) {
        field.addEventListener("change", later);
      }
    });
    button.addEventListener("click", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      run();
    });
  }

  function selectOnFocus(input) {
    input.addEventListener("focus", function () {
      input.select();
    });
  }

  document.querySelectorAll("[data-brand-form]").forEach(brandPreview);
  document.querySelectorAll("[data-select-on-focus]").forEach(selectOnFocus);
})();

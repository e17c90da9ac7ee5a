/* Help center: instant suggestions under the search box.
   Progressive enhancement only: without this script the box is a plain GET form to /help/search.
   The list follows the ARIA combobox pattern (arrow keys, Enter, Escape) and announces its size. */
(function () {
  "use strict";

  var MIN_CHARS = 2;
  var DELAY_MS = 150;

  function setup(form) {
    var input = form.querySelector('input[name="q"]');
    if (!input || !window.fetch) {
      return;
    }
    var endpoint = form.getAttribute("data-suggest");
    var lang = form.getAttribute("data-lang") || "es";
    var list = document.createElement("ul");
    var status = document.createElement("div");
    var timer = null;
    var pending = null;
    var active = -1;

    list.id = input.id + "-suggestions";
    list.className = "help-suggest";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", form.getAttribute("data-label-suggestions") || "");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    form.appendChild(list);
    form.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function options() {
      return list.querySelectorAll('[role="option"]');
    }

    function close() {
      list.hidden = true;
      list.textContent = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      var items = options();
      if (!items.length) {
        return;
      }
      active = (index + items.length) % items.length;
      for (var i = 0; i < items.length; i += 1) {
        items[i].setAttribute("aria-selected", i === active ? "true" : "false");
      }
      input.setAttribute("aria-activedescendant", items[active].id);
    }

    function show(items) {
      close();
      items.slice(0, 5).forEach(function (item, i) {
        // Only addresses on this site; the text is set as text, never as markup.
        if (typeof item.url !== "string" || item.url.charAt(0) !== "/" || item.url.charAt(1) === "/") {
          return;
        }
        var option = document.createElement("li");
        var link = document.createElement("a");
        var category = document.createElement("span");
        option.id = list.id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        link.href = item.url;
        link.tabIndex = -1;
        link.textContent = item.title;
        category.className = "help-suggest__category";
        category.textContent = (item.category || "") + (item.language ? " · " + item.language : "");
        var pause = document.createElement("span");
        pause.className = "visually-hidden";
        pause.textContent = ", ";
        link.appendChild(pause);
        link.appendChild(category);
        option.appendChild(link);
        list.appendChild(option);
      });
      var count = options().length;
      if (count) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent = (form.getAttribute("data-label-count") || "{n}").replace("{n}", count);
      } else {
        status.textContent = form.getAttribute("data-label-none") || "";
      }
    }

    function ask() {
      var text = input.value.trim();
      if (text.length < MIN_CHARS) {
        close();
        return;
      }
      if (pending) {
        pending.abort();
      }
      pending = window.AbortController ? new AbortController() : null;
      var url = endpoint + "?q=" + encodeURIComponent(text) + "&lang=" + encodeURIComponent(lang);
      fetch(url, { headers: { Accept: "application/json" }, signal: pending ? pending.signal : undefined })
        .then(function (response) { return response.ok ? response.json() : { items: [] }; })
        .then(function (data) {
          if (input.value.trim() === text) {
            show(Array.isArray(data.items) ? data.items : []);
          }
        })
        .catch(function () { /* a failed suggestion is no reason to disturb the reader */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      if (list.hidden) {
        return;
      }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = options()[active].querySelector("a").getAttribute("href");
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });

    // Keep focus in the box while a suggestion is clicked, so the click lands before closing.
    list.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    input.addEventListener("blur", close);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form[data-suggest]");
    for (var i = 0; i < forms.length; i += 1) {
      setup(forms[i]);
    }
  });
})();

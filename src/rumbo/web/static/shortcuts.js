/* Keyboard shortcuts for people who answer tickets all day.
   Inbox: j / k move between tickets, Enter (or o) opens the chosen one, / goes to the search box.
   Ticket: r goes to the reply box, Escape leaves it, u goes back to the inbox.
   Keys typed into a field are never taken, and modified keys (Ctrl, Alt, Meta) are left alone,
   so the browser's and the screen reader's own shortcuts keep working. */
(function () {
  "use strict";

  function typing(target) {
    if (!target || !target.tagName) {
      return false;
    }
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-ticket-row]"));
  }

  function current(all) {
    for (var i = 0; i < all.length; i++) {
      if (all[i].classList.contains("is-current")) {
        return i;
      }
    }
    return -1;
  }

  function choose(all, index) {
    all.forEach(function (row) {
      row.classList.remove("is-current");
      row.removeAttribute("aria-current");
    });
    var row = all[index];
    row.classList.add("is-current");
    row.setAttribute("aria-current", "true");
    var link = row.querySelector("a.ticket-link");
    if (link) {
      link.focus();
    }
  }

  function onKey(event) {
    if (event.ctrlKey || event.altKey || event.metaKey) {
      return;
    }
    if (event.key === "Escape" && typing(event.target)) {
      event.target.blur();
      return;
    }
    if (typing(event.target)) {
      return;
    }
    var all = rows();
    var at = current(all);
    var search = document.querySelector("[data-shortcut-search]");
    var reply = document.querySelector("[data-shortcut-reply]");
    var back = document.querySelector("[data-shortcut-back]");
    var handled = true;
    if ((event.key === "j" || event.key === "k") && all.length) {
      var step = event.key === "j" ? 1 : -1;
      choose(all, Math.min(all.length - 1, Math.max(0, at < 0 ? 0 : at + step)));
    } else if ((event.key === "Enter" || event.key === "o") && at >= 0) {
      var link = all[at].querySelector("a.ticket-link");
      if (link) {
        window.location.assign(link.href);
      }
    } else if (event.key === "/" && search) {
      search.focus();
      search.select();
    } else if (event.key === "r" && reply) {
      reply.focus();
    } else if (event.key === "u" && back) {
      window.location.assign(back.href);
    } else {
      handled = false;
    }
    if (handled) {
      event.preventDefault();
    }
  }

  document.addEventListener("keydown", onKey);
})();

// The site's only script, and everything works without it. It does six small things:
// 1. Survey deadlines: "Closes in 3 days" / "closed", counted on the reader's own date, so a
//    page built days ago still tells the truth. The page states the deadline without it.
// 2. Click-to-load: a survey form or film from another service is shown in the page only when
//    the reader presses the button; nothing is requested from that service before.
// 3. "Copy link" (the e-mail link beside it works without the script).
// 4. The day a promise is printed (without the script, the sheet gives the data's date).
// 5. The navigation drawer at phone width: while it is closed, off the screen, its links are
//    inert, so Tab never lands on them; the theme's menu button (a label) becomes a button, which
//    opens it from the keyboard too (focus into the drawer), and Escape closes it, focus back on
//    the button. Without the script the label cannot be reached with the keyboard, and the
//    drawer's links stay reachable.
// 6. The language menu (a <details>) closes with Escape, focus back on its button, and with a
//    click outside it.
// The wording comes from the page (data attributes), in the page's language.
(function () {
  "use strict";

  function localDay(date) {
    return Date.UTC(date.getFullYear(), date.getMonth(), date.getDate());
  }

  function isoDay(text) {
    var parts = text.split("-");
    return Date.UTC(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]));
  }

  function updateDeadlines(today) {
    var marks = document.querySelectorAll(".deadline[data-closes]");
    for (var i = 0; i < marks.length; i++) {
      var mark = marks[i];
      var days = Math.round((isoDay(mark.getAttribute("data-closes")) - today) / 86400000);
      var survey = mark.closest(".survey");
      if (days < 0) {
        mark.textContent = mark.getAttribute("data-closed");
        if (survey) {
          survey.classList.add("survey--closed-now");
          var hide = survey.querySelectorAll(".survey__deadline strong, .survey__answer, .embed");
          for (var j = 0; j < hide.length; j++) hide[j].hidden = true;
        }
      } else if (days === 0) {
        mark.textContent = mark.getAttribute("data-today");
      } else if (days === 1) {
        mark.textContent = mark.getAttribute("data-tomorrow");
      } else {
        mark.textContent = mark.getAttribute("data-days").replace("{n}", String(days));
      }
    }
  }

  function load(block) {
    var frame = document.createElement("iframe");
    frame.src = block.getAttribute("data-embed-src");
    frame.title = block.getAttribute("data-embed-title");
    frame.className = "embed__frame";
    frame.setAttribute("referrerpolicy", "no-referrer");
    frame.setAttribute("allowfullscreen", "");
    var button = block.querySelector(".embed__button");
    button.parentNode.replaceWith(frame);
    var notice = block.querySelector(".embed__notice");
    if (notice) notice.hidden = true;
    frame.focus();
  }

  function enableEmbeds() {
    var blocks = document.querySelectorAll(".embed[data-embed-src]");
    for (var i = 0; i < blocks.length; i++) {
      var button = blocks[i].querySelector(".embed__button");
      if (!button || blocks[i].closest(".survey--closed-now")) continue;
      button.hidden = false;
      button.addEventListener("click", load.bind(null, blocks[i]));
    }
  }

  function enableCopyAndDates(now) {
    var marks = document.querySelectorAll(".share__copy, .print-date");
    var day = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: "long" }).format(now);
    marks.forEach(function (mark) {
      if (mark.classList.contains("print-date")) {
        mark.textContent = mark.getAttribute("data-text").replace("{date}", day);
      } else if (navigator.clipboard) {
        mark.hidden = false;
        mark.addEventListener("click", function () {
          navigator.clipboard.writeText(mark.getAttribute("data-url")).then(function () {
            mark.nextElementSibling.textContent = mark.getAttribute("data-copied");
          });
        });
      }
    });
  }

  function manageDrawer(narrow) {
    var toggle = document.getElementById("__drawer");
    var drawer = document.querySelector(".md-sidebar--primary");
    var label = document.querySelector('label.md-header__button[for="__drawer"]');
    if (!toggle || !drawer || !label) return null;
    var button = document.createElement("button");  // the theme's menu button is a label: no keyboard
    button.type = "button";
    button.className = "md-header__button md-icon md-header__drawer-button";
    button.setAttribute("aria-label", label.getAttribute("data-label"));
    button.innerHTML = label.innerHTML;
    label.replaceWith(button);
    function update() {
      drawer.inert = narrow.matches && !toggle.checked;
      button.setAttribute("aria-expanded", String(toggle.checked));
    }
    button.addEventListener("click", function () {
      toggle.click();  // Material's change handlers run as for a tap on the label
      var first = toggle.checked && drawer.querySelector("a[href]");
      if (first) first.focus();
    });
    toggle.addEventListener("change", update);
    narrow.addEventListener("change", update);
    update();
    return function close() {
      if (!toggle.checked || !narrow.matches) return false;
      toggle.click();
      button.focus();
      return true;
    };
  }

  function manageLanguageMenu() {
    var menu = document.querySelector("details.md-header__languages");
    if (!menu) return null;
    document.addEventListener("click", function (event) {
      if (menu.open && !menu.contains(event.target)) menu.open = false;
    });
    return function close() {
      if (!menu.open) return false;
      menu.open = false;
      menu.querySelector("summary").focus();
      return true;
    };
  }

  function closeWithEscape(closers) {
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      for (var i = 0; i < closers.length; i++) {  // the one on top first: the menu, then the drawer
        if (closers[i] && closers[i]()) return;
      }
    });
  }

  function start() {
    var now = new Date();
    updateDeadlines(localDay(now));
    enableEmbeds();
    enableCopyAndDates(now);
    var narrow = window.matchMedia("(max-width: 76.234375em)");  // Material's drawer below 1220 px
    closeWithEscape([manageLanguageMenu(), manageDrawer(narrow)]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

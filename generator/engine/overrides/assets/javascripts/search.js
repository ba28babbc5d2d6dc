// The search page's script (loaded by the search page only). Pagefind's library and index are
// fetched only when the reader searches: nothing on page load. The wording comes from the page
// (data attributes, in the page's language). Without this script the page says that search
// needs JavaScript and links the lists instead.
(function () {
  "use strict";

  var box = document.querySelector(".site-search[data-search-root]");
  if (!box) return;
  var form = box.querySelector(".site-search__form");
  var input = box.querySelector(".site-search__input");
  var filterBox = box.querySelector(".site-search__filters");
  var count = box.querySelector(".site-search__count");
  var heading = box.querySelector(".site-search__results-heading");
  var list = box.querySelector(".site-search__results");
  var root = new URL(box.getAttribute("data-search-root"), window.location.href);
  var FILTERS = ["status", "period", "organisation", "place", "municipality"];
  var PAGE = 20;
  // How the page's language writes a word's forms (from the language registry): prefixes written
  // attached to a word (Arabic ال، ب، و، ل…) and how many final letters inflection changes.
  var PREFIXES = (box.getAttribute("data-search-prefixes") || "").split(" ").filter(Boolean);
  var ENDINGS = parseInt(box.getAttribute("data-search-endings") || "0", 10);
  var loading = null;
  var shown = [];
  var latest = 0;
  var timer = 0;

  function word(name, values) {
    var text = box.getAttribute("data-" + name.replace(/_/g, "-")) || "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(String(values[key]));
    });
    return text;
  }

  function load() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
        return pagefind.options({ baseUrl: root.pathname, excerptLength: 24 }).then(function () {
          return pagefind.filters();
        }).then(function (filters) {
          showFilters(filters);
          return pagefind;
        });
      });
      loading.catch(function () {
        loading = null;
        count.textContent = word("search_failed");
      });
    }
    return loading;
  }

  function showFilters(filters) {
    var lang = document.documentElement.lang || undefined;
    FILTERS.forEach(function (key) {
      var values = Object.keys(filters[key] || {}).sort(function (a, b) { return a.localeCompare(b, lang); });
      if (!values.length) return;
      var wrap = document.createElement("div");
      wrap.className = "site-search__filter";
      var label = document.createElement("label");
      label.htmlFor = "site-search-filter-" + key;
      label.textContent = word("search_filter_" + key);
      var select = document.createElement("select");
      select.id = label.htmlFor;
      select.setAttribute("data-filter", key);
      var all = document.createElement("option");
      all.value = "";
      all.textContent = word("search_filter_all");
      select.appendChild(all);
      values.forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = value;
        // a value may be a name in another script (a Swedish place on the Arabic page): its own direction
        option.dir = "auto";
        select.appendChild(option);
      });
      select.addEventListener("change", function () { run(); });
      wrap.appendChild(label);
      wrap.appendChild(select);
      filterBox.appendChild(wrap);
    });
    filterBox.hidden = filterBox.querySelectorAll("select").length === 0;
  }

  function chosenFilters() {
    var chosen = {};
    var selects = filterBox.querySelectorAll("select[data-filter]");
    for (var i = 0; i < selects.length; i++) {
      if (selects[i].value) chosen[selects[i].getAttribute("data-filter")] = selects[i].value;
    }
    return chosen;
  }

  // Pagefind's excerpt is HTML with <mark> around the words found. Only the text and the marks
  // are kept (the page's text comes from promises.yaml, so nothing else is ever made markup).
  function excerpt(html) {
    var out = document.createElement("p");
    out.className = "site-search__excerpt";
    var parsed = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html").body;
    (function copy(from) {
      for (var node = from.firstChild; node; node = node.nextSibling) {
        if (node.nodeType === 3) {
          out.appendChild(document.createTextNode(node.textContent));
        } else if (node.nodeType === 1 && node.tagName === "MARK") {
          var mark = document.createElement("mark");
          mark.textContent = node.textContent;
          out.appendChild(mark);
        } else if (node.nodeType === 1) {
          copy(node);
        }
      }
    })(parsed);
    return out;
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "site-search__result";
    var title = document.createElement("h3");
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    title.appendChild(link);
    li.appendChild(title);
    var meta = data.meta || {};
    if (meta.status) {
      var line = document.createElement("p");
      line.className = "site-search__meta";
      var status = document.createElement("span");
      status.className = "site-search__status";
      status.textContent = word("status") + ": " + meta.status;
      line.appendChild(status);
      if (meta.promise) line.appendChild(document.createTextNode(" · " + word("search_in_promise", { title: meta.promise })));
      li.appendChild(line);
    }
    li.appendChild(excerpt(data.excerpt || ""));
    return li;
  }

  function more() {
    var next = shown.splice(0, PAGE);
    var old = list.querySelector(".site-search__more");
    if (old) old.parentNode.removeChild(old);
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (items) {
      var first = null;
      items.forEach(function (data) {
        var li = item(data);
        first = first || li;
        list.appendChild(li);
      });
      if (shown.length) {
        var li = document.createElement("li");
        li.className = "site-search__more";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "md-button";
        button.textContent = word("search_more");
        button.addEventListener("click", function () {
          more().then(function (added) { if (added) added.querySelector("a").focus(); });
        });
        li.appendChild(button);
        list.appendChild(li);
      }
      return first;
    });
  }

  // A word as its other forms are indexed: without an attached prefix (when at least three
  // letters remain), and without its last letters (at least five kept), which Pagefind then
  // matches as the start of the forms that share them ("turvallisuus" → "turvallis…").
  function stem(word) {
    for (var i = 0; i < PREFIXES.length; i++) {
      var prefix = PREFIXES[i];
      if (word.indexOf(prefix) === 0 && word.length - prefix.length >= 3) {
        word = word.slice(prefix.length);
        break;
      }
    }
    var cut = Math.min(ENDINGS, word.length - 5);
    return cut > 0 ? word.slice(0, word.length - cut) : word;
  }

  // The search as typed, and, where the language's forms give another, that one too: their results
  // together, those of the words as typed first.
  function find(pagefind, term, filters) {
    var other = term ? term.split(/\s+/).map(stem).join(" ") : term;
    var searches = [pagefind.search(term || null, { filters: filters })];
    if (other !== term) searches.push(pagefind.search(other, { filters: filters }));
    return Promise.all(searches).then(function (found) {
      if (!found[0] || found.length === 1) return found[0];
      var seen = {};
      var results = [];
      found.forEach(function (search) {
        (search ? search.results : []).forEach(function (result) {
          if (!seen[result.id]) {
            seen[result.id] = true;
            results.push(result);
          }
        });
      });
      return { results: results };
    });
  }

  function run() {
    var term = input.value.trim();
    var filters = chosenFilters();
    var values = Object.keys(filters).map(function (k) { return filters[k]; });
    var id = ++latest;
    if (!term && !values.length) {
      list.textContent = "";
      list.hidden = heading.hidden = true;
      count.textContent = "";
      return Promise.resolve();
    }
    count.textContent = word("search_loading");
    return load().then(function (pagefind) {
      return find(pagefind, term, filters);
    }).then(function (search) {
      if (id !== latest || !search) return;
      shown = search.results.slice();
      list.textContent = "";
      var total = shown.length;
      var query = [term].concat(values).filter(Boolean).join(", ");
      var key = total === 0 ? "search_results_none" : total === 1 ? "search_results_one" : "search_results_many";
      return more().then(function () {
        if (id !== latest) return;
        list.hidden = heading.hidden = total === 0;
        count.textContent = word(key, { count: total.toLocaleString(document.documentElement.lang || undefined),
                                         query: query });
      });
    });
  }

  box.querySelector(".site-search__nojs").hidden = true;
  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    run();
  });
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, 300);
  });
  // Reached from the header's search button (…/sok/#site-search-query): ready to type.
  if (window.location.hash === "#" + input.id) input.focus();
  var asked = new URLSearchParams(window.location.search).get("q");
  if (asked) {
    input.value = asked;
    run();
  }
})();

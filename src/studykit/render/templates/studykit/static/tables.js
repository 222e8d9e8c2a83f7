/* studykit: report tables that sort (tablesort) and filter in the browser, offline.
   Progressive enhancement: without JavaScript the tables are plain tables. The filter's label comes
   from the table's data-filter attribute, in the report's language. */
(function () {
  "use strict";
  function fold(text) {
    return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function addFilter(table) {
    var body = table.tBodies[0];
    if (!body) return;
    var rows = Array.prototype.slice.call(body.rows);
    var texts = rows.map(function (row) { return fold(row.textContent); });
    var box = document.createElement("div");
    box.className = "studykit-filter";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = table.getAttribute("data-filter");
    input.setAttribute("aria-label", input.placeholder);
    var count = document.createElement("span");
    count.className = "studykit-filter-count";
    count.setAttribute("aria-live", "polite");
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, i) {
        var match = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = words.length ? shown + " / " + rows.length : "";
    });
    box.appendChild(input);
    box.appendChild(count);
    table.parentNode.insertBefore(box, table);
  }
  function openTarget() {  // a link into a collapsed section opens it (and every section around it)
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    for (var d = el && el.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) d.open = true;
  }
  function enhance() {
    openTarget();
    window.addEventListener("hashchange", openTarget);
    Array.prototype.forEach.call(document.querySelectorAll("table.studykit-table[data-sortable]"), function (table) {
      new Tablesort(table);
    });
    Array.prototype.forEach.call(document.querySelectorAll("table.studykit-table[data-filter]"), addFilter);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhance);
  else enhance();
})();

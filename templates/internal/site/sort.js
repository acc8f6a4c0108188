// dteval web edition: sortable tables, a progressive enhancement (the pages are
// complete without it). A column header becomes a button; pressing it sorts the
// table's rows by that column, numbers as numbers, then text in Chinese order;
// 不适用, 未提交 and — stay last. No inline handlers: CSP-compatible.
(function () {
  "use strict";
  function key(text) {
    var t = text.replace(/[\s,分%个位（）()↑↓+第名]/g, "").replace("−", "-");
    var n = parseFloat(t);
    if (t !== "" && !isNaN(n) && /^-?[0-9.]+/.test(t)) return { num: /↓/.test(text) ? -n : n };
    if (t === "" || t === "—" || t === "不适用" || t === "未提交" || t === "持平") return { none: true, text: t };
    return { text: text.trim() };
  }
  function compare(a, b, dir) {
    if (a.none || b.none) return a.none && b.none ? 0 : (a.none ? 1 : -1);
    if (a.num !== undefined && b.num !== undefined) return dir * (a.num - b.num);
    if (a.num !== undefined) return -1;
    if (b.num !== undefined) return 1;
    return dir * a.text.localeCompare(b.text, "zh-CN");
  }
  function sortBy(table, col, th) {
    var body = table.tBodies[0];
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    var rows = Array.prototype.slice.call(body.rows).map(function (r, i) {
      var c = r.cells[col];
      return { row: r, i: i, k: key(c ? c.textContent : "") };
    });
    rows.sort(function (a, b) { return compare(a.k, b.k, dir) || a.i - b.i; });
    rows.forEach(function (x) { body.appendChild(x.row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
  }
  Array.prototype.forEach.call(document.querySelectorAll("table"), function (table) {
    if (!table.tHead || table.tHead.rows.length !== 1 || table.tHead.rows[0].cells.length < 3 ||
        !table.tBodies[0] || table.tBodies[0].rows.length < 3) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      var label = th.textContent.trim();
      if (!label || th.querySelector(".vh")) return;
      var b = document.createElement("button");
      b.type = "button";
      b.className = "sort";
      b.textContent = label;
      th.textContent = "";
      th.appendChild(b);
      b.addEventListener("click", function () { sortBy(table, col, th); });
    });
  });
})();

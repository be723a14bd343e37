// PTĐV: the little behaviour pages need besides htmx. No inline scripts (content security policy).
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target.matches && target.matches("select[data-autosubmit]") && target.form) {
    target.form.submit();
  }
});

// Report period form: show only the fields the chosen kind of period uses.
(function () {
  var uses = { year: ["year"], half: ["year", "number"], quarter: ["year", "number"], month: ["year", "number"],
               term: ["term"], custom: ["date_from", "date_to"] };
  function update(select) {
    var form = select.form, wanted = uses[select.value] || uses.year;
    ["year", "number", "term", "date_from", "date_to"].forEach(function (name) {
      var box = form.querySelector('[data-field="' + name + '"]');
      if (box) { box.hidden = wanted.indexOf(name) < 0 && !box.querySelector(".error"); }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var select = document.querySelector('.report-form select[name="period"]');
    if (!select) { return; }
    update(select);
    select.addEventListener("change", function () { update(select); });
  });
})();

// Phone: the menu button folds and unfolds the navigation (shown whole on wider screens, CSS).
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest(".menu-button");
  if (!button) { return; }
  var open = button.getAttribute("aria-expanded") !== "true";
  button.setAttribute("aria-expanded", open ? "true" : "false");
  document.documentElement.classList.toggle("menu-open", open);
});

// Phone: every table becomes cards; each cell is labelled with its column's heading (data-label, CSS).
document.addEventListener("DOMContentLoaded", function () {
  document.documentElement.classList.add("js");
  document.querySelectorAll("main table").forEach(function (table) {
    var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    table.querySelectorAll("tbody tr, tfoot tr").forEach(function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.children, function (cell) {
        if (!cell.hasAttribute("data-label") && headings[column]) { cell.setAttribute("data-label", headings[column]); }
        column += cell.colSpan || 1;
      });
    });
  });
});

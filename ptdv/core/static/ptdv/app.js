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

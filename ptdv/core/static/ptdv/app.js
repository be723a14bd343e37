// PTĐV: the little behaviour pages need besides htmx. No inline scripts (content security policy).
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target.matches && target.matches("select[data-autosubmit]") && target.form) {
    target.form.submit();
  }
});

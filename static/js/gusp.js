// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // After a refused form, bring keyboard and screen-reader users to the error summary.
  const summary = document.querySelector("[data-autofocus]");
  if (summary) summary.focus();
});

// Posts the manifest form to GitHub as soon as the page is read; the form's button does the same by hand.
document.addEventListener("DOMContentLoaded", function () {
  document.getElementById("github-app-manifest-to-github").submit();
});

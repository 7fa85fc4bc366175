// The document view: a correction refused (409 conflict, 400 invalid value) still
// replaces the sentence's block, which then shows the message and the value in force.
document.addEventListener("htmx:beforeSwap", function (event) {
  var status = event.detail.xhr.status;
  var target = event.detail.target;
  if ((status === 409 || status === 400) && target && target.classList.contains("sentence")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

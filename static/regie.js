// Asks for confirmation before irreversible actions: data-confirm="…" on a form, or on the
// button that submits it. Kept in a file (not inline) so the content security policy can
// forbid inline scripts.
document.addEventListener("submit", (event) => {
  const source = event.submitter && event.submitter.dataset.confirm ? event.submitter : event.target;
  const message = source.dataset ? source.dataset.confirm : null;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

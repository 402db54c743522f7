// Asks for confirmation before irreversible actions: <form data-confirm="Weet u het zeker?">.
// Kept in a file (not inline) so the content security policy can forbid inline scripts.
document.addEventListener("submit", (event) => {
  const message = event.target.dataset ? event.target.dataset.confirm : null;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

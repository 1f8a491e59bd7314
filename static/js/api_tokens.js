// The API tokens page: a Copy button beside the new token (shown only where the clipboard works).
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const field = document.getElementById(button.dataset.copy);
    if (!field || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(field.value);
      button.textContent = button.dataset.copied;
    });
  }
  const secret = document.getElementById("new-token");
  if (secret) {
    secret.addEventListener("focus", () => secret.select());
  }
});

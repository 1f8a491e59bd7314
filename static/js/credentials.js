// The API token and recovery code pages: Copy and Print buttons (shown only where they work),
// a confirmation before revoking, and the expiry date shown only with "Until a date".
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const source = document.getElementById(button.dataset.copy);
    if (!source || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText("value" in source ? source.value : source.innerText);
      button.textContent = button.dataset.copied;
    });
  }
  for (const button of document.querySelectorAll("button[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
  const secret = document.getElementById("new-token");
  if (secret) {
    secret.addEventListener("focus", () => secret.select());
  }
  const dateField = document.getElementById("id_expires_on");
  const lifetimes = document.querySelectorAll("input[name='lifetime']");
  if (dateField && lifetimes.length) {
    const wrapper = dateField.closest(".field");
    const sync = () => {
      const onADate = document.querySelector("input[name='lifetime']:checked")?.value === "date";
      wrapper.hidden = !onADate && !wrapper.classList.contains("field--invalid");
    };
    lifetimes.forEach((radio) => radio.addEventListener("change", sync));
    sync();
  }
});

// MatchWise's own script: small behaviours that the Content-Security-Policy forbids inline.
// A range input with data-output="ID" shows its value in the <output> with that id.
document.addEventListener("input", (event) => {
  const input = event.target;
  const id = input instanceof HTMLInputElement ? input.dataset.output : undefined;
  const output = id ? document.getElementById(id) : null;
  if (output) output.value = input.value;
});

// Placeholder bundle: the web app (web/, npm run build) replaces web/dist.
const root = document.getElementById("root");
const h1 = document.createElement("h1");
h1.textContent = "Practicum";
const p = document.createElement("p");
p.textContent = "This is a placeholder web bundle. The API docs are at /docs.";
root.replaceChildren(h1, p);

// Progressive enhancement only: everything works as plain links and GET forms without it.
document.addEventListener("DOMContentLoaded", () => {
  const current = document.querySelector(".event.current");
  if (current) current.scrollIntoView({ block: "center" });
  // "/" focuses the search box, as on most search sites.
  document.addEventListener("keydown", (e) => {
    const box = document.querySelector(".searchbox input");
    if (e.key === "/" && box && document.activeElement !== box) { e.preventDefault(); box.focus(); }
  });
});

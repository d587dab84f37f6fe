// Shows the "scroll sideways" hint above each wide table only while the table is wider than its box.
(function () {
  var boxes = document.querySelectorAll('[data-module="hwb-table-scroll"]');
  function update() {
    boxes.forEach(function (box) {
      var region = box.querySelector('.hwb-table-scroll__region');
      var hint = box.querySelector('.hwb-table-scroll__hint');
      if (!region || !hint) { return; }
      var overflowing = region.scrollWidth > region.clientWidth + 1;
      hint.hidden = !overflowing;
      box.classList.toggle('hwb-table-scroll--overflowing', overflowing);
    });
  }
  update();
  if ('ResizeObserver' in window) {
    var observer = new ResizeObserver(update);
    boxes.forEach(function (box) { observer.observe(box); });
  } else {
    window.addEventListener('resize', update);
  }
  // Tables inside a closed <details> have no width until it opens.
  document.addEventListener('toggle', update, true);
})();

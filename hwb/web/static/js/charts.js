// Draws every Vega-Lite chart on the page from the JSON spec beside it (vendored vega-embed, SVG).
(function () {
  document.querySelectorAll('[data-chart-spec]').forEach(function (el) {
    var spec = JSON.parse(document.getElementById(el.getAttribute('data-chart-spec')).textContent);
    vegaEmbed(el, spec, { actions: false, renderer: 'svg' }).then(function () {
      el.setAttribute('data-chart-ready', 'true');
    }).catch(function () {
      el.textContent = 'The chart could not be drawn. The table below holds the same figures.';
    });
  });
})();

/* Draws the statistics page's charts from the JSON embedded with json_script (no inline
 * scripts: CSP script-src 'self'). Hidden (protected) cells arrive as null and are not drawn. */
(function () {
  "use strict";
  var source = document.getElementById("statistics-charts");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var charts = JSON.parse(source.textContent);
  charts.forEach(function (spec) {
    var canvas = document.querySelector('canvas[data-chart="' + spec.id + '"]');
    if (!canvas) {
      return;
    }
    var funnel = spec.type === "funnel";
    var valueAxis = { beginAtZero: true, ticks: { precision: 0 } };
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        title: { display: true, text: spec.title },
        legend: { display: spec.datasets.length > 1 }
      },
      scales: funnel ? { x: valueAxis } : { y: valueAxis }
    };
    if (funnel) {
      options.indexAxis = "y";
    }
    new window.Chart(canvas, {
      type: funnel ? "bar" : spec.type,
      data: { labels: spec.labels, datasets: spec.datasets },
      options: options
    });
    canvas.setAttribute("data-drawn", "true");
  });
})();

/* Draws the statistics page's charts from the JSON embedded with json_script (no inline
 * scripts: CSP script-src 'self'). A hidden (protected) cell arrives as null with hidden[i]
 * true: it is labelled "hidden (small number)" where its bar or point would be, never drawn
 * as an empty bar or a zero. */
(function () {
  "use strict";
  var source = document.getElementById("statistics-charts");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var charts = JSON.parse(source.textContent);
  // Writes the hidden label at each hidden cell's place.
  var hiddenCells = {
    id: "hiddenCells",
    afterDatasetsDraw: function (chart, _args, options) {
      var ctx = chart.ctx;
      var horizontal = chart.options.indexAxis === "y";
      var indexScale = horizontal ? chart.scales.y : chart.scales.x;
      var valueScale = horizontal ? chart.scales.x : chart.scales.y;
      if (!indexScale || !valueScale) {
        return;
      }
      ctx.save();
      ctx.font = "11px sans-serif";
      ctx.fillStyle = "#6c757d";
      chart.data.datasets.forEach(function (dataset, d) {
        var meta = chart.getDatasetMeta(d);
        (dataset.hidden_cells || []).forEach(function (isHidden, i) {
          if (!isHidden) {
            return;
          }
          var element = meta.data[i];
          var at = indexScale.getPixelForValue(i);
          if (element && isFinite(horizontal ? element.y : element.x)) {
            at = horizontal ? element.y : element.x;
          }
          var base = valueScale.getPixelForValue(0);
          ctx.save();
          if (horizontal) {
            ctx.textBaseline = "middle";
            ctx.fillText(options.text, base + 4, at);
          } else {
            ctx.translate(at, base - 4);
            ctx.rotate(-Math.PI / 2);
            ctx.textBaseline = "middle";
            ctx.fillText(options.text, 0, 0);
          }
          ctx.restore();
        });
      });
      ctx.restore();
    }
  };
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
        hiddenCells: { text: spec.hidden_label || "hidden (small number)" },
        title: { display: true, text: spec.title },
        legend: { display: spec.datasets.length > 1 }
      },
      scales: funnel ? { x: valueAxis } : { y: valueAxis }
    };
    if (funnel) {
      options.indexAxis = "y";
    }
    var datasets = spec.datasets.map(function (dataset) {
      // Chart.js reads "hidden" as "dataset switched off": keep the flags under another name.
      return { label: dataset.label, data: dataset.data, hidden_cells: dataset.hidden };
    });
    new window.Chart(canvas, {
      type: funnel ? "bar" : spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: options,
      plugins: [hiddenCells]
    });
    canvas.setAttribute("data-drawn", "true");
  });
})();

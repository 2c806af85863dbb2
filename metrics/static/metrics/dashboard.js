// Charts of the metrics dashboard (ECharts, vendored) and the sorting of the committee table.
// Data come from the json_script element "metrics-data"; no inline scripts or handlers (CSP).
(function () {
  "use strict";
  var source = document.getElementById("metrics-data");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var charts = [];
  var font = '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif';

  function make(id) {
    var element = document.getElementById(id);
    if (!element) { return null; }
    var chart = echarts.init(element, null, { renderer: "canvas" });
    charts.push(chart);
    return chart;
  }

  // Monthly trend: this year against last year, from the month-end snapshots.
  var trend = make("chart-trend");
  var trendSelect = document.getElementById("trend-code");
  function drawTrend() {
    if (!trend) { return; }
    var code = trendSelect ? trendSelect.value : Object.keys(data.trend)[0];
    var series = data.trend[code] || {};
    trend.setOption({
      textStyle: { fontFamily: font },
      tooltip: { trigger: "axis" },
      // The legend sits below the month axis, with room kept for both (it used to overlap the axis).
      legend: { data: [data.labels.this_year, data.labels.last_year], bottom: 0, left: "center" },
      grid: { left: 16, right: 16, top: 24, bottom: 40, containLabel: true },
      xAxis: { type: "category", data: data.labels.months },
      yAxis: { type: "value" },
      series: [
        { name: data.labels.this_year, type: "line", data: series[String(data.year)] || [], connectNulls: false },
        { name: data.labels.last_year, type: "line", data: series[String(data.year - 1)] || [], lineStyle: { type: "dashed" } }
      ]
    }, true);
  }
  if (trendSelect) { trendSelect.addEventListener("change", drawTrend); }
  drawTrend();

  // Worklist sizes of the four clearance goals.
  var worklist = make("chart-worklist");
  if (worklist) {
    worklist.setOption({
      textStyle: { fontFamily: font },
      tooltip: {},
      grid: { left: 48, right: 16, bottom: 32, top: 24 },
      xAxis: { type: "category", data: data.worklists.map(function (row) { return row.label; }) },
      yAxis: { type: "value", name: data.labels.worklist, minInterval: 1 },
      series: [{ type: "bar", data: data.worklists.map(function (row) { return row.size; }), itemStyle: { color: "#b02a37" } }]
    });
    worklist.on("click", function (params) {
      var links = document.querySelectorAll(".worklist-link");
      if (links[params.dataIndex]) { window.location.href = links[params.dataIndex].href; }
    });
  }

  // The committee table (rendered by the server, bars painted from data-progress by portal.js):
  // sortable by any column with the buttons of its headers.
  var table = document.getElementById("ranking-table");
  if (table) {
    table.querySelectorAll(".sort-button").forEach(function (button) {
      button.addEventListener("click", function () {
        var key = button.getAttribute("data-sort");
        var numeric = button.getAttribute("data-type") === "number";
        var th = button.closest("th");
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("th[aria-sort]").forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x, y;
          if (key === "code") { x = a.getAttribute("data-code"); y = b.getAttribute("data-code"); }
          else {
            x = a.querySelector('td[data-code="' + key + '"]').getAttribute("data-value");
            y = b.querySelector('td[data-code="' + key + '"]').getAttribute("data-value");
          }
          if (numeric) { x = x === "" ? -Infinity : Number(x); y = y === "" ? -Infinity : Number(y); }
          var order = x < y ? -1 : x > y ? 1 : 0;
          if (order === 0) {  // ties stay in committee order whichever way the column runs
            return a.getAttribute("data-code") < b.getAttribute("data-code") ? -1 : 1;
          }
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  window.addEventListener("resize", function () { charts.forEach(function (chart) { chart.resize(); }); });
})();

// The officer dashboard's charts. Each chart's figures come from the page (json_script "dashboard-charts"), the same
// figures as the table beside it; without JavaScript the tables stand alone (the chart boxes stay hidden).
(function () {
  "use strict";

  const PALETTE = ["#c0392b", "#1a5fb4", "#26a269", "#e5a50a", "#813d9c", "#63452c", "#5f6368"];

  function shortLabel(text) {
    return text.length > 12 ? text.slice(0, 11) + "…" : text;
  }

  function barOption(spec) {
    const category = {
      type: "category",
      data: spec.categories,
      axisLabel: { formatter: shortLabel, interval: 0, rotate: spec.horizontal ? 0 : spec.categories.length > 6 ? 30 : 0 },
    };
    const value = { type: "value" };
    return {
      color: PALETTE,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { show: spec.series.length > 1, top: 0 },
      grid: { left: 8, right: 16, top: spec.series.length > 1 ? 36 : 12, bottom: 8, containLabel: true },
      xAxis: spec.horizontal ? value : category,
      yAxis: spec.horizontal ? Object.assign({}, category, { inverse: true }) : value,
      series: spec.series.map((serie) => ({
        name: serie.name,
        type: "bar",
        stack: spec.stack ? "total" : undefined,
        data: serie.data,
      })),
    };
  }

  function pieOption(spec) {
    return {
      color: PALETTE,
      tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
      legend: { bottom: 0 },
      series: [{ type: "pie", radius: ["35%", "65%"], data: spec.data, label: { formatter: "{b}\n{c}" } }],
    };
  }

  function mapOption(spec, metric) {
    const values = spec.data.map((row) => row[metric.key]);
    return {
      tooltip: {
        trigger: "item",
        formatter: (params) => {
          const row = params.data;
          return row ? `${row.label}<br>${metric.name}: ${row.value}` : params.name;
        },
      },
      visualMap: {
        min: 0,
        max: Math.max(1, ...values),
        left: 0,
        bottom: 0,
        calculable: true,
        inRange: { color: ["#fde0dc", "#c0392b"] },
      },
      series: [
        {
          type: "map",
          map: "hubei",
          nameProperty: "code",
          roam: true,
          emphasis: { label: { show: false } },
          data: spec.data.map((row) => ({ name: row.name, label: row.label, value: row[metric.key] })),
        },
      ],
    };
  }

  // Only the counties of the officer's 市州 (or county) when the region is below the province.
  function regionGeo(geo, spec) {
    if (!spec.prefecture) return geo;
    const features = geo.features.filter((feature) =>
      spec.county ? feature.properties.code === spec.county : feature.properties.prefecture === spec.prefecture
    );
    return features.length ? { type: "FeatureCollection", features: features } : geo;
  }

  function show(box) {
    box.hidden = false;
    box.closest(".dash-pair").classList.add("has-chart");
  }

  function drawMap(box, spec) {
    fetch(box.dataset.geoUrl, { credentials: "same-origin" })
      .then((response) => {
        if (!response.ok) throw new Error(response.statusText);
        return response.json();
      })
      .then((geo) => {
        window.echarts.registerMap("hubei", regionGeo(geo, spec));
        show(box);
        const chart = window.echarts.init(box);
        const switcher = document.createElement("div");
        switcher.className = "dash-map-metrics";
        spec.metrics.forEach((metric, index) => {
          const button = document.createElement("button");
          button.type = "button";
          button.className = "small";
          button.textContent = metric.name;
          button.setAttribute("aria-pressed", String(index === 0));
          button.addEventListener("click", () => {
            switcher.querySelectorAll("button").forEach((other) => other.setAttribute("aria-pressed", "false"));
            button.setAttribute("aria-pressed", "true");
            chart.setOption(mapOption(spec, metric), true);
          });
          switcher.appendChild(button);
        });
        box.before(switcher);
        chart.setOption(mapOption(spec, spec.metrics[0]));
        window.addEventListener("resize", () => chart.resize());
      })
      .catch(() => {
        box.hidden = true; // the table beside it holds the same figures
        box.closest(".dash-pair").classList.remove("has-chart");
      });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const source = document.getElementById("dashboard-charts");
    if (!source || !window.echarts) return;
    const specs = JSON.parse(source.textContent);
    const charts = [];
    document.querySelectorAll("[data-chart]").forEach((box) => {
      const spec = specs[box.dataset.chart];
      if (!spec) return;
      if (spec.type === "map") {
        drawMap(box, spec);
        return;
      }
      const empty = spec.type === "pie" ? spec.data.every((d) => !d.value) : spec.categories.length === 0;
      if (empty) return; // "no data" is said by the table
      show(box);
      const chart = window.echarts.init(box);
      chart.setOption(spec.type === "pie" ? pieOption(spec) : barOption(spec));
      charts.push(chart);
    });
    window.addEventListener("resize", () => charts.forEach((chart) => chart.resize()));
  });
})();

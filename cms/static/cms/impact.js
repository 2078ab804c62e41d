// Charts of the public impact figures (brand pages, home page). The data come from json_script elements written by
// the server, already suppressed: a hidden count of children arrives as 0 with the label "<5" (bars), as band 1 (the
// map), or as null (the trend line), so no chart can show more than the table beside it. Each chart's table is in the
// page for readers without JavaScript; the chart container stays hidden until a chart is drawn in it.
(() => {
  "use strict";
  if (!window.echarts) return;
  const palette = ["#e8f1fb", "#fde2c4", "#bcd7f3", "#7fb1e6", "#3f86cf", "#135a9e"];
  let hubei = null;
  let hubeiFeatures = [];

  const readData = (element) => JSON.parse(document.getElementById(element.dataset.source).textContent);
  const loadMap = (url) => {
    hubei = hubei || fetch(url, { credentials: "same-origin" })
      .then((response) => response.json())
      .then((geojson) => {
        hubeiFeatures = geojson.features;
        window.echarts.registerMap("hubei", geojson);
      });
    return hubei;
  };
  // Tooltips drawn on the canvas (renderMode richText): no HTML, so no inline styles for the CSP to refuse.
  const tooltip = (formatter, trigger = "item") => ({ trigger, renderMode: "richText", formatter });

  const draw = (element, option) => {
    element.hidden = false;
    const chart = window.echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(option);
    window.addEventListener("resize", () => chart.resize());
  };

  // A brand's counties may be a few districts of Wuhan, a dot on the province: zoom to them (the reader can still
  // drag and zoom out). The home map shows the whole province.
  const view = (codes) => {
    let [west, south, east, north] = [180, 90, -180, -90];
    const visit = (coordinates) => {
      if (typeof coordinates[0] === "number") {
        [west, east] = [Math.min(west, coordinates[0]), Math.max(east, coordinates[0])];
        [south, north] = [Math.min(south, coordinates[1]), Math.max(north, coordinates[1])];
      } else coordinates.forEach(visit);
    };
    hubeiFeatures.filter((feature) => codes.has(feature.properties.code)).forEach((f) => visit(f.geometry.coordinates));
    if (west > east) return {};
    const span = Math.max(east - west, (north - south) * 1.3, 0.3);
    const zoom = Math.min(Math.max(7.5 / span, 1), 8);  // Hubei is about 7.5 degrees wide
    return { center: [(west + east) / 2, (south + north) / 2], zoom };
  };

  const mapOption = (data, fit, narrow) => {
    const byCode = Object.fromEntries(data.regions.map((region) => [region.name, region]));
    return {
      tooltip: tooltip((params) => {
        const region = byCode[params.name];
        return region ? `${region.title}：${region.label} ${data.unit}` : "";
      }),
      visualMap: {
        type: "piecewise",
        pieces: data.pieces.map((piece) => ({ value: piece.value, label: piece.label, color: palette[piece.value] })),
        // On a phone the legend goes in a row under the map rather than over it.
        ...(narrow ? { orient: "horizontal", left: "center", bottom: 0, itemGap: 6 } : { left: 0, bottom: 0 }),
        itemWidth: 12,
        itemHeight: 10,
        textStyle: { fontSize: 11 },
      },
      series: [{
        type: "map",
        map: "hubei",
        nameProperty: "code",
        roam: true,
        ...(narrow ? { top: 8, bottom: 64 } : {}),
        scaleLimit: { min: 1, max: 12 },
        ...(fit ? view(new Set(data.regions.map((region) => region.name))) : {}),
        data: data.regions.map((region) => ({ name: region.name, value: region.value })),
        label: { show: false },
        emphasis: { label: { show: false }, itemStyle: { areaColor: "#f7c873" } },
        itemStyle: { borderColor: "#ffffff", borderWidth: 0.5, areaColor: "#f3f4f6" },
      }],
    };
  };

  const barOption = (data) => ({
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    tooltip: tooltip((params) => `${params.name}：${data.display[params.dataIndex]} ${data.unit}`),
    xAxis: { type: "value", axisLabel: { hideOverlap: true } },
    yAxis: { type: "category", data: data.labels, inverse: true },
    series: [{
      type: "bar",
      data: data.values,
      itemStyle: { color: "#3f86cf" },
      label: { show: true, position: "right", formatter: (params) => data.display[params.dataIndex] },
    }],
  });

  const trendOption = (data) => ({
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0, data: [data.hours_name, data.children_name] },
    tooltip: tooltip((items) => [items[0].name, ...items.map((item) => {
      const series = item.seriesIndex === 0 ? data.hours : data.children;
      return `${item.seriesName}：${series.display[item.dataIndex]}`;
    })].join("\n"), "axis"),
    xAxis: { type: "category", data: data.labels, axisLabel: { hideOverlap: true } },
    yAxis: [{ type: "value", name: data.hours.unit }, { type: "value", name: data.children.unit, splitLine: { show: false } }],
    series: [
      { type: "bar", name: data.hours_name, data: data.hours.values, itemStyle: { color: "#7fb1e6" } },
      {
        type: "line",
        name: data.children_name,
        yAxisIndex: 1,
        // A hidden quarter is a gap in the line, never a point at a made-up height.
        data: data.children.values.map((value, index) => (data.children.display[index] === "<5" ? null : value)),
        connectNulls: false,
        itemStyle: { color: "#d9822b" },
      },
    ],
  });

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-chart]").forEach((element) => {
      const data = readData(element);
      const kind = element.dataset.chart;
      if (kind === "map") {
        const fit = element.dataset.fit === "regions" && data.regions.length > 0;
        loadMap(element.dataset.geo)
          .then(() => {
            element.hidden = false;  // measured once shown: a phone gets the legend under the map
            draw(element, mapOption(data, fit, element.clientWidth < 560));
          })
          .catch(() => { element.hidden = true; });
      } else if (kind === "bar" && data.labels.length) {
        draw(element, barOption(data));
      } else if (kind === "trend" && data.labels.length) {
        draw(element, trendOption(data));
      }
    });
  });
})();

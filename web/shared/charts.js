// Chart components shared by report.html and the live dashboard (Chart.js from npm, never a CDN).
window.BW = (function () {
  const palette = ['#58a6ff', '#3fb950', '#d29922', '#bc8cff', '#f778ba', '#79c0ff'];
  const fmtTime = t => new Date(t * 1000).toISOString().slice(5, 16).replace('T', ' ');
  function line(canvas, labels, datasets, opts = {}) {
    return new Chart(canvas, {
      type: 'line',
      data: { labels, datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        elements: { point: { radius: 0 } }, interaction: { mode: 'index', intersect: false },
        plugins: { legend: { labels: { color: '#e6edf3', boxWidth: 12 } } },
        scales: {
          x: { ticks: { color: '#8b949e', maxTicksLimit: 8 } },
          y: { ticks: { color: '#8b949e' }, type: opts.log ? 'logarithmic' : 'linear' },
        },
      },
    });
  }
  // Price per source, mark and the price band: the same panel in the report and on the live page.
  function priceDatasets(sourceLabels, sourceSeries, mark, bandLow, bandHigh) {
    const ds = sourceLabels.map((l, i) => ({ label: l, data: sourceSeries[i], borderColor: palette[i % palette.length], borderWidth: 1 }));
    ds.push({ label: 'mark', data: mark, borderColor: '#e6edf3', borderWidth: 1.5 });
    if (bandHigh.some(v => v > 0)) { // 0 = no band known for that point: drawn as a gap
      ds.push({ label: 'band high', data: bandHigh.map(v => v || null), borderColor: '#6e7681', borderDash: [4, 4], borderWidth: 1 });
      ds.push({ label: 'band low', data: bandLow.map(v => v || null), borderColor: '#6e7681', borderDash: [4, 4], borderWidth: 1 });
    }
    return ds;
  }
  function setData(chart, labels, datasets) {
    chart.data.labels = labels;
    chart.data.datasets = datasets;
    chart.update('none');
  }
  return { palette, fmtTime, line, priceDatasets, setData };
})();

// The local board's page script: draws the dashboard description the server embedded, polls each widget,
// and plays the console's part for `cwdb-action` links. Widget HTML arrives escaped and is never run:
// HTML set through innerHTML runs no <script>, and the page's CSP allows only this file and uPlot.
/* global uPlot */
(() => {
  const spec = JSON.parse(document.getElementById('board-spec').textContent);
  const query = new URLSearchParams(location.search);
  const refreshMs = Math.max(0.5, Number(query.get('refresh') || spec.refreshSeconds)) * 1000;
  const tz = query.get('tz') || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const rangeSelect = document.getElementById('range');
  rangeSelect.value = String(query.get('range') || spec.defaultRangeHours);
  if (!rangeSelect.value) rangeSelect.value = String(spec.defaultRangeHours);
  document.getElementById('zone').textContent = tz;
  const palette = [
    '#1f77b4',
    '#ff7f0e',
    '#2ca02c',
    '#d62728',
    '#9467bd',
    '#8c564b',
    '#e377c2',
    '#7f7f7f',
    '#bcbd22',
    '#17becf',
  ];
  const charts = new Map();
  const popup = document.getElementById('popup');

  const viewerQuery = (element) => {
    const end = Date.now();
    const start = end - Number(rangeSelect.value) * 3_600_000;
    const viewer = new URLSearchParams({
      tz,
      start: String(start),
      end: String(end),
      width: String(element.clientWidth),
    });
    if (query.get('limit')) viewer.set('limit', query.get('limit'));
    return viewer;
  };

  async function call(params, element) {
    const response = await fetch(`/action?${viewerQuery(element)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(params),
    });
    return response.text();
  }

  // The console runs a cwdb-action when the element before it is clicked; its text is the call's params.
  function wireActions(root) {
    for (const action of root.querySelectorAll('cwdb-action')) {
      const trigger = action.previousElementSibling;
      if (!trigger || action.getAttribute('action') !== 'call') continue;
      trigger.addEventListener('click', async (event) => {
        event.preventDefault();
        const params = JSON.parse(action.textContent);
        const body = popup.querySelector('.popup-body');
        body.innerHTML = await call(params, body);
        wireActions(body);
        if (!popup.open) popup.showModal();
      });
    }
  }

  async function drawBoard(widget, body) {
    const response = await fetch(`/widgets/${widget.id}?${viewerQuery(body)}`);
    if (!response.ok) throw new Error(`${widget.id}: ${response.status}`);
    const markup = await response.text();
    body.innerHTML = markup;
    wireActions(body);
  }

  function stackedValues(series) {
    const sums = series[0] ? series[0].values.map(() => 0) : [];
    return series.map((line) => {
      line.values.forEach((value, index) => {
        sums[index] += value ?? 0;
      });
      return [...sums];
    });
  }

  async function drawMetric(widget, body) {
    const response = await fetch(`/metrics/${widget.id}?${viewerQuery(body)}`);
    if (!response.ok) throw new Error(`${widget.id}: ${response.status}`);
    const set = await response.json();
    const values = widget.stacked ? stackedValues(set.series) : set.series.map((line) => line.values);
    const data = [set.timestamps, ...values];
    const labels = set.series.map((line) => line.label).join('|');
    const existing = charts.get(widget.id);
    if (existing && existing.labels === labels) {
      existing.chart.setData(data);
      return;
    }
    existing?.chart.destroy();
    body.textContent = '';
    if (set.series.length === 0) {
      body.innerHTML = '<p class="empty">No data points yet.</p>';
      charts.delete(widget.id);
      return;
    }
    const chart = new uPlot(
      {
        width: body.clientWidth,
        height: Math.max(120, body.clientHeight - 34),
        tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), tz),
        legend: { live: false },
        cursor: { drag: { x: false, y: false } },
        scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
        axes: [
          { stroke: '#545b64', grid: { stroke: '#eaeded' } },
          { stroke: '#545b64', grid: { stroke: '#eaeded' }, size: 40 },
        ],
        series: [
          {},
          ...set.series.map((line, index) => ({
            label: line.label,
            stroke: palette[index % palette.length],
            width: 1.5,
            fill: widget.stacked ? `${palette[index % palette.length]}33` : undefined,
            spanGaps: true,
          })),
        ],
      },
      data,
      body,
    );
    charts.set(widget.id, { chart, labels });
  }

  async function refresh() {
    const started = performance.now();
    const draws = spec.widgets
      .filter((widget) => widget.type !== 'aws')
      .map(async (widget) => {
        const section = document.querySelector(`[data-widget="${widget.id}"]`);
        const body = section.querySelector('.body');
        try {
          await (widget.type === 'board' ? drawBoard(widget, body) : drawMetric(widget, body));
          section.classList.remove('stale');
        } catch (error) {
          section.classList.add('stale');
          section.dataset.problem = String(error);
        }
      });
    await Promise.all(draws);
    document.getElementById('updated').textContent = `updated ${new Date().toLocaleTimeString()}`;
    // Read by the bench (first paint, refresh time) and the tests (a refresh has happened).
    document.body.dataset.lastRefreshMs = String(Math.round(performance.now() - started));
    document.body.dataset.refreshes = String(Number(document.body.dataset.refreshes || 0) + 1);
  }

  async function loop() {
    await refresh();
    setTimeout(loop, refreshMs);
  }
  rangeSelect.addEventListener('change', () => refresh());
  loop();
})();

// The live incident dashboard: state from the API, changes pushed by the event stream (Server-Sent Events).
(function () {
  const $ = id => document.getElementById(id);
  const esc = s => String(s).replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
  const usd = v => '$' + Number(v).toLocaleString('en-US', { maximumFractionDigits: 0 });
  const when = t => t ? new Date(t * 1000).toISOString().replace('T', ' ').slice(0, 19) : '–';
  const MAX_POINTS = 2000;
  const history = {};      // market id → { t: [], sources: [[]], mark: [], low: [], high: [] }
  const fund = { t: [], v: [] };
  const lastReport = {};   // market id → per-source last price
  let selected = 0, markets = [], openIncident = null, lastSeq = 0, refreshQueued = false, stateTime = Infinity;

  const priceChart = BW.line($('price-chart'), [], []);
  const fundChart = BW.line($('fund-chart'), [], [{ label: 'insurance fund (USD)', data: [], borderColor: '#3fb950', borderWidth: 1.5 }]);
  const incidentChart = BW.line($('incident-chart'), [], []);

  async function json(path) {
    const r = await fetch(path);
    if (!r.ok) throw new Error(path + ' → ' + r.status);
    return r.json();
  }

  function push(arr, v) { arr.push(v); if (arr.length > MAX_POINTS) arr.shift(); }

  // Price history is built from the event stream (the backlog on load, then live), one point per `step` seconds of
  // market time; when it outgrows MAX_POINTS it is thinned by half and the step doubles, so a week-long replay still fits.
  function record(marketId, t, mark, sourceCount) {
    const m = markets.find(x => x.id === marketId);
    const h = history[marketId] ??= { t: [], sources: Array.from({ length: sourceCount }, () => []), mark: [], low: [], high: [], step: 15 };
    if (h.t.length && t - h.t[h.t.length - 1] < h.step) return;
    const last = lastReport[marketId] || [];
    // The band is only known for the present (events do not carry it): backlog points have none.
    const live = m && t >= stateTime;
    h.t.push(t); h.mark.push(mark); h.low.push(live ? Number(m.bandLow) : 0); h.high.push(live ? Number(m.bandHigh) : 0);
    h.sources.forEach((s, i) => s.push(last[i] ?? null));
    if (h.t.length > MAX_POINTS) {
      for (const k of ['t', 'mark', 'low', 'high']) h[k] = h[k].filter((_, i) => i % 2 === 0);
      h.sources = h.sources.map(s => s.filter((_, i) => i % 2 === 0));
      h.step *= 2;
    }
  }

  function drawPrices() {
    const m = markets.find(x => x.id === selected); const h = history[selected];
    if (!m || !h) return;
    $('price-title').textContent = `Prices · ${m.symbol}`;
    const labels = h.t.map(BW.fmtTime);
    BW.setData(priceChart, labels, BW.priceDatasets(h.sources.map((_, i) => 'source ' + i), h.sources, h.mark, h.low, h.high));
  }

  function renderMarkets(state) {
    const body = $('markets').tBodies[0];
    body.innerHTML = markets.map(m => `<tr data-id="${m.id}" class="${m.id === selected ? 'selected' : ''}">
      <td>${esc(m.symbol)}</td><td><span class="pill s-${m.status}" data-testid="status-${m.id}">${m.status}</span></td>
      <td><span class="pill l${m.level}" data-testid="level-${m.id}">${m.level}</span> ${m.level ? esc(m.trigger) : ''}</td>
      <td>${m.validity}</td><td>${m.mark}</td><td>${m.index}</td>
      <td>${m.bandHigh > 0 ? `${Number(m.bandLow).toFixed(4)} – ${Number(m.bandHigh).toFixed(4)}` : 'off'}</td>
      <td>${m.openInterest}</td><td>${Number(m.marginMultiplier).toFixed(2)}</td><td>${m.paused}</td></tr>`).join('');
    for (const tr of body.rows) tr.onclick = () => { selected = Number(tr.dataset.id); renderMarkets(state); drawPrices(); };
  }

  function renderIncidents(incidents) {
    const body = $('incidents').tBodies[0];
    body.innerHTML = incidents.slice().reverse().slice(0, 500).map(i => `<tr data-id="${i.id}" data-testid="incident-${i.id}">
      <td>${i.id}</td><td>${esc(i.market)}</td><td>${esc(i.trigger)}</td><td><span class="pill l${i.level}">${i.level}</span></td>
      <td>${when(i.openedAt)}</td><td>${i.closedAt ? when(i.closedAt) : '<b>open</b>'}</td><td>${i.attestedBy.length}</td></tr>`).join('');
    for (const tr of body.rows) tr.onclick = () => showIncident(incidents.find(x => x.id === Number(tr.dataset.id)));
    if (openIncident) showIncident(incidents.find(x => x.id === openIncident.id) || openIncident);
  }

  let runbooks = [];
  json('v1/runbooks').then(r => { runbooks = r; if (openIncident) showIncident(openIncident); }).catch(() => {});

  // The council's prepared response for this incident's trigger (breakwater runbook prepare writes it ahead of time).
  function runbookFor(i) {
    const r = runbooks.find(x => x.triggers.includes(i.trigger));
    if (!r) return '';
    const file = r.protocolWide ? r.name : `${r.name}-market-${i.marketId}`;
    return `<div class="runbook" data-testid="incident-runbook"><b>Prepared response:</b> ${esc(r.title)} — ` +
      `<code>breakwater runbook show ${esc(file)}</code>, then <code>runbook submit</code> once signed.<br>` +
      `<small>When: ${esc(r.when)} Does: ${esc(r.what)} ${esc(r.lapses)}</small></div>`;
  }

  // What users cannot do right now, why and until when: one line per restricted market, from /v1/status.
  function renderStatus(status) {
    const lines = status.markets.filter(m => m.summary !== 'normal').map(m =>
      `<div class="status-line" data-testid="banner-${m.id}"><b>${esc(m.symbol)}</b> ${esc(m.summary)}</div>`);
    if (status.globalPaused !== 'None') lines.unshift(`<div class="status-line"><b>Protocol</b> paused: ${esc(status.globalPaused)}</div>`);
    $('status-banner').innerHTML = lines.join('');
    $('status-banner').hidden = lines.length === 0;
  }

  function showIncident(i) {
    openIncident = i;
    $('incident-view').hidden = false;
    $('incident-title').textContent = `Incident #${i.id} · ${i.market} · ${i.trigger}`;
    $('incident-meta').innerHTML = `level ${i.level} · opened ${when(i.openedAt)} · ${i.closedAt ? 'closed ' + when(i.closedAt) : 'open'}` +
      (i.expiresAt ? ` · lapses ${when(i.expiresAt)}` : '') + (i.attestedBy.length ? `<br>attested by ${i.attestedBy.map(esc).join(', ')}` : '') + runbookFor(i);
    $('incident-timeline').innerHTML = i.timeline.map(e => `<li>${when(e.time)} ${esc(e.text)} <a class="hash" href="v1/events/${e.seq}" target="_blank" title="verify this event's hash link">#${e.seq} ${e.hash.slice(0, 12)}…</a></li>`).join('');
    const h = history[i.marketId];
    if (h) {
      const from = h.t.findIndex(t => t >= i.openedAt - 1800);
      const s = Math.max(0, from), labels = h.t.slice(s).map(BW.fmtTime);
      BW.setData(incidentChart, labels, BW.priceDatasets(h.sources.map((_, k) => 'source ' + k), h.sources.map(x => x.slice(s)), h.mark.slice(s), h.low.slice(s), h.high.slice(s)));
    }
  }

  async function refresh() {
    refreshQueued = false;
    try {
      const [state, ms, incidents, status] = await Promise.all([json('v1/state'), json('v1/markets'), json('v1/incidents'), json('v1/status')]);
      renderStatus(status);
      markets = ms;
      stateTime = state.time;
      $('protocol-level').textContent = 'level ' + state.protocolLevel;
      $('protocol-level').className = 'pill l' + state.protocolLevel;
      $('height').textContent = state.height;
      $('time').textContent = when(state.time);
      $('insurance-fund').textContent = usd(state.insuranceFund);
      $('vault').textContent = usd(state.vault) + (state.vaultLockedUntil > state.time ? ' (locked until ' + when(state.vaultLockedUntil) + ')' : '');
      $('socialized').textContent = usd(state.socializedLoss);
      $('log-head').textContent = state.logHeadHash;
      $('state-hash').textContent = state.stateHash;
      push(fund.t, state.time); push(fund.v, state.insuranceFund);
      BW.setData(fundChart, fund.t.map(BW.fmtTime), [{ label: 'insurance fund (USD)', data: fund.v, borderColor: '#3fb950', borderWidth: 1.5 }]);
      renderMarkets(state);
      drawPrices();
      renderIncidents(incidents);
      $('timelock').tBodies[0].innerHTML = state.pendingOperations.map(o => `<tr><td class="hash">${o.id}</td><td>${o.kind}</td><td>${o.state}</td><td>${when(o.eta)}</td></tr>`).join('') || '<tr><td colspan="4" class="meta">no pending operations</td></tr>';
    } catch (e) {
      $('conn').textContent = 'API error: ' + e.message;
    }
  }

  function queueRefresh() {
    if (refreshQueued) return;
    refreshQueued = true;
    setTimeout(refresh, 250); // coalesce bursts of events into one refresh
  }

  function connect() {
    const es = new EventSource('v1/events?from=' + (lastSeq + 1));
    es.onopen = () => { $('conn').textContent = 'live'; };
    es.onerror = () => { $('conn').textContent = 'reconnecting…'; };
    const onEvent = ev => {
      const e = JSON.parse(ev.data);
      if (e.seq) lastSeq = e.seq;
      if (e.kind === 'OracleUpdated') {
        (lastReport[e.data.market] ??= [])[e.data.source] = e.data.reported;
        const m = markets.find(x => x.id === e.data.market);
        record(e.data.market, e.time, e.data.mark, m ? m.sources : e.data.source + 1);
      }
      queueRefresh();
    };
    for (const k of ['OracleUpdated', 'LadderLevelChanged', 'MarketStatusChanged', 'IncidentOpened', 'IncidentClosed', 'Liquidated', 'InsuranceFundDrawn',
      'AutoDeleveraged', 'SocializedLossRecorded', 'AttestationRecorded', 'LevelFloorRaised', 'PauseApplied', 'MarketWideBreakerTriggered', 'PauseFlagsChanged', 'TradeSettled', 'Deposited', 'Withdrawn', 'MarketCreated'])
      es.addEventListener(k, onEvent);
  }

  refresh().then(connect);
  setInterval(refresh, 5000);
})();

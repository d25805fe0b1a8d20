'use strict';
// The MASH console page: plain JavaScript, no build step.
const RULES = {
  'toxic-trio': 'Toxic trio: domestic abuse, parental mental ill health and parental substance misuse',
  'toxic-trio-emerging': 'Emerging toxic trio: two of the three factors',
  'repeat-missing': 'Repeat missing episodes',
  'return-interview-overdue': 'Return home interview overdue',
  'out-of-area-missing': 'Missing from an out-of-area placement',
};
const CATEGORY = c => c.toLowerCase().replace(/_/g, ' ').replace(/^./, s => s.toUpperCase());
const OUTCOME = { ACKNOWLEDGED: 'Acknowledged', NO_FURTHER_ACTION: 'No further action',
  STRATEGY_DISCUSSION: 'Strategy discussion', REFERRED_TO_CHILDRENS_SOCIAL_CARE: "Referred to children's social care" };
const AGENCY = { POLICE: 'Police', HEALTH: 'Health', SCHOOL: 'School', CHILDRENS_SERVICES: "Children's services" };
const state = { token: sessionStorage.getItem('mash-token'), me: null, alerts: new Map(), selected: null, source: null };
const $ = id => document.getElementById(id);
const fmt = iso => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const day = iso => new Date(iso).toLocaleDateString('en-GB', { dateStyle: 'medium' });

async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { 'Authorization': 'Bearer ' + state.token,
    'Content-Type': 'application/json', 'Accept': 'application/json', ...(options.headers || {}) } });
  if (!response.ok) {
    let message = response.status + ' ' + response.statusText;
    try { const body = await response.json(); message = body.error || body.title || message; } catch (e) { /* not JSON */ }
    const error = new Error(message); error.status = response.status; throw error;
  }
  return response.status === 204 ? null : response.json();
}

async function signIn(token) {
  state.token = token;
  try {
    state.me = await api('/api/me');
  } catch (e) {
    $('signin-error').textContent = e.status === 401 ? 'That token was not recognised.' : e.message;
    return;
  }
  sessionStorage.setItem('mash-token', token);
  $('signin').hidden = true; $('main').hidden = false;
  $('who').textContent = state.me.id + ' · ' + state.me.authorities.join(', ') + ' · ' + state.me.role;
  const select = $('authority');
  select.innerHTML = '<option value="">All my authorities</option>' +
    state.me.authorities.map(la => `<option value="${la}">${la}</option>`).join('');
  await reload();
}

function filters() {
  const severities = [...document.querySelectorAll('input[name=severity]:checked')].map(i => i.value);
  const params = new URLSearchParams();
  if ($('authority').value) params.set('authority', $('authority').value);
  if (severities.length < 3) params.set('severity', severities.join(',') || 'NONE');
  return params;
}

async function reload() {
  const params = filters();
  params.set('size', '200');
  if ($('show-closed').checked) params.set('status', 'all');
  const page = await api('/api/alerts?' + params);
  state.alerts = new Map(page.items.map(a => [a.alertId, a]));
  render();
  listen();
}

function listen() {
  if (state.source) state.source.close();
  const params = filters();
  params.set('access_token', state.token);
  const source = new EventSource('/api/alerts/stream?' + params);
  source.addEventListener('ready', () => { $('live').textContent = 'live'; $('live').classList.add('on'); });
  source.addEventListener('alert', event => {
    const alert = JSON.parse(event.data);
    const isNew = !state.alerts.has(alert.alertId);
    if (alert.status === 'CLOSED' && !$('show-closed').checked) state.alerts.delete(alert.alertId);
    else state.alerts.set(alert.alertId, alert);
    render(isNew ? alert.alertId : null);
    if (state.selected === alert.alertId) showDetail(alert);
  });
  source.onerror = () => { $('live').textContent = 'reconnecting…'; $('live').classList.remove('on'); };
  state.source = source;
}

function render(freshId) {
  const rows = [...state.alerts.values()].sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
  $('empty').hidden = rows.length > 0;
  $('alert-rows').innerHTML = rows.map(a => `
    <tr class="alert ${a.alertId === freshId ? 'fresh' : ''} ${a.alertId === state.selected ? 'selected' : ''}"
        data-id="${a.alertId}" data-rule="${a.ruleId}" data-testid="alert-row" tabindex="0">
      <td>${fmt(a.raisedAt)}</td><td><span class="sev ${a.severity}">${a.severity}</span></td>
      <td>${RULES[a.ruleId] || a.ruleId}</td><td>${a.routedTo.join(' + ')}</td>
      <td title="${a.childPseudonym}">${a.childPseudonym.slice(0, 10)}…</td><td>${a.evidence.length}</td>
      <td class="status ${a.status}" data-testid="row-status">${CATEGORY(a.status)}</td></tr>`).join('');
  document.querySelectorAll('tr.alert').forEach(tr => {
    const open = () => { state.selected = tr.dataset.id; showDetail(state.alerts.get(tr.dataset.id)); render(); };
    tr.addEventListener('click', open);
    tr.addEventListener('keydown', e => { if (e.key === 'Enter') open(); });
  });
}

function showDetail(a) {
  $('detail').hidden = false; $('chronology').hidden = true;
  $('detail-title').innerHTML = `<span class="sev ${a.severity}">${a.severity}</span> ${RULES[a.ruleId] || a.ruleId}`;
  $('detail-rule').textContent = `${a.ruleId}, version ${a.ruleVersion}`;
  $('detail-window').textContent = `${day(a.windowStart)} to ${day(a.windowEnd)}`;
  $('detail-child').textContent = a.childPseudonym;
  $('detail-routed').textContent = a.routedTo.join(', ');
  $('detail-status').textContent = CATEGORY(a.status);
  $('evidence-rows').innerHTML = a.evidence.map(e => `<tr><td>${day(e.occurredAt)}</td>
    <td>${AGENCY[e.agency] || CATEGORY(e.agency)}</td><td>${CATEGORY(e.category)}</td><td>${e.sourceReference}</td></tr>`).join('');
  $('decision-history').innerHTML = a.decisions.map(d =>
    `<li>${OUTCOME[d.outcome] || CATEGORY(d.outcome)} by ${d.workerId} (${d.localAuthority}), ${fmt(d.decidedAt)}</li>`).join('');
  document.querySelectorAll('#decision-buttons button').forEach(b => { b.disabled = !state.me.canDecide; });
  $('decision-note').textContent = state.me.canDecide ? 'Decisions are kept: a later one never rewrites an earlier one.'
    : 'Your role can view alerts but not record decisions.';
}

async function decide(outcome) {
  const id = state.selected;
  try {
    await api(`/api/alerts/${id}/decisions`, { method: 'POST', body: JSON.stringify({ outcome }) });
    const alert = await api(`/api/alerts/${id}`);
    state.alerts.set(id, alert); render(); showDetail(alert);
  } catch (e) { $('decision-note').textContent = 'Not recorded: ' + e.message; }
}

async function openChronology() {
  const alert = state.alerts.get(state.selected);
  $('chronology').hidden = false; $('timeline').innerHTML = ''; $('chronology-error').textContent = '';
  $('chronology-child').textContent = alert.childPseudonym;
  try {
    const c = await api(`/api/children/${alert.childPseudonym}/chronology`);
    $('timeline').innerHTML = c.entries.map(e => `<li data-testid="timeline-entry"><span class="when">${day(e.occurredAt)}</span>
      <span class="agency">${AGENCY[e.agency] || CATEGORY(e.agency)}</span> ${CATEGORY(e.category)}
      <span class="muted">· ${e.sourceReference} · ${e.localAuthority}</span></li>`).join('');
  } catch (e) {
    $('chronology-error').textContent = e.status === 503 ? 'The record is being restored; trying again in 5 seconds.'
      : e.message;
    if (e.status === 503) setTimeout(openChronology, 5000);
  }
  $('chronology').scrollIntoView({ behavior: 'smooth' });
}

$('signin-form').addEventListener('submit', e => { e.preventDefault(); signIn($('token').value.trim()); });
$('authority').addEventListener('change', reload);
$('show-closed').addEventListener('change', reload);
document.querySelectorAll('input[name=severity]').forEach(i => i.addEventListener('change', reload));
document.querySelectorAll('#decision-buttons button').forEach(b => b.addEventListener('click', () => decide(b.dataset.outcome)));
$('open-chronology').addEventListener('click', openChronology);
if (state.token) signIn(state.token);

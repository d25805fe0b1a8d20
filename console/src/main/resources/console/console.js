'use strict';
// The MASH console page: plain JavaScript, no build step. Every value from the server goes into the page as text
// (el() below, or textContent), never as markup: an agency's reference or a worker id may hold anything at all.
const RULES = {
  'toxic-trio': 'Toxic trio: domestic abuse, parental mental ill health and parental substance misuse',
  'toxic-trio-emerging': 'Emerging toxic trio: two of the three factors',
  'repeat-missing': 'Repeat missing episodes',
  'return-interview-overdue': 'Return home interview overdue',
  'out-of-area-missing': 'Missing from an out-of-area placement',
};
const CATEGORY = c => String(c).toLowerCase().replace(/_/g, ' ').replace(/^./, s => s.toUpperCase());
const OUTCOME = { ACKNOWLEDGED: 'Acknowledged', NO_FURTHER_ACTION: 'No further action',
  STRATEGY_DISCUSSION: 'Strategy discussion', REFERRED_TO_CHILDRENS_SOCIAL_CARE: "Referred to children's social care" };
const AGENCY = { POLICE: 'Police', HEALTH: 'Health', SCHOOL: 'School', CHILDRENS_SERVICES: "Children's services" };
const state = { token: sessionStorage.getItem('mash-token'), me: null, alerts: new Map(), selected: null, source: null };
const $ = id => document.getElementById(id);
const fmt = iso => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const day = iso => new Date(iso).toLocaleDateString('en-GB', { dateStyle: 'medium' });
// a piece received more than a day after it happened says when it arrived (late or backfilled data)
const received = e => e.receivedAt && new Date(e.receivedAt) - new Date(e.occurredAt) > 86400000
  ? ` (received ${day(e.receivedAt)})` : '';
const label = (names, code, otherwise) => Object.prototype.hasOwnProperty.call(names, code) ? names[code] : otherwise;
const rule = id => label(RULES, id, id);
const agency = code => label(AGENCY, code, CATEGORY(code));
const outcome = code => label(OUTCOME, code, CATEGORY(code));

/** An element with attributes and children; strings become text nodes, never markup. */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, value));
  node.append(...children);
  return node;
}

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
  $('authority').replaceChildren(el('option', { value: '' }, 'All my authorities'),
    ...state.me.authorities.map(la => el('option', { value: la }, la)));
  await reload();
}

function filters() {
  const severities = [...document.querySelectorAll('input[name=severity]:checked')].map(i => i.value);
  const params = new URLSearchParams();
  if ($('authority').value) params.set('authority', $('authority').value);
  if (severities.length < 3) params.set('severity', severities.join(',') || 'NONE');
  return params;
}

async function refreshList() {
  const params = filters();
  params.set('size', '200');
  if ($('show-closed').checked) params.set('status', 'all');
  const page = await api('/api/alerts?' + params);
  state.alerts = new Map(page.items.map(a => [a.alertId, a]));
  render();
}

async function reload() {
  await refreshList();
  listen();
}

function listen() {
  if (state.source) state.source.close();
  const params = filters();
  params.set('access_token', state.token);
  const source = new EventSource('/api/alerts/stream?' + params);
  let interrupted = false;
  source.addEventListener('ready', () => {
    $('live').textContent = 'live'; $('live').classList.add('on');
    // the server drops a stream that falls behind; whatever changed meanwhile is in the list
    if (interrupted) { interrupted = false; refreshList(); }
  });
  source.addEventListener('alert', event => {
    const alert = JSON.parse(event.data);
    const isNew = !state.alerts.has(alert.alertId);
    if (alert.status === 'CLOSED' && !$('show-closed').checked) state.alerts.delete(alert.alertId);
    else state.alerts.set(alert.alertId, alert);
    render(isNew ? alert.alertId : null);
    if (state.selected === alert.alertId) showDetail(alert);
  });
  source.onerror = () => {
    interrupted = true; $('live').classList.remove('on');
    if (source.readyState === EventSource.CLOSED) { // refused (too many streams, or signed out): try again later
      $('live').textContent = 'not live; retrying in 30 seconds';
      setTimeout(() => { if (state.source === source) listen(); }, 30000);
    } else {
      $('live').textContent = 'reconnecting…';
    }
  };
  state.source = source;
}

function alertRow(a, freshId) {
  const classes = ['alert', a.alertId === freshId ? 'fresh' : '', a.alertId === state.selected ? 'selected' : ''];
  const row = el('tr', { class: classes.filter(Boolean).join(' '), 'data-testid': 'alert-row', tabindex: '0' },
    el('td', {}, fmt(a.raisedAt)), el('td', {}, el('span', { class: 'sev ' + a.severity }, a.severity)),
    el('td', {}, rule(a.ruleId)), el('td', {}, a.routedTo.join(' + ')),
    el('td', { title: a.childPseudonym }, a.childPseudonym.slice(0, 10) + '…'), el('td', {}, String(a.evidence.length)),
    el('td', { class: 'status ' + a.status, 'data-testid': 'row-status' }, CATEGORY(a.status)));
  row.dataset.id = a.alertId; row.dataset.rule = a.ruleId;
  const open = () => { state.selected = a.alertId; showDetail(state.alerts.get(a.alertId)); render(); };
  row.addEventListener('click', open);
  row.addEventListener('keydown', e => { if (e.key === 'Enter') open(); });
  return row;
}

function render(freshId) {
  const rows = [...state.alerts.values()].sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
  $('empty').hidden = rows.length > 0;
  $('alert-rows').replaceChildren(...rows.map(a => alertRow(a, freshId)));
}

function showDetail(a) {
  $('detail').hidden = false; $('chronology').hidden = true;
  $('detail-title').replaceChildren(el('span', { class: 'sev ' + a.severity }, a.severity), ' ' + rule(a.ruleId));
  $('detail-rule').textContent = `${a.ruleId}, version ${a.ruleVersion}`;
  $('detail-window').textContent = `${day(a.windowStart)} to ${day(a.windowEnd)}` +
    (a.formedFromLateData ? ' (formed from late data: judged against the present; see when each piece was received)' : '');
  $('detail-child').textContent = a.childPseudonym;
  $('detail-routed').textContent = a.routedTo.join(', ');
  $('detail-status').textContent = CATEGORY(a.status);
  $('evidence-rows').replaceChildren(...a.evidence.map(e => el('tr', {}, el('td', {}, day(e.occurredAt) + received(e)),
    el('td', {}, agency(e.agency)), el('td', {}, CATEGORY(e.category)), el('td', {}, e.sourceReference))));
  $('decision-history').replaceChildren(...a.decisions.map(d =>
    el('li', {}, `${outcome(d.outcome)} by ${d.workerId} (${d.localAuthority}), ${fmt(d.decidedAt)}`)));
  document.querySelectorAll('#decision-buttons button').forEach(b => { b.disabled = !state.me.canDecide; });
  $('decision-note').textContent = state.me.canDecide ? 'Decisions are kept: a later one never rewrites an earlier one.'
    : 'Your role can view alerts but not record decisions.';
}

async function decide(decision) {
  const id = state.selected;
  try {
    await api(`/api/alerts/${encodeURIComponent(id)}/decisions`, { method: 'POST', body: JSON.stringify({ outcome: decision }) });
    const alert = await api(`/api/alerts/${encodeURIComponent(id)}`);
    state.alerts.set(id, alert); render(); showDetail(alert);
  } catch (e) { $('decision-note').textContent = 'Not recorded: ' + e.message; }
}

function timelineEntry(e) {
  return el('li', { 'data-testid': 'timeline-entry' }, el('span', { class: 'when' }, day(e.occurredAt)), ' ',
    el('span', { class: 'agency' }, agency(e.agency)), ' ' + CATEGORY(e.category) + ' ',
    el('span', { class: 'muted' }, `· ${e.sourceReference} · ${e.localAuthority}`));
}

async function openChronology() {
  const alert = state.alerts.get(state.selected);
  $('chronology').hidden = false; $('timeline').replaceChildren(); $('chronology-error').textContent = '';
  $('chronology-child').textContent = alert.childPseudonym;
  try {
    const c = await api(`/api/children/${encodeURIComponent(alert.childPseudonym)}/chronology`);
    $('timeline').replaceChildren(...c.entries.map(timelineEntry));
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

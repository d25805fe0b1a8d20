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
  STRATEGY_DISCUSSION: 'Strategy discussion', REFERRED_TO_CHILDRENS_SOCIAL_CARE: "Referred to children's social care",
  INFORMATION_AND_ADVICE: 'Information and advice', EARLY_HELP: 'Early help',
  SECTION_17_ASSESSMENT: 'Section 17 assessment', SECTION_47_ENQUIRY: 'Section 47 enquiry',
  PASS_TO_ALLOCATED_WORKER: 'Passed to the allocated worker', TRANSFER_TO_HOME_AUTHORITY: 'Transferred to the home authority',
  OTHER_AGENCY_ACTION: 'Another agency to act' };
const REASON = { NEEDS_MET_BY_UNIVERSAL_SERVICES: 'Needs met by universal services', EARLY_HELP_NEEDS: 'Early help needs',
  CHILD_IN_NEED_THRESHOLD_MET: 'May be a child in need (s17)',
  REASONABLE_CAUSE_TO_SUSPECT_SIGNIFICANT_HARM: 'Reasonable cause to suspect significant harm (s47)',
  ALREADY_OPEN_TO_SOCIAL_CARE: 'Already open to social care', CHILD_RESIDENT_ELSEWHERE: 'Resident in another authority',
  OTHER_AGENCY_BEST_PLACED: 'Another agency best placed', ALREADY_KNOWN_AND_ACTED_ON: 'Already known and acted on',
  CONCERN_NOT_SUPPORTED_BY_CHECKS: 'Checks did not support the concern', OTHER: 'Other' };
const CONSENT = { CONSENT_GIVEN: 'Consent given', NOT_SOUGHT_RISK_OF_HARM: 'Not sought: seeking it would put the child at risk',
  REFUSED_OVERRIDDEN_SIGNIFICANT_HARM: 'Refused; shared because of risk of significant harm',
  STATUTORY_DUTY: 'A statutory duty to share', NOT_SHARED: 'Nothing shared beyond the MASH' };
const REVEAL = { MASH_SCREENING: 'MASH screening', STRATEGY_DISCUSSION: 'Strategy discussion',
  SECTION_47_ENQUIRY: 'Section 47 enquiry', SECTION_17_ASSESSMENT: 'Section 17 assessment',
  TRANSFER_TO_RESPONSIBLE_SERVICE: 'Passing to the responsible service' };
const ACTION = { CHRONOLOGY_VIEWED: 'Chronology viewed', ALERT_VIEWED: 'Alert viewed', ALERTS_LISTED: 'Alerts listed',
  STREAM_OPENED: 'Live stream opened', IDENTITY_REVEALED: 'Identity revealed', AUDIT_SEARCHED: 'Audit searched' };
const AGENCY = { POLICE: 'Police', HEALTH: 'Health', SCHOOL: 'School', CHILDRENS_SERVICES: "Children's services" };
// the browser's sign-in is a session cookie the page never sees (HttpOnly); changes carry the page's own header
const PAGE_HEADER = { 'X-Requested-With': 'mash-console' };
const state = { me: null, alerts: new Map(), selected: null, source: null };
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

/** The options of a coded choice, a blank "choose" first where a choice is required. */
const options = (names, choose) => [...(choose ? [el('option', { value: '' }, choose)] : []),
  ...Object.entries(names).map(([code, text]) => el('option', { value: code }, text))];

/** An element with attributes and children; strings become text nodes, never markup. */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, value));
  node.append(...children);
  return node;
}

async function api(path, options = {}) {
  const response = await fetch(path, { ...options, credentials: 'same-origin', headers: { ...PAGE_HEADER,
    'Content-Type': 'application/json', 'Accept': 'application/json', ...(options.headers || {}) } });
  if (!response.ok) {
    let message = response.status + ' ' + response.statusText;
    try { const body = await response.json(); message = body.error || body.title || message; } catch (e) { /* not JSON */ }
    const error = new Error(message); error.status = response.status; throw error;
  }
  return response.status === 204 ? null : response.json();
}

/** Shows the console to a signed-in user, or the ways to sign in. */
async function start() {
  try {
    state.me = await api('/api/me');
  } catch (e) {
    if (e.status !== 401) $('signin-error').textContent = e.message;
    const methods = await api('/auth/methods');
    $('signin').hidden = false;
    $('signin-provider').hidden = !methods.provider;
    $('signin-form').hidden = !methods.token;
    return;
  }
  $('signin').hidden = true; $('signout').hidden = false;
  $('who').textContent = state.me.id + ' · ' + state.me.authorities.join(', ') + ' · ' + state.me.role;
  if (state.me.canSearchAudit) {
    $('audit').hidden = false;
    $('audit-authority').replaceChildren(el('option', { value: '' }, 'All my authorities'),
      ...state.me.authorities.map(la => el('option', { value: la }, la)));
    await searchAudit();
    return;
  }
  if (!state.me.canSeeAlerts) {
    $('signin-error').textContent = 'Your role (' + state.me.role + ') does not give access to MASH alerts.';
    return;
  }
  $('main').hidden = false;
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

/** The list's own filters and order (the live stream sends every change; the list decides what it shows). */
function listFilters() {
  const params = filters();
  if ($('rule').value) params.set('rule', $('rule').value);
  params.set('status', $('status').value);
  if ($('assigned').value !== 'anyone') params.set('assigned', $('assigned').value);
  if ($('overdue').checked) params.set('overdue', 'true');
  params.set('sort', $('sort').value);
  return params;
}

/** How long ago, or how long until, in words: "3 h", "2 d 4 h", "25 min". */
function span(ms) {
  const minutes = Math.floor(Math.abs(ms) / 60000), hours = Math.floor(minutes / 60), days = Math.floor(hours / 24);
  return days > 0 ? `${days} d ${hours % 24} h` : hours > 0 ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
}

function due(a) {
  if (a.status === 'CLOSED') return 'decided';
  const left = new Date(a.decisionDueBy) - Date.now();
  return left < 0 ? `overdue by ${span(left)}` : `in ${span(left)}`;
}

async function refreshList() {
  const params = listFilters();
  params.set('size', '200');
  const page = await api('/api/alerts?' + params);
  state.alerts = new Map(page.items.map(a => [a.alertId, a]));
  render();
}

async function reload() {
  await refreshList();
  listen();
}

async function signInWithToken(token) {
  try {
    await api('/auth/token', { method: 'POST', body: JSON.stringify({ token }) });
  } catch (e) {
    $('signin-error').textContent = e.status === 401 ? 'That token was not recognised.' : e.message;
    return;
  }
  $('token').value = '';
  await start();
}

async function signOut() {
  const answer = await api('/auth/logout', { method: 'POST' });
  if (state.source) state.source.close();
  // end the provider's session too, so that the next person at this computer signs in afresh
  window.location.assign(answer.endSession || '/');
}

function listen() {
  if (state.source) state.source.close();
  const params = filters();
  // the session cookie goes with the stream's request: no token in its address
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
    if (wanted(alert)) state.alerts.set(alert.alertId, alert); else state.alerts.delete(alert.alertId);
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

/** Whether a changed alert from the live stream belongs in the list as filtered (as the server would judge it). */
function wanted(a) {
  const status = $('status').value, assigned = $('assigned').value;
  return (!$('rule').value || a.ruleId === $('rule').value)
    && (status === 'all' || (status === 'open' ? a.status !== 'CLOSED' : a.status === status.toUpperCase()))
    && (assigned === 'anyone' || (assigned === 'me' ? a.assignedTo === state.me.id : a.status === 'NEW'))
    && (!$('overdue').checked || a.overdue);
}

const SEVERITY_RANK = { HIGH: 0, MEDIUM: 1, LOW: 2 };
const ORDER = {
  newest: (a, b) => b.raisedAt.localeCompare(a.raisedAt),
  oldest: (a, b) => a.raisedAt.localeCompare(b.raisedAt),
  severity: (a, b) => (SEVERITY_RANK[a.severity] ?? 3) - (SEVERITY_RANK[b.severity] ?? 3) || a.raisedAt.localeCompare(b.raisedAt),
  due: (a, b) => a.decisionDueBy.localeCompare(b.decisionDueBy),
};

function alertRow(a, freshId) {
  const classes = ['alert', a.alertId === freshId ? 'fresh' : '', a.alertId === state.selected ? 'selected' : ''];
  const row = el('tr', { class: classes.filter(Boolean).join(' '), 'data-testid': 'alert-row', tabindex: '0' },
    el('td', { title: fmt(a.raisedAt) }, span(Date.now() - new Date(a.raisedAt)) + ' ago'),
    el('td', { class: a.overdue ? 'overdue' : '', 'data-testid': 'row-due', title: fmt(a.decisionDueBy) }, due(a)),
    el('td', {}, el('span', { class: 'sev ' + a.severity }, a.severity)),
    el('td', {}, rule(a.ruleId)), el('td', {}, a.routedTo.join(' + ')),
    el('td', { title: a.childPseudonym }, a.childPseudonym.slice(0, 10) + '…'), el('td', {}, String(a.evidence.length)),
    el('td', { class: 'status ' + a.status, 'data-testid': 'row-status' }, CATEGORY(a.status)),
    el('td', { 'data-testid': 'row-assigned' }, a.assignedTo === state.me.id ? 'you' : (a.assignedTo || '')));
  row.dataset.id = a.alertId; row.dataset.rule = a.ruleId;
  const open = () => { state.selected = a.alertId; showDetail(state.alerts.get(a.alertId)); render(); };
  row.addEventListener('click', open);
  row.addEventListener('keydown', e => { if (e.key === 'Enter') open(); });
  return row;
}

function render(freshId) {
  const rows = [...state.alerts.values()].sort(ORDER[$('sort').value] || ORDER.newest);
  $('empty').hidden = rows.length > 0;
  $('alert-rows').replaceChildren(...rows.map(a => alertRow(a, freshId)));
}

function showDetail(a) {
  if ($('detail').dataset.id !== a.alertId) { // another alert: nothing of the last one's identity or form stays
    $('detail-identity').textContent = ''; $('reveal-form').hidden = true; $('reveal-error').textContent = '';
    $('decision-form').hidden = true; $('decision-form').reset();
  }
  $('detail').dataset.id = a.alertId;
  $('detail').hidden = false; $('chronology').hidden = true;
  $('detail-title').replaceChildren(el('span', { class: 'sev ' + a.severity }, a.severity), ' ' + rule(a.ruleId));
  $('detail-rule').textContent = `${a.ruleId}, version ${a.ruleVersion}`;
  $('detail-window').textContent = `${day(a.windowStart)} to ${day(a.windowEnd)}` +
    (a.formedFromLateData ? ' (formed from late data: judged against the present; see when each piece was received)' : '');
  $('detail-child').textContent = a.childPseudonym;
  $('detail-routed').textContent = a.routedTo.join(', ');
  $('detail-status').textContent = CATEGORY(a.status);
  $('reveal-open').hidden = !state.me.canRevealIdentity || $('detail-identity').textContent !== '';
  $('evidence-rows').replaceChildren(...a.evidence.map(e => el('tr', {}, el('td', {}, day(e.occurredAt) + received(e)),
    el('td', {}, agency(e.agency)), el('td', {}, CATEGORY(e.category)), el('td', {}, e.sourceReference))));
  $('decision-history').replaceChildren(...a.decisions.map(d =>
    el('li', {}, `${outcome(d.outcome)} by ${d.workerId} (${d.localAuthority}), ${fmt(d.decidedAt)}`
      + (d.reason && d.reason !== 'UNKNOWN' ? ` · ${label(REASON, d.reason, CATEGORY(d.reason))}` : '')
      + (d.rationale ? ` · “${d.rationale}”` : ''))));
  document.querySelectorAll('#decision-buttons button').forEach(b => { b.disabled = !state.me.canDecide; });
  $('decision-note').textContent = state.me.canDecide ? 'Decisions are kept: a later one never rewrites an earlier one.'
    : 'Your role can view alerts but not record decisions.';
}

/** Acknowledging takes the alert at once; any other outcome is recorded with its reason and consent basis. */
function chooseOutcome(code) {
  if (code === 'ACKNOWLEDGED') { decide({ outcome: code }); return; }
  $('decision-form').hidden = false; $('decision-outcome').value = code; $('decision-reason').focus();
}

async function decide(decision) {
  const id = state.selected;
  try {
    await api(`/api/alerts/${encodeURIComponent(id)}/decisions`, { method: 'POST', body: JSON.stringify(decision) });
    $('decision-form').hidden = true; $('decision-form').reset();
    const alert = await api(`/api/alerts/${encodeURIComponent(id)}`);
    state.alerts.set(id, alert); render(); showDetail(alert);
  } catch (e) { $('decision-note').textContent = 'Not recorded: ' + e.message; }
}

async function reveal() {
  const alert = state.alerts.get(state.selected);
  $('reveal-error').textContent = '';
  try {
    const identity = await api(`/api/children/${encodeURIComponent(alert.childPseudonym)}/identity`,
      { method: 'POST', body: JSON.stringify({ reason: $('reveal-reason').value }) });
    $('reveal-form').hidden = true; $('reveal-open').hidden = true;
    $('detail-identity').textContent = 'NHS number ' + identity.nhsNumber.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3');
  } catch (e) { $('reveal-error').textContent = 'Not shown: ' + e.message; }
}

function auditParams() {
  const params = new URLSearchParams();
  [['worker', 'audit-worker'], ['child', 'audit-child'], ['authority', 'audit-authority'], ['from', 'audit-from'],
    ['to', 'audit-to']].forEach(([name, id]) => { if ($(id).value.trim()) params.set(name, $(id).value.trim()); });
  return params;
}

async function searchAudit() {
  const params = auditParams();
  $('audit-csv').setAttribute('href', '/api/audit.csv?' + params);
  try {
    const found = await api('/api/audit?' + params);
    $('audit-rows').replaceChildren(...found.rows.map(r => el('tr', { 'data-testid': 'audit-row' },
      el('td', {}, fmt(r.accessedAt)), el('td', {}, r.workerId), el('td', {}, CATEGORY(r.role)),
      el('td', {}, label(ACTION, r.action, CATEGORY(r.action))), el('td', {}, CATEGORY(r.outcome)),
      el('td', { title: r.childPseudonym || '' }, r.childPseudonym ? r.childPseudonym.slice(0, 10) + '…' : ''),
      el('td', {}, r.revealReason ? label(REVEAL, r.revealReason, CATEGORY(r.revealReason)) : ''))));
    $('audit-note').textContent = `${found.rows.length} accesses from ${day(found.from)} to ${day(found.to)}`
      + (found.truncated ? ' (only the first ones: narrow the search)' : '') + '.';
  } catch (e) { $('audit-note').textContent = 'Not searched: ' + e.message; }
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

$('signin-form').addEventListener('submit', e => { e.preventDefault(); signInWithToken($('token').value.trim()); });
$('signout').addEventListener('click', signOut);
$('authority').addEventListener('change', reload);
['rule', 'status', 'assigned', 'overdue'].forEach(id => $(id).addEventListener('change', refreshList));
$('sort').addEventListener('change', () => render());
document.querySelectorAll('input[name=severity]').forEach(i => i.addEventListener('change', reload));
document.querySelectorAll('#decision-buttons button').forEach(b => b.addEventListener('click', () => chooseOutcome(b.dataset.outcome)));
$('decision-outcome').replaceChildren(...options(Object.fromEntries(Object.entries(OUTCOME).filter(([c]) => c !== 'ACKNOWLEDGED'))));
$('decision-reason').replaceChildren(...options(REASON, 'Choose a reason'));
$('decision-consent').replaceChildren(...options(CONSENT, 'Choose one'));
$('reveal-reason').replaceChildren(...options(REVEAL, 'Choose a reason'));
$('decision-form').addEventListener('submit', e => {
  e.preventDefault();
  decide({ outcome: $('decision-outcome').value, reason: $('decision-reason').value,
    consentBasis: $('decision-consent').value, rationale: $('decision-rationale').value });
});
$('reveal-open').addEventListener('click', () => { $('reveal-form').hidden = false; $('reveal-reason').focus(); });
$('reveal-cancel').addEventListener('click', () => { $('reveal-form').hidden = true; });
$('reveal-form').addEventListener('submit', e => { e.preventDefault(); reveal(); });
$('audit-form').addEventListener('submit', e => { e.preventDefault(); searchAudit(); });
$('open-chronology').addEventListener('click', openChronology);
start();

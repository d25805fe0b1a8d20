'use strict';
// The MASH console page: plain JavaScript, no build step. Every value from the server goes into the page as text
// (el() below, or textContent), never as markup: an agency's reference or a worker id may hold anything at all.
const RULES = {
  'toxic-trio': 'Toxic trio: domestic abuse, parental mental ill health and parental substance misuse',
  'toxic-trio-emerging': 'Emerging toxic trio: two of the three factors',
  'repeat-missing': 'Repeat missing episodes',
  'return-interview-overdue': 'Return home interview overdue',
  'out-of-area-missing': 'Missing from an out-of-area placement',
  'exploitation-risk': 'Exploitation risk: signs seen by several agencies (missing, education, police, health, assessed)',
  'exploitation-linked': 'Linked to children at risk of exploitation: went missing with them',
  'encompass-unacknowledged': 'Operation Encompass notice not acknowledged by the school in time',
  'no-current-school': 'No current school: a child of school age in a domestic-abuse incident, on no school roll',
  'cp-is-attendance': 'Child on a plan or looked after attended unscheduled care (CP-IS)',
};
const NOTICE_STATUS = { SENT: 'Awaiting your acknowledgement', ACKNOWLEDGED: 'Acknowledged',
  ESCALATED: 'Not acknowledged in time: the MASH has been told' };
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
  STREAM_OPENED: 'Live stream opened', IDENTITY_REVEALED: 'Identity revealed', AUDIT_SEARCHED: 'Audit searched',
  SUBJECT_ACCESS_EXPORTED: 'Subject access export' };
const AGENCY = { POLICE: 'Police', HEALTH: 'Health', SCHOOL: 'School', CHILDRENS_SERVICES: "Children's services" };
// the browser's sign-in is a session cookie the page never sees (HttpOnly); changes carry the page's own header
const PAGE_HEADER = { 'X-Requested-With': 'mash-console' };
// detail: the alert shown in the detail panel, which may be one the list leaves out (a withdrawn one opened by its link)
const state = { me: null, alerts: new Map(), selected: null, detail: null, source: null, items: new Map(), item: null };
const LINK_KIND = { FOUND_WITH: 'Found together', CO_MISSING: 'Went missing together from one area' };
const ITEM_STATUS = { OPEN: 'Open', AWAITING_SIGN_OFF: 'Awaiting a manager’s sign-off', CLOSED: 'Closed',
  WITHDRAWN: 'Withdrawn: every alert was taken back' };
const RETRACTION_REASON = { RECORDED_IN_ERROR: 'Recorded in error', WRONG_CHILD: 'Wrong child', DUPLICATE: 'Duplicate',
  OTHER: 'Other' };
// an alert or item that waits for no decision: decided, or withdrawn after an agency's correction
const settled = status => status === 'CLOSED' || status === 'WITHDRAWN';
const OPEN_STATUS = { CHILD_IN_NEED: 'child in need', CHILD_PROTECTION_PLAN: 'child protection plan',
  LOOKED_AFTER: 'looked after' };
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
const retractionReason = code => label(RETRACTION_REASON, code, CATEGORY(code));
/** "Withdrawn: Wrong child, 20 Nov 2026, by Police (01)": why, when and by whom an alert was taken back. */
const withdrawnLine = w => `Withdrawn: ${retractionReason(w.reason)}, ${day(w.withdrawnAt)}, by ${agency(w.agency)}`
  + (w.organisationCode ? ` (${w.organisationCode})` : '');

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
  if (state.me.receivesNotices) {
    $('who').textContent = state.me.id + ' · schools ' + state.me.schools.join(', ') + ' · ' + state.me.role;
    $('encompass').hidden = false;
    await refreshNotices();
    setInterval(refreshNotices, 30000);
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
  await refreshGroups();
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
  if (a.status === 'WITHDRAWN') return 'withdrawn';
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
  await Promise.all([refreshList(), refreshWorklist()]);
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
    if (interrupted) { interrupted = false; refreshList(); refreshWorklist(); }
  });
  source.addEventListener('alert', event => {
    const alert = JSON.parse(event.data);
    const isNew = !state.alerts.has(alert.alertId);
    if (wanted(alert)) state.alerts.set(alert.alertId, alert); else state.alerts.delete(alert.alertId);
    render(isNew ? alert.alertId : null);
    if (state.selected === alert.alertId) showDetail(alert);
  });
  source.addEventListener('work-item', event => {
    const item = JSON.parse(event.data);
    state.items.set(item.workItemId, item);
    renderWorklist(item.workItemId);
    if (state.item === item.workItemId) showItem(item);
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
    && (status === 'all' || (status === 'open' ? !settled(a.status) : a.status === status.toUpperCase()))
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
    el('td', {}, rule(a.ruleId) + (a.supersedes ? ' (re-issued after a correction)' : '')),
    el('td', {}, a.routedTo.join(' + ')),
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
  $('detail').dataset.id = a.alertId; state.detail = a;
  $('detail').hidden = false; $('chronology').hidden = true;
  $('detail-title').replaceChildren(el('span', { class: 'sev ' + a.severity }, a.severity), ' ' + rule(a.ruleId));
  $('detail-rule').textContent = `${a.ruleId}, version ${a.ruleVersion}`;
  $('detail-window').textContent = `${day(a.windowStart)} to ${day(a.windowEnd)}` +
    (a.formedFromLateData ? ' (formed from late data: judged against the present; see when each piece was received)' : '');
  $('detail-child').textContent = a.childPseudonym;
  $('detail-routed').textContent = a.routedTo.join(', ');
  $('detail-status').textContent = CATEGORY(a.status);
  showWithdrawal(a);
  $('reveal-open').hidden = !state.me.canRevealIdentity || $('detail-identity').textContent !== '';
  $('evidence-rows').replaceChildren(...a.evidence.map(e => el('tr', {}, el('td', {}, day(e.occurredAt) + received(e)),
    el('td', {}, agency(e.agency)), el('td', {}, CATEGORY(e.category)), el('td', {}, e.sourceReference))));
  $('decision-history').replaceChildren(...a.decisions.map(d =>
    el('li', {}, `${outcome(d.outcome)} by ${d.workerId} (${d.localAuthority}), ${fmt(d.decidedAt)}`
      + (d.reason && d.reason !== 'UNKNOWN' ? ` · ${label(REASON, d.reason, CATEGORY(d.reason))}` : '')
      + (d.rationale ? ` · “${d.rationale}”` : ''))));
  document.querySelectorAll('#decision-buttons button').forEach(b => { b.disabled = !state.me.canDecide; });
  const withdrawn = a.status === 'WITHDRAWN';
  $('decision-buttons').hidden = withdrawn;
  if (withdrawn) $('decision-form').hidden = true;
  $('decision-note').textContent = withdrawn
    ? 'This alert was withdrawn: no decision is needed. Decisions recorded on it before are kept below.'
    : state.me.canDecide ? 'Decisions are kept: a later one never rewrites an earlier one.'
      : 'Your role can view alerts but not record decisions.';
}

/** A withdrawn alert's retraction, the evidence it took back, and the links between a withdrawn and a re-issued alert. */
function showWithdrawal(a) {
  const w = a.withdrawal;
  $('detail-withdrawal').hidden = !w;
  if (w) {
    $('detail-withdrawal-summary').textContent = withdrawnLine(w);
    $('detail-withdrawal-reason').textContent = retractionReason(w.reason);
    $('detail-withdrawal-agency').textContent = agency(w.agency) + (w.organisationCode ? ` (${w.organisationCode})` : '');
    $('detail-withdrawal-reference').textContent = w.agencyReference;
    $('detail-withdrawal-retracted').textContent = day(w.retractedAt);
    $('detail-withdrawal-date').textContent = fmt(w.withdrawnAt);
    $('removed-evidence-rows').replaceChildren(...w.removedEvidence.map(e => el('tr', { 'data-testid': 'removed-evidence-row' },
      el('td', {}, day(e.occurredAt)), el('td', {}, agency(e.agency)), el('td', {}, CATEGORY(e.category)),
      el('td', {}, e.sourceReference))));
  }
  const link = (id, termId, textId, target) => {
    $(termId).hidden = !target; $(textId).hidden = !target;
    $(id).textContent = target ? `the alert ${target}` : '';
    $(id).dataset.target = target || '';
  };
  link('detail-reissued', 'detail-reissued-term', 'detail-reissued-text', w ? a.reissuedAs : null);
  link('detail-supersedes', 'detail-supersedes-term', 'detail-supersedes-text', a.supersedes);
}

/** Opens another alert in the detail panel (a withdrawn one need not be in the list as filtered). */
async function openAlert(id) {
  if (!id) return;
  try {
    const alert = await api(`/api/alerts/${encodeURIComponent(id)}`);
    state.selected = alert.alertId;
    showDetail(alert); render();
  } catch (e) { $('decision-note').textContent = 'Not opened: ' + e.message; }
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
    if (state.alerts.has(id)) state.alerts.set(id, alert);
    render(); showDetail(alert);
  } catch (e) { $('decision-note').textContent = 'Not recorded: ' + e.message; }
}

/** Asks for the child's NHS number with the chosen reason; the answer comes only once the reveal is audited. */
async function reveal(pseudonym, ids) {
  $(ids.error).textContent = '';
  try {
    const identity = await api(`/api/children/${encodeURIComponent(pseudonym)}/identity`,
      { method: 'POST', body: JSON.stringify({ reason: $(ids.reason).value }) });
    $(ids.form).hidden = true; $(ids.open).hidden = true;
    $(ids.shown).textContent = 'NHS number ' + identity.nhsNumber.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3');
  } catch (e) { $(ids.error).textContent = 'Not shown: ' + e.message; }
}
const ALERT_REVEAL = { error: 'reveal-error', reason: 'reveal-reason', form: 'reveal-form', open: 'reveal-open',
  shown: 'detail-identity' };
const ITEM_REVEAL = { error: 'item-reveal-error', reason: 'item-reveal-reason', form: 'item-reveal-form',
  open: 'item-reveal-open', shown: 'item-identity' };

/** Operation Encompass: the notices of the designated safeguarding lead's schools, soonest due first. */
async function refreshNotices() {
  try {
    const body = await api('/api/encompass/notices');
    const rows = body.notices.map(noticeRow);
    $('notice-rows').replaceChildren(...rows);
    $('notices-empty').hidden = rows.length > 0;
  } catch (e) { $('notice-error').textContent = 'Notices could not be loaded: ' + e.message; }
}

function noticeRow(n) {
  const status = label(NOTICE_STATUS, n.status, CATEGORY(n.status))
    + (n.acknowledgedAt ? ` by ${n.acknowledgedBy}, ${fmt(n.acknowledgedAt)}` : '');
  const identity = el('strong', { 'data-testid': 'notice-identity' });
  const reason = el('select', { 'aria-label': 'Why you need to see the identity', 'data-testid': 'notice-reveal-reason' },
    ...options(REVEAL, 'Why? (recorded)'));
  const show = el('button', { class: 'link', 'data-testid': 'notice-reveal' }, 'Show identity');
  show.addEventListener('click', async () => {
    try {
      const id = await api(`/api/children/${encodeURIComponent(n.childPseudonym)}/identity`,
        { method: 'POST', body: JSON.stringify({ reason: reason.value }) });
      identity.textContent = 'NHS number ' + id.nhsNumber.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3');
      reason.hidden = true; show.hidden = true;
    } catch (e) { identity.textContent = 'Not shown: ' + e.message; }
  });
  const ack = el('button', { 'data-testid': 'notice-acknowledge' }, 'Acknowledge');
  ack.hidden = Boolean(n.acknowledgedAt);
  ack.addEventListener('click', async () => {
    $('notice-error').textContent = '';
    try {
      await api(`/api/encompass/notices/${encodeURIComponent(n.noticeId)}/acknowledgement`, { method: 'POST', body: '{}' });
      await refreshNotices();
    } catch (e) { $('notice-error').textContent = 'Not acknowledged: ' + e.message; }
  });
  return el('tr', { 'data-testid': 'notice', class: n.overdue ? 'overdue' : '' },
    el('td', {}, n.schoolUrn), el('td', {}, fmt(n.incidentAt)), el('td', {}, n.forceCode + ' · ' + n.incidentReference),
    el('td', {}, fmt(n.dueBy)), el('td', { 'data-testid': 'notice-status' }, status),
    el('td', {}, el('span', {}, n.childPseudonym.slice(0, 12) + '… '), identity, reason, show), el('td', {}, ack));
}

/**
 * The exploitation (MACE) view: every group of linked children in the partnership. The server has already left out
 * what is not the worker's (another authority's child's alerts and references); the page shows what it is given.
 */
async function refreshGroups() {
  $('groups-error').textContent = '';
  try {
    const body = await api('/api/exploitation/groups');
    $('group-list').replaceChildren(...body.groups.map(groupView));
    $('groups-empty').hidden = body.groups.length > 0;
  } catch (e) { $('groups-error').textContent = 'Linked children could not be loaded: ' + e.message; }
}

const shortChild = pseudonym => pseudonym.slice(0, 12) + '…';

function groupView(g) {
  const rows = g.members.map(memberRow);
  const links = g.links.flatMap(l => l.evidence.map(e => linkLine(l, e)));
  return el('article', { class: 'group', 'data-testid': 'group' },
    el('h3', {}, `${g.size} linked children · ${g.authorities.join(', ')}`),
    el('p', { class: 'muted' }, (g.involvesYou ? 'Includes children of your authorities' : 'None of your authorities’ children')
      + ` · updated ${fmt(g.updatedAt)}`),
    el('table', { class: 'members' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Child'), el('th', {}, 'Authority'), el('th', {}, 'Open alerts'),
        el('th', {}, 'Identity'))),
      el('tbody', {}, ...rows)),
    el('ul', { class: 'links' }, ...links));
}

function memberRow(m) {
  const alerts = m.yours
    ? (m.alerts.length ? m.alerts.map(a => `${a.severity} ${rule(a.ruleId)}`).join('; ') : 'none open')
    : `held by ${m.authorities.join(', ')}: ask them`;
  const identityCell = el('td', {});
  if (m.mayReveal && state.me.canRevealIdentity) {
    const identity = el('strong', { 'data-testid': 'group-member-identity' });
    const reason = el('select', { 'aria-label': 'Why you need to see the identity',
      'data-testid': 'group-member-reveal-reason' }, ...options(REVEAL, 'Why? (recorded)'));
    const show = el('button', { class: 'link', 'data-testid': 'group-member-reveal' }, 'Show identity');
    show.addEventListener('click', async () => {
      try {
        const id = await api(`/api/children/${encodeURIComponent(m.childPseudonym)}/identity`,
          { method: 'POST', body: JSON.stringify({ reason: reason.value }) });
        identity.textContent = 'NHS number ' + id.nhsNumber.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3');
        reason.hidden = true; show.hidden = true;
      } catch (e) { identity.textContent = 'Not shown: ' + e.message; }
    });
    identityCell.append(identity, reason, show);
  }
  const row = el('tr', { class: 'member ' + (m.yours ? 'yours' : 'other'), 'data-testid': 'group-member' },
    el('td', { title: m.childPseudonym }, shortChild(m.childPseudonym)), el('td', {}, m.authorities.join(', ')),
    el('td', { 'data-testid': 'group-member-alerts' }, alerts), identityCell);
  row.dataset.child = m.childPseudonym;
  return row;
}

/** One reason two children are linked: the worker's child's episode with its reference, the other's held by whom. */
function linkLine(l, e) {
  const episode = (child, ep) => {
    if (!ep) return `${shortChild(child)}: no episode of theirs recorded`;
    return ep.yours
      ? `${shortChild(child)}: ${agency(ep.agency)} ${ep.organisationCode || ''} ${ep.sourceReference}, ${day(ep.occurredAt)}`
      : `${shortChild(child)}: episode of ${day(ep.occurredAt)}, held by ${ep.heldBy.join(', ') || 'another authority'}`;
  };
  const areas = [e.missingFromArea ? `missing from ${e.missingFromArea}` : '', e.foundArea ? `found in ${e.foundArea}` : '']
    .filter(Boolean).join(', ');
  return el('li', { 'data-testid': 'group-link' }, label(LINK_KIND, e.kind, CATEGORY(e.kind))
    + (areas ? ` (${areas})` : '') + ` · ${episode(l.childA, e.episodeA)} · ${episode(l.childB, e.episodeB)}`
    + ` · link lapses ${day(l.expiresAt)}`);
}

/** The worklist: open items of the user's authorities (and those closed lately, when asked), from the server. */
async function refreshWorklist() {
  const params = new URLSearchParams();
  if ($('authority').value) params.set('authority', $('authority').value);
  const list = await api('/api/worklist?' + params);
  state.items = new Map([...list.households.flatMap(h => h.items), ...list.closed].map(i => [i.workItemId, i]));
  renderWorklist();
}

const itemDue = i => due(i);
const bySeverity = (a, b) => (SEVERITY_RANK[a.severity] ?? 3) - (SEVERITY_RANK[b.severity] ?? 3);
const itemOrder = (a, b) => a.decisionDueBy.localeCompare(b.decisionDueBy) || bySeverity(a, b);

/** Households (children sharing a reference) together, soonest due first, then highest severity, as the server orders. */
function households(items) {
  const groups = new Map();
  items.sort(itemOrder).forEach(i => {
    const key = i.householdReference ? 'household:' + i.householdReference : 'item:' + i.workItemId;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(i);
  });
  const top = group => Math.min(...group.map(i => SEVERITY_RANK[i.severity] ?? 3));
  return [...groups.values()].sort((a, b) => a[0].decisionDueBy.localeCompare(b[0].decisionDueBy) || top(a) - top(b));
}

function itemRow(i, freshId, sibling) {
  const current = i.alerts.filter(a => !a.supersededBy && !a.withdrawal);
  const classes = ['item', sibling ? 'sibling' : '', i.workItemId === freshId ? 'fresh' : '',
    i.workItemId === state.item ? 'selected' : ''];
  const row = el('tr', { class: classes.filter(Boolean).join(' '), 'data-testid': 'item-row', tabindex: '0' },
    el('td', { class: i.overdue ? 'overdue' : '', 'data-testid': 'item-row-due', title: fmt(i.decisionDueBy) }, itemDue(i)),
    el('td', {}, el('span', { class: 'sev ' + i.severity }, i.severity)),
    el('td', { title: i.childPseudonym }, i.childPseudonym.slice(0, 10) + '…'), el('td', {}, i.localAuthority),
    el('td', {}, current.map(a => rule(a.ruleId)).join('; ') + (i.routing === 'FOR_INFORMATION' ? ' (for information)' : '')),
    el('td', {}, String(i.timeline.length)),
    el('td', { class: 'status ' + i.status, 'data-testid': 'item-row-status' }, label(ITEM_STATUS, i.status, CATEGORY(i.status))));
  row.dataset.id = i.workItemId;
  const open = () => { state.item = i.workItemId; showItem(state.items.get(i.workItemId)); renderWorklist(); };
  row.addEventListener('click', open);
  row.addEventListener('keydown', e => { if (e.key === 'Enter') open(); });
  return row;
}

function renderWorklist(freshId) {
  const showClosed = $('worklist-closed').checked;
  const items = [...state.items.values()].filter(i => showClosed || !settled(i.status));
  const rows = [];
  households(items).forEach(group => {
    if (group.length > 1) {
      rows.push(el('tr', { class: 'household', 'data-testid': 'household' }, el('td', { colspan: '7' },
        `Household ${group[0].householdReference}: ${group.length} children`)));
    }
    group.forEach(i => rows.push(itemRow(i, freshId, group.length > 1)));
  });
  $('worklist-empty').hidden = rows.length > 0;
  $('worklist-rows').replaceChildren(...rows);
}

function decisionLine(d) {
  return el('li', {}, `${outcome(d.outcome)} by ${d.workerId} (${d.localAuthority}), ${fmt(d.decidedAt)}`
    + (d.reason && d.reason !== 'UNKNOWN' ? ` · ${label(REASON, d.reason, CATEGORY(d.reason))}` : '')
    + (d.consentBasis && d.consentBasis !== 'UNKNOWN' ? ` · ${label(CONSENT, d.consentBasis, CATEGORY(d.consentBasis))}` : '')
    + (d.rationale ? ` · “${d.rationale}”` : '')
    + (d.signedOffBy ? ` · signed off by ${d.signedOffBy}, ${fmt(d.signedOffAt)}` : ''));
}

function showItem(i) {
  if ($('item').dataset.id !== i.workItemId) { // another child: nothing of the last one's identity or form stays
    $('item-form').reset(); $('item-note').textContent = '';
    $('item-identity').textContent = ''; $('item-reveal-form').hidden = true; $('item-reveal-error').textContent = '';
  }
  $('item').dataset.id = i.workItemId;
  $('item').hidden = false;
  $('item-title').replaceChildren(el('span', { class: 'sev ' + i.severity }, i.severity), ' Child ' + i.childPseudonym.slice(0, 10) + '…');
  $('item-child').textContent = i.childPseudonym;
  $('item-reveal-open').hidden = !state.me.canRevealIdentity || $('item-identity').textContent !== '';
  const siblings = [...state.items.values()].filter(o => o.householdReference && o.householdReference === i.householdReference
    && o.workItemId !== i.workItemId && !settled(o.status));
  $('item-household').textContent = i.householdReference
    ? `${i.householdReference}` + (siblings.length ? ` · with ${siblings.length} other child${siblings.length > 1 ? 'ren' : ''} waiting` : '')
    : 'none given';
  $('item-authority').textContent = i.localAuthority;
  $('item-routing').textContent = i.routing === 'FOR_INFORMATION'
    ? `For information: already open to children's social care (${label(OPEN_STATUS, i.openStatus, CATEGORY(i.openStatus))}) in ${i.allocatedAuthority}`
    : 'Front door';
  $('item-status').textContent = label(ITEM_STATUS, i.status, CATEGORY(i.status));
  $('item-due').textContent = i.status === 'CLOSED' ? 'decided ' + fmt(i.closedAt)
    : i.status === 'WITHDRAWN' ? 'no decision needed' : `${fmt(i.decisionDueBy)} (${due(i)})`;
  // a withdrawn alert is struck through with why, when and by whom; it no longer counts for the item
  $('item-alerts').replaceChildren(...i.alerts.map(a => el('li', { class: a.withdrawal ? 'withdrawn' : a.supersededBy
    ? 'superseded' : '', 'data-testid': 'item-alert' },
  el('span', { class: 'what' }, `${a.severity} · ${rule(a.ruleId)} (${a.ruleId}, version ${a.ruleVersion}) · `
    + `${day(a.windowStart)} to ${day(a.windowEnd)}` + (a.supersededBy && !a.withdrawal ? ' · superseded' : '')),
  ...(a.withdrawal ? [el('span', { class: 'badge', 'data-testid': 'item-alert-withdrawn' }, withdrawnLine(a.withdrawal))] : []))));
  $('item-timeline-rows').replaceChildren(...i.timeline.map(t => el('tr', { 'data-testid': 'item-evidence',
    class: t.retracted ? 'retracted' : '' },
  el('td', {}, day(t.evidence.occurredAt) + received(t.evidence)), el('td', {}, agency(t.evidence.agency)),
  el('td', { class: 'what' }, CATEGORY(t.evidence.category)), el('td', {}, t.evidence.sourceReference),
  el('td', {}, t.retracted ? `Retracted by the agency (${retractionReason(t.retracted).toLowerCase()})`
    : t.rules.map(rule).join('; ')))));
  $('item-history').replaceChildren(...i.decisions.map(decisionLine));
  $('item-form').hidden = !state.me.canDecide || settled(i.status);
  const proposed = i.decisions.find(d => d.decisionId && i.status === 'AWAITING_SIGN_OFF' && d.outcome === 'NO_FURTHER_ACTION'
    && !d.signedOffBy);
  $('item-sign-off').hidden = !state.me.canSignOff || !proposed || proposed.workerId === state.me.id;
}

async function decideItem() {
  const id = state.item;
  const decision = { outcome: $('item-outcome').value, reason: $('item-reason').value,
    consentBasis: $('item-consent').value, rationale: $('item-rationale').value };
  try {
    await api(`/api/work-items/${encodeURIComponent(id)}/decisions`, { method: 'POST', body: JSON.stringify(decision) });
    $('item-form').reset();
    $('item-note').textContent = 'Recorded. The item shows it as soon as the pipeline has applied it.';
  } catch (e) { $('item-note').textContent = 'Not recorded: ' + e.message; }
}

async function signOffItem() {
  try {
    await api(`/api/work-items/${encodeURIComponent(state.item)}/sign-off`, { method: 'POST', body: '{}' });
    $('item-sign-off').hidden = true;
    $('item-note').textContent = 'Signed off. The item closes as soon as the pipeline has applied it.';
  } catch (e) { $('item-note').textContent = 'Not signed off: ' + e.message; }
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

/** What a chronology entry is: its category, and for a retraction why ("Retraction (wrong child)"). */
function entryWhat(e) {
  if (e.category !== 'RETRACTION') return CATEGORY(e.category);
  const reason = e.qualifiers && e.qualifiers.reason;
  return reason ? `Retraction (${retractionReason(reason).toLowerCase()})` : 'Retraction';
}

function timelineEntry(e) {
  return el('li', { 'data-testid': 'timeline-entry', 'data-category': e.category },
    el('span', { class: 'when' }, day(e.occurredAt)), ' ',
    el('span', { class: 'agency' }, agency(e.agency)), ' ' + entryWhat(e) + ' ',
    el('span', { class: 'muted' }, `· ${e.sourceReference} · ${e.localAuthority}`));
}

async function openChronology(pseudonym) {
  $('chronology').hidden = false; $('timeline').replaceChildren(); $('chronology-error').textContent = '';
  $('chronology-child').textContent = pseudonym;
  try {
    const c = await api(`/api/children/${encodeURIComponent(pseudonym)}/chronology`);
    $('timeline').replaceChildren(...c.entries.map(timelineEntry));
  } catch (e) {
    $('chronology-error').textContent = e.status === 503 ? 'The record is being restored; trying again in 5 seconds.'
      : e.message;
    if (e.status === 503) setTimeout(() => openChronology(pseudonym), 5000);
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
$('reveal-form').addEventListener('submit', e => {
  e.preventDefault(); reveal(state.detail.childPseudonym, ALERT_REVEAL);
});
$('item-reveal-reason').replaceChildren(...options(REVEAL, 'Choose a reason'));
$('item-reveal-open').addEventListener('click', () => { $('item-reveal-form').hidden = false; $('item-reveal-reason').focus(); });
$('item-reveal-form').addEventListener('submit', e => {
  e.preventDefault(); reveal(state.items.get(state.item).childPseudonym, ITEM_REVEAL);
});
$('item-open-chronology').addEventListener('click', () => openChronology(state.items.get(state.item).childPseudonym));
$('audit-form').addEventListener('submit', e => { e.preventDefault(); searchAudit(); });
$('open-chronology').addEventListener('click', () => openChronology(state.detail.childPseudonym));
$('detail-reissued').addEventListener('click', () => openAlert($('detail-reissued').dataset.target));
$('detail-supersedes').addEventListener('click', () => openAlert($('detail-supersedes').dataset.target));
$('worklist-closed').addEventListener('change', () => renderWorklist());
$('item-outcome').replaceChildren(...options(OUTCOME, 'Choose an outcome'));
$('item-reason').replaceChildren(...options(REASON, 'Choose a reason (not needed to acknowledge)'));
$('item-consent').replaceChildren(...options(CONSENT, 'Choose one (not needed to acknowledge)'));
$('item-form').addEventListener('submit', e => { e.preventDefault(); decideItem(); });
$('item-sign-off').addEventListener('click', signOffItem);
$('groups-refresh').addEventListener('click', refreshGroups);
start();

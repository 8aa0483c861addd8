// filebridge status page: reads the /api (see docs/operations/status-page.md) and lets an operator retry failed jobs and
// pause or resume pipelines. Plain DOM, no framework. File names, paths and vendor errors are untrusted: they are
// only ever set with textContent / text nodes, never parsed as HTML.
'use strict';

(() => {
  /** How often the page asks the API again. */
  const REFRESH_INTERVAL_MS = 5000;
  /** How many of the newest jobs "Recent jobs" shows. */
  const RECENT_JOBS = 25;
  /** Per state, how many open or failed jobs are fetched (the API allows up to 500). */
  const JOBS_PER_STATE = 100;
  /** Wait this long after the last keystroke in the filter box before asking the API. */
  const FILTER_DELAY_MS = 300;
  /** How long a success note ("Retry of x requested") stays up. */
  const SUCCESS_MESSAGE_MS = 15000;

  const FAILED_STATES = ['FAILED', 'INTERRUPTED'];
  /** States a file does not leave by itself; every other state counts as open. */
  const SETTLED_STATES = ['COMPLETED', 'FAILED', 'DUPLICATE', 'INTERRUPTED', 'DISMISSED', 'SUPERSEDED'];
  /** The API's file states; replaced by the keys of the pipelines' counts (every state is always there). */
  let knownStates = ['RECEIVED', 'UPLOADING', 'SUBMITTED', 'COMPLETED', 'FAILED', 'DUPLICATE', 'INTERRUPTED',
    'RETRYING', 'DISMISSED', 'SUPERSEDED'];

  const openStates = () => knownStates.filter((state) => !SETTLED_STATES.includes(state));

  /** "UPLOADING" -> "Uploading", for column headers. */
  const label = (state) => state.charAt(0) + state.slice(1).toLowerCase().replace(/_/g, ' ');

  const $ = (id) => document.getElementById(id);

  /** An API answer other than 2xx, or no answer at all (status 0). */
  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  async function api(method, path) {
    let response;
    try {
      response = await fetch(path, {
        method,
        credentials: 'same-origin',
        cache: 'no-store',
        headers: { Accept: 'application/json' },
      });
    } catch (e) {
      throw new ApiError(0, e.message || 'no answer');
    }
    const text = await response.text();
    let body = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch (e) {
        body = null;
      }
    }
    if (!response.ok) {
      const reason = body && typeof body.error === 'string' ? body.error : response.statusText;
      throw new ApiError(response.status, 'HTTP ' + response.status + (reason ? ': ' + reason : ''));
    }
    return body;
  }

  /** Builds an element; strings among the children become text nodes, so they can never be markup. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = String(value);
      else if (key === 'onclick') node.addEventListener('click', value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children) {
      if (child === undefined || child === null) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function timeCell(iso) {
    if (!iso) return el('td', { class: 'muted', text: '–' });
    const at = new Date(iso);
    const shown = isNaN(at) ? iso : at.toLocaleString();
    return el('td', { class: 'time' }, el('time', { datetime: iso, title: iso, text: shown }));
  }

  function bytes(n) {
    if (n === null || n === undefined) return '–';
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let value = n;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return (unit === 0 ? value : value.toFixed(1)) + ' ' + units[unit];
  }

  function stateBadge(state) {
    return el('span', { class: 'state state-' + String(state).toLowerCase(), text: state });
  }

  function emptyRow(tbody, columns, message) {
    tbody.replaceChildren(el('tr', { class: 'empty' }, el('td', { colspan: columns, text: message })));
  }

  // ---- messages ------------------------------------------------------------------------------------------------

  function showBanner(error) {
    const banner = $('banner');
    let text;
    if (error.status === 0) {
      text = 'The filebridge API cannot be reached (' + error.message + ').';
    } else if (error.status === 401 || error.status === 403) {
      text = 'The filebridge API refused access (' + error.message + '). Open the page on the filebridge machine '
        + 'itself, or log in as the operator.';
    } else {
      text = 'The filebridge API answered with an error: ' + error.message;
    }
    text += lastUpdated ? ' The lists below are from ' + lastUpdated.toLocaleTimeString() + '.' : '';
    text += ' Trying again every ' + Math.round(REFRESH_INTERVAL_MS / 1000) + ' s.';
    banner.textContent = text;
    banner.hidden = false;
  }

  function hideBanner() {
    const banner = $('banner');
    banner.hidden = true;
    banner.textContent = '';
  }

  let messageTimer = null;

  /** Success notes go away by themselves; a refusal stays until the next action, so it can be read in full. */
  function showActionMessage(text, isError) {
    const box = $('action-message');
    box.textContent = text;
    box.classList.toggle('error', Boolean(isError));
    box.hidden = false;
    clearTimeout(messageTimer);
    if (!isError) {
      messageTimer = setTimeout(() => {
        box.hidden = true;
      }, SUCCESS_MESSAGE_MS);
    }
  }

  // ---- data ----------------------------------------------------------------------------------------------------

  function jobsQuery(params) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined && value !== null && value !== '') search.set(key, value);
    }
    return api('GET', '/api/jobs?' + search.toString());
  }

  /** The API filters one state at a time: ask per state, newest received first over all of them. */
  async function jobsIn(states, q) {
    const pages = await Promise.all(states.map((state) => jobsQuery({ state, q, size: JOBS_PER_STATE })));
    const items = pages.flatMap((page) => page.items || []);
    items.sort((a, b) => String(b.receivedAt).localeCompare(String(a.receivedAt)) || b.id - a.id);
    const total = pages.reduce((sum, page) => sum + (page.total || 0), 0);
    return { items, total };
  }

  // ---- rendering -----------------------------------------------------------------------------------------------

  /** Re-render a table only when its data changed, so focus and a pending click are not lost every few seconds. */
  const lastRendered = new Map();

  function renderIfChanged(key, data, render) {
    const fingerprint = JSON.stringify(data);
    if (lastRendered.get(key) === fingerprint) return;
    lastRendered.set(key, fingerprint);
    render(data);
  }

  function countLabel(id, shown, total) {
    $(id).textContent = shown < total ? '(' + shown + ' of ' + total + ')' : '(' + total + ')';
  }

  function fileCell(job) {
    const open = el('button', {
      type: 'button',
      class: 'link file-name',
      'aria-label': 'Show the timeline of ' + job.fileName,
      onclick: () => openTimeline(job.id, true),
    }, job.fileName);
    const cell = el('td', { class: 'file' }, open);
    if (job.relativePath && job.relativePath !== job.fileName) {
      cell.append(el('div', { class: 'path muted', text: job.relativePath }));
    }
    return cell;
  }

  function renderPipelines(pipelines) {
    const table = $('pipelines');
    const tbody = table.tBodies[0];
    table.tHead.replaceChildren(el('tr', {},
      el('th', { scope: 'col', text: 'Pipeline' }),
      el('th', { scope: 'col', text: 'Vendor' }),
      el('th', { scope: 'col', text: 'State' }),
      ...knownStates.map((state) => el('th', { scope: 'col', class: 'num', text: label(state) })),
      el('th', { scope: 'col', text: 'Action' })));
    if (!pipelines.length) {
      emptyRow(tbody, knownStates.length + 4, 'No pipelines are configured.');
      return;
    }
    tbody.replaceChildren(...pipelines.map((p) => {
      const counts = p.counts || {};
      const stateCell = el('td', { class: 'pipeline-state' }, stateBadge(p.state));
      if (p.problem) stateCell.append(el('div', { class: 'problem', text: p.problem }));
      (p.unsettled || []).forEach((u) => stateCell.append(el('div', {
        class: 'problem unsettled',
        text: u.path + ' keeps changing (since ' + u.changingSince + '); it is taken once it stops',
      })));
      const row = el('tr', { 'data-pipeline-id': p.id },
        el('th', { scope: 'row', class: 'pipeline' }, p.id,
          el('div', { class: 'path muted source', title: p.source || '', text: p.source || '' })),
        el('td', { text: p.vendor || '–' }),
        stateCell,
        ...knownStates.map((s) => el('td', {
          class: 'num count-' + s.toLowerCase() + (s === 'FAILED' && counts[s] > 0 ? ' alert' : ''),
          text: counts[s] ?? 0,
        })));
      const action = el('td', { class: 'action' });
      if (p.state === 'RUNNING') {
        action.append(pipelineButton(p.id, 'pause', 'Pause'));
      } else if (p.state === 'PAUSED' || p.state === 'STOPPED') {
        action.append(pipelineButton(p.id, 'resume', 'Resume'));
      }
      row.append(action);
      return row;
    }));
  }

  function renderCluster(cluster) {
    const instances = cluster.instances || [];
    const alive = instances.filter((i) => i.alive).length;
    $('cluster-count').textContent = '(' + alive + ' alive' + (alive < instances.length
      ? ', ' + (instances.length - alive) + ' dead' : '') + ')';
    const tbody = $('instances').tBodies[0];
    if (!instances.length) {
      emptyRow(tbody, 7, 'No instance has joined the ledger.');
    } else {
      tbody.replaceChildren(...instances.map((i) => {
        const state = el('td', { class: 'instance-state' }, stateBadge(i.alive ? 'ALIVE' : 'DEAD'));
        if (i.dead) state.append(el('div', { class: 'problem', text: i.dead }));
        return el('tr', { 'data-instance-id': i.instanceId, class: i.self ? 'self' : '' },
          el('th', { scope: 'row', text: i.instanceId + (i.self ? ' (this one)' : '') }),
          el('td', { text: i.host }),
          el('td', { class: 'num', text: i.pid }),
          state,
          timeCell(i.joinedAt),
          timeCell(i.heartbeatAt),
          el('td', { class: 'num files-held', text: i.filesHeld }));
      }));
    }
    const claims = cluster.claims || [];
    countLabel('claims-count', claims.length, cluster.claimsTotal || 0);
    const claimRows = $('claims').tBodies[0];
    if (!claims.length) {
      emptyRow(claimRows, 4, 'No file is being worked on.');
      return;
    }
    claimRows.replaceChildren(...claims.map((c) => el('tr', {},
      el('td', { class: 'path', text: c.path }),
      el('td', { text: c.pipeline }),
      el('td', { text: c.instanceId || c.runId }),
      timeCell(c.claimedAt))));
  }

  function pipelineButton(id, verb, label) {
    const button = el('button', { type: 'button', class: verb, 'aria-label': label + ' pipeline ' + id }, label);
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const pipeline = await api('POST', '/api/pipelines/' + encodeURIComponent(id) + '/' + verb);
        showActionMessage('Pipeline ' + id + ' is now ' + pipeline.state + '.', false);
      } catch (e) {
        showActionMessage(label + ' of pipeline ' + id + ' was refused: ' + e.message, true);
        button.disabled = false;
      }
      refreshSoon();
    });
    return button;
  }

  function renderFailed(page) {
    const tbody = $('failed-jobs').tBodies[0];
    countLabel('failed-count', page.items.length, page.total);
    if (!page.items.length) {
      emptyRow(tbody, 8, 'No failed jobs' + filterSuffix() + '.');
      return;
    }
    tbody.replaceChildren(...page.items.map((job) => {
      const action = el('td', { class: 'action' });
      if (job.retryable) action.append(retryButton(job));
      else action.append(el('span', { class: 'muted', text: 'cannot be retried' }));
      if (job.dismissable) action.append(' ', dismissButton(job));
      return el('tr', { 'data-job-id': job.id, 'data-state': job.state },
        fileCell(job),
        el('td', { text: job.pipeline }),
        el('td', { class: 'job-state' }, stateBadge(job.state)),
        el('td', { class: 'num http-status', text: job.lastHttpStatus ?? '–' }),
        el('td', { class: 'error', text: job.lastError || '–' }),
        el('td', { class: 'num', text: job.attempts }),
        timeCell(job.finishedAt || job.updatedAt),
        action);
    }));
  }

  function retryButton(job) {
    const button = el('button', { type: 'button', class: 'retry', 'aria-label': 'Retry ' + job.fileName }, 'Retry');
    button.addEventListener('click', async () => {
      button.disabled = true;
      button.textContent = 'Retrying…';
      try {
        const after = await api('POST', '/api/jobs/' + encodeURIComponent(job.id) + '/retry');
        showActionMessage('Retry of ' + job.fileName + ' requested (now ' + after.state + ').', false);
      } catch (e) {
        showActionMessage('Retry of ' + job.fileName + ' was refused: ' + e.message, true);
        button.disabled = false;
        button.textContent = 'Retry';
      }
      refreshSoon();
    });
    return button;
  }

  function dismissButton(job) {
    const button = el('button', { type: 'button', class: 'dismiss', 'aria-label': 'Dismiss ' + job.fileName },
      'Dismiss');
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const after = await api('POST', '/api/jobs/' + encodeURIComponent(job.id) + '/dismiss');
        showActionMessage(job.fileName + ' dismissed (now ' + after.state + ').', false);
      } catch (e) {
        showActionMessage('Dismissing ' + job.fileName + ' was refused: ' + e.message, true);
        button.disabled = false;
      }
      refreshSoon();
    });
    return button;
  }

  function renderJobs(tableId, countId, page, columns, emptyText, finishedColumn) {
    const tbody = $(tableId).tBodies[0];
    countLabel(countId, page.items.length, page.total);
    if (!page.items.length) {
      emptyRow(tbody, columns, emptyText + filterSuffix() + '.');
      return;
    }
    tbody.replaceChildren(...page.items.map((job) => el('tr', { 'data-job-id': job.id, 'data-state': job.state },
      fileCell(job),
      el('td', { text: job.pipeline }),
      el('td', { class: 'job-state' }, stateBadge(job.state)),
      el('td', { class: 'num', text: bytes(job.sizeBytes) }),
      el('td', { class: 'num', text: job.attempts }),
      timeCell(job.receivedAt),
      timeCell(finishedColumn ? job.finishedAt : job.updatedAt))));
  }

  function filterSuffix() {
    const q = $('filter').value.trim();
    return q ? ' matching “' + q + '”' : '';
  }

  // ---- job timeline --------------------------------------------------------------------------------------------

  let openJobId = null;

  async function openTimeline(id, moveFocus) {
    openJobId = id;
    try {
      const job = await api('GET', '/api/jobs/' + encodeURIComponent(id));
      if (openJobId !== id) return; // closed or another job opened meanwhile
      renderIfChanged('detail', job, renderTimeline);
      $('job-detail').hidden = false;
      if (moveFocus) {
        // below the sticky header, not under it
        const top = $('job-detail').getBoundingClientRect().top + window.scrollY
          - document.querySelector('header.top').offsetHeight - 8;
        window.scrollTo({ top: Math.max(0, top) });
        $('job-detail-title').focus({ preventScroll: true });
      }
    } catch (e) {
      if (e.status === 404) {
        closeTimeline();
        showActionMessage('Job ' + id + ' no longer exists.', true);
      } else {
        showActionMessage('The timeline of job ' + id + ' could not be loaded: ' + e.message, true);
      }
    }
  }

  function closeTimeline() {
    openJobId = null;
    lastRendered.delete('detail');
    $('job-detail').hidden = true;
  }

  function renderTimeline(job) {
    $('job-detail-title').textContent = 'Job ' + job.id + ': ' + job.fileName;
    const facts = [
      ['State', stateBadge(job.state)],
      ['Pipeline', job.pipeline],
      ['Vendor', job.vendor || '–'],
      ['Path', job.relativePath],
      ['Size', bytes(job.sizeBytes)],
      ['SHA-256', job.sha256],
      ['Vendor id', job.vendorId || '–'],
      ['Attempts', job.attempts],
      ['Last HTTP status', job.lastHttpStatus ?? '–'],
      ['Last error', job.lastError || '–'],
    ];
    $('job-detail-facts').replaceChildren(...facts.flatMap(([name, value]) => [
      el('dt', { text: name }), el('dd', { class: 'fact-' + name.toLowerCase().replace(/[^a-z0-9]+/g, '-') }, value),
    ]));
    const events = job.timeline || [];
    const timeline = $('job-timeline').tBodies[0];
    if (!events.length) emptyRow(timeline, 4, 'No events recorded.');
    else {
      timeline.replaceChildren(...events.map((event) => el('tr', { 'data-kind': event.kind },
        timeCell(event.at),
        el('td', { class: 'kind', text: event.kind }),
        el('td', { class: 'num', text: event.httpStatus ?? '–' }),
        el('td', { class: 'detail-text', text: event.detail || '' }))));
    }
    const outputs = job.outputs || [];
    $('job-outputs-block').hidden = outputs.length === 0;
    $('job-outputs').tBodies[0].replaceChildren(...outputs.map((output) => el('tr', {},
      el('td', { text: output.language }),
      el('td', {}, stateBadge(output.state)),
      el('td', { class: 'path', text: output.location || '–' }),
      el('td', { class: 'error', text: output.error || '' }))));
  }

  // ---- refresh loop --------------------------------------------------------------------------------------------

  let lastUpdated = null;
  let refreshing = false;
  let refreshAgain = false;
  let timer = null;

  async function refresh() {
    if (refreshing) {
      refreshAgain = true; // a button or the filter asked while a refresh was running: run once more after it
      return;
    }
    refreshing = true;
    clearTimeout(timer);
    try {
      const q = $('filter').value.trim();
      const pipelines = await api('GET', '/api/pipelines');
      const cluster = await api('GET', '/api/cluster');
      if (pipelines.length && pipelines[0].counts) knownStates = Object.keys(pipelines[0].counts);
      const [open, failed, recent] = await Promise.all([
        jobsIn(openStates(), q),
        jobsIn(FAILED_STATES, q),
        jobsQuery({ q, size: RECENT_JOBS }),
      ]);
      renderIfChanged('pipelines', { pipelines, knownStates }, (d) => renderPipelines(d.pipelines));
      renderIfChanged('cluster', cluster, renderCluster);
      renderIfChanged('failed', { failed, q }, (d) => renderFailed(d.failed));
      renderIfChanged('open', { open, q }, (d) => renderJobs('open-jobs', 'open-count', d.open, 7,
        'No open jobs', false));
      renderIfChanged('recent', { recent, q }, (d) => renderJobs('recent-jobs', 'recent-count',
        { items: d.recent.items || [], total: d.recent.total || 0 }, 7, 'No jobs yet', true));
      if (openJobId !== null) await openTimeline(openJobId, false);
      lastUpdated = new Date();
      const stamp = $('last-updated');
      stamp.dateTime = lastUpdated.toISOString();
      stamp.textContent = lastUpdated.toLocaleTimeString();
      $('refresh-note').textContent = '(refreshes every ' + Math.round(REFRESH_INTERVAL_MS / 1000) + ' s)';
      hideBanner();
    } catch (e) {
      showBanner(e instanceof ApiError ? e : new ApiError(0, String(e && e.message ? e.message : e)));
    } finally {
      refreshing = false;
      if (refreshAgain) {
        refreshAgain = false;
        refresh();
      } else {
        timer = setTimeout(refresh, REFRESH_INTERVAL_MS);
      }
    }
  }

  function refreshSoon() {
    refresh();
  }

  let filterTimer = null;

  document.addEventListener('DOMContentLoaded', () => {
    $('filter').addEventListener('input', () => {
      clearTimeout(filterTimer);
      filterTimer = setTimeout(refreshSoon, FILTER_DELAY_MS);
    });
    $('job-detail-close').addEventListener('click', closeTimeline);
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && openJobId !== null) closeTimeline();
    });
    refresh();
  });
})();

// Gateway Access console: signs in through this realm (OpenID Connect authorization code
// with PKCE S256, public client "gateway-access-console"), then calls the Gateway Access API
// with the user's access token. Plain DOM, no framework, no inline code (the page's CSP
// forbids it), no innerHTML (Trusted Types are required): every text goes in as text.
'use strict';

(() => {
  const CLIENT_ID = 'gateway-access-console';
  const LOGIN_KEY = 'gateway-access-console.login';

  // The page lives at <server>/realms/<realm>/gateway-access/console/; everything else is derived from that,
  // so the console works under any host name, port or context path the browser reached Keycloak by.
  const consoleUrl = location.origin + location.pathname.replace(/[^/]*$/, '');
  const realmPath = location.pathname.slice(0, location.pathname.lastIndexOf('/gateway-access/console/'));
  const realmName = decodeURIComponent(realmPath.slice(realmPath.lastIndexOf('/') + 1));
  const oidc = location.origin + realmPath + '/protocol/openid-connect';
  const apiBase = location.origin + realmPath + '/gateway-access';

  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------- sign-in (OIDC code + PKCE)

  /** Tokens are kept in memory only: a reload signs in again (silently while the Keycloak session lasts). */
  const session = { access: null, refresh: null, idToken: null, refreshTimer: null };

  function base64url(bytes) {
    let s = '';
    bytes.forEach((b) => { s += String.fromCharCode(b); });
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function randomString(byteCount) {
    const bytes = new Uint8Array(byteCount);
    crypto.getRandomValues(bytes);
    return base64url(bytes);
  }

  async function s256(text) {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return base64url(new Uint8Array(digest));
  }

  function jwtPayload(jwt) {
    const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(part);
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  async function signIn() {
    // 32 random bytes: a 43-character verifier, the shortest RFC 7636 allows and as strong as it needs.
    const login = { verifier: randomString(32), state: randomString(16), nonce: randomString(16) };
    sessionStorage.setItem(LOGIN_KEY, JSON.stringify(login));
    const params = new URLSearchParams({
      client_id: CLIENT_ID,
      redirect_uri: consoleUrl,
      response_type: 'code',
      // the code comes back in the fragment, which browsers never send to a server or in a Referer
      response_mode: 'fragment',
      scope: 'openid',
      state: login.state,
      nonce: login.nonce,
      code_challenge: await s256(login.verifier),
      code_challenge_method: 'S256',
    });
    location.assign(oidc + '/auth?' + params);
  }

  function callbackParams() {
    const params = new URLSearchParams(location.hash.slice(1));
    return params.has('state') && (params.has('code') || params.has('error')) ? params : null;
  }

  async function completeSignIn(params) {
    const saved = JSON.parse(sessionStorage.getItem(LOGIN_KEY) || 'null');
    sessionStorage.removeItem(LOGIN_KEY);
    history.replaceState(null, '', consoleUrl); // the code is single-use: keep it out of the history
    if (params.has('error')) {
      throw new Error(params.get('error_description') || 'Sign-in failed: ' + params.get('error') + '.');
    }
    if (!saved || saved.state !== params.get('state')) {
      throw new Error('This sign-in answer does not belong to a sign-in started here; please sign in again.');
    }
    const tokens = await tokenRequest({
      grant_type: 'authorization_code',
      code: params.get('code'),
      redirect_uri: consoleUrl,
      code_verifier: saved.verifier,
    });
    if (!tokens.id_token || jwtPayload(tokens.id_token).nonce !== saved.nonce) {
      throw new Error('The sign-in answer failed its replay check; please sign in again.');
    }
    keep(tokens);
  }

  async function tokenRequest(form) {
    const r = await fetch(oidc + '/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({ client_id: CLIENT_ID, ...form }),
      credentials: 'omit',
    });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) {
      throw new Error(body.error_description || 'The realm refused the sign-in (' + r.status + ').');
    }
    return body;
  }

  function keep(tokens) {
    session.access = tokens.access_token;
    session.refresh = tokens.refresh_token || null;
    session.idToken = tokens.id_token || session.idToken;
    clearTimeout(session.refreshTimer);
    if (session.refresh && tokens.expires_in) {
      // renew a little before the access token expires
      const seconds = Math.max(5, tokens.expires_in - 30);
      session.refreshTimer = setTimeout(() => { refreshTokens().catch(() => {}); }, seconds * 1000);
    }
  }

  async function refreshTokens() {
    if (!session.refresh) {
      return false;
    }
    try {
      keep(await tokenRequest({ grant_type: 'refresh_token', refresh_token: session.refresh }));
      return true;
    } catch (e) {
      session.access = null;
      session.refresh = null;
      showSignedOut('Your session has ended. Sign in again to go on.');
      return false;
    }
  }

  function signOut() {
    const params = new URLSearchParams({ client_id: CLIENT_ID, post_logout_redirect_uri: consoleUrl + '?signed-out=1' });
    if (session.idToken) {
      params.set('id_token_hint', session.idToken);
    }
    session.access = null;
    session.refresh = null;
    location.assign(oidc + '/logout?' + params);
  }

  // ---------------------------------------------------------------- the API

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  async function api(method, path, body, retried) {
    const headers = { Accept: 'application/json', Authorization: 'Bearer ' + session.access };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const r = await fetch(apiBase + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
    });
    if (r.status === 401 && !retried && await refreshTokens()) {
      return api(method, path, body, true);
    }
    const text = await r.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch (e) {
      json = null;
    }
    if (!r.ok) {
      // the API's own sentence; a generic one only if the answer was not the API's
      const message = json && json.errorMessage ? json.errorMessage : 'The server answered ' + r.status + '.';
      throw new ApiError(r.status, json && json.error, message);
    }
    return json;
  }

  const enc = encodeURIComponent;

  // ---------------------------------------------------------------- small DOM helpers

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === undefined || v === null || v === false) {
        return;
      }
      if (k.startsWith('on')) {
        node.addEventListener(k.slice(2), v);
      } else if (k === 'text') {
        node.textContent = v;
      } else {
        node.setAttribute(k, v === true ? '' : v);
      }
    });
    children.flat().forEach((c) => {
      if (c !== null && c !== undefined && c !== false) {
        node.append(c instanceof Node ? c : document.createTextNode(String(c)));
      }
    });
    return node;
  }

  /** A table with a caption, a header row and one row per item; an italic sentence when there is none. */
  function table(caption, headers, rows, emptyText) {
    if (rows.length === 0) {
      return el('p', { class: 'empty', text: emptyText });
    }
    return el('table', {},
      el('caption', { text: caption }),
      el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, rows.map((cells) => el('tr', {}, cells.map((c) => el('td', {}, c))))));
  }

  function fill(id, ...nodes) {
    $(id).replaceChildren(...nodes);
  }

  function when(iso) {
    return iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '';
  }

  /** Sources as a list: "identity-provider:partner-idp, since 2026-… UTC". */
  function sources(list) {
    return el('ul', {}, (list || []).map((s) => el('li', {}, el('code', { text: s.source }),
      s.grantedAt ? ', since ' + when(s.grantedAt) : '')));
  }

  function who(holder) {
    if (holder.username) {
      return holder.username;
    }
    if (holder.groupPath) {
      return 'group ' + holder.groupPath;
    }
    return holder.principal;
  }

  function roleSelect(id, label) {
    const select = el('select', { id, 'aria-label': label });
    state.roles.forEach((role) => select.append(el('option', { value: role, text: role })));
    const preferred = state.roles.includes('gateway-user') ? 'gateway-user' : state.roles[state.roles.length - 1];
    select.value = preferred;
    return select;
  }

  // ---------------------------------------------------------------- messages

  function showError(message) {
    $('error').textContent = message;
    $('error').hidden = false;
    $('status').textContent = '';
  }

  function say(message) {
    $('error').hidden = true;
    $('status').textContent = message;
  }

  function clearMessages() {
    $('error').hidden = true;
    $('status').textContent = '';
  }

  /** Runs an action: clears the last message, shows the API's sentence on failure, keeps the button from double clicks. */
  async function act(button, action) {
    clearMessages();
    if (button) {
      button.disabled = true;
    }
    try {
      await action();
    } catch (e) {
      showError(e.message);
    } finally {
      if (button) {
        button.disabled = false;
      }
    }
  }

  // ---------------------------------------------------------------- who is signed in

  /** kind: 'admins' (may write), 'readers' (read-only admins) or 'users' (their own access only). */
  const state = { me: null, kind: 'users', roles: [], view: null };

  async function loadCaller() {
    state.me = await api('GET', '/me');
    state.kind = 'users';
    try {
      const groups = await api('GET', '/groups');
      // A member of the admins system group is a gateway admin; anyone else who may read the groups is read-only here.
      const admins = groups.find((g) => g.systemRole === 'admins');
      state.kind = admins && state.me.groups.some((g) => g.id === admins.id) ? 'admins' : 'readers';
      state.roles = (await api('GET', '/config')).gatewayRoles || [];
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 403) {
        throw e;
      }
    }
    $('signed-in-as').textContent = 'Signed in as ' + state.me.username
      + (state.kind === 'admins' ? ' (gateway admin)' : state.kind === 'readers' ? ' (read-only admin)' : '');
    $('account').hidden = false;
    if (state.kind !== 'admins') {
      // not hidden but gone: nothing in the page offers a change the API would refuse
      document.querySelectorAll('[data-write]').forEach((node) => node.remove());
    }
    document.querySelectorAll('#views li').forEach((li) => {
      if (!li.dataset.for.split(' ').includes(state.kind)) {
        li.remove();
      }
    });
    $('views').hidden = state.kind === 'users';
    $('view-loading').hidden = true;
    await show(state.kind === 'users' ? 'me' : 'pools');
  }

  function showSignedOut(text) {
    document.querySelectorAll('main > section').forEach((s) => { s.hidden = true; });
    $('views').hidden = true;
    $('account').hidden = true;
    if (text) {
      $('signed-out-text').textContent = text;
    }
    $('view-signed-out').hidden = false;
  }

  // ---------------------------------------------------------------- views

  const loaders = {
    pools: loadPools,
    groups: loadGroups,
    pending: loadPending,
    roles: loadRoles,
    resources: loadResourceTypes,
    jobs: async () => {},
    me: loadMe,
  };

  async function show(view) {
    state.view = view;
    document.querySelectorAll('main > section').forEach((s) => { s.hidden = s.id !== 'view-' + view; });
    document.querySelectorAll('#views button').forEach((b) => {
      if (b.dataset.view === view) {
        b.setAttribute('aria-current', 'page');
      } else {
        b.removeAttribute('aria-current');
      }
    });
    await act(null, loaders[view]);
  }

  // Pools and their viewers

  let viewersOf = null;

  async function loadPools() {
    const pools = await api('GET', '/pools');
    fill('pools-table', table('Pools of realm ' + realmName, ['Name', 'Description', 'Identity provider', 'Created', ''],
      pools.map((p) => [p.name, p.description || '', p.identityProvider || '—', when(p.createdAt),
        el('button', { type: 'button', 'aria-label': 'Viewers of ' + p.name, onclick: (e) => act(e.currentTarget, () => loadViewers(p)) },
          'Viewers')]),
      'No pools yet.'));
    if (viewersOf) {
      const still = pools.find((p) => p.id === viewersOf.id);
      if (still) {
        await loadViewers(still);
      } else {
        viewersOf = null;
        $('viewers').hidden = true;
      }
    }
  }

  async function loadViewers(pool) {
    viewersOf = pool;
    const viewers = await api('GET', '/pools/' + enc(pool.id) + '/viewers');
    $('viewers-title').textContent = 'Viewers of ' + pool.name;
    fill('viewers-table', table('Who may view ' + pool.name + ', and why', ['Viewer', 'Sources'],
      viewers.map((v) => [who(v), sources(v.sources)]),
      'Nobody may view ' + pool.name + ' yet.'));
    $('viewers').hidden = false;
  }

  async function createPool(event) {
    event.preventDefault();
    const form = event.currentTarget;
    await act(form.querySelector('button[type=submit]'), async () => {
      const body = { name: form.elements.name.value.trim() };
      const description = form.elements.description.value.trim();
      const idp = form.elements.identityProvider.value.trim();
      if (description) {
        body.description = description;
      }
      if (idp) {
        body.identityProvider = idp;
      }
      const pool = await api('POST', '/pools', body);
      form.reset();
      viewersOf = pool;
      await loadPools();
      say('Pool ' + pool.name + ' created.');
    });
  }

  // Gateway groups and members

  async function loadGroups() {
    const groups = await api('GET', '/groups');
    fill('groups-table', table('Gateway groups', ['Group', 'Path', 'System role', 'Direct members', ''],
      groups.map((g) => [g.name, g.path, systemRoleName(g.systemRole), String(g.memberCount),
        el('button', { type: 'button', 'aria-label': 'Members of ' + g.name, onclick: (e) => act(e.currentTarget, () => loadMembers(g)) },
          'Members')]),
      'No gateway groups.'));
  }

  function systemRoleName(role) {
    return { admins: 'admins', readOnlyAdmins: 'read-only admins', users: 'users' }[role] || '—';
  }

  async function loadMembers(group) {
    const members = await api('GET', '/groups/' + enc(group.id) + '/members');
    $('members-title').textContent = 'Members of ' + group.name;
    fill('members-table', table('Members of ' + group.path + ' and what keeps them there', ['Member', 'Sources'],
      members.map((m) => [m.username || m.principal, sources(m.sources)]),
      group.name + ' has no members.'));
    $('members').hidden = false;
  }

  // Pending users

  async function loadPending() {
    const pending = await api('GET', '/users/pending');
    const write = state.kind === 'admins';
    const headers = ['User', 'E-mail', 'Came through', 'Waiting since'].concat(write ? ['Activate with role'] : []);
    fill('pending-table', table('Users waiting for activation, oldest first', headers,
      pending.map((u) => {
        const cells = [u.username, u.email || '', u.identityProvider ? 'identity provider ' + u.identityProvider : 'self-registration',
          when(u.createdAt)];
        if (write) {
          const select = roleSelect('activate-role-' + u.userId, 'Gateway role for ' + u.username);
          cells.push(el('span', {}, select, el('button', {
            type: 'button',
            'aria-label': 'Activate ' + u.username,
            onclick: (e) => act(e.currentTarget, async () => {
              await api('POST', '/users/' + enc(u.userId) + '/activate', { role: select.value });
              await loadPending();
              say(u.username + ' is active now, with the gateway role ' + select.value + '.');
            }),
          }, 'Activate')));
        }
        return cells;
      }),
      'Nobody is waiting for activation.'));
  }

  // Gateway roles (admins only)

  async function loadRoles() {
    fill('role-user-role', ...state.roles.map((r) => el('option', { value: r, text: r })));
    $('role-user-role').value = state.roles.includes('gateway-user') ? 'gateway-user' : state.roles[0];
    // The users the console knows of: the members of every gateway group.
    const groups = await api('GET', '/groups');
    const users = new Map();
    for (const g of groups) {
      for (const m of await api('GET', '/groups/' + enc(g.id) + '/members')) {
        const entry = users.get(m.userId) || { userId: m.userId, username: m.username, groups: [] };
        entry.groups.push(g.path);
        users.set(m.userId, entry);
      }
    }
    const rows = [...users.values()].sort((a, b) => a.username.localeCompare(b.username));
    fill('roles-table', table('Members of the gateway groups', ['User', 'Gateway groups', 'New gateway role'],
      rows.map((u) => {
        const select = roleSelect('role-for-' + u.userId, 'New gateway role for ' + u.username);
        return [u.username, u.groups.join(', '), el('span', {}, select, el('button', {
          type: 'button',
          'aria-label': 'Set the gateway role of ' + u.username,
          onclick: (e) => act(e.currentTarget, () => assignRole(u.userId, u.username, select.value)),
        }, 'Set role'))];
      }),
      'No members in the gateway groups.'));
  }

  async function assignRole(userId, label, role) {
    await api('PUT', '/users/' + enc(userId) + '/gateway-role', { role });
    await loadRoles();
    say('The gateway role of ' + label + ' is ' + role + ' now.');
  }

  async function assignRoleById(event) {
    event.preventDefault();
    const form = event.currentTarget;
    await act(form.querySelector('button[type=submit]'),
      () => assignRole(form.elements.userId.value.trim(), 'user ' + form.elements.userId.value.trim(), form.elements.role.value));
  }

  // Resources and grants

  let resourceQuery = null;

  async function loadResourceTypes() {
    const types = Object.keys((state.me && state.me.resources) || {});
    fill('resource-types', ...types.map((t) => el('option', { value: t })));
  }

  async function listResources(event) {
    event.preventDefault();
    const form = event.currentTarget;
    resourceQuery = { type: form.elements.type.value.trim(), permission: form.elements.permission.value, next: null };
    $('grants').hidden = true;
    fill('resources-table');
    await act(form.querySelector('button[type=submit]'), () => moreResources(true));
  }

  async function moreResources(first) {
    const q = resourceQuery;
    const params = new URLSearchParams();
    if (q.permission) {
      params.set('permission', q.permission);
    }
    if (!first && q.next) {
      params.set('cursor', q.next);
    }
    const page = await api('GET', '/resources/' + enc(q.type) + (params.toString() ? '?' + params : ''));
    q.next = page.next;
    const rows = page.ids.map((id) => [el('code', { text: id }),
      el('button', { type: 'button', 'aria-label': 'Grants on ' + id, onclick: (e) => act(e.currentTarget, () => loadGrants(q.type, id)) },
        'Grants')]);
    const existing = $('resources-table').querySelector('tbody');
    if (!first && existing) {
      rows.forEach((cells) => existing.append(el('tr', {}, cells.map((c) => el('td', {}, c)))));
    } else {
      fill('resources-table', table('Resources of type ' + q.type, ['Id', ''], rows, 'No resources of type ' + q.type + ' to show.'));
    }
    $('resources-more').hidden = !q.next;
  }

  async function loadGrants(type, id) {
    const grants = await api('GET', '/resources/' + enc(type) + '/' + enc(id) + '/grants');
    $('grants-title').textContent = 'Grants on ' + type + ' ' + id;
    fill('grants-table', table('Who holds what on ' + id, ['Holder', 'Permission', 'Sources'],
      grants.map((g) => [who(g), g.permission, sources(g.sources)]),
      'No grants on ' + id + '.'));
    $('grants').hidden = false;
  }

  // Jobs

  let polling = null;

  async function startJob(event) {
    event.preventDefault();
    const button = event.submitter;
    const dryRun = $('job-dry-run').checked;
    await act(button, async () => {
      const path = button.value === 'migration' ? '/migrations/roles-to-groups' : '/sync';
      const job = await api('POST', path + '?dryRun=' + dryRun);
      $('job-id').value = job.id;
      await followJob(job);
    });
  }

  async function findJob(event) {
    event.preventDefault();
    const form = event.currentTarget;
    await act(form.querySelector('button[type=submit]'), async () => followJob(await api('GET', '/jobs/' + enc(form.elements.jobId.value.trim()))));
  }

  /** Shows the job and polls it until it is done or failed. */
  async function followJob(job) {
    clearTimeout(polling);
    renderJob(job);
    if (job.status === 'running') {
      polling = setTimeout(() => {
        act(null, async () => followJob(await api('GET', '/jobs/' + enc(job.id))));
      }, 500);
    } else if (job.status === 'done') {
      say('The ' + jobName(job) + ' is done: ' + job.changes.added + ' added, ' + job.changes.removed + ' removed'
        + (job.dryRun ? ' (dry run: nothing was written).' : '.'));
    } else {
      showError('The ' + jobName(job) + ' failed: ' + (job.error || 'see the server log.'));
    }
  }

  function jobName(job) {
    return (job.dryRun ? 'dry run of the ' : '') + (job.kind === 'sync' ? 'sync' : job.kind + ' migration');
  }

  function renderJob(job) {
    const total = Math.max(job.total || 0, 0);
    const progress = $('job-progress');
    progress.max = total > 0 ? total : 1;
    progress.value = total > 0 ? Math.min(job.processed, total) : (job.status === 'running' ? 0 : 1);
    progress.setAttribute('aria-valuetext', job.processed + ' of ' + total);
    $('job-title').textContent = 'Job ' + job.id;
    $('job-count').textContent = job.processed + ' of ' + total + ' processed';
    const details = [['Kind', job.kind], ['Dry run', job.dryRun ? 'yes' : 'no'], ['Status', job.status],
      ['Added', String(job.changes.added)], ['Removed', String(job.changes.removed)],
      ['Started', when(job.startedAt)], ['Finished', when(job.finishedAt) || '—']];
    if (job.error) {
      details.push(['Error', job.error]);
    }
    fill('job-details', ...details.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]));
    $('job').hidden = false;
  }

  // Your access

  async function loadMe() {
    state.me = await api('GET', '/me');
    const me = state.me;
    fill('me-summary', el('dt', { text: 'User' }), el('dd', { text: me.username }),
      el('dt', { text: 'Gateway role' }), el('dd', { text: me.gatewayRole || 'none' }));
    fill('me-groups', table('Your gateway groups', ['Group', 'Sources'],
      me.groups.map((g) => [g.path, sources(g.sources)]), 'You are in no gateway group.'));
    fill('me-pools', table('Pools you hold a permission on', ['Pool', 'Permissions'],
      me.pools.map((p) => [p.name, p.permissions.join(', ')]), 'You may use no pool yet.'));
    const resources = [];
    Object.entries(me.resources || {}).forEach(([type, ids]) => {
      Object.entries(ids).forEach(([id, permissions]) => resources.push([type, el('code', { text: id }), permissions.join(', ')]));
    });
    const cut = me.truncated
      ? [el('p', { text: 'Only the first ' + resources.length + ' are listed (at most 100 per type). Cut short: '
        + (me.truncatedTypes || []).join(', ') + '. The API pages them all: GET /resources/{type}?permission=view.' })]
      : [];
    fill('me-resources', table('Other resources you hold a permission on', ['Type', 'Id', 'Permissions'], resources,
      'You hold no permission on other resources.'), ...cut);
  }

  // ---------------------------------------------------------------- start

  function wire() {
    $('realm-name').textContent = realmName;
    document.title = 'Gateway Access console — ' + realmName;
    $('sign-in').addEventListener('click', () => act($('sign-in'), signIn));
    $('sign-out').addEventListener('click', signOut);
    document.querySelectorAll('#views button').forEach((b) => b.addEventListener('click', () => show(b.dataset.view)));
    document.querySelectorAll('button[data-refresh]').forEach((b) => b.addEventListener('click', () => act(b, async () => {
      const which = b.dataset.refresh;
      if (which === 'viewers') {
        await loadViewers(viewersOf);
      } else {
        await loaders[which]();
      }
    })));
    const on = (id, type, handler) => { const node = $(id); if (node) { node.addEventListener(type, handler); } };
    on('create-pool', 'submit', createPool);
    on('role-by-id', 'submit', assignRoleById);
    on('list-resources', 'submit', listResources);
    on('resources-more', 'click', (e) => act(e.currentTarget, () => moreResources(false)));
    on('start-job', 'submit', startJob);
    on('find-job', 'submit', findJob);
  }

  async function start() {
    wire();
    if (!window.isSecureContext || !window.crypto || !crypto.subtle) {
      $('view-loading').hidden = true;
      showSignedOut();
      showError('The console signs in with WebCrypto, which browsers offer only over HTTPS (or on localhost). Open it through https://.');
      $('sign-in').disabled = true;
      return;
    }
    const params = callbackParams();
    try {
      if (params) {
        await completeSignIn(params);
      } else if (new URLSearchParams(location.search).has('signed-out')) {
        $('view-loading').hidden = true;
        showSignedOut('You are signed out.');
        return;
      } else {
        await signIn();
        return;
      }
      await loadCaller();
    } catch (e) {
      $('view-loading').hidden = true;
      showSignedOut();
      showError(e.message);
    }
  }

  document.addEventListener('DOMContentLoaded', start);
})();

'use strict';
// The SseOrleans status page: polls status.json once a second and follows one namespace's stream.
// No dependencies; everything it needs is served next to it.
(() => {
  const $ = (id) => document.getElementById(id);
  const POLL_MS = 1000;
  const SAMPLES = 120;
  const MAX_EVENTS = 200;

  // A ?key= in the address served to set the admin cookie; keep it out of the address bar and history.
  const query = new URLSearchParams(location.search);
  if (query.has('key')) {
    query.delete('key');
    const rest = query.toString();
    history.replaceState(null, '', location.pathname + (rest ? '?' + rest : '') + location.hash);
  }
  const prefix = location.pathname.replace(/\/admin\/?$/, '');

  const state = {
    previous: null, samples: [], collapsed: new Set(), selected: null,
    stream: null, paused: false, events: [],
  };

  const fmt = new Intl.NumberFormat('en-US');
  const number = (n) => (n === null || n === undefined ? '–' : fmt.format(n));
  const rate = (n) => (n >= 100 ? fmt.format(Math.round(n)) : (Math.round(n * 10) / 10).toString());

  function duration(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    const d = Math.floor(seconds / 86400), h = Math.floor(seconds % 86400 / 3600);
    const m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
    if (d) return `${d}d ${h}h ${m}m`;
    if (h) return `${h}h ${m}m ${s}s`;
    if (m) return `${m}m ${s}s`;
    return `${s}s`;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  async function poll() {
    try {
      const response = await fetch('status.json?limit=500', { cache: 'no-store', credentials: 'same-origin' });
      if (!response.ok) throw new Error(`${response.status}: ${(await response.text()).trim()}`);
      render(await response.json());
      $('error').hidden = true;
      $('health').className = 'dot ok';
    } catch (error) {
      $('error').textContent = `status.json failed — ${error.message}`;
      $('error').hidden = false;
      $('health').className = 'dot bad';
    } finally {
      setTimeout(poll, POLL_MS);
    }
  }

  function render(report) {
    const now = performance.now();
    const previous = state.previous;
    let localRate = 0, deliveredRate = 0;
    if (previous) {
      const seconds = (now - previous.at) / 1000;
      localRate = Math.max(0, (report.msgs_broadcast - previous.broadcast) / seconds);
      deliveredRate = Math.max(0, (report.msgs_delivered - previous.delivered) / seconds);
    }
    state.previous = { at: now, broadcast: report.msgs_broadcast, delivered: report.msgs_delivered };

    const cluster = report.cluster;
    $('node').textContent = report.node;
    $('status').textContent = report.status + (cluster ? '' : ' (cluster view unavailable)');
    $('uptime').textContent = duration(report.reported_at - report.startup_time);
    $('updated').textContent = new Date(report.reported_at * 1000).toLocaleTimeString();
    $('s-connections').textContent = number(report.connections_total);
    $('s-rate-local').textContent = rate(localRate);
    $('s-rate-delivered').textContent = rate(deliveredRate);
    $('s-rate-cluster').textContent = cluster ? rate(cluster.events_per_second) : '–';
    $('s-published').textContent = cluster ? number(cluster.events_published) : '–';
    $('s-frontends').textContent = cluster ? number(cluster.front_ends.length) : '–';
    $('s-namespaces').textContent = cluster ? number(cluster.namespaces_total) : '–';
    $('s-subscribers').textContent = cluster
      ? number(cluster.front_ends.reduce((sum, f) => sum + f.connections, 0)) : '–';
    if (!cluster) {
      $('error').textContent = report.cluster_error || 'cluster view unavailable';
      $('error').hidden = false;
    }

    state.samples.push({ local: localRate, cluster: cluster ? cluster.events_per_second : 0 });
    if (state.samples.length > SAMPLES) state.samples.shift();
    drawChart();

    const namespaces = cluster ? cluster.namespaces : localNamespaces(report.connections);
    renderTree(namespaces);
    $('ns-note').textContent = cluster && cluster.namespaces_total > cluster.namespaces.length
      ? `busiest ${cluster.namespaces.length} of ${number(cluster.namespaces_total)}` : '';
    renderFrontEnds(cluster ? cluster.front_ends : [], report.node, report.reported_at);
    renderConnections(report);
  }

  function localNamespaces(connections) {
    const counts = new Map();
    for (const c of connections) counts.set(c.namespace, (counts.get(c.namespace) || 0) + 1);
    return [...counts].map(([ns, subscribers]) => ({ namespace: ns, subscribers, published: 0, published_per_second: 0 }));
  }

  function buildTree(namespaces) {
    const root = { name: '/', path: '/', own: null, children: new Map() };
    for (const entry of namespaces) {
      let node = root;
      if (entry.namespace !== '/') {
        let path = '';
        for (const segment of entry.namespace.slice(1).split('/')) {
          path += '/' + segment;
          if (!node.children.has(segment)) node.children.set(segment, { name: segment, path, own: null, children: new Map() });
          node = node.children.get(segment);
        }
      }
      node.own = entry;
    }
    (function total(node) {
      node.total = node.own ? node.own.subscribers : 0;
      for (const child of node.children.values()) node.total += total(child);
      return node.total;
    })(root);
    return root;
  }

  let lastNamespaces = [];
  function renderTree(namespaces) {
    lastNamespaces = namespaces;
    rerender();
  }

  function rerender() {
    const namespaces = lastNamespaces;
    const filter = $('ns-filter').value.trim();
    const shown = filter ? namespaces.filter((n) => n.namespace.includes(filter)) : namespaces;
    const tree = $('tree');
    const fragment = document.createDocumentFragment();
    const root = buildTree(shown);
    if (root.children.size === 0 && !root.own) {
      fragment.append(el('li', 'muted', filter ? 'no namespace matches' : 'no active namespaces'));
    } else {
      fragment.append(treeNode(root, 0));
    }
    const scroll = tree.scrollTop;
    tree.replaceChildren(fragment);
    tree.scrollTop = scroll;
  }

  function treeNode(node, depth) {
    const item = el('li');
    const row = el('div', 'row' + (state.selected === node.path ? ' selected' : ''));
    row.dataset.ns = node.path;
    const name = el('span', 'name');
    name.style.paddingLeft = `${depth * 14}px`;
    const hasChildren = node.children.size > 0;
    const collapsed = state.collapsed.has(node.path);
    const toggle = el('span', 'toggle', hasChildren ? (collapsed ? '▸' : '▾') : '');
    toggle.addEventListener('click', (event) => {
      event.stopPropagation();
      if (collapsed) state.collapsed.delete(node.path); else state.collapsed.add(node.path);
      rerender();
    });
    name.append(toggle, document.createTextNode(depth === 0 ? '/' : node.name));
    name.title = node.path;
    const own = node.own || { subscribers: 0, published: 0, published_per_second: 0 };
    row.append(
      name,
      el('span', own.subscribers ? '' : 'zero', number(own.subscribers)),
      el('span', node.total ? '' : 'zero', number(node.total)),
      el('span', own.published ? '' : 'zero', number(own.published)),
      el('span', own.published_per_second ? '' : 'zero', rate(own.published_per_second)));
    row.addEventListener('click', () => select(node.path));
    item.append(row);
    if (hasChildren && !collapsed) {
      const list = el('ul');
      const children = [...node.children.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
      for (const child of children) list.append(treeNode(child, depth + 1));
      item.append(list);
    }
    return item;
  }

  $('ns-filter').addEventListener('input', rerender);

  function renderFrontEnds(frontEnds, self, now) {
    const rows = frontEnds.map((f) => {
      const row = el('tr', f.node === self ? 'self' : '');
      row.append(el('td', '', f.node), el('td', 'num', number(f.connections)),
        el('td', 'num', number(f.msgs_broadcast)), el('td', 'num', duration(now - f.reported_at) + ' ago'));
      return row;
    });
    $('frontends').replaceChildren(...rows);
  }

  function renderConnections(report) {
    const rows = report.connections.map((c) => {
      const row = el('tr');
      row.append(el('td', '', c.namespace), el('td', '', c.request_path),
        el('td', c.client_ip ? '' : 'muted', c.client_ip || 'hidden'), el('td', '', c.user_agent || ''),
        el('td', 'num', duration(report.reported_at - c.created_at)), el('td', 'num', number(c.msgs_sent)));
      return row;
    });
    $('connections').replaceChildren(...rows);
    const notes = [];
    if (report.connections.length < report.connections_total) notes.push(`oldest ${report.connections.length} of ${number(report.connections_total)}`);
    if (!report.client_ips_shown) notes.push('client IPs hidden: open with ?key= or from loopback');
    $('conn-note').textContent = notes.join(' · ');
  }

  function drawChart() {
    const canvas = $('chart');
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth, height = canvas.clientHeight;
    if (canvas.width !== width * ratio) { canvas.width = width * ratio; canvas.height = height * ratio; }
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    const max = Math.max(1, ...state.samples.map((s) => Math.max(s.local, s.cluster)));
    $('chart-max').textContent = `max ${rate(max)}/s over ${state.samples.length}s`;
    const style = getComputedStyle(document.documentElement);
    for (const [series, color] of [['local', '--accent'], ['cluster', '--accent2']]) {
      g.beginPath();
      state.samples.forEach((sample, i) => {
        const x = width - (state.samples.length - 1 - i) * (width / (SAMPLES - 1));
        const y = height - 2 - (sample[series] / max) * (height - 6);
        if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
      });
      g.strokeStyle = style.getPropertyValue(color).trim();
      g.lineWidth = 1.5;
      g.stroke();
    }
  }

  // Recent events: read the namespace's stream with fetch so that every event name shows
  // (EventSource only reports the names one listens for).
  function select(path) {
    if (state.stream) state.stream.abort();
    state.selected = path;
    state.events = [];
    $('events').replaceChildren();
    $('ev-ns').textContent = path;
    $('ev-pause').disabled = false;
    rerender();
    follow(path);
  }

  async function follow(path) {
    const controller = new AbortController();
    state.stream = controller;
    const url = prefix + '/subscribe' + path.split('/').map(encodeURIComponent).join('/');
    $('ev-state').textContent = 'connecting…';
    try {
      const response = await fetch(url, { signal: controller.signal, headers: { Accept: 'text/event-stream' } });
      if (!response.ok) throw new Error(`${response.status}`);
      $('ev-state').textContent = 'live';
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      let event = { id: '', name: '', data: [] };
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, end).replace(/\r$/, '');
          buffer = buffer.slice(end + 1);
          if (line === '') {
            if (event.data.length) addEvent(event);
            event = { id: event.id, name: '', data: [] };
          } else if (!line.startsWith(':')) {
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            let text = colon < 0 ? '' : line.slice(colon + 1);
            if (text.startsWith(' ')) text = text.slice(1);
            if (field === 'data') event.data.push(text);
            else if (field === 'event') event.name = text;
            else if (field === 'id') event.id = text;
          }
        }
      }
      $('ev-state').textContent = 'stream ended; reconnecting';
    } catch (error) {
      if (controller.signal.aborted) return;
      $('ev-state').textContent = `stream failed (${error.message}); reconnecting`;
    }
    if (state.stream === controller) setTimeout(() => state.stream === controller && follow(path), 2000);
  }

  function addEvent(event) {
    if (state.paused) return;
    const item = el('li');
    const pre = el('pre', '', event.data.join('\n'));
    item.append(el('span', 'time', new Date().toLocaleTimeString()), el('span', 'id', event.id),
      el('span', 'name', event.name || 'message'), pre);
    const list = $('events');
    list.prepend(item);
    while (list.childElementCount > MAX_EVENTS) list.lastElementChild.remove();
  }

  $('ev-pause').addEventListener('click', () => {
    state.paused = !state.paused;
    $('ev-pause').textContent = state.paused ? 'resume' : 'pause';
  });
  $('ev-clear').addEventListener('click', () => $('events').replaceChildren());

  // The dashboard exists only where the process hosts a silo, and only for authorized viewers.
  fetch('dashboard/version', { credentials: 'same-origin' })
    .then((response) => { $('dashboard-link').hidden = !response.ok; })
    .catch(() => {});

  poll();
})();

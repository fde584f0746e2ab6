// Shared by the dashboard pages: filters in the page's query string, reads of the read API (/api/v1/...) only,
// aggregation of fct_plays rows, and DOM helpers that put every value in as text (never as HTML).

export const SOURCES = ['simulator', 'spotify', 'import'];
const PAGE = 10000; // the read API's default playlog.serving.max-limit

/** from, to (yyyy-mm-dd) and source from the page's URL; empty ones are left out. */
export function filters() {
  const params = new URLSearchParams(location.search);
  const out = {};
  for (const key of ['from', 'to', 'source']) {
    const value = params.get(key);
    if (value) {
      out[key] = value;
    }
  }
  if (out.source && !SOURCES.includes(out.source)) {
    delete out.source;
  }
  return out;
}

/** Fills the page's filter form (a native GET form: submitting it reloads the page with the new query string). */
export function bindFilterForm(form, current) {
  form.elements.from.value = current.from || '';
  form.elements.to.value = current.to || '';
  form.elements.source.value = current.source || '';
  form.addEventListener('submit', () => {
    // leave empty fields out of the URL
    for (const el of [form.elements.from, form.elements.to, form.elements.source]) {
      el.disabled = el.value === '';
    }
  });
}

export class ApiError extends Error {
  constructor(path, status, detail) {
    super(`${path}: HTTP ${status}${detail ? ' — ' + detail : ''}`);
    this.status = status;
  }
}

export async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    let detail = '';
    try {
      const body = await response.json();
      detail = body.detail || body.title || '';
    } catch (e) {
      // not a problem document
    }
    throw new ApiError(path, response.status, detail);
  }
  return response.json();
}

/** Every row of a gold model for the query, page by page, all from one build (read again if a build lands between pages). */
export async function goldRows(model, query = {}) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const rows = [];
    let build = null;
    let asOf = null;
    let consistent = true;
    for (let offset = 0; ; offset += PAGE) {
      const params = new URLSearchParams({ ...query, limit: String(PAGE), offset: String(offset) });
      const page = await getJson(`/api/v1/gold/${encodeURIComponent(model)}?${params}`);
      if (build !== null && page.build_id !== build) {
        consistent = false;
        break;
      }
      build = page.build_id;
      asOf = page.as_of;
      rows.push(...page.rows);
      if (page.count < PAGE) {
        break;
      }
    }
    if (consistent) {
      return { rows, buildId: build, asOf };
    }
  }
  throw new Error(`${model}: a new gold build landed during every read; reload the page`);
}

/** The filter as fct_plays takes it: played_date between from and to, source equal. */
export function playsQuery(f) {
  const q = {};
  if (f.from) q.from = f.from;
  if (f.to) q.to = f.to;
  if (f.source) q.source = f.source;
  return q;
}

/** Totals over fct_plays rows (one row per stream: a play or a skip). */
export function totals(rows) {
  const users = new Set();
  const tracks = new Set();
  const artists = new Set();
  let plays = 0;
  let ms = 0;
  let first = null;
  let last = null;
  for (const r of rows) {
    users.add(r.user_id);
    tracks.add(r.track_id);
    artists.add(r.artist_id);
    if (r.event_type === 'play') plays++;
    ms += Number(r.ms_played) || 0;
    if (first === null || r.played_date < first) first = r.played_date;
    if (last === null || r.played_date > last) last = r.played_date;
  }
  return { streams: rows.length, plays, hours: ms / 3600000, listeners: users.size, tracks: tracks.size,
    artists: artists.size, first, last };
}

/** Per played_date: streams, listening hours and distinct listeners, in date order. */
export function daily(rows) {
  const days = new Map();
  for (const r of rows) {
    let d = days.get(r.played_date);
    if (!d) {
      d = { date: r.played_date, streams: 0, ms: 0, users: new Set() };
      days.set(r.played_date, d);
    }
    d.streams++;
    d.ms += Number(r.ms_played) || 0;
    d.users.add(r.user_id);
  }
  return [...days.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    .map(d => ({ date: d.date, streams: d.streams, hours: d.ms / 3600000, listeners: d.users.size }));
}

/** The n keys with most streams (ties by id), with streams and distinct listeners. */
export function top(rows, key, n) {
  const by = new Map();
  for (const r of rows) {
    let e = by.get(r[key]);
    if (!e) {
      e = { id: r[key], streams: 0, users: new Set() };
      by.set(r[key], e);
    }
    e.streams++;
    e.users.add(r.user_id);
  }
  return [...by.values()].sort((a, b) => b.streams - a.streams || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, n).map(e => ({ id: e.id, streams: e.streams, listeners: e.users.size }));
}

export const integer = n => Number(n).toLocaleString('en-US');
export const hours = h => Number(h).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** An element with text content only. */
export function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

/** Replaces a table's body with rows of cells; a cell is a value or {text, numeric, href}. */
export function fillTable(table, rows) {
  const body = table.tBodies[0] || table.appendChild(document.createElement('tbody'));
  body.replaceChildren(...rows.map(cells => {
    const tr = document.createElement('tr');
    for (const cell of cells) {
      const c = cell !== null && typeof cell === 'object' ? cell : { text: cell };
      const td = el('td', c.href ? null : c.text, c.numeric ? { class: 'n' } : {});
      if (c.href) td.appendChild(el('a', c.text, { href: c.href }));
      tr.appendChild(td);
    }
    return tr;
  }));
}

export function showError(e) {
  const box = document.getElementById('error');
  box.textContent = e instanceof ApiError && e.status === 503
    ? 'No gold yet: the first dbt build has not published a snapshot. Reload in a minute.'
    : String(e.message || e);
}

/** Marks the page ready for readers and tests: data-state="ready" or "error" on <main>. */
export function done(state) {
  document.querySelector('main').dataset.state = state;
}

/** The "gold as of" line every data page shows. */
export function showBuild(buildId, asOf) {
  const node = document.getElementById('build');
  node.textContent = `gold as of ${asOf}, build ${buildId}`;
}

/** A chart from ECharts (served from /vendor, loaded by a classic script tag before this module). */
export function chart(container, option) {
  const instance = window.echarts.init(container, null, { renderer: 'svg' });
  instance.setOption({ animation: false, aria: { enabled: true }, ...option });
  window.addEventListener('resize', () => instance.resize());
  return instance;
}

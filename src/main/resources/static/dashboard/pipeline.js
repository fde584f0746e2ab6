import { done, fillTable, getJson, showBuild, showError } from './dashboard.js';

const FAILING = new Set(['error', 'fail', 'warn', 'runtime error']);

function details(component) {
  if (!component.details) return '';
  return Object.entries(component.details).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join('; ');
}

async function health() {
  const response = await fetch('/actuator/health', { headers: { Accept: 'application/json' } });
  const body = await response.json();
  document.getElementById('health').textContent = body.status;
  const components = Object.entries(body.components || {}).sort(([a], [b]) => a.localeCompare(b));
  fillTable(document.getElementById('components'), components.map(([name, c]) => [name, c.status, details(c)]));
}

async function gold() {
  try {
    const g = await getJson('/api/v1/gold');
    showBuild(g.build_id, g.as_of);
  } catch (e) {
    document.getElementById('build').textContent = 'no gold published yet';
  }
}

async function runs() {
  const list = (await getJson('/api/v1/runs?limit=20')).runs;
  const latest = [];
  for (const kind of ['warehouse_refresh', 'dbt_build']) {
    const run = list.find(r => r.kind === kind);
    if (run) latest.push(run);
  }
  fillTable(document.getElementById('latest'), latest.map(r => [r.kind, String(r.id), r.started_at,
    { text: String(r.duration_ms), numeric: true }, r.outcome, r.message || '']));
  const lastBuild = latest.find(r => r.kind === 'dbt_build');
  let failing = [];
  if (lastBuild) {
    const full = await getJson(`/api/v1/runs/${encodeURIComponent(lastBuild.id)}`);
    failing = (full.nodes || []).filter(n => FAILING.has(n.status));
  }
  fillTable(document.getElementById('failing'), failing.length === 0
    ? [[!lastBuild ? 'no dbt build yet' : lastBuild.outcome === 'failed'
      ? 'no failing node recorded: see the run\'s message' : 'none: every node passed', '', '']]
    : failing.map(n => [n.unique_id, n.status, n.message || '']));
  fillTable(document.getElementById('runs'), list.map(r => [String(r.id), r.kind, r.started_at,
    { text: String(r.duration_ms), numeric: true }, r.outcome,
    r.build_id || (r.files ? `new ${r.files.new}, updated ${r.files.updated}, removed ${r.files.removed}, failed ${r.files.failed}` : '')]));
}

Promise.all([health(), gold(), runs()]).then(() => done('ready'), e => { showError(e); done('error'); });

import { bindFilterForm, done, fillTable, filters, getJson, goldRows, hours, integer, playsQuery, showBuild, showError, totals } from './dashboard.js';

const f = filters();
bindFilterForm(document.querySelector('form.filters'), f);

async function health() {
  // /actuator/health answers 503 with the same document when something is DOWN
  const response = await fetch('/actuator/health', { headers: { Accept: 'application/json' } });
  const body = await response.json();
  document.getElementById('health').textContent = body.status;
  const components = Object.entries(body.components || {}).sort(([a], [b]) => a.localeCompare(b));
  fillTable(document.getElementById('components'), components.map(([name, c]) => [name, c.status]));
}

async function load() {
  const [plays] = await Promise.all([goldRows('fct_plays', playsQuery(f)), health()]);
  showBuild(plays.buildId, plays.asOf);
  const t = totals(plays.rows);
  document.getElementById('streams').textContent = integer(t.streams);
  document.getElementById('plays').textContent = integer(t.plays);
  document.getElementById('hours').textContent = hours(t.hours);
  document.getElementById('listeners').textContent = integer(t.listeners);
  document.getElementById('tracks').textContent = integer(t.tracks);
  document.getElementById('artists').textContent = integer(t.artists);
  document.getElementById('range').textContent = t.first === null ? 'no streams' : `${t.first} to ${t.last}`;
}

load().then(() => done('ready'), e => { showError(e); done('error'); });

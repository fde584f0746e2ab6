import { bindFilterForm, chart, done, fillTable, filters, goldRows, integer, playsQuery, showBuild, showError, top } from './dashboard.js';

const N = 10;
const f = filters();
bindFilterForm(document.querySelector('form.filters'), f);

function bars(container, labels, values, axisName) {
  // horizontal bars, the largest on top
  chart(container, {
    tooltip: { trigger: 'axis' },
    grid: { left: 180 },
    xAxis: { type: 'value', name: 'Streams', nameLocation: 'middle', nameGap: 28, minInterval: 1 },
    yAxis: { type: 'category', name: axisName, data: [...labels].reverse(), axisLabel: { width: 160, overflow: 'truncate' } },
    series: [{ name: 'Streams', type: 'bar', data: [...values].reverse(), label: { show: true, position: 'right' } }],
  });
}

async function load() {
  const plays = await goldRows('fct_plays', playsQuery(f));
  showBuild(plays.buildId, plays.asOf);
  const tracks = top(plays.rows, 'track_id', N);
  const artists = top(plays.rows, 'artist_id', N);
  // names: one filtered read per id, so the page reads N rows rather than the whole dimension
  const trackNames = new Map(await Promise.all(tracks.map(async t => {
    const row = (await goldRows('dim_tracks', { track_id: t.id })).rows[0] || {};
    return [t.id, row];
  })));
  const artistNames = new Map(await Promise.all(artists.map(async a => {
    const row = (await goldRows('dim_artists', { artist_id: a.id })).rows[0] || {};
    return [a.id, row];
  })));
  const trackLabel = t => trackNames.get(t.id).track_name || t.id;
  const artistLabel = a => artistNames.get(a.id).artist_name || a.id;
  fillTable(document.getElementById('top-tracks'), tracks.map((t, i) => [{ text: i + 1, numeric: true }, trackLabel(t),
    trackNames.get(t.id).artist_name || '', t.id, { text: integer(t.streams), numeric: true },
    { text: integer(t.listeners), numeric: true }]));
  fillTable(document.getElementById('top-artists'), artists.map((a, i) => [{ text: i + 1, numeric: true }, artistLabel(a),
    a.id, { text: integer(a.streams), numeric: true }, { text: integer(a.listeners), numeric: true }]));
  bars(document.getElementById('tracks-chart'), tracks.map(trackLabel), tracks.map(t => t.streams), 'Track');
  bars(document.getElementById('artists-chart'), artists.map(artistLabel), artists.map(a => a.streams), 'Artist');
}

load().then(() => done('ready'), e => { showError(e); done('error'); });

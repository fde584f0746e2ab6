import { bindFilterForm, chart, daily, done, fillTable, filters, goldRows, hours, integer, playsQuery, showBuild, showError } from './dashboard.js';

const f = filters();
bindFilterForm(document.querySelector('form.filters'), f);

async function load() {
  const plays = await goldRows('fct_plays', playsQuery(f));
  showBuild(plays.buildId, plays.asOf);
  const days = daily(plays.rows);
  const dates = days.map(d => d.date);
  chart(document.getElementById('volume-chart'), {
    tooltip: { trigger: 'axis' },
    legend: { data: ['Streams', 'Listening hours'] },
    xAxis: { type: 'category', name: 'Date (UTC)', nameLocation: 'middle', nameGap: 30, data: dates },
    yAxis: [
      { type: 'value', name: 'Streams', minInterval: 1 },
      { type: 'value', name: 'Listening hours' },
    ],
    series: [
      { name: 'Streams', type: 'line', data: days.map(d => d.streams) },
      { name: 'Listening hours', type: 'line', yAxisIndex: 1, lineStyle: { type: 'dashed' }, symbol: 'triangle',
        data: days.map(d => Number(d.hours.toFixed(2))) },
    ],
  });
  chart(document.getElementById('dau-chart'), {
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', name: 'Date (UTC)', nameLocation: 'middle', nameGap: 30, data: dates },
    yAxis: { type: 'value', name: 'Active users', minInterval: 1 },
    series: [{ name: 'Active users', type: 'line', data: days.map(d => d.listeners) }],
  });
  fillTable(document.getElementById('daily'), days.map(d => [d.date, { text: integer(d.streams), numeric: true },
    { text: hours(d.hours), numeric: true }, { text: integer(d.listeners), numeric: true }]));
}

load().then(() => done('ready'), e => { showError(e); done('error'); });

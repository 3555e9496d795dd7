// Loads one HTML file in Debian's chromium (through puppeteer-core; no downloaded browser) and, for each width,
// saves a full-page PNG screenshot. Prints one JSON line: the page's data-metric values, what it tried to load or run,
// and each screenshot's path, size and whether the page fits the width without scrolling sideways.
//   node shoot.js --chromium /usr/bin/chromium --html page.html --out dir --name weekly --widths 1280,390
'use strict';
const puppeteer = require('puppeteer-core');
const path = require('path');
const fs = require('fs');

function args(argv) {
  const a = {widths: '1280,390'};
  for (let i = 2; i < argv.length; i += 2) a[argv[i].replace(/^--/, '')] = argv[i + 1];
  for (const k of ['chromium', 'html', 'out', 'name']) if (!a[k]) throw new Error('missing --' + k);
  return a;
}

(async () => {
  const a = args(process.argv);
  fs.mkdirSync(a.out, {recursive: true});
  const browser = await puppeteer.launch({
    executablePath: a.chromium,
    headless: true,
    // root in a container has no user namespace for chromium's sandbox; the page runs no script anyway (CSP)
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--font-render-hinting=none', '--hide-scrollbars'],
  });
  const result = {metrics: {}, duplicates: [], console: [], blocked: [], requests: [], dialogs: 0, scripts: 0, shots: []};
  try {
    const page = await browser.newPage();
    page.on('console', m => result.console.push(m.type() + ': ' + m.text()));
    page.on('dialog', async d => { result.dialogs++; await d.dismiss(); });
    page.on('request', r => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) result.requests.push(r.url()); });
    page.on('requestfailed', r => result.blocked.push(r.url() + ' ' + (r.failure() ? r.failure().errorText : '')));
    await page.setViewport({width: 1280, height: 900, deviceScaleFactor: 1});
    await page.goto('file://' + path.resolve(a.html), {waitUntil: 'networkidle0', timeout: 60000});
    const found = await page.$$eval('[data-metric]', els => els.map(e => [e.getAttribute('data-metric'), e.getAttribute('data-value')]));
    for (const [k, v] of found) {
      const value = v === 'null' || v === null ? null : v;
      if (k in result.metrics && result.metrics[k] !== value) result.duplicates.push(k);
      result.metrics[k] = value;
    }
    result.scripts = await page.evaluate(() => document.scripts.length + (window.__pwned ? 1000 : 0));
    for (const w of a.widths.split(',').map(Number)) {
      await page.setViewport({width: w, height: 900, deviceScaleFactor: 1});
      const fit = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth,
        height: document.documentElement.scrollHeight,
        svgs: document.querySelectorAll('svg.chart').length,
        narrowestSvg: Math.min(...[...document.querySelectorAll('svg.chart')].map(s => s.getBoundingClientRect().width)),
      }));
      const file = path.join(a.out, a.name + '-' + w + '.png');
      await page.screenshot({path: file, fullPage: true});
      result.shots.push(Object.assign({width: w, path: file, bytes: fs.statSync(file).size}, fit));
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(result) + '\n');
})().catch(e => { process.stderr.write(String(e && e.stack || e) + '\n'); process.exit(1); });

// Opens the review page (served with its real headers by ReviewPageScreenshotIT) in Debian's chromium through
// puppeteer-core, shoots it at each width, and uses its script the way an approver does: selects words then presses
// "Comment on selection", clicks a point of an image, anchors an image's centre from the keyboard, clears an anchor.
// Prints one JSON line with what it saw. Runs axe-core too when it is installed next to puppeteer-core.
//   NODE_PATH=<local/chromium/node_modules> node drive-review-page.js --chromium /usr/bin/chromium --url URL --out dir --widths 1280,390
'use strict';
const puppeteer = require('puppeteer-core');
const path = require('path');
const fs = require('fs');

function args(argv) {
  const a = {widths: '1280,390', name: 'review'};
  for (let i = 2; i < argv.length; i += 2) a[argv[i].replace(/^--/, '')] = argv[i + 1];
  for (const k of ['chromium', 'url', 'out']) if (!a[k]) throw new Error('missing --' + k);
  return a;
}

async function fields(page, postId) {
  return page.evaluate(id => {
    const article = document.querySelector('article[data-post-id="' + id + '"]');
    const form = article.querySelector('form[data-action="comment"]');
    const out = {};
    for (const n of ['anchorType', 'anchorText', 'anchorOffset', 'anchorMediaId', 'anchorX', 'anchorY']) {
      out[n] = form.querySelector('input[name="' + n + '"]').value;
    }
    const label = form.querySelector('[data-anchor-label]');
    const box = form.querySelector('[data-anchor]');
    out.label = label.textContent;
    out.labelVisible = !!(box && !box.hidden && box.getBoundingClientRect().height > 0);
    const active = document.activeElement;
    out.focus = active ? active.tagName.toLowerCase() + (active.name ? '[name=' + active.name + ']' : '') : null;
    out.focusInForm = form.contains(active);
    const marker = article.querySelector('[data-marker]:not([hidden])');
    if (marker) {
      const img = marker.closest('figure.media').querySelector('img').getBoundingClientRect();
      const m = marker.getBoundingClientRect();
      out.marker = {x: (m.left + m.width / 2 - img.left) / img.width, y: (m.top + m.height / 2 - img.top) / img.height};
    }
    return out;
  }, postId);
}

(async () => {
  const a = args(process.argv);
  fs.mkdirSync(a.out, {recursive: true});
  const browser = await puppeteer.launch({
    executablePath: a.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--font-render-hinting=none', '--hide-scrollbars'],
  });
  const result = {console: [], pageErrors: [], blocked: [], requests: [], shots: [], status: 0, headers: {}};
  try {
    const page = await browser.newPage();
    // the browser's own request for /favicon.ico (made for its tab, not by the page) is not the page's error
    page.on('console', m => {
      if (!((m.location() || {}).url || '').endsWith('/favicon.ico')) result.console.push(m.type() + ': ' + m.text());
    });
    page.on('pageerror', e => result.pageErrors.push(String(e && e.message || e)));
    page.on('request', r => {
      if (!r.url().startsWith('data:') && !r.url().endsWith('/favicon.ico')) result.requests.push(r.method() + ' ' + r.url());
    });
    page.on('requestfailed', r => result.blocked.push(r.url() + ' ' + (r.failure() ? r.failure().errorText : '')));
    await page.evaluateOnNewDocument(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
    });
    await page.setViewport({width: 1280, height: 900, deviceScaleFactor: 1});
    const response = await page.goto(a.url, {waitUntil: 'networkidle0', timeout: 60000});
    result.status = response.status();
    result.headers = response.headers();
    result.scriptRan = await page.evaluate(() => document.documentElement.classList.contains('js'));
    result.posts = await page.$$eval('article.post', els => els.map(e => e.getAttribute('data-post-id')));
    result.pins = await page.$$eval('.pin', els => els.map(p => {
      const img = p.closest('figure.media').querySelector('img').getBoundingClientRect();
      const r = p.getBoundingClientRect();
      const li = [...p.closest('article').querySelectorAll('.pin-label')][Number(p.textContent) - 1];
      return {n: p.textContent, media: p.closest('figure.media').getAttribute('data-media-id'),
        x: (r.left + r.width / 2 - img.left) / img.width, y: (r.top + r.height / 2 - img.top) / img.height,
        comment: li ? li.parentElement.textContent : null};
    }));
    result.brokenImages = await page.$$eval('img', els => els.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src));

    for (const w of a.widths.split(',').map(Number)) {
      await page.setViewport({width: w, height: 900, deviceScaleFactor: 1});
      const fit = await page.evaluate(() => {
        const cw = document.documentElement.clientWidth;
        const wide = [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > cw + 1 && e.getClientRects().length > 0)
          .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
        return {scrollWidth: document.documentElement.scrollWidth, clientWidth: cw, height: document.documentElement.scrollHeight, wide};
      });
      const file = path.join(a.out, a.name + '-' + w + '.png');
      await page.screenshot({path: file, fullPage: true});
      result.shots.push(Object.assign({width: w, path: file, bytes: fs.statSync(file).size}, fit));
    }

    await page.setViewport({width: 1280, height: 900, deviceScaleFactor: 1});
    result.headings = await page.$$eval('h1,h2,h3', els => els.map(e => e.tagName.toLowerCase() + ' ' + e.textContent));
    result.csp = await page.evaluate(() => window.__csp);
    interact: { // a message page (or --mode load) is only loaded
      if (a.mode !== 'page') break interact;
      // the first Tab reaches the skip link
      await page.keyboard.press('Tab');
      result.firstTab = await page.evaluate(() => document.activeElement && document.activeElement.className);

      const first = result.posts[0];
      // (a) words selected in the text, then "Comment on selection" pressed with the mouse
      result.selected = await page.evaluate((id, words) => {
        const box = document.querySelector('article[data-post-id="' + id + '"] [data-post-text]');
        const node = box.firstChild;
        const at = node.data.indexOf(words);
        const r = document.createRange();
        r.setStart(node, at);
        r.setEnd(node, at + words.length);
        const sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(r);
        return {offset: at, text: box.textContent};
      }, first, a.words || 'winter blend');
      await new Promise(r => setTimeout(r, 100));
      await page.click('article[data-post-id="' + first + '"] button[data-comment-selection]');
      result.text = await fields(page, first);

      // (b) a click on a point of the image, 25% across and 75% down
      const img = await page.$('article[data-post-id="' + first + '"] figure.media img');
      await img.scrollIntoView();
      const box = await img.boundingBox();
      await page.mouse.click(box.x + box.width * 0.25, box.y + box.height * 0.75);
      result.image = await fields(page, first);
      await page.setViewport({width: 390, height: 900, deviceScaleFactor: 1});
      await img.scrollIntoView();
      const anchored = path.join(a.out, a.name + '-anchored-390.png');
      await page.screenshot({path: anchored});
      result.anchoredShot = anchored;
      await page.setViewport({width: 1280, height: 900, deviceScaleFactor: 1});

      // (c) the keyboard: focus "Comment on this image", press Enter
      await page.focus('article[data-post-id="' + first + '"] button[data-comment-image]');
      await page.keyboard.press('Enter');
      result.keyboard = await fields(page, first);

      // clearing
      await page.click('article[data-post-id="' + first + '"] button[data-anchor-clear]');
      result.cleared = await fields(page, first);

      // "Comment on selection" with nothing selected says what to do and anchors nothing
      // (a focused textarea makes headless chromium scroll back to it before a click lands elsewhere: blur it first)
      await page.evaluate(() => { window.getSelection().removeAllRanges(); document.activeElement.blur(); });
      const second = result.posts[1];
      await page.click('article[data-post-id="' + second + '"] button[data-comment-selection]');
      result.nothingSelected = await fields(page, second);
      result.nothingSelected.hint = await page.$eval('article[data-post-id="' + second + '"] [data-selection-hint]', e => e.textContent);

      result.csp = await page.evaluate(() => window.__csp);

      // back from an action: the page opens at the post, and the notice is shown there
      await page.goto(a.url + '?notice=approved#post-' + second, {waitUntil: 'networkidle0'});
      result.back = await page.evaluate(() => {
        const n = document.querySelector('.notice');
        const r = n.getBoundingClientRect();
        return {notices: document.querySelectorAll('.notice').length, in: n.closest('article') && n.closest('article').getAttribute('data-post-id'),
          visible: r.top >= 0 && r.bottom <= window.innerHeight, text: n.textContent};
      });
      result.csp = result.csp.concat(await page.evaluate(() => window.__csp));
      // a malformed fragment breaks nothing
      await page.goto(a.url + '?notice=x#post-%E0%A4%A', {waitUntil: 'networkidle0'});
      result.badFragment = await page.evaluate(() => ({js: document.documentElement.classList.contains('js'),
        shown: [...document.querySelectorAll('[data-needs-script]')].filter(e => !e.hidden).length}));

      // without the script: every form is there, and no control that needs the script is shown
      const plain = await browser.newPage();
      await plain.setJavaScriptEnabled(false);
      await plain.goto(a.url, {waitUntil: 'networkidle0'});
      result.noScript = await plain.evaluate(() => ({
        forms: document.querySelectorAll('form[data-action]').length,
        shownNeedingScript: [...document.querySelectorAll('[data-needs-script]')].filter(e => e.getClientRects().length > 0).length,
        hiddenNeedingScript: document.querySelectorAll('[data-needs-script]').length,
      }));
      await plain.close();
    }

    let axePath = null;
    try {
      axePath = require.resolve('axe-core');
    } catch (e) {
      result.axe = {skipped: 'axe-core is not installed next to puppeteer-core'};
    }
    if (axePath) {
      // what the page did under its own policy is recorded above; the reload without it below is axe's alone
      for (const event of ['console', 'pageerror', 'request', 'requestfailed']) page.removeAllListeners(event);
      // a fresh page: the CSP keeps axe's source out, so it is added by the DevTools protocol, past the page's policy
      await page.setBypassCSP(true);
      await page.reload({waitUntil: 'networkidle0'});
      await page.addScriptTag({path: path.join(path.dirname(axePath), 'axe.min.js')});
      const axe = {};
      for (const w of [1280, 390]) {
        await page.setViewport({width: w, height: 900, deviceScaleFactor: 1});
        const r = await page.evaluate(async () => {
          const out = await window.axe.run(document, {resultTypes: ['violations']});
          return out.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')), help: v.help}));
        });
        axe[w] = r;
      }
      result.axe = axe;
    }
  } finally {
    await browser.close().catch(() => {});
  }
  process.stdout.write(JSON.stringify(result) + '\n');
})().catch(e => { process.stderr.write(String(e && e.stack || e) + '\n'); process.exit(1); });

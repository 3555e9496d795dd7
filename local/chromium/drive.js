// A browser session for the page tests: launches Debian's chromium through puppeteer-core (no downloaded browser; the
// flags of shoot.js), keeps one page open and runs the commands it reads from stdin, one JSON object a line, answering
// each with one JSON line on stdout: {"id":…, "ok":true, "result":…} or {"id":…, "ok":false, "error":"…", "log":[…]}.
//   node drive.js --chromium /usr/bin/chromium
// Commands ({"cmd":"goto","url":"…"} etc.): goto, reload, click, clickAndWait, submit, type, select, fill, selectText,
// clickAt, press, pressAndWait, tabTo, focus, waitFor, text, attr, count, eval, content, screenshot, setViewport, axe, cookies, log, quit.
//
// The page's own Content-Security-Policy stays in force (no setBypassCSP, no injected <script> tags): what this driver
// runs in the page (eval, selectText's range, axe-core) is evaluated over the DevTools protocol (Runtime.evaluate /
// callFunctionOn), which CSP does not govern, exactly as a developer pasting into the DevTools console. The page's
// script, styles and images are still loaded and checked by the browser under the page's policy; every
// securitypolicyviolation event the page fires is recorded (a listener added before any of the page's script runs)
// and reported by "log", together with console errors/warnings, uncaught page errors and browser log entries.
'use strict';
const puppeteer = require('puppeteer-core');
const fs = require('fs');
const path = require('path');
const readline = require('readline');

function args(argv) {
  const a = {};
  for (let i = 2; i < argv.length; i += 2) a[argv[i].replace(/^--/, '')] = argv[i + 1];
  if (!a.chromium) throw new Error('missing --chromium');
  return a;
}

const LOG_LIMIT = 500;
const log = {console: [], violations: [], pageErrors: [], browser: [], requestsFailed: [], dialogs: [], posts: []};
function remember(list, entry) {
  list.push(entry);
  if (list.length > LOG_LIMIT) list.shift();
}
function lastLines(n) {
  const all = [];
  for (const e of log.console) all.push('console.' + e.type + ': ' + e.text + (e.url ? ' (' + e.url + ')' : ''));
  for (const e of log.pageErrors) all.push('pageerror: ' + e);
  for (const e of log.violations) all.push('csp: ' + e.violatedDirective + ' blocked ' + e.blockedURI + ' at ' + e.documentURI);
  for (const e of log.browser) all.push('browser.' + e.level + ': ' + e.text + (e.url ? ' (' + e.url + ')' : ''));
  for (const e of log.requestsFailed) all.push('requestfailed: ' + e);
  return all.slice(-n);
}

let browser, page, cdp;
let lastResponse = null;

async function open(chromium) {
  browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    // root in a container has no user namespace for chromium's sandbox
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--font-render-hinting=none', '--hide-scrollbars',
      '--no-first-run', '--no-default-browser-check', '--lang=en-US'],
  });
  page = await browser.newPage();
  page.setDefaultTimeout(30000);
  page.setDefaultNavigationTimeout(60000);
  await page.setViewport({width: 1280, height: 900, deviceScaleFactor: 1});
  page.on('console', m => {
    const loc = m.location() || {};
    remember(log.console, {type: m.type(), text: m.text(), url: loc.url || null});
  });
  page.on('pageerror', e => remember(log.pageErrors, String(e && e.message || e)));
  page.on('requestfailed', r => remember(log.requestsFailed, r.method() + ' ' + r.url() + ' ' + (r.failure() ? r.failure().errorText : '')));
  page.on('dialog', async d => { remember(log.dialogs, d.type() + ': ' + d.message()); await d.dismiss(); });
  page.on('response', r => { if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) lastResponse = r; });
  // CSP violations: a binding (DevTools protocol, not subject to the page's CSP) called by a listener registered
  // before any of the page's own script runs
  await page.exposeFunction('__swDriverCsp', v => remember(log.violations, v));
  await page.evaluateOnNewDocument(() => {
    document.addEventListener('securitypolicyviolation', e => {
      window.__swDriverCsp({violatedDirective: e.violatedDirective, effectiveDirective: e.effectiveDirective,
        blockedURI: e.blockedURI, documentURI: e.documentURI, sourceFile: e.sourceFile, lineNumber: e.lineNumber,
        sample: e.sample, disposition: e.disposition});
    }, true);
  });
  // browser-side log entries (e.g. a CSP refusal message, a failed resource load) that are not console API calls
  cdp = await page.createCDPSession();
  await cdp.send('Log.enable');
  cdp.on('Log.entryAdded', ({entry}) => remember(log.browser, {level: entry.level, source: entry.source, text: entry.text, url: entry.url || null}));
  // the headers the browser really sent with each POST (Origin, Sec-Fetch-Site, Referer; whether a cookie went along):
  // what a server's CSRF check sees, recorded from the network stack (the page cannot read them)
  const posts = new Map();
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', e => { if (e.request.method === 'POST') posts.set(e.requestId, e.request.url); });
  cdp.on('Network.requestWillBeSentExtraInfo', e => {
    const url = posts.get(e.requestId);
    if (url === undefined) return;
    posts.delete(e.requestId);
    const h = {};
    for (const [k, v] of Object.entries(e.headers || {})) h[k.toLowerCase()] = v;
    remember(log.posts, {url, origin: h.origin === undefined ? null : h.origin, secFetchSite: h['sec-fetch-site'] || null,
      referer: h.referer || null, cookie: h.cookie !== undefined});
  });
}

async function navigation(response) {
  const r = response || lastResponse;
  return {
    status: r ? r.status() : null,
    url: page.url(),
    title: await page.title(),
    headers: r ? r.headers() : {},
  };
}

async function element(selector) {
  const el = await page.$(selector);
  if (!el) throw new Error('no element matches ' + selector + ' on ' + page.url());
  return el;
}

async function clickAndWait(selector) {
  const el = await element(selector);
  await el.evaluate(e => e.scrollIntoView({block: 'center', inline: 'nearest'}));
  const [response] = await Promise.all([page.waitForNavigation({waitUntil: 'load'}), el.click()]);
  return navigation(response);
}

const commands = {
  async goto(c) {
    return navigation(await page.goto(c.url, {waitUntil: c.waitUntil || 'load'}));
  },
  async reload() {
    return navigation(await page.reload({waitUntil: 'load'}));
  },
  async click(c) {
    const el = await element(c.selector);
    await el.evaluate(e => e.scrollIntoView({block: 'center', inline: 'nearest'}));
    await el.click();
    return {clicked: c.selector};
  },
  clickAndWait: c => clickAndWait(c.selector),
  // presses the form's submit button (a real click) and waits for the page the answer leads to (303 → GET)
  async submit(c) {
    const button = c.form + ' button[type=submit], ' + c.form + ' input[type=submit]';
    if (!(await page.$(button))) throw new Error('no submit button in ' + c.form + ' on ' + page.url());
    // a form the browser will not send (a required field empty, a value out of range) would never navigate: say why now
    const invalid = await page.$eval(c.form, f => f.checkValidity() ? null
      : [...f.elements].filter(e => e.willValidate && !e.checkValidity()).map(e => (e.name || e.id) + ': ' + e.validationMessage).join('; '));
    if (invalid) throw new Error('the browser will not send ' + c.form + ': ' + invalid);
    return clickAndWait(button);
  },
  async type(c) {
    const el = await element(c.selector);
    await el.evaluate(e => e.scrollIntoView({block: 'center', inline: 'nearest'}));
    if (c.clear) await el.evaluate(e => { e.value = ''; });
    await el.type(c.text, {delay: 0});
    return {value: await el.evaluate(e => e.value)};
  },
  async select(c) {
    await element(c.selector);
    return {selected: await page.select(c.selector, c.value)};
  },
  // sets an input's value as the browser's own widget would (datetime-local, date, time, color, range): the native
  // value setter, then input and change events
  async fill(c) {
    const el = await element(c.selector);
    const value = await el.evaluate((e, v) => {
      const proto = e instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype
        : e instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
      e.focus();
      Object.getOwnPropertyDescriptor(proto, 'value').set.call(e, v);
      e.dispatchEvent(new Event('input', {bubbles: true}));
      e.dispatchEvent(new Event('change', {bubbles: true}));
      return e.value;
    }, c.value);
    if (value !== c.value) throw new Error(c.selector + ' did not take ' + JSON.stringify(c.value) + ' (it holds ' + JSON.stringify(value) + ')');
    return {value};
  },
  // selects `phrase` inside the element as a user does: a mouse drag from just inside its first character to just
  // inside its last; when the drag's selection is not exactly the phrase (line breaks, odd hit-testing) the range is
  // set with the Selection API and mouseup / selectionchange are fired as a drag would
  async selectText(c) {
    const el = await element(c.container);
    await el.evaluate(e => e.scrollIntoView({block: 'center', inline: 'nearest'}));
    const geometry = await el.evaluate((root, phrase) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const nodes = [];
      let text = '';
      for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push([n, text.length]); text += n.data; }
      const at = text.indexOf(phrase);
      if (at < 0) return {error: 'phrase ' + JSON.stringify(phrase) + ' is not in the text ' + JSON.stringify(text.slice(0, 300))};
      const locate = offset => {
        for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i][1] <= offset) return [nodes[i][0], offset - nodes[i][1]];
        return [nodes[0][0], offset];
      };
      const rectOf = offset => {
        const [n, o] = locate(offset);
        const r = document.createRange();
        r.setStart(n, o);
        r.setEnd(n, Math.min(o + 1, n.data.length));
        const b = r.getClientRects()[0] || r.getBoundingClientRect();
        return {left: b.left, right: b.right, top: b.top, bottom: b.bottom};
      };
      window.getSelection().removeAllRanges();
      return {at, first: rectOf(at), last: rectOf(at + phrase.length - 1)};
    }, c.phrase);
    if (geometry.error) throw new Error(geometry.error);
    const {first, last} = geometry;
    let method = 'drag';
    if (c.drag !== false) {
      await page.mouse.move(first.left + 1, (first.top + first.bottom) / 2);
      await page.mouse.down();
      await page.mouse.move((first.left + last.right) / 2, (last.top + last.bottom) / 2, {steps: 4});
      await page.mouse.move(last.right - 1, (last.top + last.bottom) / 2, {steps: 2});
      await page.mouse.up();
    }
    // the selection's text is the rendered text: collapsed white space counts as one space
    const same = s => s === c.phrase || s.replace(/\s+/g, ' ') === c.phrase.replace(/\s+/g, ' ');
    let selected = await page.evaluate(() => String(window.getSelection()));
    if (c.drag === false || !same(selected)) {
      method = 'range';
      selected = await el.evaluate((root, phrase, at) => {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        const nodes = [];
        let length = 0;
        for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push([n, length]); length += n.data.length; }
        const locate = (offset, end) => {
          for (let i = nodes.length - 1; i >= 0; i--) {
            const [n, start] = nodes[i];
            if (start < offset || (start === offset && !end) || i === 0) return [n, offset - start];
          }
          return [nodes[0][0], offset];
        };
        const range = document.createRange();
        range.setStart(...locate(at, false));
        range.setEnd(...locate(at + phrase.length, true));
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        const box = range.getBoundingClientRect();
        const opts = {bubbles: true, cancelable: true, view: window, button: 0, clientX: box.right, clientY: box.bottom - 1};
        range.endContainer.parentElement.dispatchEvent(new MouseEvent('mouseup', opts));
        document.dispatchEvent(new Event('selectionchange'));
        return String(selection);
      }, c.phrase, geometry.at);
    }
    if (!same(selected)) throw new Error('selected ' + JSON.stringify(selected) + ' instead of ' + JSON.stringify(c.phrase));
    return {selected, method, offset: geometry.at};
  },
  // clicks the point (fx, fy) of the element's box (fractions of its width and height) with real mouse events
  async clickAt(c) {
    const el = await element(c.selector);
    await el.evaluate(e => e.scrollIntoView({block: 'center', inline: 'nearest'}));
    const box = await el.boundingBox();
    if (!box || box.width < 1 || box.height < 1) throw new Error(c.selector + ' has no visible box');
    const x = box.x + box.width * c.fx;
    const y = box.y + box.height * c.fy;
    await page.mouse.click(x, y);
    return {x, y, box};
  },
  async press(c) {
    if (c.selector) await (await element(c.selector)).focus();
    await page.keyboard.press(c.key);
    return {pressed: c.key};
  },
  // presses a key and waits for the navigation it starts (Enter on a focused submit button)
  async pressAndWait(c) {
    if (c.selector) await (await element(c.selector)).focus();
    const [response] = await Promise.all([page.waitForNavigation({waitUntil: 'load'}), page.keyboard.press(c.key)]);
    return navigation(response);
  },
  // presses Tab (as a keyboard user moves through the page) until the focused element matches the selector; returns
  // how many presses it took and how the focused element is drawn (its focus ring)
  async tabTo(c) {
    const max = c.max || 200;
    for (let i = 1; i <= max; i++) {
      await page.keyboard.press('Tab');
      const hit = await page.evaluate(sel => {
        const a = document.activeElement;
        if (!a || !a.matches(sel)) return null;
        const s = getComputedStyle(a);
        return {outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth, outlineColor: s.outlineColor, boxShadow: s.boxShadow,
          focusVisible: a.matches(':focus-visible')};
      }, c.selector);
      if (hit) return Object.assign({presses: i}, hit);
    }
    const at = await page.evaluate(() => document.activeElement ? document.activeElement.outerHTML.slice(0, 200) : null);
    throw new Error(c.selector + ' not reached with ' + max + ' Tab presses (focus on ' + at + ')');
  },
  async focus(c) {
    await (await element(c.selector)).focus();
    return {focused: c.selector};
  },
  async waitFor(c) {
    await page.waitForSelector(c.selector, {visible: !!c.visible, timeout: c.timeout || 30000});
    return {found: c.selector};
  },
  // the element's rendered text (innerText), or null when nothing matches
  async text(c) {
    const el = await page.$(c.selector);
    return el ? el.evaluate(e => e.innerText) : null;
  },
  async attr(c) {
    const el = await page.$(c.selector);
    return el ? el.evaluate((e, n) => e.getAttribute(n), c.name) : null;
  },
  async count(c) {
    return (await page.$$(c.selector)).length;
  },
  // reads state: an expression evaluated in the page over the DevTools protocol (a promise is awaited)
  async eval(c) {
    return page.evaluate(c.expression);
  },
  async content() {
    return page.content();
  },
  async setViewport(c) {
    await page.setViewport({width: c.width, height: c.height || 900, deviceScaleFactor: 1});
    return layout();
  },
  async screenshot(c) {
    await page.setViewport({width: c.width || 1280, height: c.height || 900, deviceScaleFactor: 1});
    fs.mkdirSync(path.dirname(path.resolve(c.path)), {recursive: true});
    await page.screenshot({path: c.path, fullPage: c.fullPage !== false});
    return Object.assign({path: c.path, bytes: fs.statSync(c.path).size}, await layout());
  },
  // axe-core in the current page: its source evaluated over the DevTools protocol (not a <script> tag, so the
  // page's CSP neither blocks it nor has to be bypassed), then axe.run(document, options)
  async axe(c) {
    const loaded = await page.evaluate(() => typeof window.axe === 'object' && typeof window.axe.run === 'function');
    if (!loaded) await page.evaluate(require('axe-core').source);
    const results = await page.evaluate(options => window.axe.run(document, options), c.options || {});
    const brief = list => list.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map(n => ({target: n.target, html: n.html.slice(0, 300), summary: n.failureSummary}))}));
    return {violations: brief(results.violations), incomplete: brief(results.incomplete), passes: results.passes.length,
      version: results.testEngine && results.testEngine.version};
  },
  async cookies() {
    return (await page.cookies()).map(k => ({name: k.name, value: k.value, domain: k.domain, path: k.path,
      httpOnly: k.httpOnly, secure: k.secure, sameSite: k.sameSite || null, session: k.session}));
  },
  // everything recorded since the start (or the last clear): console messages, CSP violations, page errors,
  // browser log entries, failed requests, dialogs
  async log(c) {
    const copy = JSON.parse(JSON.stringify(log));
    if (c.clear) for (const k of Object.keys(log)) log[k].length = 0;
    return copy;
  },
};

async function layout() {
  return page.evaluate(() => ({
    width: window.innerWidth, scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth, height: document.documentElement.scrollHeight,
  }));
}

function answer(o) {
  process.stdout.write(JSON.stringify(o) + '\n');
}

(async () => {
  const a = args(process.argv);
  try {
    await open(a.chromium);
  } catch (e) {
    answer({id: 0, ok: false, error: 'cannot launch ' + a.chromium + ': ' + String(e && e.message || e), log: []});
    process.exit(1);
  }
  answer({id: 0, ok: true, result: {version: await browser.version()}});
  const lines = readline.createInterface({input: process.stdin, terminal: false});
  for await (const line of lines) {
    if (!line.trim()) continue;
    let c;
    try {
      c = JSON.parse(line);
    } catch (e) {
      answer({id: null, ok: false, error: 'not JSON: ' + line.slice(0, 200), log: lastLines(20)});
      continue;
    }
    if (c.cmd === 'quit') break;
    const run = commands[c.cmd];
    if (!run) {
      answer({id: c.id, ok: false, error: 'unknown command ' + c.cmd, log: []});
      continue;
    }
    try {
      const result = await run(c);
      answer({id: c.id, ok: true, result: result === undefined ? null : result});
    } catch (e) {
      answer({id: c.id, ok: false, error: String(e && e.message || e), url: page ? page.url() : null, log: lastLines(20)});
    }
  }
  await browser.close();
  answer({id: null, ok: true, result: 'closed'});
})().catch(async e => {
  process.stderr.write(String(e && e.stack || e) + '\n');
  try { if (browser) await browser.close(); } catch (ignored) { /* exiting */ }
  process.exit(1);
});

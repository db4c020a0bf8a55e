import { chromium } from '@playwright/test';
const [,, url, out, width] = process.argv;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const ctx = await b.newContext({ viewport: { width: Number(width || 320), height: 740 } });
const p = await ctx.newPage();
if (process.env.STAFF) {
  await p.goto(new URL('/agent/connexion', url).href);
  const [e, pw] = process.env.STAFF.split(':');
  await p.getByLabel('Adresse e-mail').fill(e); await p.getByLabel('Mot de passe').fill(pw);
  await p.getByRole('button', { name: /connecter/i }).click();
  await p.waitForURL(/agent/);
}
await p.goto(url);
await p.screenshot({ path: out, fullPage: process.env.FULL === '1' });
const wide = await p.evaluate(() => Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right) + ' ' + e.outerHTML.slice(0,120) + ' parent:' + e.parentElement.parentElement.className));
console.log(JSON.stringify(wide));
await b.close();

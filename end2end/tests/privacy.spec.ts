import { expect, test } from '@playwright/test';
import {
  DEMO, expectAccessible, expectNoHorizontalScroll, readCode, staffSignIn, expectNoWasm, watchConsole, fillBirthDate } from './helpers';

/** Signs a demo person in on a phone-sized page. */
async function signIn(
  page: import('@playwright/test').Page,
  browser: import('@playwright/test').Browser,
  who: { file: string; born: string; contact: string },
) {
  await page.goto('/connexion');
  await page.getByLabel('Numéro allocataire').fill(who.file);
  await fillBirthDate(page, who.born);
  await page.getByRole('button', { name: 'Recevoir mon code' }).click();
  await expect(page).toHaveURL(/\/connexion\/code$/);
  await page.getByLabel('Code reçu').fill(await readCode(browser, who.contact));
  await page.getByRole('button', { name: 'Valider' }).click();
  await expect(page.getByTestId('status')).toBeVisible();
}

// Demo people of their own (one code a minute per person: tests do not share people).
const INES = { file: '3344556', born: '1988-04-12', contact: 'ines.moreau@example.org' };
const YANIS = { file: '4455667', born: '1995-09-30', contact: '06 44 55 66 77' };

test('"Mes données": everything kept, who consulted the file (role and unit, no name), downloads, at 320 px', async ({ page, browser }) => {
  // An officer opens Inès's file: that consultation must show on her side.
  await staffSignIn(page, ...DEMO.officer);
  await page.goto('/agent?q=3344556');
  await page.getByRole('link', { name: /MOREAU Inès/ }).first().click();
  await expect(page.getByTestId('file-name')).toBeVisible();

  const phone = await browser.newContext({ viewport: { width: 320, height: 640 } });
  const me = await phone.newPage();
  const problems = watchConsole(me);
  await signIn(me, browser, INES);
  await me.getByRole('link', { name: /Mes données/ }).click();
  await expect(me).toHaveURL(/\/mes-donnees$/);
  await expect(me.getByRole('heading', { level: 1, name: 'Mes données' })).toBeVisible();
  await expect(me.getByText('3344556').first()).toBeVisible();
  const consultations = me.getByTestId('consultations');
  await expect(consultations).toContainText("Chargé(e) d'orientation, Boucles de Seine a consulté votre dossier");
  await expect(consultations).not.toContainText('Karim');
  await expectNoHorizontalScroll(me);
  await expectAccessible(me);
  const [download] = await Promise.all([
    me.waitForEvent('download'),
    me.getByRole('link', { name: 'Télécharger (tableur, CSV)' }).click(),
  ]);
  const csv = require('node:fs').readFileSync(await download.path(), 'utf8');
  expect(csv).toContain('Identité et parcours;;Numéro allocataire;3344556');
  expect(problems).toEqual([]);
  await phone.close();
});

test('the offline copy of "Mon parcours" is not shown past the idle limit, and is dropped once the session has ended (shared computer)', async ({ browser }) => {
  const desk = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const me = await desk.newPage();
  await signIn(me, browser, YANIS);
  await expectNoWasm(me);
  await me.evaluate(async () => { await navigator.serviceWorker.ready; });
  await me.reload(); // through the service worker, which keeps a copy
  await expect(me.getByTestId('status')).toBeVisible();
  expect(await me.evaluate(async () => !!(await caches.match('/mon-parcours')))).toBe(true);

  // The copy is stamped when kept; older than the session's idle limit (30 minutes), it is not
  // shown offline, and it is deleted. (The stamp is moved back 31 minutes: the service worker's
  // clock cannot be moved.)
  const keptAt = await me.evaluate(async () =>
    Number((await caches.match('/mon-parcours'))?.headers.get('x-passerelle-kept-at')),
  );
  expect(Date.now() - keptAt).toBeLessThan(60_000);
  await me.evaluate(async () => {
    const cache = await caches.open('passerelle-parcours-v3');
    const kept = await cache.match('/mon-parcours');
    if (!kept) throw new Error('no copy kept');
    const headers = new Headers(kept.headers);
    headers.set('x-passerelle-kept-at', String(Date.now() - 31 * 60 * 1000));
    await cache.put('/mon-parcours', new Response(await kept.blob(), { status: 200, headers }));
  });
  await desk.setOffline(true);
  await expect(me.reload()).rejects.toThrow(/net::ERR_/);
  await desk.setOffline(false);
  await me.goto('/');
  expect(await me.evaluate(async () => !!(await caches.match('/mon-parcours')))).toBe(false);
  await me.goto('/mon-parcours');
  await expect(me.getByTestId('status')).toBeVisible();

  // The session ends (here: its cookie is gone, as after the idle expiry); the next person at the
  // desk opens the page: the server says "sign in", and the copy is dropped.
  await desk.clearCookies();
  await me.reload();
  await expect(me.getByText('Vous devez vous connecter pour voir cette page.')).toBeVisible();
  expect(await me.evaluate(async () => !!(await caches.match('/mon-parcours')))).toBe(false);
  await desk.setOffline(true);
  // Offline with no copy kept: the service worker answers an error, so the reload fails.
  await expect(me.reload()).rejects.toThrow(/net::ERR_/);
  await expect(me.getByText('Bonjour Yanis Haddad')).toHaveCount(0);
  await desk.setOffline(false);
  await desk.close();
});

import { test, expect, Browser, Page } from '@playwright/test';
import {
  DEMO, expectAccessible, expectNoHorizontalScroll, readCode, staffSignIn, watchConsole,
  daysFromToday, addDays, isoDay, frDate, fillBirthDate } from './helpers';

// The 2025 law on "Mon parcours", with the demo people of the README (used by this file only:
// one sign-in code a minute per person). Dates are computed from today, as the demo's are.
const SOFIA = { file: '2233445', born: '1991-05-14', contact: '06 23 34 45 56' };
const KARIM = { file: '8899001', born: '1987-09-09', contact: '06 88 99 00 11' };
const LUCIE = { file: '9900112', born: '1984-02-28', contact: '07 99 00 11 22' };
const MANAGER = ['responsable@demo.passerelle.fr', 'demo-responsable-2026'] as const;

async function signIn(browser: Browser, who: { file: string; born: string; contact: string }): Promise<Page> {
  const phone = await browser.newContext({ viewport: { width: 320, height: 720 } });
  const me = await phone.newPage();
  await me.goto('/connexion');
  await me.getByLabel('Numéro allocataire').fill(who.file);
  await fillBirthDate(me, who.born);
  await me.getByRole('button', { name: 'Recevoir mon code' }).click();
  await expect(me).toHaveURL(/\/connexion\/code$/);
  await me.getByLabel('Code reçu').fill(await readCode(browser, who.contact));
  await me.getByRole('button', { name: 'Valider' }).click();
  await expect(me.getByTestId('status')).toBeVisible();
  return me;
}

/** Each language at 320 px: right language, no sideways scroll, axe clean, a screenshot. */
async function inEveryLanguage(me: Page, name: string, expected: Record<'fr' | 'en' | 'ar', string>) {
  for (const code of ['fr', 'en', 'ar'] as const) {
    await me.goto(`/mon-parcours?lang=${code}`);
    await expect(me.locator('html')).toHaveAttribute('lang', code);
    await expect(me.getByText(expected[code], { exact: false }).first()).toBeVisible();
    await expectNoHorizontalScroll(me);
    await expectAccessible(me);
    await me.screenshot({ path: `test-results/screenshots/${name}-${code}.png`, fullPage: true });
  }
}

test.describe.configure({ mode: 'serial' });

test('Sofia reads her commitments: a 15-hour plan of three activities, in three languages at 320 px', async ({ browser }) => {
  const me = await signIn(browser, SOFIA);
  const problems = watchConsole(me);
  await inEveryLanguage(me, 'sofia', { fr: 'Mes engagements', en: 'My commitments', ar: 'التزاماتي' });
  await me.goto('/mon-parcours?lang=fr');
  const plan = me.locator('#engagements table.plan');
  await expect(plan.locator('tbody tr')).toHaveCount(3);
  await expect(plan.locator('tfoot')).toContainText('15 heures par semaine');
  await expect(me.locator('#engagements')).toContainText('Ce que votre référent s\'engage à faire');
  await expect(me.locator('#sanction')).toHaveCount(0);
  expect(problems).toEqual([]);
  await me.context().close();
});

test('Karim reads the notice with its deadline and euros in three languages; he answers, and the manager decides', async ({ browser, page }) => {
  const me = await signIn(browser, KARIM);
  const problems = watchConsole(me);
  const due = addDays(daysFromToday(-2), 10);
  await inEveryLanguage(me, 'karim', {
    fr: 'Le Département envisage une sanction',
    en: 'The Département is considering a sanction',
    ar: 'تفكر المقاطعة في فرض عقوبة',
  });
  await me.goto('/mon-parcours?lang=fr');
  const notice = me.locator('#sanction');
  await expect(notice).toContainText(`Vous avez jusqu'au ${frDate(due)} pour répondre.`);
  await expect(notice).toContainText('30\u00a0% de votre RSA suspendu pendant 1 mois');
  await expect(notice).toContainText('aucune sanction n\'est automatique');
  // The printable letter.
  await notice.getByRole('link', { name: /Voir le courrier/ }).click();
  await expect(me.getByTestId('notice-letter')).toContainText('Objet : procédure de suspension-remobilisation de votre RSA');
  await expectAccessible(me);

  // The manager opens his file: too early to decide, and the page says until when.
  await staffSignIn(page, ...MANAGER);
  await page.goto('/agent?q=8899001');
  await page.getByRole('link', { name: /SAÏDI Karim/ }).first().click();
  await expect(page.getByTestId('file-name')).toBeVisible();
  await expect(page.locator('#sanction')).toContainText('Courrier envoyé, en attente de réponse');
  const decide = page.locator('details:has(#procedure-decide-taux)');
  await decide.locator('summary').click();
  await expect(decide.locator('.warning')).toContainText(frDate(due));
  await page.locator('#procedure-decide-debut').fill(isoDay(addDays(daysFromToday(0), 31)));
  await page.locator('#procedure-decide-pour_lever').fill('Venir au prochain rendez-vous avec votre référente.');
  await decide.locator('button[type="submit"]').click();
  await expect(decide.locator('.form-alert')).toContainText('pour répondre');

  // Karim writes his observations (a plain form: the page runs no script of the app).
  await me.goto('/mon-parcours?lang=fr');
  await me.getByLabel('Écrire mes observations').fill("J'étais malade ces deux jours-là, j'ai un certificat.");
  await me.getByRole('button', { name: 'Envoyer mes observations' }).click();
  await expect(me.locator('#sanction .success').first()).toContainText('Vos observations ont bien été reçues');

  // The manager reads them and decides.
  await page.reload();
  await expect(page.locator('#sanction')).toContainText("J'étais malade ces deux jours-là");
  await decide.locator('summary').click();
  await page.locator('#procedure-decide-debut').fill(isoDay(addDays(daysFromToday(0), 31)));
  await page.locator('#procedure-decide-pour_lever').fill('Venir au prochain rendez-vous avec votre référente.');
  await decide.locator('button[type="submit"]').click();
  await expect(page.locator('#sanction')).toContainText('Suspension en cours');
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);

  // Karim reads the decision and how to lift it.
  await me.goto('/mon-parcours?lang=fr');
  await expect(me.locator('#sanction')).toContainText('Une partie de votre RSA est suspendue');
  await expect(me.locator('#sanction')).toContainText('Venir au prochain rendez-vous avec votre référente.');
  expect(problems).toEqual([]);
  await me.context().close();
});

test('Lucie reads her suspension, what it costs and how to lift it, in three languages at 320 px', async ({ browser }) => {
  const me = await signIn(browser, LUCIE);
  await inEveryLanguage(me, 'lucie', {
    fr: 'Une partie de votre RSA est suspendue',
    en: 'Part of your RSA is suspended',
    ar: 'جزء من RSA معلّق',
  });
  // In Arabic, the French text of the decision reads left to right inside the right-to-left page.
  await me.goto('/mon-parcours?lang=ar');
  await expect(me.locator('#sanction p[lang="fr"]').first()).toHaveAttribute('dir', 'ltr');
  await me.goto('/mon-parcours?lang=fr');
  const decision = me.locator('#sanction');
  await expect(decision).toContainText('30\u00a0% de votre RSA suspendu pendant 2 mois');
  await expect(decision).toContainText('Pour la lever');
  await expect(decision).toContainText('Reprendre les ateliers');
  await expect(decision).toContainText('recours administratif');
  await me.context().close();
});

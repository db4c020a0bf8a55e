import { test, expect } from '@playwright/test';
import { Page } from '@playwright/test';
import { expectAccessible, expectNoHorizontalScroll, expectNoWasm, readCode, smallTargets, waitForHydration, watchConsole, fillBirthDate } from './helpers';
import { referenceCase } from './reference';

// The pages people use, in French, English and Arabic (right to left), at 320 px.
const LANGUAGES = [
  {
    code: 'fr', dir: 'ltr', title: 'Retrouver un emploi avec le RSA\u00a0: on vous accompagne', name: 'Français',
    signIn: 'Me connecter pour suivre mon parcours', fileError: 'Le numéro allocataire ne contient que des chiffres', errorTitle: 'Erreur\u00a0:',
  },
  {
    code: 'en', dir: 'ltr', title: 'Getting back to work with the RSA: we are here to help', name: 'English',
    signIn: 'Sign in to follow my pathway', fileError: 'The CAF file number only has digits', errorTitle: 'Error:',
  },
  {
    code: 'ar', dir: 'rtl', title: 'العودة إلى العمل مع الـRSA: نحن نرافقك', name: 'العربية',
    signIn: 'تسجيل الدخول لمتابعة مساري', fileError: 'رقم الملف لدى CAF يتكوّن من أرقام فقط', errorTitle: 'خطأ:',
  },
];

test.describe('languages at 320 px', () => {
  test.use({ viewport: { width: 320, height: 720 } });

  for (const l of LANGUAGES) {
    test(`home page in ${l.code}: right language and direction, no sideways scroll, accessible`, async ({ page }) => {
      await page.goto(`/?lang=${l.code}`);
      await expectNoWasm(page);
      await expect(page.locator('html')).toHaveAttribute('lang', l.code);
      await expect(page.locator('html')).toHaveAttribute('dir', l.dir);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(l.title);
      await expect(page.locator(`.lang-switch a[lang="${l.code}"]`)).toHaveAttribute('aria-current', 'true');
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
      await page.screenshot({ path: `test-results/screenshots/home-${l.code}.png`, fullPage: true });
    });

    test(`sign-in page in ${l.code}: translated form and errors, no sideways scroll, accessible`, async ({ page }) => {
      await page.goto(`/connexion?lang=${l.code}`);
      await expect(page.locator('html')).toHaveAttribute('dir', l.dir);
      await expect(page.locator('main')).toHaveAttribute('lang', l.code);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(l.signIn);
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
      // A wrong file number: the server's message comes back in the same language.
      await page.locator('#numero').fill('12a4');
      await fillBirthDate(page, '1985-03-15');
      await page.locator('form.narrow-form button[type="submit"]').click();
      await expect(page.locator('#numero-erreur')).toContainText(l.fileError);
      // The error where the eye is: the page comes back at the form's error summary, which has
      // the focus, lists the answer to correct with a link to it, and the title says "Erreur".
      await expect(page).toHaveURL(/#erreur-connexion$/);
      const summary = page.locator('#erreur-connexion');
      await expect(summary).toBeFocused();
      await expect(summary).toBeInViewport();
      await expect(summary.getByRole('link')).toHaveText(new RegExp(l.fileError));
      expect(await page.title()).toMatch(new RegExp('^' + l.errorTitle));
      // What was typed is still there, in the three boxes of the birth date.
      await expect(page.locator('#naissance-annee')).toHaveValue('1985');
      await expect(page.locator('#numero')).toHaveValue('12a4');
      await expectAccessible(page);
      await page.screenshot({ path: `test-results/screenshots/sign-in-${l.code}.png`, fullPage: true });
    });
  }

  test('the switcher works without JavaScript and the choice is kept from page to page', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR', viewport: { width: 320, height: 720 } });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await page.getByRole('link', { name: 'العربية' }).click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(LANGUAGES[2].title);
    // The next page keeps the language (cookie), its content too.
    await page.goto('/unites');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
    await expect(page.locator('main')).toHaveAttribute('lang', 'ar');
    await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Nos unités territoriales');
    await expectNoHorizontalScroll(page);
    await page.getByRole('link', { name: 'English' }).click();
    await expect(page).toHaveURL(/\/unites\?lang=en$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await context.close();
  });

  test('the browser\'s language is used when nothing was chosen', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'ar-DZ', viewport: { width: 320, height: 720 } });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(LANGUAGES[2].title);
    // Staff pages stay French.
    await page.goto('/agent/connexion');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.locator('.lang-switch')).toHaveCount(0);
    await context.close();
  });
});

// The simulator in each language: the same answers (typed into the same fields, found by their
// names) give the same figures, written the way each language writes amounts.
const AMOUNT = {
  fr: /^\d{1,3}(\u202f\d{3})*,\d{2}\u00a0€$/,
  en: /^€\d{1,3}(,\d{3})*\.\d{2}$/,
  // In a left-to-right isolate, so that the figure and its sign keep their order in Arabic text.
  ar: /^\u2066\d{1,3}(\.\d{3})*,\d{2}\u00a0€\u2069$/,
} as const;
const HEADINGS = {
  fr: 'Simuler mes revenus si je reprends un emploi',
  en: 'See my income if I take a job',
  ar: 'احسب دخلي إذا عدت إلى العمل',
} as const;

/** Fills the simulator by field names (the labels differ by language). */
async function fillByName(page: Page, id: string) {
  const a = referenceCase(id).answers;
  await page.locator(a.couple ? '#situation-couple' : '#situation-seul').check();
  await page.locator('#age').fill(a.age);
  if (a.ageConjoint) await page.locator('#age_conjoint').fill(a.ageConjoint);
  await page.locator('#enfants_moins_3').fill(a.under3);
  await page.locator('#enfants_3_24').fill(a.from3to24);
  await page.locator('#logement').selectOption(a.logement);
  await page.locator('#aide_logement').fill(a.aideLogement === '0' ? '' : a.aideLogement);
  await page.locator('#secteur').selectOption(a.secteur);
  await page.locator('#debut_mois').selectOption(a.debutMois);
  await page.locator('#debut_annee').selectOption(a.debutAnnee);
  await page.locator('#salaire').fill(a.salaire);
}

/** Every amount of the table: its cents (the same in every language) and its text. */
async function tableAmounts(page: Page): Promise<{ cents: string[]; texts: string[] }> {
  const cells = page.getByTestId('projection').locator('td[data-cents]');
  await expect(cells.first()).toBeVisible();
  return {
    cents: await cells.evaluateAll((tds) => tds.map((td) => `${td.getAttribute('data-col')}=${td.getAttribute('data-cents')}`)),
    texts: await cells.allInnerTexts(),
  };
}

test.describe('the simulator in three languages at 320 px', () => {
  test.use({ viewport: { width: 320, height: 720 } });

  test('the same answers give the same figures in French, English and Arabic, each written its way', async ({ page, browser }) => {
    const problems = watchConsole(page);
    const reference = referenceCase('G034').expected;
    let french: string[] = [];
    for (const code of ['fr', 'en', 'ar'] as const) {
      await page.goto(`/simulateur?lang=${code}`);
      await waitForHydration(page);
      await expect(page.locator('html')).toHaveAttribute('dir', code === 'ar' ? 'rtl' : 'ltr');
      await expect(page.locator('main')).toHaveAttribute('lang', code);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(HEADINGS[code]);
      await fillByName(page, 'G034');
      const { cents, texts } = await tableAmounts(page);
      // The figures of OpenFisca-France (G034, an EHPAD job in March 2021).
      for (const e of reference) {
        const row = page.locator(`tr[data-month="${e.month}"]`);
        expect(Number(await row.locator('td[data-col="rsa_sans"]').getAttribute('data-cents'))).toBe(Math.round(e.rsa_without_scheme * 100));
        expect(Number(await row.locator('td[data-col="rsa_avec"]').getAttribute('data-cents'))).toBe(Math.round(e.rsa_with_scheme * 100));
      }
      for (const t of texts) expect(t, `${code}: ${t}`).toMatch(AMOUNT[code]);
      if (code === 'fr') french = cents; else expect(cents, `${code}: the same figures as in French`).toEqual(french);
      // The words of the rules are in the page's language too.
      await expect(page.locator('.verdict-summary').first()).not.toHaveText('');
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
      await page.screenshot({ path: `test-results/screenshots/simulator-${code}.png`, fullPage: true });
      // The answers stay in the address across languages: switching keeps the result.
      const url = new URL(page.url());
      expect(url.searchParams.get('salaire')).toBe(referenceCase('G034').answers.salaire);
    }
    // The link of the switcher, without JavaScript: rendered by the server, same figures.
    const nojs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 720 } });
    const plain = await nojs.newPage();
    await plain.goto(page.url());
    await plain.getByRole('link', { name: 'English' }).click();
    await expect(plain.locator('html')).toHaveAttribute('lang', 'en');
    expect((await tableAmounts(plain)).cents).toEqual(french);
    await nojs.close();
    expect(problems).toEqual([]);
  });

  test('a mistake is explained in the page\'s language, and English amounts read as English writes them', async ({ page }) => {
    await page.goto('/simulateur?lang=en');
    await waitForHydration(page);
    await page.locator('#age').fill('35');
    await page.locator('#salaire').fill('1,200.50');
    await expect(page.getByTestId('projection')).toBeVisible();
    await expect(page.locator('tr[data-month] td[data-col="salaire"]').first()).toHaveText('€1,200.50');
    await page.locator('#salaire').fill('12a');
    await expect(page.locator('#salaire-erreur')).toContainText('not accepted');
    await page.goto('/simulateur?lang=ar&age=abc&salaire=1000');
    await expect(page.locator('#age-erreur')).toContainText('عمرك');
    await expectAccessible(page);
  });
});

// Samira (demo, used by this test only): back at work in an EHPAD under the scheme; her pathway in three languages.
const SAMIRA = { file: "6677889", born: "1983-06-02", contact: "07 66 77 88 99" };

test('"Mon parcours" and "Mes données" in three languages at 320 px, and the language of the messages', async ({ browser }) => {
  const phone = await browser.newContext({ viewport: { width: 320, height: 720 } });
  const me = await phone.newPage();
  const problems = watchConsole(me);
  // Signing in from an Arabic page.
  await me.goto('/connexion?lang=ar');
  await me.locator('#numero').fill(SAMIRA.file);
  await fillBirthDate(me, SAMIRA.born);
  await me.locator('form.narrow-form button[type="submit"]').click();
  await expect(me).toHaveURL(/\/connexion\/code/);
  await me.locator('#code').fill(await readCode(browser, SAMIRA.contact));
  await me.locator('form.narrow-form button[type="submit"]').click();
  await expect(me.getByTestId('status')).toBeVisible();
  const headings = { fr: 'Mon parcours', en: 'My pathway', ar: 'مساري' } as const;
  for (const code of ['fr', 'en', 'ar'] as const) {
    await me.goto(`/mon-parcours?lang=${code}`);
    await expect(me.locator('html')).toHaveAttribute('lang', code);
    await expect(me.locator('main')).toHaveAttribute('lang', code);
    await expect(me.getByRole('heading', { level: 1 })).toHaveText(headings[code]);
    // The timeline is worded in the page's language (no entry left in French).
    await expect(me.locator('.timeline li')).not.toHaveCount(0);
    await expect(me.locator('.timeline li[lang="fr"]')).toHaveCount(0);
    await expect(me.locator('[data-kind="bonus_paid"]')).toContainText(code === 'en' ? '€150.00' : '150,00\u00a0€');
    expect(await smallTargets(me), `${code}: targets under 44 × 44 px on Mon parcours`).toEqual([]);
    await expectNoHorizontalScroll(me);
    await expectAccessible(me);
    await me.screenshot({ path: `test-results/screenshots/my-pathway-${code}.png`, fullPage: true });
    await me.goto(`/mes-donnees?lang=${code}`);
    await expect(me.locator('main')).toHaveAttribute('lang', code);
    await expect(me.getByText(SAMIRA.file).first()).toBeVisible();
    // Label above value, and a phone number in one piece, read left to right, in every
    // language: "07 66 77 88 99", never "99 88 77 66 / 07".
    const phone = me.locator('.facts dd bdi', { hasText: SAMIRA.contact });
    await expect(phone).toHaveCount(1);
    const order = await phone.evaluate((el) => {
      const text = el.firstChild!;
      const range = (from: number, to: number) => {
        const r = document.createRange();
        r.setStart(text, from);
        r.setEnd(text, to);
        return r.getBoundingClientRect();
      };
      const all = el.getBoundingClientRect();
      const first = range(0, 2);
      const last = range(text.textContent!.length - 2, text.textContent!.length);
      return { firstLeft: first.left, lastLeft: last.left, lines: Math.round(all.height / first.height) };
    });
    expect(order.firstLeft, `${code}: the number reads left to right`).toBeLessThan(order.lastLeft);
    expect(order.lines, `${code}: the number is not broken`).toBe(1);
    const label = await me.locator('.facts dt').first().boundingBox();
    const value = await me.locator('.facts dd').first().boundingBox();
    expect(value!.y, `${code}: the value under its label`).toBeGreaterThanOrEqual(label!.y + label!.height - 1);
    expect(await smallTargets(me), `${code}: targets under 44 × 44 px on Mes données`).toEqual([]);
    await expectNoHorizontalScroll(me);
    await expectAccessible(me);
    await me.screenshot({ path: `test-results/screenshots/my-data-${code}.png`, fullPage: true });
  }
  // Her messages in English from now on.
  await me.goto('/mon-parcours?lang=fr');
  await me.locator('#langue-en').check();
  await me.locator('#canaux button[type="submit"]').click();
  await expect(me.locator('#canaux .success')).toBeVisible();
  await me.reload();
  await expect(me.locator('#langue-en')).toBeChecked();
  expect(problems).toEqual([]);
  await phone.close();
});

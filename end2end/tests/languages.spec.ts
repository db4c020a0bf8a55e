import { test, expect } from '@playwright/test';
import { expectAccessible, expectNoHorizontalScroll, expectNoWasm } from './helpers';

// The pages people use, in French, English and Arabic (right to left), at 320 px.
const LANGUAGES = [
  {
    code: 'fr', dir: 'ltr', title: 'Retrouver un emploi avec le RSA\u00a0: on vous accompagne', name: 'Français',
    signIn: 'Me connecter pour suivre mon parcours', fileError: 'Le numéro allocataire ne contient que des chiffres',
  },
  {
    code: 'en', dir: 'ltr', title: 'Getting back to work with the RSA: we are here to help', name: 'English',
    signIn: 'Sign in to follow my pathway', fileError: 'The CAF file number only has digits',
  },
  {
    code: 'ar', dir: 'rtl', title: 'العودة إلى العمل مع الـRSA: نحن نرافقك', name: 'العربية',
    signIn: 'تسجيل الدخول لمتابعة مساري', fileError: 'رقم الملف لدى CAF يتكوّن من أرقام فقط',
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
      await page.locator('#naissance').fill('1985-03-15');
      await page.locator('form.narrow-form button[type="submit"]').click();
      await expect(page.locator('#numero-erreur')).toContainText(l.fileError);
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
    // The next page keeps the language (cookie); its content, not translated yet, is marked French.
    await page.goto('/unites');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
    await expect(page.locator('main')).toHaveAttribute('lang', 'fr');
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

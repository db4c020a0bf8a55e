import { test, expect, Page } from '@playwright/test';
import { expectAccessible, expectNoHorizontalScroll, expectNoWasm, watchConsole } from './helpers';

// FranceConnect and ProConnect through the local OpenID providers started by playwright.config.ts
// (end2end/oidc-provider.mjs: the certified `oidc-provider` package, ES256, signed userinfo, eidas1).

/** At the provider's page, the test person is chosen (the local provider has no password). */
async function chooseAtProvider(page: Page, provider: 'FranceConnect' | 'ProConnect', person: RegExp) {
  await expect(page.getByRole('heading', { name: new RegExp(`${provider} — fournisseur de démonstration`) })).toBeVisible();
  await page.getByRole('button', { name: person }).click();
}

test.describe('FranceConnect', () => {
  test('first sign-in links the file, later ones are one click, sign-out ends both sessions', async ({ page }) => {
    const problems = watchConsole(page);
    await page.setViewportSize({ width: 320, height: 700 });
    await page.goto('/connexion');
    await expectNoWasm(page);
    // The State's rules: FranceConnect first, its fixed label, "Qu'est-ce que FranceConnect ?", then "ou".
    const button = page.getByRole('link', { name: "S'identifier avec FranceConnect" });
    await expect(button).toBeVisible();
    await expect(page.getByRole('link', { name: /Qu'est-ce que FranceConnect\s\?/ })).toBeVisible();
    const buttonBox = (await button.boundingBox())!;
    const formBox = (await page.getByLabel('Numéro allocataire').boundingBox())!;
    expect(buttonBox.y).toBeLessThan(formBox.y);
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);

    await button.click();
    await chooseAtProvider(page, 'FranceConnect', /Camille Anne MARTIN/);
    await expect(page).toHaveURL(/\/connexion\/franceconnect\/lier$/);
    await expect(page.getByTestId('franceconnect-identity')).toContainText('Camille Anne MARTIN');
    await expect(page.getByTestId('franceconnect-identity')).toContainText('15 mars 1985');
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await page.getByLabel('Numéro allocataire').fill('1234567');
    await page.getByRole('button', { name: 'Relier et continuer' }).click();
    await expect(page).toHaveURL(/\/mon-parcours$/);
    await expect(page.getByTestId('session-name')).toHaveText('Camille Martin');

    // Sign-out goes through FranceConnect's logout and comes back home.
    await page.getByRole('button', { name: 'Me déconnecter' }).click();
    // Back home from the provider's logout, which returns the state it was given.
    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/\?state=\w{43}$/);
    await page.goto('/mon-parcours');
    await expect(page.getByText('Vous devez vous connecter pour voir cette page.')).toBeVisible();

    // The link is kept: next time, one click (and the person at the provider) is enough.
    await page.goto('/connexion');
    await page.getByRole('link', { name: "S'identifier avec FranceConnect" }).click();
    await chooseAtProvider(page, 'FranceConnect', /Camille Anne MARTIN/);
    await expect(page).toHaveURL(/\/mon-parcours$/);
    await expect(page.getByTestId('session-name')).toHaveText('Camille Martin');
    // No CSP violation and no script error on the way (the provider's pages have no favicon and
    // "Mon parcours" answers 401 once signed out: failed loads are expected there).
    expect(problems.filter((p) => !p.startsWith('Failed to load resource'))).toEqual([]);
  });

  test('a birth date that is not the file\'s links nothing and says whom to call', async ({ page }) => {
    await page.goto('/connexion');
    await page.getByRole('link', { name: "S'identifier avec FranceConnect" }).click();
    await chooseAtProvider(page, 'FranceConnect', /Léo DURAND, né\(e\) le 03\/07\/1990/);
    await expect(page).toHaveURL(/\/connexion\/franceconnect\/lier$/);
    await page.getByLabel('Numéro allocataire').fill('7654321');
    await page.getByRole('button', { name: 'Relier et continuer' }).click();
    await expect(page.locator('#numero-erreur')).toContainText('Rien n\'a été relié');
    await expect(page.locator('#numero-erreur')).toContainText('02 76 51 63 40');
    await expect(page.getByLabel('Numéro allocataire')).toHaveValue('7654321');
    await expectAccessible(page);
    await page.goto('/mon-parcours');
    await expect(page.getByText('Vous devez vous connecter pour voir cette page.')).toBeVisible();
  });

  test('an answer that does not belong to this browser\'s sign-in is refused in plain words', async ({ page }) => {
    await page.goto('/connexion');
    await page.getByRole('link', { name: "S'identifier avec FranceConnect" }).click();
    await expect(page.getByRole('heading', { name: /FranceConnect — fournisseur/ })).toBeVisible();
    // Coming back with a forged state (as a link sent by someone else would).
    await page.goto(`/connexion/franceconnect/retour?code=forged&state=${'x'.repeat(43)}`);
    await expect(page).toHaveURL(/\/connexion\?echec=franceconnect$/);
    await expect(page.getByTestId('sign-in-failed')).toContainText("La connexion avec FranceConnect n'a pas abouti");
    await expectAccessible(page);
  });
});

test.describe('ProConnect', () => {
  test('an agent signs in with ProConnect; the role is Passerelle\'s', async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 700 });
    await page.goto('/agent/connexion');
    await expectNoWasm(page);
    const button = page.getByRole('link', { name: "S'identifier avec ProConnect" });
    await expect(button).toBeVisible();
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
    await button.click();
    await chooseAtProvider(page, 'ProConnect', /Karim Orientation/);
    await expect(page).toHaveURL(/\/agent$/);
    await expect(page.getByTestId('session-name')).toContainText('Karim');
    await page.getByRole('button', { name: 'Me déconnecter' }).click();
    // Back home from the provider's logout, which returns the state it was given.
    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/\?state=\w{43}$/);
  });

  test('an agent without a Passerelle account is told so; no account is created', async ({ page }) => {
    await page.goto('/agent/connexion');
    await page.getByRole('link', { name: "S'identifier avec ProConnect" }).click();
    await chooseAtProvider(page, 'ProConnect', /Zoé Ailleurs/);
    await expect(page).toHaveURL(/\/agent\/connexion\?echec=compte$/);
    await expect(page.getByTestId('sign-in-failed')).toContainText('aucun compte agent actif');
    await expectAccessible(page);
    await page.goto('/agent');
    await expect(page.getByText('Vous devez vous connecter pour voir cette page.').first()).toBeVisible();
  });
});

//! The frame of every page: skip link, header with the service name, main content, footer with the
//! département's contact (on every page, so that a person in doubt always knows whom to call).
use leptos::prelude::*;

/// The département's contact for the RSA and the SPIE, shown on every page.
pub const CONTACT_SERVICE: &str = "Direction de l'Action Sociale et de l'Insertion";
pub const CONTACT_PHONE: &str = "02 76 51 63 40";
/// `tel:` form of [`CONTACT_PHONE`].
pub const CONTACT_PHONE_URI: &str = "tel:+33276516340";

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#contenu">
            "Aller au contenu"
        </a>
        <header class="site-header">
            <div class="wrap">
                <a class="brand" href="/">
                    <span class="brand-name">"Passerelle"</span>
                    <span class="brand-org">"Département de la Seine-Maritime"</span>
                </a>
                <nav aria-label="Menu principal">
                    <ul class="nav">
                        <li>
                            <a href="/simulateur">"Simulateur"</a>
                        </li>
                        <li>
                            <a href="/mon-parcours">"Mon parcours"</a>
                        </li>
                        <li>
                            <a href="/unites">"Nous trouver"</a>
                        </li>
                    </ul>
                </nav>
            </div>
        </header>
        <main id="contenu" class="wrap" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <div class="wrap">
                <p>
                    <strong>"Une question ? "</strong>
                    {CONTACT_SERVICE}
                    " du Département de la Seine-Maritime : "
                    <a href=CONTACT_PHONE_URI>{CONTACT_PHONE}</a>
                   "."
                </p>
                <p class="muted">
                    "Passerelle est le service en ligne du Service public de l'insertion et de l'emploi (SPIE). Les montants affichés sont des estimations."
                </p>
            </div>
        </footer>
    }
}

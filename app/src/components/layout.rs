//! The frame of every page: skip link, header with the service name, main content, footer with the
//! département's contact (on every page, so that a person in doubt always knows whom to call).
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::auth::{SessionInfo, SignOut, get_session};

/// The département's contact for the RSA and the SPIE, shown on every page.
pub const CONTACT_SERVICE: &str = "Direction de l'Action Sociale et de l'Insertion";
pub const CONTACT_PHONE: &str = "02 76 51 63 40";
/// `tel:` form of [`CONTACT_PHONE`].
pub const CONTACT_PHONE_URI: &str = "tel:+33276516340";

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let location = use_location();
    let sign_out = ServerAction::<SignOut>::new();
    // Asked again after each navigation and sign-out, so the band follows sign-in and sign-out.
    let session = Resource::new(
        move || (location.pathname.get(), sign_out.version().get()),
        |_| get_session(),
    );
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
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let info = session.await.ok().flatten();
                view! { <SessionBand info sign_out /> }
            })}
        </Suspense>
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

/// Who is signed in, and the way out. Staff see their role and unit: they must always know whose
/// screens they are using and with which rights.
#[component]
fn SessionBand(info: Option<SessionInfo>, sign_out: ServerAction<SignOut>) -> impl IntoView {
    match info {
        None => view! {
            <div class="session-band">
                <div class="wrap">
                    <a href="/connexion">"Me connecter"</a>
                </div>
            </div>
        }
        .into_any(),
        Some(info) => {
            let who = match (info.role, &info.unit_name) {
                (Some(role), Some(unit)) => {
                    format!("{} — {}, {}", info.display_name, role.label_fr(), unit)
                }
                (Some(role), None) => format!("{} — {}", info.display_name, role.label_fr()),
                (None, _) => info.display_name.clone(),
            };
            let home = if info.is_staff() {
                "/agent"
            } else {
                "/mon-parcours"
            };
            view! {
                <div class="session-band" class:staff=info.is_staff()>
                    <div class="wrap">
                        <p>
                            "Connecté(e) : " <a href=home data-testid="session-name">{who}</a>
                        </p>
                        <ActionForm action=sign_out>
                            <button type="submit" class="link-button">"Me déconnecter"</button>
                        </ActionForm>
                    </div>
                </div>
            }
            .into_any()
        }
    }
}

//! The frame of every page: skip link, header with the service name, main content, footer with the
//! département's contact (on every page, so that a person in doubt always knows whom to call).
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::auth::{SessionInfo, SignOut, get_session};
use crate::lang::{current, locale, switcher};
use leptos_i18n::td_string;

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
    let l = locale();
    let languages = switcher();
    let content = current();
    let links = move || {
        view! {
            <li><a href="/simulateur">{td_string!(l, layout.nav_simulator)}</a></li>
            <li><a href="/mon-parcours">{td_string!(l, layout.nav_pathway)}</a></li>
            <li><a href="/unites">{td_string!(l, layout.nav_units)}</a></li>
        }
    };
    view! {
        <a class="skip-link" href="#contenu">
            {td_string!(l, layout.skip)}
        </a>
        <header class="site-header">
            <div class="wrap">
                <a class="brand" href="/">
                    <span class="brand-name">"Passerelle"</span>
                    <span class="brand-org">{td_string!(l, layout.org)}</span>
                </a>
                // On a phone the menu folds under one button (header and session band within
                // 120 px); from 40 rem it is a row of links. Both work without JavaScript.
                <nav class="nav-wide" aria-label=td_string!(l, layout.menu)>
                    <ul class="nav">{links()}</ul>
                </nav>
                {(!languages.is_empty()).then(|| view! {
                    <nav class="lang-switch" aria-label=td_string!(l, layout.languages)>
                        <ul>
                            {languages.into_iter().map(|(lang, href, current)| view! {
                                <li>
                                    <a
                                        href=href
                                        lang=lang.code()
                                        hreflang=lang.code()
                                        aria-current=current.then_some("true")
                                    >
                                        // A short mark on a phone; the name for screen readers
                                        // and on wider screens.
                                        <span class="lang-short" aria-hidden="true">{short_name(lang)}</span>
                                        <span class="lang-long">{lang.name()}</span>
                                    </a>
                                </li>
                            }).collect_view()}
                        </ul>
                    </nav>
                })}
                <details class="nav-phone">
                    <summary>
                        <span aria-hidden="true">"☰"</span>
                        <span class="visually-hidden">{td_string!(l, layout.menu)}</span>
                    </summary>
                    <nav aria-label=td_string!(l, layout.menu)>
                        <ul class="nav">{links()}</ul>
                    </nav>
                </details>
            </div>
        </header>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let info = session.await.ok().flatten();
                view! { <SessionBand info sign_out /> }
            })}
        </Suspense>
        <main id="contenu" class="wrap" tabindex="-1" lang=content.code() dir=content.dir()>
            {children()}
        </main>
        <footer class="site-footer">
            <div class="wrap">
                <p>
                    <strong>{td_string!(l, layout.question)}</strong>
                    " "
                    {td_string!(l, layout.contact)}
                    " "
                    <a href=CONTACT_PHONE_URI dir="ltr" class="footer-phone">{CONTACT_PHONE}</a>
                </p>
                <p class="muted">{td_string!(l, layout.disclaimer)}</p>
            </div>
        </footer>
    }
}

/// The language's mark in the phone header: two letters, or the Arabic letter ʿayn.
fn short_name(lang: crate::lang::Lang) -> &'static str {
    match lang {
        crate::lang::Lang::Fr => "FR",
        crate::lang::Lang::En => "EN",
        crate::lang::Lang::Ar => "ع",
    }
}

/// Who is signed in, and the way out. Staff see their role and unit: they must always know whose
/// screens they are using and with which rights.
#[component]
fn SessionBand(info: Option<SessionInfo>, sign_out: ServerAction<SignOut>) -> impl IntoView {
    let l = locale();
    match info {
        None => view! {
            <div class="session-band">
                <div class="wrap">
                    <a href="/connexion">{td_string!(l, layout.sign_in)}</a>
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
                            <span class="signed-in-label">{td_string!(l, layout.signed_in)}</span>
                            " "
                            <a href=home data-testid="session-name">{who}</a>
                        </p>
                        <ActionForm action=sign_out>
                            <button type="submit" class="link-button">
                                {td_string!(l, layout.sign_out)}
                            </button>
                        </ActionForm>
                    </div>
                </div>
            }
            .into_any()
        }
    }
}

//! The HTML shell and the route table.
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode, StaticSegment,
    components::{Route, Router, Routes},
    path,
};

use crate::components::layout::Layout;
use crate::pages::{
    admin::{ApiKeysPage, DevMessagesPage, SchemesPage},
    agent::AgentHomePage,
    dashboard::DashboardPage,
    home::HomePage,
    imports::{ImportJobPage, ImportPage},
    my_data::MyDataPage,
    my_pathway::MyPathwayPage,
    not_found::NotFound,
    person_file::PersonFilePage,
    sign_in::{CodePage, FranceConnectLinkPage, SignInLinkPage, SignInPage, StaffSignInPage},
    simulator::SimulatorPage,
    units::UnitsPage,
};

/// The pages holding an island, the only ones that load the wasm: every other page is plain
/// server-rendered HTML with forms (lighter on a phone with a small data plan).
pub const PAGES_WITH_ISLANDS: &[&str] = &["/simulateur", "/unites"];

/// The address of the page being rendered (on the server).
fn current_path() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>().map(|p| p.uri.path().to_string())
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// A page's title in the browser's tab: the page's, then the site's.
pub fn site_title(page: &str) -> String {
    if page.is_empty() {
        "Passerelle — Département de la Seine-Maritime".to_string()
    } else {
        format!("{page} — Passerelle")
    }
}

/// The title of a page showing a form's errors: "Erreur : " first, so that it is the first thing
/// a screen reader says when the page loads.
pub fn error_title(lang: crate::lang::Lang, page: &str) -> String {
    let prefix = crate::lang::text(lang, "errors.title_prefix");
    // French puts a (non-breaking) space before the colon.
    let colon = if lang == crate::lang::Lang::Fr {
        "\u{a0}:"
    } else {
        ":"
    };
    format!("{prefix}{colon} {}", site_title(page))
}

/// The document around every page, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::ssr::security::set_content_security_policy();
    let interactive = current_path().is_some_and(|p| PAGES_WITH_ISLANDS.contains(&p.as_str()));
    let lang = crate::lang::current();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code() dir=lang.dir()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0b4f6c" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HashedStylesheet options=options.clone() id="passerelle-css" />
                {interactive.then(|| view! { <HydrationScripts options islands=true /> })}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The application: routes and the common layout.
///
/// Every route renders with `SsrMode::Async`: the server waits for the page's data and sends complete
/// HTML, so the page works without JavaScript (out-of-order streaming would need a script to show the
/// data) and is readable before the wasm arrives.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title formatter=|page: String| site_title(&page) />
        <Router>
            <Layout>
                <Routes fallback=NotFound>
                    <Route path=StaticSegment("") view=HomePage ssr=SsrMode::Async />
                    <Route path=StaticSegment("unites") view=UnitsPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("simulateur") view=SimulatorPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("connexion") view=SignInPage ssr=SsrMode::Async />
                    <Route path=path!("/connexion/code") view=CodePage ssr=SsrMode::Async />
                    <Route path=path!("/connexion/lien") view=SignInLinkPage ssr=SsrMode::Async />
                    <Route path=path!("/connexion/franceconnect/lier") view=FranceConnectLinkPage ssr=SsrMode::Async />
                    <Route path=path!("/agent/connexion") view=StaffSignInPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/messages") view=DevMessagesPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/cles-api") view=ApiKeysPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/dispositifs") view=SchemesPage ssr=SsrMode::Async />
                    <Route path=path!("/tableau-de-bord") view=DashboardPage ssr=SsrMode::Async />
                    <Route path=path!("/mon-parcours") view=MyPathwayPage ssr=SsrMode::Async />
                    <Route path=path!("/mon-parcours/courrier") view=crate::pages::notice_letter::MyNoticeLetterPage ssr=SsrMode::Async />
                    <Route path=path!("/mes-donnees") view=MyDataPage ssr=SsrMode::Async />
                    <Route path=path!("/agent") view=AgentHomePage ssr=SsrMode::Async />
                    <Route path=path!("/agent/personnes/:id") view=PersonFilePage ssr=SsrMode::Async />
                    <Route path=path!("/agent/personnes/:id/courrier") view=crate::pages::notice_letter::StaffNoticeLetterPage ssr=SsrMode::Async />
                    <Route path=path!("/agent/import") view=ImportPage ssr=SsrMode::Async />
                    <Route path=path!("/agent/import/:id") view=ImportJobPage ssr=SsrMode::Async />
                </Routes>
            </Layout>
        </Router>
    }
}

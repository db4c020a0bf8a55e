//! Administration pages.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::admin::list_dev_messages;
use crate::components::guard::ErrorView;

/// `/admin/messages`: what the development sender kept (sign-in codes of the demo, reminders…),
/// when no real SMS or e-mail sender is configured.
#[component]
pub fn DevMessagesPage() -> impl IntoView {
    let messages = Resource::new(|| (), |_| list_dev_messages());
    view! {
        <Title text="Messages de démonstration" />
        <h1>"Messages de démonstration"</h1>
        <p>
            "Aucun service d'envoi de SMS ou d'e-mail n'est configuré : les messages restent ici. En production, ils partent par SMS ou par e-mail et cette page reste vide."
        </p>
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match messages.await {
                    Err(e) => view! { <ErrorView error=e sign_in="/agent/connexion" /> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p>"Aucun message."</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="message-list">
                            {list
                                .into_iter()
                                .map(|m| view! {
                                    <li class="card" data-testid="dev-message">
                                        <p class="muted">
                                            {if m.channel == "sms" { "SMS" } else { "E-mail" }} " à " {m.recipient} " — " {m.created_at}
                                        </p>
                                        {(!m.subject.is_empty()).then(|| view! { <p><strong>{m.subject.clone()}</strong></p> })}
                                        <p class="message-body">{m.body}</p>
                                    </li>
                                })
                                .collect_view()}
                        </ul>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

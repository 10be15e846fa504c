//! The sign-in form, shown when Bifrost asks for credentials the proxy did not add.
//! The state and the rules (never resend a refused password) are in `crate::client::credentials`;
//! this is the form and the opt-in sessionStorage copy. Nothing here logs or puts the
//! password in a URL: the inputs have no `name` (a native submit would carry nothing) and the
//! submit is handled in the page.

use crate::browser::Storage;
use crate::client::credentials::{self, attempts_left, auth_problem, AuthProblem, Credentials};
use crate::runtime::store::ctx;
use crate::ui::i18n::{t, tf, Key, Template};
use leptos::prelude::*;

/// Signs in with the credentials the user asked this tab to keep, if any (at start).
pub fn restore() {
    let stored = Storage::Session
        .get(credentials::STORAGE_KEY)
        .and_then(|v| Credentials::from_storage(&v));
    if let Some(c) = stored {
        credentials::with_session(|s| s.sign_in(c));
    }
}

/// Drops the tab's stored copy (Bifrost refused it, or the user did not ask to keep it).
pub fn forget_stored() {
    Storage::Session.remove(credentials::STORAGE_KEY);
}

fn keep(c: &Credentials) {
    Storage::Session.set(credentials::STORAGE_KEY, &c.to_storage());
}

/// The form, while the last `/db/list` answer is a sign-in problem.
#[component]
pub fn SignIn() -> impl IntoView {
    let c = ctx();
    let store = c.store;
    let poller = c.poller;
    let problem = Memo::new(move |_| {
        store
            .sources
            .with(|s| s.error.as_ref().and_then(auth_problem))
    });
    let user = RwSignal::new(credentials::with_session(|s| s.user().to_owned()));
    let password = RwSignal::new(String::new());
    let remember = RwSignal::new(false);
    let sending = RwSignal::new(false);
    // A new answer ends the "signing in" state.
    Effect::new(move |_| {
        store.sources.with(|_| ());
        sending.set(false);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let creds = Credentials {
            user: user.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        };
        if creds.user.is_empty() {
            return;
        }
        if remember.get_untracked() {
            keep(&creds);
        } else {
            forget_stored();
        }
        credentials::with_session(|s| s.sign_in(creds));
        password.set(String::new());
        sending.set(true);
        poller.restart();
    };
    let message = move || {
        // Tracks the answer; the counts are read from the session it updated.
        let p = store
            .sources
            .with(|s| s.error.as_ref().and_then(auth_problem))?;
        let (failed, banned) = credentials::with_session(|s| (s.failed(), s.banned()));
        let text = if banned || p == AuthProblem::Banned {
            t(Key::SigninBanned).to_string()
        } else if failed > 0 && p == AuthProblem::WrongPassword {
            format!(
                "{} {}",
                tf(Template::SigninWrong, &failed.to_string()),
                tf(Template::SigninLeft, &attempts_left(failed).to_string())
            )
        } else {
            return None;
        };
        Some(view! { <p class="signin-message" id="signin-message" role="alert">{text}</p> })
    };
    move || {
        problem.get().map(|_| {
            view! {
                <section class="card signin" id="signin" aria-labelledby="signin-title">
                    <h2 id="signin-title">{t(Key::SigninTitle)}</h2>
                    <p class="muted">{t(Key::SigninIntro)}</p>
                    {message}
                    <form on:submit=submit autocomplete="on">
                        <label for="signin-user">{t(Key::SigninUser)}</label>
                        <input
                            id="signin-user"
                            type="text"
                            autocomplete="username"
                            autocapitalize="off"
                            spellcheck="false"
                            required
                            prop:value=move || user.get()
                            on:input=move |ev| user.set(event_target_value(&ev))
                        />
                        <label for="signin-password">{t(Key::SigninPassword)}</label>
                        <input
                            id="signin-password"
                            type="password"
                            autocomplete="current-password"
                            prop:value=move || password.get()
                            on:input=move |ev| password.set(event_target_value(&ev))
                        />
                        <label class="signin-remember">
                            <input
                                id="signin-remember"
                                type="checkbox"
                                prop:checked=move || remember.get()
                                on:change=move |ev| remember.set(event_target_checked(&ev))
                            />
                            {t(Key::SigninRemember)}
                        </label>
                        <button id="signin-submit" type="submit" disabled=move || sending.get()>
                            {move || if sending.get() { t(Key::SigninSending) } else { t(Key::SigninSubmit) }}
                        </button>
                    </form>
                    <p class="muted signin-rule">{t(Key::SigninBanRule)}</p>
                </section>
            }
        })
    }
}

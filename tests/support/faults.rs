//! The fault suites' stack (`e2e_faults`, `e2e_odd_data`, `e2e_guarantees`): the simulator on
//! plain HTTP with its `/_sim/` fault knobs, nginx in front of it and a browser; what the user
//! sees in one round trip; and the common shape of a fault case (good data, fault on, what is
//! shown, fault off, recovery without a click).

use super::webdriver::Browser;
use super::{env_path, eventually, Nginx, Sim};

/// A simulator, nginx in front of it, and a browser.
pub struct Stack {
    pub sim: Option<Sim>,
    pub nginx: Nginx,
    pub b: Browser,
}

impl Stack {
    pub fn start(args: &[&str]) -> Stack {
        let mut all = vec!["--plain-http"];
        all.extend_from_slice(args);
        let sim = Sim::start(&all);
        let nginx = Nginx::start(&env_path("E2E_DIST"), sim.port, false);
        let b = Browser::start(1280, 800);
        Stack {
            sim: Some(sim),
            nginx,
            b,
        }
    }

    pub fn sim(&self) -> &Sim {
        self.sim.as_ref().expect("the simulator is running")
    }

    /// Sets the simulator's fault knobs (`mode=...&empty=...`).
    pub fn fault(&self, query: &str) {
        let answer = self.sim().control(&format!("/_sim/fault?{query}"));
        assert!(answer.contains("\"mode\""), "fault {query}: {answer}");
    }

    pub fn open(&self, query: &str) {
        self.b.goto(&self.nginx.url(&format!("/?{query}")));
    }

    /// What the user sees, in one round trip.
    pub fn seen(&self) -> Seen {
        let v = self
            .b
            .js("const q = s => Array.from(document.querySelectorAll(s));
             const t = s => { const e = document.querySelector(s); return e ? e.innerText : ''; };
             return {
               banners: q('.banner.bad').map(e => e.innerText),
               updated: t('header .updated'),
               sync_rows: q('#sync tr.vrow').length,
               source_rows: q('#sources tr.source').length,
               flow_rows: q('#flow-table tbody tr').length,
               count: t('.page.sync .count'),
               url: location.href,
             }");
        let strs = |k: &str| -> Vec<String> {
            v[k].as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        Seen {
            banners: strs("banners"),
            updated: v["updated"].as_str().unwrap_or_default().to_string(),
            sync_rows: v["sync_rows"].as_u64().unwrap_or(0) as usize,
            source_rows: v["source_rows"].as_u64().unwrap_or(0) as usize,
            flow_rows: v["flow_rows"].as_u64().unwrap_or(0) as usize,
            count: v["count"].as_str().unwrap_or_default().to_string(),
            url: v["url"].as_str().unwrap_or_default().to_string(),
        }
    }

    /// Panics (with the console) if the page logged a Rust panic.
    pub fn no_panic(&self) {
        let console = self.b.console();
        assert!(
            !console
                .iter()
                .any(|l| l.contains("panicked") || l.contains("RuntimeError")),
            "the app panicked: {console:#?}"
        );
    }
}

#[derive(Debug)]
pub struct Seen {
    pub banners: Vec<String>,
    pub updated: String,
    pub sync_rows: usize,
    pub source_rows: usize,
    pub flow_rows: usize,
    pub count: String,
    pub url: String,
}

impl Seen {
    pub fn stale(&self) -> bool {
        self.updated.contains("stale")
    }
    pub fn banner_text(&self) -> String {
        self.banners.join("\n")
    }
}

/// Opens the sync list (5 s refresh) and waits for the first good data.
pub fn sync_page_with_data(s: &Stack) -> Seen {
    s.open("page=sync&refresh=5");
    eventually(40, "the sync list", || {
        let v = s.seen();
        // the whole list, not the first tables of a first load ("48 outputs — loading…")
        (v.sync_rows > 0
            && v.count.contains("outputs")
            && !v.count.contains("loading")
            && v.banners.is_empty())
        .then_some(v)
    })
}

/// While a fault lasts: the banners name the cause (every `expect` fragment appears), the
/// last good rows stay, the header says stale, and the free-text filter still answers.
pub fn shows_fault_and_keeps_data(s: &Stack, good: &Seen, expect: &[&str], secs: u64) -> Seen {
    let v = eventually(secs, &format!("a banner naming {expect:?}"), || {
        let v = s.seen();
        let text = v.banner_text();
        (expect.iter().all(|e| text.contains(e)) && v.stale()).then_some(v)
    });
    assert!(
        v.sync_rows > 0 && v.count == good.count,
        "the last good sync list stays on screen: {v:?} (before: {good:?})"
    );
    // The rest of the page works: the free-text filter (client-side) narrows the kept rows.
    s.b.set_value("#f-q", "bh1");
    eventually(10, "the search to narrow the kept rows", || {
        let c = s.seen().count;
        c.contains("match").then_some(())
    });
    s.b.set_value("#f-q", "");
    eventually(10, "the search cleared", || {
        (s.seen().count == good.count).then_some(())
    });
    v
}

/// After the fault: no banner, not stale, rows shown, with no click (the poll loop retries).
pub fn recovers(s: &Stack, secs: u64) {
    eventually(secs, "recovery without a click", || {
        let v = s.seen();
        (v.banners.is_empty() && !v.stale() && v.sync_rows > 0 && !v.updated.contains("never"))
            .then_some(())
    });
    s.no_panic();
}

/// The common shape of a bad-answer case: good data, fault on, what the user sees, fault off,
/// recovery.
pub fn bad_answer_case(fault: &str, expect: &[&str]) -> String {
    let s = Stack::start(&[]);
    let good = sync_page_with_data(&s);
    s.fault(fault);
    let v = shows_fault_and_keeps_data(&s, &good, expect, 40);
    s.fault("mode=none&empty=0&latency_ms=0");
    recovers(&s, 45);
    v.banner_text()
}

//! Errors grouped by cause: outputs whose `Error` texts differ only in numbers, addresses,
//! ports, positions, quoted values or stack-trace addresses share one signature
//! ([`super::signature`]), so one ClickHouse server going down reads as one cause, not as
//! three hundred lines.

use std::collections::HashMap;
use std::hash::Hasher;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use super::rows::SyncRow;
pub use super::signature::{category, signature, signature_into, Category};

/// One cause and the outputs that share it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cause {
    pub signature: String,
    pub category: Category,
    /// Distinct `ToServerKey`s, sorted.
    pub keys: Vec<String>,
    /// Distinct plugin names, sorted.
    pub plugins: Vec<String>,
    /// Indexes into the rows given to [`group_causes`], in row order.
    pub rows: Vec<usize>,
    /// Unix seconds this cause was first and last seen by [`CauseHistory::observe`].
    pub first_seen: i64,
    pub last_seen: i64,
}

impl Cause {
    pub fn count(&self) -> usize {
        self.rows.len()
    }

    /// See [`cause_id`].
    pub fn id(&self) -> String {
        cause_id(&self.signature)
    }
}

/// A short stable name of a signature (FNV-1a, 16 hex digits) for links: the sync list is
/// filtered by it, and no error text (which may name hosts or users) goes into a URL.
pub fn cause_id(signature: &str) -> String {
    let hash = signature.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{hash:016x}")
}

/// The [`cause_id`] of a row's error; `None` when the row reports none.
pub fn row_cause(r: &SyncRow) -> Option<String> {
    (!r.error.trim().is_empty()).then(|| cause_id(&signature(&r.error_first_line)))
}

/// Failing rows (non-empty `error`) grouped by [`signature`], largest group first, ties by
/// signature so the order is stable from poll to poll. Without a memory of earlier polls:
/// the store keeps a [`CauseGrouper`].
pub fn group_causes(rows: &[SyncRow]) -> Vec<Cause> {
    CauseGrouper::default().group(rows)
}

/// An output's signature as last computed, and the hash of the error line it came from.
#[derive(Debug, Clone)]
struct Known {
    line_hash: u64,
    signature: Arc<str>,
    /// The last [`CauseGrouper::group`] that saw this output failing.
    pass: u64,
}

/// [`group_causes`] with a memory across polls, for the store: an output whose error line is
/// unchanged is not normalised again (10,000 failing outputs are regrouped on every answer,
/// within a frame), and equal signatures share one allocation, so rows are grouped by
/// pointer instead of hashing their text. Bounded by the failing outputs of the last answer:
/// outputs gone or no longer failing are dropped after each pass, and with them signatures
/// no output has any more.
#[derive(Debug, Default)]
pub struct CauseGrouper {
    /// By the row's `key` (unique per table x output).
    known: FxHashMap<String, Known>,
    /// Every signature in `known`, once.
    signatures: FxHashSet<Arc<str>>,
    /// Reused for each signature computed.
    buf: Vec<u8>,
    pass: u64,
}

impl CauseGrouper {
    /// See [`group_causes`].
    pub fn group(&mut self, rows: &[SyncRow]) -> Vec<Cause> {
        self.pass += 1;
        let pass = self.pass;
        // cause index by the address of its shared signature
        let mut at: FxHashMap<usize, usize> = FxHashMap::default();
        let mut causes: Vec<Cause> = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            if r.error.trim().is_empty() {
                continue;
            }
            let sig = self.signature_of(r, pass);
            let n = *at
                .entry(Arc::as_ptr(&sig) as *const u8 as usize)
                .or_insert_with(|| {
                    causes.push(Cause {
                        category: category(&r.error),
                        signature: sig.to_string(),
                        keys: Vec::new(),
                        plugins: Vec::new(),
                        rows: Vec::new(),
                        first_seen: 0,
                        last_seen: 0,
                    });
                    causes.len() - 1
                });
            let c = &mut causes[n];
            c.rows.push(i);
            insert_sorted(&mut c.keys, &r.to_server_key);
            insert_sorted(&mut c.plugins, &r.plugin);
        }
        self.known.retain(|_, k| k.pass == pass);
        self.signatures.retain(|s| Arc::strong_count(s) > 1);
        causes.sort_unstable_by(|a, b| {
            b.count()
                .cmp(&a.count())
                .then_with(|| a.signature.cmp(&b.signature))
        });
        causes
    }

    /// How many outputs' signatures are kept (for tests of the bound).
    pub fn known_outputs(&self) -> usize {
        self.known.len()
    }

    /// The signature of `r`'s error: the one kept when its first line hashes as before,
    /// else computed (the row's first line is already cut out of a multi-KB error).
    fn signature_of(&mut self, r: &SyncRow, pass: u64) -> Arc<str> {
        let line_hash = {
            let mut h = FxHasher::default();
            h.write(r.error_first_line.as_bytes());
            h.finish()
        };
        if let Some(k) = self.known.get_mut(r.key.as_str()) {
            if k.line_hash == line_hash {
                k.pass = pass;
                return k.signature.clone();
            }
        }
        let text = signature_into(&r.error_first_line, &mut self.buf);
        let signature = match self.signatures.get(text) {
            Some(s) => s.clone(),
            None => {
                let s: Arc<str> = Arc::from(text);
                self.signatures.insert(s.clone());
                s
            }
        };
        let known = Known {
            line_hash,
            signature: signature.clone(),
            pass,
        };
        match self.known.get_mut(r.key.as_str()) {
            Some(k) => *k = known,
            None => {
                self.known.insert(r.key.clone(), known);
            }
        }
        signature
    }
}

/// Adds `value` to a sorted set kept as a vector (a cause has a handful of keys).
fn insert_sorted(set: &mut Vec<String>, value: &str) {
    if let Err(at) = set.binary_search_by(|v| v.as_str().cmp(value)) {
        set.insert(at, value.to_string());
    }
}

/// When each cause was first seen, kept across polls; a cause that disappears is forgotten,
/// so memory is bounded by the causes on screen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CauseHistory {
    first_seen: HashMap<String, i64>,
}

impl CauseHistory {
    /// Stamps `causes` with their first and last sighting as of `now` and forgets causes
    /// that are gone.
    pub fn observe(&mut self, causes: &mut [Cause], now: i64) {
        let mut next = HashMap::with_capacity(causes.len());
        for c in causes.iter_mut() {
            let first = self.first_seen.get(&c.signature).copied().unwrap_or(now);
            c.first_seen = first;
            c.last_seen = now;
            next.insert(c.signature.clone(), first);
        }
        self.first_seen = next;
    }
}

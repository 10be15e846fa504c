//! Errors grouped by cause: outputs whose `Error` texts differ only in numbers, addresses,
//! ports, positions, quoted values or stack-trace addresses share one signature
//! ([`super::signature`]), so one ClickHouse server going down reads as one cause, not as
//! three hundred lines.

use std::collections::HashMap;
use std::hash::Hasher;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use super::order;
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

/// A failing output's signature as last computed, and the hash of the error line it came from.
#[derive(Debug, Clone)]
struct Known {
    /// The row's `key` (unique per table x output).
    key: String,
    line_hash: u64,
    signature: Arc<str>,
}

/// [`group_causes`] with a memory across polls, for the store: an output whose error line is
/// unchanged is not normalised again (10,000 failing outputs are regrouped on every answer,
/// within a frame), and equal signatures share one allocation, so rows are grouped by
/// pointer instead of hashing their text. Bounded by the failing outputs of the last answer:
/// outputs gone or no longer failing are dropped after each pass, and with them signatures
/// no output has any more.
#[derive(Debug, Default)]
pub struct CauseGrouper {
    /// The failing outputs of the last pass, in row order. Rows come in one total order, so
    /// an output is mostly found where the last one found ended, by comparing one key, not
    /// by hashing every key into a map (built only when the order breaks).
    known: Vec<Known>,
    /// Every signature in `known`, once.
    signatures: FxHashSet<Arc<str>>,
    /// Reused for each signature computed.
    buf: Vec<u8>,
}

impl CauseGrouper {
    /// See [`group_causes`].
    pub fn group(&mut self, rows: &[SyncRow]) -> Vec<Cause> {
        let mut prev = std::mem::take(&mut self.known);
        // each failing row: (its index, where it was in `prev`, its line hash, its signature)
        let mut seen: Vec<(usize, Option<usize>, u64, Arc<str>)> = Vec::with_capacity(prev.len());
        // cause index by the address of its shared signature
        let mut at: FxHashMap<usize, usize> = FxHashMap::default();
        let mut causes: Vec<Cause> = Vec::new();
        let mut index: Option<FxHashMap<&str, usize>> = None;
        let mut next = 0;
        for (i, r) in rows.iter().enumerate() {
            if r.error.trim().is_empty() {
                continue;
            }
            let line_hash = {
                let mut h = FxHasher::default();
                h.write(r.error_first_line.as_bytes());
                h.finish()
            };
            let was = if prev.get(next).is_some_and(|k| k.key == r.key) {
                Some(next)
            } else {
                index
                    .get_or_insert_with(|| {
                        prev.iter()
                            .enumerate()
                            .map(|(n, k)| (k.key.as_str(), n))
                            .collect()
                    })
                    .get(r.key.as_str())
                    .copied()
            };
            if let Some(w) = was {
                next = w + 1;
            }
            let sig = match was.map(|w| &prev[w]).filter(|k| k.line_hash == line_hash) {
                Some(k) => k.signature.clone(),
                // the row's first line is already cut out of a multi-KB error: start from it
                None => self.shared_signature(&r.error_first_line),
            };
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
            seen.push((i, was, line_hash, sig));
        }
        drop(index);
        // Keys move from the last pass (no copy), except for outputs failing anew.
        self.known = seen
            .into_iter()
            .map(|(i, was, line_hash, signature)| {
                let key = was.map(|w| std::mem::take(&mut prev[w].key));
                Known {
                    key: key
                        .filter(|k| !k.is_empty())
                        .unwrap_or_else(|| rows[i].key.clone()),
                    line_hash,
                    signature,
                }
            })
            .collect();
        drop(prev);
        self.signatures.retain(|s| Arc::strong_count(s) > 1);
        order::sort_by(&mut causes, |a, b| {
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

    /// The signature of `line`, computed, as the one allocation every output with it shares.
    fn shared_signature(&mut self, line: &str) -> Arc<str> {
        let text = signature_into(line, &mut self.buf);
        match self.signatures.get(text) {
            Some(s) => s.clone(),
            None => {
                let s: Arc<str> = Arc::from(text);
                self.signatures.insert(s.clone());
                s
            }
        }
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

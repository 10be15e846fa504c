//! Outputs made to fail and recover on demand (`/_sim/fail`), each plugin with the error text
//! its real counterpart gives: a ClickHouse node refusing connections (the address varying by
//! table), MySQL duplicate keys (the value varying by row), others a Go panic trace. Tests use
//! it to group failures by cause and to see failures and recoveries on the timeline.

use serde_json::value::RawValue;
use serde_json::Value;

use super::outputs::go_stack;
use super::{Behaviour, World};
use crate::rng::Rng;

/// The `Error` text of a failing output of `plugin` on table number `table`.
fn failure_text(key: &str, plugin: &str, table: usize, rng: &mut Rng) -> String {
    match plugin {
        "clickhouse" => format!(
            "dial tcp 10.0.5.{}:{}: connect: connection refused",
            table % 250,
            if table.is_multiple_of(2) { 9000 } else { 9440 }
        ),
        "mysql" => format!(
            "Error 1062: Duplicate entry '{}' for key 'PRIMARY'",
            rng.range(1, 999_999)
        ),
        _ => go_stack(key, plugin, rng),
    }
}

impl World {
    /// Makes every output of `key` fail (`on`) or work again; returns how many changed.
    /// `None` when no output key has that name.
    pub fn set_failing(&mut self, key: &str, on: bool) -> Option<usize> {
        let k = self.keys.iter().position(|d| d.key == key)?;
        let plugin = self.keys[k].plugin;
        let mut changed = 0;
        for (i, table) in self.tables.iter_mut().enumerate() {
            for o in table.outputs.iter_mut().filter(|o| o.key == k) {
                let failing = o.behaviour == Behaviour::Failing;
                if failing == on || o.behaviour == Behaviour::Idle {
                    continue;
                }
                o.behaviour = if on {
                    Behaviour::Failing
                } else {
                    Behaviour::Healthy
                };
                o.error = if on {
                    failure_text(key, plugin, i, &mut self.rng)
                } else {
                    String::new()
                };
                o.error_json = RawValue::from_string(Value::String(o.error.clone()).to_string())
                    .unwrap_or_else(|_| RawValue::from_string("\"\"".into()).expect("literal"));
                o.status = "running";
                changed += 1;
            }
        }
        Some(changed)
    }
}

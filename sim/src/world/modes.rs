//! Health behaviours a test can switch on (`--mariadb`, `--stall-output`, `--stall-source`,
//! or `/_sim/health`): states that look healthy in one answer while data stops.

use super::{Binlog, World};

/// Rows a stalled output holds: its queue is full and nothing leaves it.
pub const STALLED_QUEUE: u64 = 250;

/// What is switched on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Modes {
    /// MariaDB-like: no output ever reports a success position (`LastSuccessBinlog` all
    /// zero), as seen on a real Bifrost with a MariaDB source.
    pub no_success: bool,
    /// Outputs with this ToServerKey stop: last-queued position frozen, queue full and
    /// constant, no error, while their source reads on.
    pub stall_output: Option<String>,
    /// This source's read position stops while its flow counters still count rows.
    pub stall_source: Option<String>,
}

impl World {
    pub fn modes(&self) -> &Modes {
        &self.modes
    }

    /// Switches the behaviours; each takes effect from the next step.
    pub fn set_modes(&mut self, m: Modes) {
        self.advance();
        if m.no_success {
            for o in self.tables.iter_mut().flat_map(|t| t.outputs.iter_mut()) {
                if o.last_success.is_some() {
                    o.last_success = Some(Binlog::default());
                }
            }
        }
        for tb in &mut self.tables {
            for o in &mut tb.outputs {
                let stalled = m.stall_output.as_deref() == Some(self.keys[o.key].key.as_str());
                if stalled && o.last_queue.is_some() {
                    o.queue = o.queue.max(STALLED_QUEUE);
                }
            }
        }
        self.modes = m;
    }

    /// True when outputs of key index `k` are stalled.
    pub(super) fn output_stalled(&self, k: usize) -> bool {
        self.modes.stall_output.as_deref() == Some(self.keys[k].key.as_str())
    }

    /// True when source `i`'s position is stalled.
    pub(super) fn source_stalled(&self, i: usize) -> bool {
        self.modes.stall_source.as_deref() == Some(self.sources[i].name.as_str())
    }
}

//! Pure domain logic over the wire types: rates, restarts, health, lag, rows, summary,
//! DSN masking and units. No I/O, no clock: time is always passed in as `now: i64`.

pub mod alert_share;
pub mod alert_state;
pub mod alerts;
pub mod causes;
pub mod fleet;
pub mod fleet_rank;
pub mod flow;
pub mod health;
pub mod history;
pub mod mask;
pub mod order;
pub mod rows;
pub mod signature;
pub mod source_trend;
pub mod summary;
pub mod timeline;
pub mod trend;
pub mod units;

pub use flow::{latest_rate, normalize, rates, sum_by_time, RatePoint, Rates};
pub use health::{binlog_distance, output_lag, BinlogDistance, Lag, OutputState, SourceState};
pub use mask::mask_dsn;
pub use rows::{filter_rows, sort_rows, sync_rows, RowFilter, SortKey, SyncRow};
pub use summary::{summarize, Highlight, Summary};
pub use units::{age, human_bytes, human_count, rate_parts, Span, Unit};

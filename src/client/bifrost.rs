//! One Bifrost instance behind a same-origin prefix: its API generation (remembered, and
//! confirmed by the sync list) and its three read endpoints, over `http`'s GET.

use super::http::{get_body, get_text, Cycle};
use crate::browser::Storage;
use crate::wire::error::ApiError;
use crate::wire::parse;
use crate::wire::request::{self, ApiVersion};
use std::cell::Cell;
use std::rc::Rc;

/// One Bifrost instance behind a same-origin prefix; remembers its API generation once known,
/// in this page and across visits (localStorage, per prefix), so a load never waits for a probe.
#[derive(Clone)]
pub struct Bifrost {
    pub prefix: String,
    version: Rc<Cell<Option<ApiVersion>>>,
    /// The generation was read from an answer of this page, not only remembered.
    confirmed: Rc<Cell<bool>>,
}

/// The localStorage key of an instance's API generation (by its proxy prefix).
fn version_key(prefix: &str) -> String {
    format!("bifrost-dashboard.api:{prefix}")
}

impl Bifrost {
    pub fn new(prefix: &str) -> Bifrost {
        let remembered = match Storage::Local.get(&version_key(prefix)).as_deref() {
            Some("v1") => Some(ApiVersion::V1),
            Some("v2") => Some(ApiVersion::V2),
            _ => None,
        };
        Bifrost {
            prefix: prefix.to_owned(),
            version: Rc::new(Cell::new(remembered)),
            confirmed: Rc::new(Cell::new(false)),
        }
    }

    pub fn version(&self) -> Option<ApiVersion> {
        self.version.get()
    }

    /// The generation to ask in: the known one, else v2 (the current Bifrost), which the
    /// answer then confirms or refutes.
    pub fn assumed_version(&self) -> ApiVersion {
        self.version.get().unwrap_or(ApiVersion::V2)
    }

    fn learn(&self, v: ApiVersion) {
        self.confirmed.set(true);
        if self.version.replace(Some(v)) != Some(v) {
            let name = match v {
                ApiVersion::V1 => "v1",
                ApiVersion::V2 => "v2",
            };
            Storage::Local.set(&version_key(&self.prefix), name);
        }
    }

    /// Detects the generation once: v2 answers `/table/synclist/list` with an object, a v1
    /// server with an empty body. Errors (auth, network) leave it unknown for the next try.
    /// A remembered generation is trusted: the sync list corrects it if it is wrong.
    pub async fn ensure_version(&self, cycle: &Cycle) -> Result<ApiVersion, ApiError> {
        if let Some(v) = self.version.get() {
            return Ok(v);
        }
        let probe = get_text(&request::version_probe_path(&self.prefix), cycle).await;
        let probe_ref = probe.as_ref().map(|b| b.as_str()).map_err(Clone::clone);
        match request::detect_version(&probe_ref) {
            Some(v) => {
                self.learn(v);
                Ok(v)
            }
            None => Err(probe.err().unwrap_or(ApiError::EmptyBody)),
        }
    }

    pub async fn db_list(&self, cycle: &Cycle) -> Result<crate::wire::types::DbList, ApiError> {
        let body = get_text(&request::db_list_path(&self.prefix), cycle).await?;
        parse::parse_db_list(&body)
    }

    /// The sync list, decoded while it downloads (a 10,000-output list is 13 MB);
    /// `on_progress` sees the tables decoded so far after every chunk, then the end of the
    /// download (before the last of the decoding).
    ///
    /// It is also the generation's detection, so no probe precedes it: asked in the assumed
    /// generation, an empty body (the other generation does not know the route) means the
    /// other one, asked at once. Once an answer of this page has confirmed the generation,
    /// an empty body is only what it is (a Bifrost panic).
    pub async fn sync_list(
        &self,
        q: &request::SyncQuery,
        cycle: &Cycle,
        on_progress: &mut dyn FnMut(Progress<'_>),
    ) -> Result<crate::wire::types::SyncList, ApiError> {
        let v = self.assumed_version();
        let first = self.sync_list_as(v, q, cycle, on_progress).await;
        if self.confirmed.get() || !matches!(first, Err(ApiError::EmptyBody)) {
            if first.is_ok() {
                self.learn(v);
            }
            return first;
        }
        let other = match v {
            ApiVersion::V1 => ApiVersion::V2,
            ApiVersion::V2 => ApiVersion::V1,
        };
        let second = self.sync_list_as(other, q, cycle, on_progress).await;
        if second.is_ok() {
            self.learn(other);
            second
        } else {
            first
        }
    }

    async fn sync_list_as(
        &self,
        v: ApiVersion,
        q: &request::SyncQuery,
        cycle: &Cycle,
        on_progress: &mut dyn FnMut(Progress<'_>),
    ) -> Result<crate::wire::types::SyncList, ApiError> {
        let mut stream = crate::wire::SyncListStream::default();
        let path = request::sync_list_path(&self.prefix, v, q);
        let body = get_body(&path, cycle, &mut |so_far| {
            stream.advance(so_far);
            on_progress(Progress::Tables(stream.tables()));
        })
        .await?;
        on_progress(Progress::Read);
        if body.exact {
            stream.finish(v, &body.text)
        } else {
            parse::parse_sync_list_as(v, &body.text)
        }
    }

    pub async fn flow(
        &self,
        scope: &request::FlowScope,
        window: request::Window,
        cycle: &Cycle,
    ) -> Result<Vec<crate::wire::types::FlowPoint>, ApiError> {
        let v = self.ensure_version(cycle).await?;
        self.flow_as(v, scope, window, cycle).await
    }

    /// The flow asked in generation `v` (a generation only assumed: the caller keeps the
    /// answer only if it is confirmed, as the other generation reads none of the parameters).
    pub async fn flow_as(
        &self,
        v: ApiVersion,
        scope: &request::FlowScope,
        window: request::Window,
        cycle: &Cycle,
    ) -> Result<Vec<crate::wire::types::FlowPoint>, ApiError> {
        let body = get_text(&request::flow_path(&self.prefix, v, scope, window), cycle).await?;
        parse::parse_flow(&body)
    }
}

/// How far a sync list download has come, for a caller that shows the first tables early
/// (and for the benchmark's marks).
pub enum Progress<'a> {
    /// The tables decoded so far.
    Tables(&'a [crate::wire::types::SyncTable]),
    /// The whole body is in.
    Read,
}

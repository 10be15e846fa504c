//! What a page's first refresh asked, remembered per address for the next visit: index.html's
//! early loader (boot/early.js) asks the same again before the wasm runs. Kept as a JSON list
//! of `[address, [url, ...]]`, the most recent last, at most [`MAX_ADDRESSES`] addresses.

/// The localStorage key (boot/early.js reads it too).
pub const KEY: &str = "bifrost-dashboard.first-requests";
/// Addresses remembered: the pages one opens are few; the list stays small to read at start.
pub const MAX_ADDRESSES: usize = 16;

type Remembered = Vec<(String, Vec<String>)>;

/// `kept` (the stored JSON, or unreadable/absent) with `address`'s requests now `urls`.
pub fn remember(kept: Option<&str>, address: &str, urls: &[String]) -> String {
    let mut list: Remembered = kept
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default();
    list.retain(|(a, _)| a != address);
    list.push((address.to_owned(), urls.to_vec()));
    let over = list.len().saturating_sub(MAX_ADDRESSES);
    list.drain(..over);
    serde_json::to_string(&list).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(u: &[&str]) -> Vec<String> {
        u.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn replaces_an_address_and_keeps_the_latest_last() {
        let one = remember(None, "/?page=sync", &urls(&["/db/list?format=json"]));
        assert_eq!(one, r#"[["/?page=sync",["/db/list?format=json"]]]"#);
        let two = remember(Some(&one), "/?page=flow", &urls(&["/a"]));
        let again = remember(Some(&two), "/?page=sync", &urls(&["/b"]));
        assert_eq!(again, r#"[["/?page=flow",["/a"]],["/?page=sync",["/b"]]]"#);
    }

    #[test]
    fn keeps_at_most_the_latest_addresses() {
        let mut kept = String::new();
        for i in 0..MAX_ADDRESSES + 5 {
            kept = remember(Some(&kept), &format!("/?i={i}"), &urls(&["/x"]));
        }
        let list: Remembered = serde_json::from_str(&kept).unwrap();
        assert_eq!(list.len(), MAX_ADDRESSES);
        assert_eq!(list[0].0, "/?i=5");
        assert_eq!(
            list[MAX_ADDRESSES - 1].0,
            format!("/?i={}", MAX_ADDRESSES + 4)
        );
    }

    #[test]
    fn an_unreadable_record_starts_over() {
        let kept = remember(Some("{not json"), "/", &urls(&["/x"]));
        assert_eq!(kept, r#"[["/",["/x"]]]"#);
    }
}

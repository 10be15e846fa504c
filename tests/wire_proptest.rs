//! No input makes classify or a parser panic.

use bifrost_dashboard::wire::{
    classify, parse_db_list, parse_flow, parse_sync_list, percent_encode,
};
use proptest::prelude::*;

fn jsonish() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\\[\\]{}:,\"0-9a-zA-Z\\- .nulltruefalse]{0,60}",
        Just(r#"{"status":-1,"msg":"x"}"#.to_string()),
        Just(r#"{"SyncList":[{"ToServerList":[{"QueueMsgCount":1}]}]}"#.to_string()),
        Just(r#"[{"Time":1,"Count":2,"ByteSize":3}]"#.to_string()),
    ]
}

proptest! {
    #[test]
    fn nothing_panics(body in jsonish(), status in any::<u16>(), ct in proptest::option::of(any::<String>()), url in proptest::option::of(any::<String>())) {
        let _ = classify(status, ct.as_deref(), url.as_deref(), &body);
        let _ = parse_db_list(&body);
        let _ = parse_sync_list(&body);
        let _ = parse_flow(&body);
    }

    #[test]
    fn percent_encoding_is_ascii_and_reversible(s in any::<String>()) {
        let e = percent_encode(&s);
        prop_assert!(e.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
        // decode
        let bytes = e.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&e[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        prop_assert_eq!(String::from_utf8(out).unwrap(), s);
    }
}

//! `cargo xtask fleet`: the servers list read, both files written, bad lines named.
//! (Apart from `fleet.rs`, which the end-to-end support includes as it is.)

use crate::fleet::*;

const LIST: &str = "# the fleet\nprod-a https://10.0.0.5:21036 BifrostMonitor env:A_PW\n\n\
                    prod-b  http://bifrost-b.lan:21036/  mon  file:/etc/b.pw  # v1\n";

#[test]
fn one_list_gives_both_files_and_no_password_in_the_config() {
    let servers = parse_servers(LIST).expect("valid list");
    assert_eq!(servers.len(), 2);
    assert_eq!(servers[1].host_port, "bifrost-b.lan:21036");
    let nginx = nginx_servers(&servers, &|s| Ok(format!("pw-of-{}", s.name))).unwrap();
    assert!(nginx.contains("upstream bifrost_fleet_1 { server bifrost-b.lan:21036; }"));
    assert!(nginx.contains("\"prod-b\" \"http://bifrost_fleet_1\";"));
    let basic = bifrost_encoding::base64(b"BifrostMonitor:pw-of-prod-a");
    assert!(nginx.contains(&format!("\"prod-a\" \"Basic {basic}\";")));
    let config = config_json(&servers, "/bifrost/", Some(10));
    assert!(config.contains("{ \"name\": \"prod-b\", \"prefix\": \"/bifrost/prod-b/\" }"));
    assert!(config.contains("\"refresh\": 10"));
    assert!(!config.contains("pw-of") && !config.contains("Basic"));
}

#[test]
fn a_bad_line_is_named() {
    for (bad, what) in [
        ("a https://h:1 u secret", "never written"),
        ("a/b https://h:1 u env:X", "a name is"),
        ("a ftp://h:1 u env:X", "address"),
        ("a https://h u env:X", "address"),
        ("a https://h:1/x u env:X", "nothing after"),
        ("a https://h:1 u", "want"),
        ("a https://h:1 u env:X\na https://h:2 u env:X", "twice"),
        ("# nothing", "no server"),
    ] {
        let e = parse_servers(bad).expect_err(bad);
        assert!(e.contains(what), "{bad}: {e}");
    }
}

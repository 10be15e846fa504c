//! Errors grouped by cause: signatures, categories and groups, on the real samples and on
//! the failures operators report (a refused ClickHouse node, duplicate keys).

#[path = "fixtures/samples.rs"]
mod samples;

use bifrost_dashboard::model::causes::{
    category, group_causes, signature, Category, CauseGrouper, CauseHistory,
};
use bifrost_dashboard::model::rows::{sync_rows, SyncRow};
use bifrost_dashboard::wire::types::{SyncList, SyncTable, ToServer};
use bifrost_dashboard::wire::{parse_db_list, parse_sync_list};

/// Rows of one table per `(key, plugin, error)`.
fn rows(outputs: &[(&str, &str, String)]) -> Vec<SyncRow> {
    let tables = outputs
        .iter()
        .enumerate()
        .map(|(i, (key, plugin, error))| SyncTable {
            db_name: "src".into(),
            schema_name: "shop".into(),
            table_name: format!("t{i}"),
            to_server_list: vec![ToServer {
                to_server_id: 1,
                to_server_key: key.to_string(),
                plugin_name: plugin.to_string(),
                status: "running".into(),
                error: error.clone(),
                ..ToServer::default()
            }],
        })
        .collect();
    let list = SyncList {
        tables,
        ..SyncList::default()
    };
    sync_rows(&list, &Default::default())
}

#[test]
fn refused_nodes_and_duplicate_keys_are_two_causes() {
    let mut outputs = Vec::new();
    for i in 0..300 {
        let error = format!(
            "dial tcp 10.0.{}.{}:{}: connect: connection refused",
            i % 7,
            i % 250,
            9000 + i % 3
        );
        outputs.push(("ck1", "clickhouse", error));
    }
    for i in 0..100 {
        let error = format!(
            "Error 1062: Duplicate entry '{}' for key 'PRIMARY'",
            1000 + i
        );
        outputs.push(("mysqltarget", "mysql", error));
    }
    outputs.push(("bh1", "blackhole", String::new()));
    let rows = rows(&outputs);
    let causes = group_causes(&rows);
    assert_eq!(causes.len(), 2, "{causes:#?}");
    assert_eq!(causes[0].count(), 300);
    assert_eq!(causes[0].category, Category::ConnectionRefused);
    assert_eq!(causes[0].keys, ["ck1"]);
    assert_eq!(causes[0].plugins, ["clickhouse"]);
    assert_eq!(
        causes[0].signature,
        "dial tcp <addr>: connect: connection refused"
    );
    assert_eq!(causes[1].count(), 100);
    assert_eq!(causes[1].category, Category::DuplicateKey);
    assert_eq!(causes[1].keys, ["mysqltarget"]);
    assert_eq!(
        causes[1].signature,
        "Error #: Duplicate entry '…' for key '…'"
    );
    // Rows keep their order inside a group: the first is the example shown.
    assert!(causes[1].rows.windows(2).all(|w| w[0] < w[1]));
    assert!(causes[1]
        .rows
        .iter()
        .all(|&i| rows[i].to_server_key == "mysqltarget"));
}

#[test]
fn the_real_stack_trace_is_a_crash_whatever_its_goroutine() {
    let dbs = parse_db_list(&samples::read("live.db_list.json")).unwrap();
    let list = parse_sync_list(&samples::read("live.synclist.all.json")).unwrap();
    let real = sync_rows(&list, &dbs);
    let failing = real.iter().find(|r| !r.error.is_empty()).unwrap();
    assert_eq!(category(&failing.error), Category::Crash);
    assert_eq!(
        signature(&failing.error),
        "sendToServer:httpfail Commit Debug Err:goroutine # [running]:"
    );
    // Another goroutine number and other addresses: the same cause.
    let other = failing
        .error
        .replace("goroutine 991", "goroutine 17")
        .replace("0xc000095e40", "0xc000011111");
    assert_eq!(signature(&other), signature(&failing.error));
    let causes = group_causes(&real);
    assert_eq!(causes.len(), 1);
    assert_eq!(causes[0].keys, ["httpfail"]);
    assert_eq!(causes[0].plugins, ["http"]);
}

#[test]
fn the_refused_http_output_seen_on_a_real_bifrost() {
    let a = r#"Post "http://127.0.0.1:9/": dial tcp 127.0.0.1:9: connect: connection refused"#;
    let b =
        r#"Post "http://10.1.2.3:8080/hook": dial tcp 10.1.2.3:8080: connect: connection refused"#;
    assert_eq!(signature(a), signature(b));
    assert_eq!(
        signature(a),
        r#"Post "…": dial tcp <addr>: connect: connection refused"#
    );
    assert_eq!(category(a), Category::ConnectionRefused);
}

#[test]
fn categories_in_words() {
    let cases = [
        ("read tcp 10.0.0.1:4000: i/o timeout", Category::Timeout),
        ("context deadline exceeded", Category::Timeout),
        (
            "Error 1045: Access denied for user 'bifrost'@'10.0.0.2' (using password: YES)",
            Category::Authentication,
        ),
        (
            "code: 516, message: default: Authentication failed",
            Category::Authentication,
        ),
        (
            "Error 1146: Table 'sinkdb.orders' doesn't exist",
            Category::UnknownObject,
        ),
        (
            "code: 16, message: No such column user_id in table shop.orders",
            Category::UnknownObject,
        ),
        (
            "Error 1054: Unknown column 'x' in 'field list'",
            Category::UnknownObject,
        ),
        (
            "pq: duplicate key value violates unique constraint \"orders_pkey\"",
            Category::DuplicateKey,
        ),
        ("to server queue is full", Category::QueueFull),
        (
            "panic: runtime error: index out of range [3]",
            Category::Crash,
        ),
        ("something else entirely", Category::Other),
        ("", Category::Other),
    ];
    for (text, want) in cases {
        assert_eq!(category(text), want, "{text}");
    }
}

#[test]
fn signatures_keep_words_and_drop_values() {
    // Host names with ports are addresses too; positions and ids are numbers.
    assert_eq!(
        signature("dial tcp ck-node-3.internal:9000: connect: connection refused"),
        signature("dial tcp ck-node-12.internal:9440: connect: connection refused"),
    );
    assert_eq!(
        signature("binlog mysql-bin.000123 position 4567 not found"),
        "binlog mysql-bin.# position # not found"
    );
    // Blank lines before the cause, white space runs, and non-ASCII text.
    assert_eq!(
        signature("\n\n   写入失败  第 12 行\nmore"),
        "写入失败 第 # 行"
    );
    // An unclosed quote hides the rest of the line (it is a value).
    assert_eq!(signature("bad value 'abc"), "bad value '…");
    // A long first line is cut.
    let long = "x".repeat(1000);
    assert!(signature(&long).chars().count() <= 161);
    // Different words are different causes.
    assert_ne!(
        signature("connect: connection refused"),
        signature("connect: no route to host")
    );
}

#[test]
fn first_seen_is_kept_across_polls_and_forgotten_when_gone() {
    let refused = |ip: u8| format!("dial tcp 10.0.0.{ip}:9000: connect: connection refused");
    let mut history = CauseHistory::default();
    let mut first = group_causes(&rows(&[("ck1", "clickhouse", refused(1))]));
    history.observe(&mut first, 100);
    assert_eq!((first[0].first_seen, first[0].last_seen), (100, 100));
    let mut second = group_causes(&rows(&[
        ("ck1", "clickhouse", refused(2)),
        ("ck2", "clickhouse", refused(3)),
    ]));
    history.observe(&mut second, 160);
    assert_eq!((second[0].first_seen, second[0].last_seen), (100, 160));
    assert_eq!(second[0].keys, ["ck1", "ck2"]);
    // Recovered, then failing again: a new episode starts.
    history.observe(&mut [], 220);
    let mut again = group_causes(&rows(&[("ck1", "clickhouse", refused(4))]));
    history.observe(&mut again, 280);
    assert_eq!(again[0].first_seen, 280);
}

#[test]
fn ten_thousand_failing_outputs_with_a_handful_of_causes() {
    let trace = "\ngoroutine 1 [running]:\n".to_string() + &"\tframe +0x1f\n".repeat(300);
    let outputs: Vec<(&str, &str, String)> = (0..10_000)
        .map(|i| {
            let error = match i % 4 {
                0 => format!(
                    "dial tcp 10.0.{}.{}:9000: connect: connection refused",
                    i % 200,
                    i % 97
                ),
                1 => format!("Error 1062: Duplicate entry '{i}' for key 'PRIMARY'"),
                2 => format!("sendToServer:t{i} Commit Debug Err:goroutine {i} [running]:{trace}"),
                _ => format!(
                    "read tcp 10.1.0.{}:{}: i/o timeout",
                    i % 250,
                    40000 + i % 999
                ),
            };
            ("k", "p", error)
        })
        .collect();
    let causes = group_causes(&rows(&outputs));
    assert_eq!(
        causes.len(),
        4,
        "{:#?}",
        causes.iter().map(|c| &c.signature).collect::<Vec<_>>()
    );
    assert!(causes.iter().all(|c| c.count() == 2_500));
}

#[test]
fn the_grouper_remembers_signatures_and_forgets_outputs_gone() {
    let refused = |ip: u8| format!("dial tcp 10.0.0.{ip}:9000: connect: connection refused");
    let dup = "Error 1062: Duplicate entry '7' for key 'PRIMARY'".to_string();
    let mut grouper = CauseGrouper::default();
    let first = rows(&[
        ("ck1", "clickhouse", refused(1)),
        ("ck2", "clickhouse", refused(2)),
        ("my1", "mysql", dup.clone()),
    ]);
    let causes = grouper.group(&first);
    assert_eq!(causes, group_causes(&first));
    assert_eq!(causes.len(), 2);
    assert_eq!(grouper.known_outputs(), 3);
    // The same answer again: the same groups, from what was kept.
    assert_eq!(grouper.group(&first), causes);
    // The second output's error changes: it moves to its new cause at once.
    let changed = rows(&[
        ("ck1", "clickhouse", refused(1)),
        ("ck2", "clickhouse", dup.clone()),
        ("my1", "mysql", dup.clone()),
    ]);
    let regrouped = grouper.group(&changed);
    assert_eq!(regrouped, group_causes(&changed));
    assert_eq!(regrouped[0].signature, signature(&dup));
    assert_eq!(regrouped[0].rows, [1, 2]);
    assert_eq!(regrouped[1].rows, [0]);
    // The same outputs in another order: found through their keys, grouped as from nothing.
    let reversed: Vec<_> = changed.iter().rev().cloned().collect();
    assert_eq!(grouper.group(&reversed), group_causes(&reversed));
    assert_eq!(grouper.known_outputs(), 3);
    // An output that recovered and one that is gone leave the memory.
    let fewer = rows(&[
        ("ck1", "clickhouse", refused(1)),
        ("ck2", "clickhouse", String::new()),
    ]);
    assert_eq!(grouper.group(&fewer).len(), 1);
    assert_eq!(grouper.known_outputs(), 1);
    assert!(grouper.group(&[]).is_empty());
    assert_eq!(grouper.known_outputs(), 0);
}

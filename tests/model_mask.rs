//! DSN masking never leaks a password.

use bifrost_dashboard::model::mask::mask_dsn;
use proptest::prelude::*;

#[test]
fn go_mysql_dsn() {
    assert_eq!(
        mask_dsn("bifrost:bifrostpw@tcp(127.0.0.1:3307)/information_schema"),
        "bifrost:***@tcp(127.0.0.1:3307)/information_schema"
    );
    assert_eq!(
        mask_dsn("root:p@ss:w/rd@tcp(db:3306)/x"),
        "root:***@tcp(db:3306)/x"
    );
    assert_eq!(
        mask_dsn("root:@tcp(127.0.0.1:3306)/test"),
        "root:@tcp(127.0.0.1:3306)/test"
    );
    assert_eq!(
        mask_dsn("root@tcp(127.0.0.1:3306)/test"),
        "root@tcp(127.0.0.1:3306)/test"
    );
    assert_eq!(
        mask_dsn("u:secret@/db?loc=Asia/Shanghai"),
        "u:***@/db?loc=Asia/Shanghai"
    );
    assert_eq!(
        mask_dsn("u:secret@unix(/tmp/mysql.sock)/db"),
        "u:***@unix(/tmp/mysql.sock)/db"
    );
    assert_eq!(mask_dsn(""), "");
    assert_eq!(mask_dsn("blackhole"), "blackhole");
}

#[test]
fn urls() {
    assert_eq!(
        mask_dsn("http://127.0.0.1:9/bifrost"),
        "http://127.0.0.1:9/bifrost"
    );
    assert_eq!(
        mask_dsn("redis://:hunter2@host:6379/0"),
        "redis://:***@host:6379/0"
    );
    assert_eq!(
        mask_dsn("mongodb://u:p@ss@h1,h2/db"),
        "mongodb://u:***@h1,h2/db"
    );
    assert_eq!(mask_dsn("amqp://guest@host/"), "amqp://guest@host/");
    assert_eq!(
        mask_dsn("http://u:pw@h/path?x=1#a@b"),
        "http://u:***@h/path?x=1#a@b"
    );
}

#[test]
fn params() {
    assert_eq!(
        mask_dsn("host=h user=u password=secret dbname=d"),
        "host=h user=u password=*** dbname=d"
    );
    assert_eq!(
        mask_dsn("Server=h;Uid=u;Pwd=secret;"),
        "Server=h;Uid=u;Pwd=***;"
    );
    assert_eq!(
        mask_dsn("http://h/x?user=u&Password=s3&x=1"),
        "http://h/x?user=u&Password=***&x=1"
    );
    assert_eq!(
        mask_dsn("host=h password='a b c' port=1"),
        "host=h password=*** port=1"
    );
    assert_eq!(mask_dsn("token = abc"), "token = ***");
    assert_eq!(mask_dsn("password="), "password=");
    assert_eq!(mask_dsn("mypassword=x"), "mypassword=x", "only whole keys");
    assert_eq!(mask_dsn("é password=ü"), "é password=***");
    // found by proptest: a Go DSN whose password starts with "//" is not a URL
    assert_eq!(mask_dsn("a://!AAA@tcp(0:3306)/db"), "a:***@tcp(0:3306)/db");
}

proptest! {
    #[test]
    fn never_leaks_a_go_dsn_password(user in "[a-z]{1,8}", pw in "[!-~]{6,20}", host in "[a-z0-9.]{1,12}") {
        let dsn = format!("{user}:{pw}@tcp({host}:3306)/db");
        let m = mask_dsn(&dsn);
        prop_assume!(!format!("{user}:***@tcp({host}:3306)/db").contains(&pw));
        prop_assert!(!m.contains(&pw), "{} -> {}", dsn, m);
    }

    #[test]
    fn never_leaks_a_url_password(user in "[a-z]{1,8}", pw in "[a-zA-Z0-9@:!$]{6,20}", host in "[a-z]{1,12}") {
        let url = format!("mysql://{user}:{pw}@{host}/db");
        let m = mask_dsn(&url);
        prop_assume!(!format!("mysql://{user}:***@{host}/db").contains(&pw));
        prop_assert!(!m.contains(&pw), "{} -> {}", url, m);
    }

    #[test]
    fn never_panics(s in any::<String>()) {
        let _ = mask_dsn(&s);
    }
}

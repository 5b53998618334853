//! The benchmark's load generator, on a small load of every scenario: it starts the
//! real server, reports every figure `cargo xtask bench` promises, and loses nothing.
//! The figures themselves are the benchmark's business; here only their presence and
//! their arithmetic are checked.

use panneau_tests::process::server_binary;
use serde_json::Value;
use std::process::Command;

/// The figures every report carries.
const FIELDS: [&str; 14] = [
    "scenario",
    "clients",
    "boards",
    "sent",
    "expected",
    "delivered",
    "lost",
    "deliveries_per_s",
    "p50_us",
    "p99_us",
    "p999_us",
    "max_us",
    "server_rss_kb",
    "rss_per_conn_bytes",
];

/// Runs the generator and returns its reports, one per rate, after checking that each
/// names the scenario and carries every figure.
fn generate(scenario: &str, flags: &[&str]) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_panneau-load"))
        .arg(scenario)
        .arg("--server-bin")
        .arg(server_binary())
        .args(flags)
        .output()
        .expect("the load generator starts");
    assert!(
        out.status.success(),
        "{scenario} {flags:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reports: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}")))
        .collect();
    assert!(!reports.is_empty(), "{scenario} printed no report");
    for report in &reports {
        for field in FIELDS {
            assert!(report.get(field).is_some(), "{field} missing from {report}");
        }
        assert_eq!(report["scenario"], scenario, "{report}");
    }
    reports
}

fn figure(report: &Value, field: &str) -> u64 {
    report[field]
        .as_u64()
        .unwrap_or_else(|| panic!("{field} is not a count in {report}"))
}

/// Every move reached every other member of its board, and the latencies are ordered.
fn assert_complete_fan_out(report: &Value, per_board: u64) {
    let sent = figure(report, "sent");
    assert!(sent > 0, "nothing sent: {report}");
    assert_eq!(
        figure(report, "expected"),
        sent * (per_board - 1),
        "{report}"
    );
    assert_eq!(figure(report, "delivered"), figure(report, "expected"));
    assert_eq!(figure(report, "lost"), 0, "{report}");
    let p50 = figure(report, "p50_us");
    assert!(p50 > 0, "{report}");
    assert!(p50 <= figure(report, "p99_us"), "{report}");
    assert!(
        figure(report, "p99_us") <= figure(report, "max_us"),
        "{report}"
    );
}

#[test]
fn fanout_reaches_every_other_client_at_each_rate() {
    let flags = ["--clients", "6", "--rate", "20,40", "--duration", "1"];
    let reports = generate("fanout", &flags);
    assert_eq!(reports.len(), 2, "one report per rate");
    for report in &reports {
        assert_complete_fan_out(report, 6);
        assert!(figure(report, "server_rss_kb") > 0, "{report}");
    }
}

#[test]
fn boards_fan_out_within_each_board_only() {
    let flags = ["--boards", "3", "--clients", "4", "--duration", "1"];
    let report = &generate("boards", &flags)[0];
    assert_eq!(figure(report, "clients"), 12, "{report}");
    assert_eq!(figure(report, "boards"), 3, "{report}");
    assert_complete_fan_out(report, 4);
}

#[test]
fn idle_reports_server_memory_per_connection() {
    let report = &generate("idle", &["--clients", "40"])[0];
    assert_eq!(figure(report, "clients"), 40, "{report}");
    assert!(figure(report, "server_rss_kb") > 0, "{report}");
    figure(report, "rss_per_conn_bytes");
}

#[test]
fn ack_counts_every_acknowledged_command() {
    let flags = ["--clients", "2", "--rate", "20", "--duration", "1"];
    let report = &generate("ack", &flags)[0];
    assert!(figure(report, "sent") > 0, "{report}");
    assert_eq!(figure(report, "lost"), 0, "{report}");
    assert!(figure(report, "p50_us") > 0, "{report}");
}

#[test]
fn the_floors_run_the_same_loads() {
    for relay in ["tcp", "ws", "durable"] {
        let fanout = &generate(
            &format!("{relay}-fanout"),
            &["--clients", "5", "--duration", "1"],
        )[0];
        assert_complete_fan_out(fanout, 5);
        let flags = ["--boards", "2", "--clients", "3", "--duration", "1"];
        let boards = &generate(&format!("{relay}-boards"), &flags)[0];
        assert_complete_fan_out(boards, 3);
    }
}

#[test]
fn fsync_times_each_durable_append() {
    let report = &generate("fsync", &["--rate", "50", "--duration", "1"])[0];
    assert!(figure(report, "sent") > 0, "{report}");
    assert!(figure(report, "p50_us") > 0, "{report}");
}

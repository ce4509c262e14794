//! `--csv` on the listing commands: the same rows as `--json`, each field a
//! column (nested fields as `a.b`, lists of plain values joined by `; `).

mod common;
use common::*;
use serde_json::Value;
use std::collections::HashMap;

/// Every plain field of a JSON row by its column name, as its CSV cell
/// should read.
fn leaves(v: &Value, prefix: &str, out: &mut HashMap<String, String>) {
    let Value::Object(map) = v else {
        panic!("a row is not an object: {v}");
    };
    for (k, v) in map {
        let name = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        let cell = match v {
            Value::Object(_) => {
                leaves(v, &name, out);
                continue;
            }
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            Value::Array(items) if items.iter().all(|i| !i.is_array() && !i.is_object()) => items
                .iter()
                .map(|i| match i {
                    Value::String(s) => s.clone(),
                    Value::Null => String::new(),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join("; "),
            other => other.to_string(),
        };
        out.insert(name, cell);
    }
}

/// Cells are equal, numbers within a float's rounding: the date-wise
/// scores are sums in an order that may vary between two runs.
fn same_cell(got: &str, want: &str) -> bool {
    if got == want {
        return true;
    }
    match (
        serde_json::from_str::<Value>(got),
        serde_json::from_str::<Value>(want),
    ) {
        (Ok(a), Ok(b)) => same_json(&a, &b),
        _ => false,
    }
}

fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            (x - y).abs() <= 1e-6 * x.abs().max(y.abs()).max(1.0)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

/// Runs `args --json` and `args --csv` and checks that the CSV's header and
/// rows hold the JSON rows, field by field.
fn csv_matches_json(data: &std::path::Path, args: &[&str]) -> usize {
    let json = run_ok(data, &[args, &["--json"]].concat());
    let rows = json.json_lines();
    let csv_run = run_ok(data, &[args, &["--csv"]].concat());
    let mut reader = csv::Reader::from_reader(csv_run.stdout.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(
        records.len(),
        rows.len(),
        "{args:?}: one CSV row per JSON row"
    );
    for (row, rec) in rows.iter().zip(&records) {
        let mut want = HashMap::new();
        leaves(row, "", &mut want);
        for (name, value) in &want {
            let col = header
                .iter()
                .position(|h| h == name)
                .unwrap_or_else(|| panic!("{args:?}: no column {name} in {header:?}"));
            assert!(
                same_cell(&rec[col], value),
                "{args:?}: column {name}: {} vs {value}",
                &rec[col]
            );
        }
        // No column the row lacks holds anything.
        for (i, h) in header.iter().enumerate() {
            if !want.contains_key(h) {
                assert_eq!(&rec[i], "", "{args:?}: column {h}");
            }
        }
    }
    rows.len()
}

#[test]
fn csv_listings_hold_the_json_rows_of_events_timelines_quotes_and_entities() {
    let (_tmp, data) = seeded_data_dir();
    assert!(csv_matches_json(&data, &["events"]) >= 3);
    assert_eq!(csv_matches_json(&data, &["timeline", "Jolani"]), 3);
    assert!(csv_matches_json(&data, &["timeline", "Jolani", "--days", "3"]) >= 1);
    assert!(csv_matches_json(&data, &["quotes", "--speaker", "Jolani"]) >= 3);
    assert!(csv_matches_json(&data, &["entities", "--type", "person"]) >= 3);
}

#[test]
fn csv_and_json_together_is_a_usage_error() {
    let (_tmp, data) = seeded_data_dir();
    assert_eq!(run(&data, &["events", "--csv", "--json"]).code, 2);
}

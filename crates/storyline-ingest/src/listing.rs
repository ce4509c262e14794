//! Listings as CSV: the rows a listing gives as JSON (events, timeline
//! entries, quotes, entities) flattened into one table, for the CLI's
//! `--csv` and the server's `format=csv`. A nested object's fields become
//! columns named by their path (`date.kind`); a list of plain values is one
//! cell, its values joined by `; `; a list of objects is one cell holding
//! its JSON. The columns are every field of every row, in the order first
//! seen (an object's fields by name); a row without a field leaves its cell
//! empty.

use serde_json::{Map, Value};
use std::io::Write;

/// Joins the values of a list of plain values in one cell.
pub const LIST_SEPARATOR: &str = "; ";

/// One row's cells by column name, in the order its fields come.
pub fn flatten(row: &Value) -> Vec<(String, String)> {
    let mut cells = Vec::new();
    match row {
        Value::Object(map) => flatten_into(map, "", &mut cells),
        other => cells.push(("value".to_string(), cell(other))),
    }
    cells
}

fn flatten_into(map: &Map<String, Value>, prefix: &str, cells: &mut Vec<(String, String)>) {
    for (key, value) in map {
        let name = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            Value::Object(inner) => flatten_into(inner, &name, cells),
            other => cells.push((name, cell(other))),
        }
    }
}

/// A value as one cell's text.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(_) | Value::Number(_) => v.to_string(),
        Value::Array(items) if items.iter().all(is_plain) => items
            .iter()
            .map(cell)
            .collect::<Vec<_>>()
            .join(LIST_SEPARATOR),
        Value::Array(_) | Value::Object(_) => v.to_string(),
    }
}

fn is_plain(v: &Value) -> bool {
    !matches!(v, Value::Array(_) | Value::Object(_))
}

/// Writes `rows` as CSV with a header line: see the module's rules.
pub fn write_csv<W: Write>(rows: &[Value], out: W) -> Result<(), csv::Error> {
    let flat: Vec<Vec<(String, String)>> = rows.iter().map(flatten).collect();
    let mut columns: Vec<&str> = Vec::new();
    for row in &flat {
        for (name, _) in row {
            if !columns.contains(&name.as_str()) {
                columns.push(name);
            }
        }
    }
    let mut w = csv::Writer::from_writer(out);
    w.write_record(&columns)?;
    for row in &flat {
        w.write_record(columns.iter().map(|c| {
            row.iter()
                .find(|(name, _)| name == c)
                .map_or("", |(_, v)| v.as_str())
        }))?;
    }
    w.flush()?;
    Ok(())
}

/// [`write_csv`] into a string.
pub fn to_csv(rows: &[Value]) -> Result<String, csv::Error> {
    let mut buf = Vec::new();
    write_csv(rows, &mut buf)?;
    // The writer is given only `str` cells, so the bytes are UTF-8.
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_fields_become_path_columns_and_lists_one_cell() {
        let rows = vec![
            json!({"id": 1, "date": {"kind": "stated", "day": "2012-03-10"},
                   "terms": ["annan", "damascus"], "members": [{"a": 1}]}),
            json!({"id": 2, "date": {"kind": "undated"}, "extra": true, "note": null}),
        ];
        let text = to_csv(&rows).unwrap();
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(
            header,
            [
                "date.day",
                "date.kind",
                "id",
                "members",
                "terms",
                "extra",
                "note"
            ]
        );
        let rows: Vec<Vec<String>> = r
            .records()
            .map(|x| x.unwrap().iter().map(String::from).collect())
            .collect();
        assert_eq!(
            rows[0],
            [
                "2012-03-10",
                "stated",
                "1",
                "[{\"a\":1}]",
                "annan; damascus",
                "",
                ""
            ]
        );
        assert_eq!(rows[1], ["", "undated", "2", "", "", "true", ""]);
    }

    #[test]
    fn cells_with_commas_quotes_and_newlines_read_back_whole() {
        let hostile = "He said, \"no\"\nthen =cmd|' /C calc'!A0";
        let text = to_csv(&[json!({"text": hostile})]).unwrap();
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let rec = r.records().next().unwrap().unwrap();
        assert_eq!(&rec[0], hostile);
    }

    #[test]
    fn no_rows_is_an_empty_header() {
        assert_eq!(to_csv(&[]).unwrap(), "\"\"\n");
    }
}

//! Output helpers shared by the listing commands: aligned text tables for
//! people, JSON Lines and CSV for programs and spreadsheets.

use serde::Serialize;
use std::io::{self, Write};

/// Writes one JSON object per line to stdout.
pub fn json_lines<T: Serialize>(items: impl IntoIterator<Item = T>) -> anyhow::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for item in items {
        serde_json::to_writer(&mut out, &item)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

/// Writes the rows as CSV to stdout: the fields `json_lines` would print,
/// flattened into columns (see `storyline_ingest::listing`).
pub fn csv_rows<T: Serialize>(items: impl IntoIterator<Item = T>) -> anyhow::Result<()> {
    // Through JSON text, so numbers read as --json prints them (an `f32`
    // as its shortest form, not widened to `f64`).
    let rows = items
        .into_iter()
        .map(|i| serde_json::to_string(&i).and_then(|t| serde_json::from_str(&t)))
        .collect::<Result<Vec<serde_json::Value>, _>>()?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    storyline_ingest::listing::write_csv(&rows, &mut out)?;
    out.flush()?;
    Ok(())
}

/// Writes `items` as JSON Lines when `json` is set, else as CSV when `csv`
/// is; false when neither is, for the caller to print its table.
pub fn json_or_csv<T: Serialize>(
    json: bool,
    csv: bool,
    items: impl IntoIterator<Item = T>,
) -> anyhow::Result<bool> {
    if json {
        json_lines(items)?;
    } else if csv {
        csv_rows(items)?;
    }
    Ok(json || csv)
}

/// Shortens `s` to at most `max` characters, with an ellipsis when cut.
pub fn truncate(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        s
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// A group's cell on its first row (`i == 0`), blank on the rows of its
/// other members.
pub fn first_row_only(i: usize, cell: String) -> String {
    if i == 0 {
        cell
    } else {
        String::new()
    }
}

/// A syndication group member's similarity column: its Jaccard with the
/// canonical member and the share of its text found in it.
pub fn similarity_to_canonical(similarity: f64, contained: f64) -> String {
    format!("{similarity:.2} ({:.0}% in canonical)", contained * 100.0)
}

/// A text table with a header row; columns are padded to their widest cell.
pub struct Table {
    header: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: Vec<&'static str>) -> Self {
        Table {
            header,
            rows: Vec::new(),
        }
    }

    /// Prints `items` under `header`, one row each.
    pub fn print_rows<T>(
        header: Vec<&'static str>,
        items: impl IntoIterator<Item = T>,
        row: impl FnMut(T) -> Vec<String>,
    ) -> anyhow::Result<()> {
        let rows = items.into_iter().map(row).collect();
        Table { header, rows }.print()
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn print(&self) -> anyhow::Result<()> {
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for r in &self.rows {
            for (i, c) in r.iter().enumerate() {
                widths[i] = widths[i].max(c.chars().count());
            }
        }
        let stdout = io::stdout();
        let mut out = io::BufWriter::new(stdout.lock());
        let line = |cells: Vec<&str>, out: &mut dyn Write| -> io::Result<()> {
            let last = cells.len() - 1;
            for (i, c) in cells.iter().enumerate() {
                if i == last {
                    writeln!(out, "{c}")?;
                } else {
                    let pad = widths[i] - c.chars().count();
                    write!(out, "{c}{}  ", " ".repeat(pad))?;
                }
            }
            Ok(())
        };
        line(self.header.clone(), &mut out)?;
        for r in &self.rows {
            line(r.iter().map(String::as_str).collect(), &mut out)?;
        }
        out.flush()?;
        Ok(())
    }
}

/// `YYYY-MM-DD`, or `undated`.
pub fn date_or_undated(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "undated".into())
}

/// Parses a `YYYY-MM-DD` argument.
pub fn parse_day(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date: expected YYYY-MM-DD"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncate_counts_characters_not_bytes() {
        assert_eq!(truncate("Idlib  province", 40), "Idlib province");
        assert_eq!(truncate("ééééé", 3), "éé…");
    }
}

//! SQL that both backends run alike, for store code written once instead of
//! once per backend: [`Sql`] runs a statement on an SQLite connection or a
//! PostgreSQL client, with parameters ([`Param`]) and result cells
//! ([`Row`]) of the few types that code needs. Statements number their
//! parameters `$1`, `$2`, … and use only syntax both dialects read;
//! SQLite receives them as `?1`, `?2`, ….
//!
//! [`SqlStore`] gives such code a backend's connection, for reading or
//! inside one transaction.

use crate::StoreError;

/// A statement parameter.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Param<'a> {
    /// An integer (a BIGINT on PostgreSQL), or NULL.
    Int(Option<i64>),
    /// Text, or NULL.
    Text(Option<&'a str>),
}

impl<'a> From<&'a str> for Param<'a> {
    fn from(s: &'a str) -> Self {
        Param::Text(Some(s))
    }
}

impl<'a> From<&'a String> for Param<'a> {
    fn from(s: &'a String) -> Self {
        Param::Text(Some(s))
    }
}

impl<'a> From<&'a Option<String>> for Param<'a> {
    fn from(s: &'a Option<String>) -> Self {
        Param::Text(s.as_deref())
    }
}

impl From<i64> for Param<'_> {
    fn from(n: i64) -> Self {
        Param::Int(Some(n))
    }
}

impl From<Option<i64>> for Param<'_> {
    fn from(n: Option<i64>) -> Self {
        Param::Int(n)
    }
}

/// One cell of a result row.
#[derive(Clone, Debug, PartialEq)]
enum Cell {
    Null,
    Int(i64),
    /// A floating-point number (a REAL, or a DOUBLE PRECISION on PostgreSQL).
    Real(f64),
    Text(String),
    /// Only PostgreSQL has booleans (SQLite answers 0 or 1).
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    Bool(bool),
}

/// One result row, its cells read by column number.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Row(Vec<Cell>);

impl Row {
    fn cell(&self, i: usize) -> Result<&Cell, StoreError> {
        self.0
            .get(i)
            .ok_or_else(|| StoreError::Corrupt(format!("a result row has no column {i}")))
    }

    fn mismatch(&self, i: usize, wanted: &str) -> StoreError {
        StoreError::Corrupt(format!(
            "column {i} holds {:?}, not {wanted}",
            self.0.get(i)
        ))
    }

    /// Text, or NULL.
    pub(crate) fn opt_text(&self, i: usize) -> Result<Option<String>, StoreError> {
        match self.cell(i)? {
            Cell::Null => Ok(None),
            Cell::Text(s) => Ok(Some(s.clone())),
            _ => Err(self.mismatch(i, "text")),
        }
    }

    /// Text, not NULL.
    pub(crate) fn text(&self, i: usize) -> Result<String, StoreError> {
        self.opt_text(i)?.ok_or_else(|| self.mismatch(i, "text"))
    }

    /// An integer, or NULL.
    pub(crate) fn opt_int(&self, i: usize) -> Result<Option<i64>, StoreError> {
        match self.cell(i)? {
            Cell::Null => Ok(None),
            Cell::Int(n) => Ok(Some(*n)),
            _ => Err(self.mismatch(i, "an integer")),
        }
    }

    /// An integer, not NULL.
    pub(crate) fn int(&self, i: usize) -> Result<i64, StoreError> {
        self.opt_int(i)?
            .ok_or_else(|| self.mismatch(i, "an integer"))
    }

    /// A floating-point number, not NULL (an integer reads as its value:
    /// SQLite may hand a whole REAL back as one).
    pub(crate) fn real(&self, i: usize) -> Result<f64, StoreError> {
        self.opt_real(i)?
            .ok_or_else(|| self.mismatch(i, "a number"))
    }

    /// A floating-point number (as [`Row::real`]), or NULL.
    pub(crate) fn opt_real(&self, i: usize) -> Result<Option<f64>, StoreError> {
        match self.cell(i)? {
            Cell::Null => Ok(None),
            Cell::Real(x) => Ok(Some(*x)),
            Cell::Int(n) => Ok(Some(*n as f64)),
            _ => Err(self.mismatch(i, "a number")),
        }
    }

    /// A day, or NULL: ISO text (`YYYY-MM-DD`) on SQLite, a DATE on
    /// PostgreSQL (read as that text); text that is no day reads as NULL.
    pub(crate) fn opt_day(&self, i: usize) -> Result<Option<chrono::NaiveDate>, StoreError> {
        Ok(self
            .opt_text(i)?
            .and_then(|s| chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()))
    }

    /// A truth value: a boolean (PostgreSQL) or an integer (SQLite, 0 is
    /// false).
    pub(crate) fn flag(&self, i: usize) -> Result<bool, StoreError> {
        match self.cell(i)? {
            Cell::Bool(b) => Ok(*b),
            Cell::Int(n) => Ok(*n != 0),
            _ => Err(self.mismatch(i, "a truth value")),
        }
    }
}

/// A connection statements run on.
pub(crate) trait Sql {
    /// Runs a statement; the number of rows it changed.
    fn execute(&mut self, sql: &str, params: &[Param<'_>]) -> Result<u64, StoreError>;

    /// Runs a query; its rows.
    fn query(&mut self, sql: &str, params: &[Param<'_>]) -> Result<Vec<Row>, StoreError>;

    /// Runs a query; its first row, if any.
    fn query_opt(&mut self, sql: &str, params: &[Param<'_>]) -> Result<Option<Row>, StoreError> {
        Ok(self.query(sql, params)?.into_iter().next())
    }
}

/// A backend whose connection [`Sql`] code can use.
pub(crate) trait SqlStore {
    /// Runs `work` on the connection (each statement commits on its own).
    fn with_sql<T>(
        &self,
        work: impl FnOnce(&mut dyn Sql) -> Result<T, StoreError>,
    ) -> Result<T, StoreError>;

    /// Runs `work` in one transaction and commits what it did; an error
    /// leaves nothing.
    fn with_sql_transaction<T>(
        &mut self,
        work: impl FnOnce(&mut dyn Sql) -> Result<T, StoreError>,
    ) -> Result<T, StoreError>;
}

/// `$1`, `$2`, … as SQLite's `?1`, `?2`, ….
fn sqlite_placeholders(sql: &str) -> String {
    sql.replace('$', "?")
}

impl Sql for &rusqlite::Connection {
    fn execute(&mut self, sql: &str, params: &[Param<'_>]) -> Result<u64, StoreError> {
        let mut stmt = self.prepare_cached(&sqlite_placeholders(sql))?;
        Ok(stmt.execute(sqlite_params(params))? as u64)
    }

    fn query(&mut self, sql: &str, params: &[Param<'_>]) -> Result<Vec<Row>, StoreError> {
        let mut stmt = self.prepare_cached(&sqlite_placeholders(sql))?;
        let rows = stmt.query_map(sqlite_params(params), sqlite_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// An SQLite result row as a [`Row`] (for code that reads rows alike on
/// both backends from a statement of its own).
pub(crate) fn sqlite_row(r: &rusqlite::Row) -> rusqlite::Result<Row> {
    (0..r.as_ref().column_count())
        .map(|i| {
            use rusqlite::types::ValueRef;
            Ok(match r.get_ref(i)? {
                ValueRef::Null => Cell::Null,
                ValueRef::Integer(n) => Cell::Int(n),
                ValueRef::Real(x) => Cell::Real(x),
                ValueRef::Text(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
                other => {
                    return Err(rusqlite::Error::InvalidColumnType(
                        i,
                        format!("{other:?}"),
                        other.data_type(),
                    ))
                }
            })
        })
        .collect::<rusqlite::Result<Vec<Cell>>>()
        .map(Row)
}

fn sqlite_params<'p>(
    params: &'p [Param<'_>],
) -> rusqlite::ParamsFromIter<impl Iterator<Item = &'p dyn rusqlite::ToSql>> {
    rusqlite::params_from_iter(params.iter().map(|p| match p {
        Param::Int(n) => n as &dyn rusqlite::ToSql,
        Param::Text(s) => s as &dyn rusqlite::ToSql,
    }))
}

#[cfg(feature = "postgres")]
pub(crate) use pg::pg_row;

#[cfg(feature = "postgres")]
mod pg {
    use super::{Cell, Param, Row, Sql};
    use crate::StoreError;
    use postgres::types::{ToSql, Type};
    use postgres::GenericClient;

    fn pg_params<'p>(params: &'p [Param<'_>]) -> Vec<&'p (dyn ToSql + Sync)> {
        params
            .iter()
            .map(|p| match p {
                Param::Int(n) => n as &(dyn ToSql + Sync),
                Param::Text(s) => s as &(dyn ToSql + Sync),
            })
            .collect()
    }

    /// A PostgreSQL result row as a [`Row`] (for code that reads rows alike
    /// on both backends from a statement of its own).
    pub(crate) fn pg_row(r: &postgres::Row) -> Result<Row, StoreError> {
        let cells = r
            .columns()
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let ty = c.type_();
                Ok(if *ty == Type::INT8 {
                    r.try_get::<_, Option<i64>>(i)?
                        .map_or(Cell::Null, Cell::Int)
                } else if *ty == Type::INT4 {
                    r.try_get::<_, Option<i32>>(i)?
                        .map_or(Cell::Null, |n| Cell::Int(n.into()))
                } else if *ty == Type::FLOAT8 {
                    r.try_get::<_, Option<f64>>(i)?
                        .map_or(Cell::Null, Cell::Real)
                } else if *ty == Type::DATE {
                    r.try_get::<_, Option<chrono::NaiveDate>>(i)?
                        .map_or(Cell::Null, |d| Cell::Text(d.format("%Y-%m-%d").to_string()))
                } else if *ty == Type::BOOL {
                    r.try_get::<_, Option<bool>>(i)?
                        .map_or(Cell::Null, Cell::Bool)
                } else {
                    r.try_get::<_, Option<String>>(i)?
                        .map_or(Cell::Null, Cell::Text)
                })
            })
            .collect::<Result<Vec<Cell>, StoreError>>()?;
        Ok(Row(cells))
    }

    fn execute(
        c: &mut impl GenericClient,
        sql: &str,
        params: &[Param<'_>],
    ) -> Result<u64, StoreError> {
        Ok(c.execute(sql, &pg_params(params))?)
    }

    fn query(
        c: &mut impl GenericClient,
        sql: &str,
        params: &[Param<'_>],
    ) -> Result<Vec<Row>, StoreError> {
        c.query(sql, &pg_params(params))?
            .iter()
            .map(pg_row)
            .collect()
    }

    impl Sql for postgres::Client {
        fn execute(&mut self, sql: &str, params: &[Param<'_>]) -> Result<u64, StoreError> {
            execute(self, sql, params)
        }

        fn query(&mut self, sql: &str, params: &[Param<'_>]) -> Result<Vec<Row>, StoreError> {
            query(self, sql, params)
        }
    }

    impl Sql for postgres::Transaction<'_> {
        fn execute(&mut self, sql: &str, params: &[Param<'_>]) -> Result<u64, StoreError> {
            execute(self, sql, params)
        }

        fn query(&mut self, sql: &str, params: &[Param<'_>]) -> Result<Vec<Row>, StoreError> {
            query(self, sql, params)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_reads_dollar_placeholders_by_their_number() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let mut c = &conn;
        let rows = c
            .query(
                "SELECT $2, $1, $2 IS NULL, NULL",
                &[Param::Int(Some(7)), Param::Text(Some("x"))],
            )
            .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].text(0).unwrap(), "x");
        assert_eq!(rows[0].int(1).unwrap(), 7);
        assert!(!rows[0].flag(2).unwrap());
        assert_eq!(rows[0].opt_text(3).unwrap(), None);
        assert!(rows[0].int(0).is_err(), "text is not read as a number");
    }
}

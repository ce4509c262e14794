//! The store contract suite against the SQLite backend, in memory and on disk.

use storyline_store::{contract, SqliteStore, Store};

#[test]
fn sqlite_in_memory_meets_the_store_contract() {
    contract::run_all(&|| Box::new(SqliteStore::open_in_memory().unwrap()) as Box<dyn Store>);
}

#[test]
fn sqlite_on_disk_meets_the_store_contract() {
    let dir = tempfile::tempdir().unwrap();
    let counter = std::cell::Cell::new(0);
    contract::run_all(&|| {
        counter.set(counter.get() + 1);
        let path = dir.path().join(format!("db{}.sqlite", counter.get()));
        Box::new(SqliteStore::open(&path).unwrap()) as Box<dyn Store>
    });
}

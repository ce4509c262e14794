//! The embedded system of record: SQLite through rusqlite (bundled), in WAL
//! mode, with versioned schema migrations tracked in `PRAGMA user_version`.

use crate::backend::{
    article_columns_of, check_current, check_not_newer, event_sort_day, get_by_prefix, provenance,
    record_from_json, to_json, ARTICLE_COLUMNS,
};
use crate::{
    ArticleQuery, EntityDetail, EntitySummary, EventUpdate, FingerprintEntry, PutOutcome,
    QuoteBankEntry, SiteLines, Stats, Store, StoreError, StoredArticle,
};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Row};
use std::path::Path;
use storyline_model::{
    AliasRule, Annotations, Article, ArticleId, DupLink, Entity, EntityKind, EventRecord,
    GroupMember, NameLink, NameNode, Published, RemovedBlock, SourceFormat, StoryRecord,
    SyndicationGroup,
};

/// The write-ahead log beside a database file (`storyline.sqlite-wal`).
fn wal_path(db: &Path) -> std::path::PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-wal");
    name.into()
}

/// A file path as the path of an SQLite `file:` URI: bytes other than
/// letters, digits, `/` and `-._~` percent-encoded.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for &b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Schema migrations, applied in order; the database's `user_version` is the
/// number applied. Never edit a released migration: add a new file and append
/// it here.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_articles.sql"),
    include_str!("../migrations/0002_syndication.sql"),
    include_str!("../migrations/0003_annotations.sql"),
    include_str!("../migrations/0004_events.sql"),
    include_str!("../migrations/0005_sitelines.sql"),
    include_str!("../migrations/0006_language_codes.sql"),
    include_str!("../migrations/0007_name_lookup.sql"),
    include_str!("../migrations/0008_entity_events.sql"),
];

/// The SQLite-backed [`Store`].
pub struct SqliteStore {
    conn: Connection,
    /// For a read-only connection opened `immutable` (no writer had the
    /// database open): what tells that a writer has been at work since.
    snapshot_of: Option<Snapshot>,
}

/// The state of a database file an `immutable` connection reads. A writer
/// since then shows by its write-ahead log, or, once it has closed (and
/// moved the log into the file), by the file's size or modification time.
struct Snapshot {
    db: std::path::PathBuf,
    wal: std::path::PathBuf,
    stamp: Option<(u64, std::time::SystemTime)>,
}

impl Snapshot {
    fn stamp(db: &Path) -> Option<(u64, std::time::SystemTime)> {
        let m = std::fs::metadata(db).ok()?;
        Some((m.len(), m.modified().ok()?))
    }

    fn is_stale(&self) -> bool {
        self.wal.exists() || Self::stamp(&self.db) != self.stamp
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and migrates it.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let conn = Connection::open(path)?;
        Self::init(conn)
    }

    /// Opens an existing database for reading only: no migration, no write,
    /// no lock beyond SQLite's shared read locks. In WAL mode it reads the
    /// latest committed state while another process writes.
    ///
    /// Nothing in the directory is created or changed. While a writer has
    /// the database open (its write-ahead log `-wal` exists) the connection
    /// is `mode=ro` and reads through that log. Otherwise it opens the file
    /// `immutable`: SQLite in `mode=ro` would create the `-wal` and `-shm`
    /// files (and fail in a read-only folder). Such a connection reads the
    /// file as it is; [`Store::misses_writes`] tells when a writer has
    /// started since, and a long-lived reader (the server) then opens a new
    /// connection.
    pub fn open_read_only(path: &Path) -> Result<Self, StoreError> {
        if !path.is_file() {
            return Err(StoreError::Missing(path.display().to_string()));
        }
        let wal = wal_path(path);
        let immutable = !wal.exists();
        let stamp = Snapshot::stamp(path);
        let uri = format!(
            "file:{}?{}",
            uri_path(path),
            if immutable { "immutable=1" } else { "mode=ro" }
        );
        let conn = Connection::open_with_flags(
            uri,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        check_current(version, MIGRATIONS.len() as i64)?;
        Ok(SqliteStore {
            conn,
            snapshot_of: immutable.then(|| Snapshot {
                db: path.to_path_buf(),
                wal,
                stamp,
            }),
        })
    }

    /// An in-memory database, for tests.
    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<Self, StoreError> {
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&mut conn)?;
        Ok(SqliteStore {
            conn,
            snapshot_of: None,
        })
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    check_not_newer(version, MIGRATIONS.len() as i64)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

fn corrupt(what: &str) -> rusqlite::Error {
    rusqlite::Error::InvalidColumnType(0, what.to_string(), rusqlite::types::Type::Text)
}

fn row_to_article(row: &Row) -> rusqlite::Result<StoredArticle> {
    let date: Option<String> = row.get(8)?;
    let date = match date {
        Some(d) => {
            Some(NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|_| corrupt("published_date"))?)
        }
        None => None,
    };
    let provenance = provenance(
        row.get(9)?,
        row.get::<_, Option<f64>>(10).ok().flatten(),
        row.get(11)?,
        row.get(12)?,
    );
    let format: String = row.get(14)?;
    Ok(StoredArticle {
        seq: row.get(0)?,
        article: Article {
            id: ArticleId(row.get(1)?),
            path: row.get(2)?,
            url: row.get(3)?,
            source: row.get(4)?,
            source_provenance: None,
            external_id: row.get(5)?,
            title: row.get(6)?,
            text: row.get(7)?,
            published: Published { date, provenance },
            language: row.get(13)?,
            format: SourceFormat::parse(&format).ok_or_else(|| corrupt("format"))?,
            raw_sha256: row.get(15)?,
            dateline: row.get(16)?,
            wire_credit: row.get(17)?,
            removed: Vec::new(),
        },
    })
}

impl SqliteStore {
    fn load_removed(&self, articles: &mut [StoredArticle]) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT span_start, span_end, text, reason FROM removed_blocks \
             WHERE article_seq = ?1 ORDER BY ord",
        )?;
        for a in articles.iter_mut() {
            a.article.removed = stmt
                .query_map([a.seq], |r| {
                    Ok(RemovedBlock {
                        span: (r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize),
                        text: r.get(2)?,
                        reason: r.get(3)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
        }
        Ok(())
    }

    fn query_articles(
        &self,
        sql: &str,
        params: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<StoredArticle>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows: Vec<StoredArticle> = stmt
            .query_map(params, row_to_article)?
            .collect::<Result<_, _>>()?;
        self.load_removed(&mut rows)?;
        Ok(rows)
    }
}

impl Store for SqliteStore {
    fn put_articles_counting(
        &mut self,
        articles: &[Article],
        lines: &[Option<SiteLines>],
    ) -> Result<Vec<PutOutcome>, StoreError> {
        let tx = self.conn.transaction()?;
        let mut outcomes = Vec::with_capacity(articles.len());
        {
            let mut insert = tx.prepare_cached(&format!(
                "INSERT OR IGNORE INTO articles ({}, word_count) VALUES \
                 (NULL, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
                ARTICLE_COLUMNS
            ))?;
            let mut insert_removed = tx.prepare_cached(
                "INSERT INTO removed_blocks (article_seq, ord, span_start, span_end, text, reason) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for a in articles {
                let prov = a.published.provenance.as_ref();
                let changed = insert.execute(params![
                    a.id.as_str(),
                    a.path,
                    a.url,
                    a.source,
                    a.external_id,
                    a.title,
                    a.text,
                    a.published.date.map(|d| d.format("%Y-%m-%d").to_string()),
                    prov.map(|p| p.rule.as_str()),
                    prov.map(|p| p.confidence as f64),
                    prov.and_then(|p| p.span).map(|s| s.0 as i64),
                    prov.and_then(|p| p.span).map(|s| s.1 as i64),
                    a.language,
                    a.format.as_str(),
                    a.raw_sha256,
                    a.dateline,
                    a.wire_credit,
                    a.word_count() as i64,
                ])?;
                if changed == 0 {
                    outcomes.push(PutOutcome::Unchanged);
                    continue;
                }
                let seq = tx.last_insert_rowid();
                for (ord, r) in a.removed.iter().enumerate() {
                    insert_removed.execute(params![
                        seq,
                        ord as i64,
                        r.span.0 as i64,
                        r.span.1 as i64,
                        r.text,
                        r.reason
                    ])?;
                }
                outcomes.push(PutOutcome::New(seq));
            }
            let (per_line, per_site) = crate::site_line_increments(lines, |i| {
                matches!(outcomes.get(i), Some(PutOutcome::New(_)))
            });
            let mut add_line = tx.prepare_cached(
                "INSERT INTO site_lines (site, line_key, docs) VALUES (?1, ?2, ?3) \
                 ON CONFLICT (site, line_key) DO UPDATE SET docs = docs + excluded.docs",
            )?;
            for (site, key, n) in &per_line {
                add_line.execute(params![site, *key as i64, n])?;
            }
            let mut add_site = tx.prepare_cached(
                "INSERT INTO site_docs (site, docs) VALUES (?1, ?2) \
                 ON CONFLICT (site) DO UPDATE SET docs = docs + excluded.docs",
            )?;
            for (site, n) in &per_site {
                add_site.execute(params![site, n])?;
            }
        }
        tx.commit()?;
        Ok(outcomes)
    }

    fn site_line_counts(&self, site: &str, keys: &[u64]) -> Result<Vec<u32>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT docs FROM site_lines WHERE site = ?1 AND line_key = ?2")?;
        keys.iter()
            .map(|k| {
                let n: Option<i64> = stmt
                    .query_row(params![site, *k as i64], |r| r.get(0))
                    .optional()?;
                Ok(n.unwrap_or(0).clamp(0, u32::MAX as i64) as u32)
            })
            .collect()
    }

    fn site_documents(&self, site: &str) -> Result<u64, StoreError> {
        let n: Option<i64> = self
            .conn
            .query_row("SELECT docs FROM site_docs WHERE site = ?1", [site], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(n.unwrap_or(0).max(0) as u64)
    }

    fn get_article(&self, id_or_prefix: &str) -> Result<Option<StoredArticle>, StoreError> {
        get_by_prefix(id_or_prefix, |low, high| {
            self.query_articles(
                &format!(
                    "SELECT {ARTICLE_COLUMNS} FROM articles WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT 2"
                ),
                &[&low, &high],
            )
        })
    }

    fn list_articles(&self, q: &ArticleQuery) -> Result<Vec<StoredArticle>, StoreError> {
        let source = q.source.as_ref().map(|s| s.to_lowercase());
        let from = q.from.map(|d| d.format("%Y-%m-%d").to_string());
        let to = q.to.map(|d| d.format("%Y-%m-%d").to_string());
        let limit = q.limit.map(|l| l as i64).unwrap_or(-1);
        let offset = q.offset as i64;
        let lang = q.lang.as_ref().map(|l| l.to_lowercase());
        self.query_articles(
            &format!(
                "SELECT {ARTICLE_COLUMNS} FROM articles \
                 WHERE (?1 IS NULL OR lower(source) = ?1) \
                   AND (?2 IS NULL OR published_date >= ?2) \
                   AND (?3 IS NULL OR published_date <= ?3) \
                   AND (?6 IS NULL OR language = ?6) \
                 ORDER BY seq LIMIT ?4 OFFSET ?5"
            ),
            &[&source, &from, &to, &limit, &offset, &lang],
        )
    }

    fn articles_after(&self, after: i64, limit: usize) -> Result<Vec<StoredArticle>, StoreError> {
        self.query_articles(
            &format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE seq > ?1 ORDER BY seq LIMIT ?2"),
            &[&after, &(limit as i64)],
        )
    }

    fn max_seq(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT COALESCE(MAX(seq), 0) FROM articles", [], |r| {
                r.get(0)
            })?)
    }

    fn stats(&self) -> Result<Stats, StoreError> {
        let (articles, dated, words, earliest, latest): (
            i64,
            i64,
            i64,
            Option<String>,
            Option<String>,
        ) = self.conn.query_row(
            "SELECT COUNT(*), COUNT(published_date), COALESCE(SUM(word_count), 0), \
                 MIN(published_date), MAX(published_date) FROM articles",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
        let removed_blocks: i64 =
            self.conn
                .query_row("SELECT COUNT(*) FROM removed_blocks", [], |r| r.get(0))?;
        let grouped = |column: &str, table: &str| -> Result<Vec<(String, u64)>, StoreError> {
            let mut stmt = self.conn.prepare(&format!(
                "SELECT COALESCE({column}, '(none)'), COUNT(*) AS n FROM {table} \
                 GROUP BY 1 ORDER BY n DESC, 1"
            ))?;
            let rows = stmt
                .query_map([], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
                })?
                .collect::<Result<_, _>>()?;
            Ok(rows)
        };
        let parse =
            |d: Option<String>| d.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
        Ok(Stats {
            articles: articles as u64,
            dated: dated as u64,
            undated: (articles - dated) as u64,
            earliest: parse(earliest),
            latest: parse(latest),
            words: words as u64,
            removed_blocks: removed_blocks as u64,
            removed_reasons: grouped("reason", "removed_blocks")?,
            sources: grouped("source", "articles")?,
            languages: grouped("language", "articles")?,
        })
    }

    fn put_annotations(&mut self, batch: &[(ArticleId, Annotations)]) -> Result<(), StoreError> {
        self.put_annotations_impl(batch)
    }

    fn unannotated(&self, limit: usize) -> Result<Vec<crate::Unannotated>, StoreError> {
        self.unannotated_impl(limit)
    }

    fn name_graph(&self) -> Result<(Vec<NameNode>, Vec<NameLink>), StoreError> {
        self.name_graph_impl()
    }

    fn replace_entities(&mut self, entities: &[Entity]) -> Result<(), StoreError> {
        self.replace_entities_impl(entities)
    }

    fn add_alias_rule(&mut self, rule: &AliasRule) -> Result<(), StoreError> {
        self.add_alias_rule_impl(rule)
    }

    fn add_alias_rule_resolving(
        &mut self,
        rule: &AliasRule,
        resolve: &mut crate::ResolveEntities<'_>,
    ) -> Result<(), StoreError> {
        self.add_alias_rule_resolving_impl(rule, resolve)
    }

    fn alias_rules(&self) -> Result<Vec<AliasRule>, StoreError> {
        self.alias_rules_impl()
    }

    fn list_entities(&self, kind: Option<EntityKind>) -> Result<Vec<EntitySummary>, StoreError> {
        self.list_entities_impl(kind)
    }

    fn entity(&self, id_or_key: &str) -> Result<Option<EntityDetail>, StoreError> {
        self.entity_impl(id_or_key, usize::MAX)
    }

    fn entity_head(
        &self,
        id_or_key: &str,
        articles: usize,
    ) -> Result<Option<EntityDetail>, StoreError> {
        self.entity_impl(id_or_key, articles)
    }

    fn entity_events(
        &self,
        entity_id: &str,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<EventRecord>, u64), StoreError> {
        let (records, total) = self.entity_events_impl(entity_id, offset, limit)?;
        let events = records
            .iter()
            .map(|r| event_from_json(r))
            .collect::<Result<_, _>>()?;
        Ok((events, total))
    }

    fn entity_aliases(&self) -> Result<Vec<(String, String)>, StoreError> {
        self.entity_aliases_impl()
    }

    fn quote_bank(&self, speaker_entity: Option<&str>) -> Result<Vec<QuoteBankEntry>, StoreError> {
        self.quote_bank_impl(speaker_entity)
    }

    fn contains(&self, id: &ArticleId) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM articles WHERE id = ?1",
                [id.as_str()],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    fn put_fingerprints(&mut self, entries: &[FingerprintEntry]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        {
            let mut del = tx.prepare_cached("DELETE FROM lsh_bands WHERE article_id = ?1")?;
            let mut fp = tx.prepare_cached(
                "INSERT OR REPLACE INTO dedup_fingerprints (article_id, text_hash, shingles) \
                 VALUES (?1, ?2, ?3)",
            )?;
            let mut band = tx.prepare_cached(
                "INSERT OR IGNORE INTO lsh_bands (band_key, article_id) VALUES (?1, ?2)",
            )?;
            for e in entries {
                del.execute([e.id.as_str()])?;
                fp.execute(params![
                    e.id.as_str(),
                    e.text_hash as i64,
                    e.shingles as i64
                ])?;
                for k in &e.band_keys {
                    band.execute(params![*k as i64, e.id.as_str()])?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn lsh_candidates(&self, band_keys: &[u64]) -> Result<Vec<ArticleId>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT article_id FROM lsh_bands WHERE band_key = ?1 ORDER BY article_id LIMIT ?2",
        )?;
        let mut ids = Vec::new();
        for k in band_keys {
            // A crowded bucket answers with its first anchors only, as in
            // storyline_pipeline::dedup::band_candidates.
            let anchors = storyline_pipeline::dedup::BUCKET_ANCHORS as i64;
            for id in stmt.query_map(params![*k as i64, anchors], |r| r.get::<_, String>(0))? {
                ids.push(ArticleId(id?));
            }
        }
        ids.sort();
        ids.dedup();
        Ok(ids)
    }

    fn unfingerprinted(&self, limit: usize) -> Result<Vec<StoredArticle>, StoreError> {
        let cols = article_columns_of("a");
        self.query_articles(
            &format!(
                "SELECT {cols} FROM articles a LEFT JOIN dedup_fingerprints f ON f.article_id = a.id \
                 WHERE f.article_id IS NULL ORDER BY a.seq LIMIT ?1"
            ),
            &[&(limit as i64)],
        )
    }

    fn put_links(&mut self, links: &[DupLink]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        {
            let mut ins = tx.prepare_cached(
                "INSERT OR REPLACE INTO dedup_links (a_id, b_id, kind, jaccard, a_in_b, b_in_a) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for l in links {
                ins.execute(params![
                    l.a.as_str(),
                    l.b.as_str(),
                    l.kind,
                    l.jaccard,
                    l.a_in_b,
                    l.b_in_a
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn links_of(&self, id: &ArticleId) -> Result<Vec<DupLink>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a_id, b_id, kind, jaccard, a_in_b, b_in_a FROM dedup_links \
             WHERE a_id = ?1 OR b_id = ?1 ORDER BY a_id, b_id",
        )?;
        let links = stmt
            .query_map([id.as_str()], |r| {
                Ok(DupLink {
                    a: ArticleId(r.get(0)?),
                    b: ArticleId(r.get(1)?),
                    kind: r.get(2)?,
                    jaccard: r.get(3)?,
                    a_in_b: r.get(4)?,
                    b_in_a: r.get(5)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(links)
    }

    fn put_group(
        &mut self,
        group: &SyndicationGroup,
        replaces: &[ArticleId],
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        {
            let mut drop_group =
                tx.prepare_cached("DELETE FROM syndication_groups WHERE group_key = ?1")?;
            for key in replaces.iter().chain(std::iter::once(&group.key)) {
                drop_group.execute([key.as_str()])?;
            }
            let mut drop_member =
                tx.prepare_cached("DELETE FROM syndication_members WHERE article_id = ?1")?;
            for m in &group.members {
                drop_member.execute([m.id.as_str()])?;
            }
            tx.execute(
                "INSERT INTO syndication_groups (group_key, canonical_id, origin, size) \
                 VALUES (?1, ?2, ?3, ?4)",
                params![
                    group.key.as_str(),
                    group.canonical.as_str(),
                    group.origin,
                    group.members.len() as i64
                ],
            )?;
            let mut ins = tx.prepare_cached(
                "INSERT INTO syndication_members (article_id, group_key, similarity, contained) \
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            for m in &group.members {
                ins.execute(params![
                    m.id.as_str(),
                    group.key.as_str(),
                    m.similarity,
                    m.contained
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn group_of(&self, id: &ArticleId) -> Result<Option<SyndicationGroup>, StoreError> {
        let key: Option<String> = self
            .conn
            .query_row(
                "SELECT group_key FROM syndication_members WHERE article_id = ?1",
                [id.as_str()],
                |r| r.get(0),
            )
            .optional()?;
        match key {
            Some(k) => self.load_group(&k),
            None => Ok(None),
        }
    }

    fn list_groups(&self, limit: Option<usize>) -> Result<Vec<SyndicationGroup>, StoreError> {
        let keys: Vec<String> = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT group_key FROM syndication_groups ORDER BY size DESC, group_key LIMIT ?1",
            )?;
            let limit = limit.map(|l| l as i64).unwrap_or(-1);
            let rows = stmt
                .query_map([limit], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            rows
        };
        let mut groups = Vec::with_capacity(keys.len());
        for k in keys {
            groups.extend(self.load_group(&k)?);
        }
        Ok(groups)
    }

    fn put_events(&mut self, u: &EventUpdate) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        {
            let mut ev = tx.prepare_cached(
                "INSERT OR REPLACE INTO events (id, story, sort_day, date_kind, record) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut mem = tx.prepare_cached(
                "INSERT OR REPLACE INTO event_members (article, event) VALUES (?1, ?2)",
            )?;
            for e in &u.events {
                let json = to_json(e)?;
                let day = event_sort_day(e).map(|d| d.format("%Y-%m-%d").to_string());
                ev.execute(params![
                    e.id as i64,
                    e.story as i64,
                    day,
                    e.date.kind.as_str(),
                    json
                ])?;
                for m in &e.members {
                    mem.execute(params![m.article.as_str(), e.id as i64])?;
                }
            }
            let mut forget = tx.prepare_cached("DELETE FROM event_entities WHERE event_id = ?1")?;
            let mut derive = tx.prepare_cached(crate::annotations::EVENT_ENTITIES_OF_EVENT)?;
            for e in &u.events {
                forget.execute([e.id as i64])?;
                derive.execute([e.id as i64])?;
            }
            tx.execute("DELETE FROM stories", [])?;
            let mut st =
                tx.prepare_cached("INSERT OR REPLACE INTO stories (id, record) VALUES (?1, ?2)")?;
            for s in &u.stories {
                st.execute(params![s.id as i64, to_json(s)?])?;
            }
            tx.execute(
                "INSERT OR REPLACE INTO event_state (id, through_seq, state) VALUES (1, ?1, ?2)",
                params![u.through_seq, u.state],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    fn event_state(&self) -> Result<Option<(i64, String)>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT through_seq, state FROM event_state WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    fn list_events(&self) -> Result<Vec<EventRecord>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT record FROM events ORDER BY sort_day IS NULL, sort_day, id")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.map(|r| event_from_json(&r?)).collect()
    }

    fn list_stories(&self) -> Result<Vec<StoryRecord>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT record FROM stories ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.map(|r| record_from_json(&r?, "story")).collect()
    }

    fn event_of(&self, article: &ArticleId) -> Result<Option<u64>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT event FROM event_members WHERE article = ?1",
                [article.as_str()],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
            .map(|e| e as u64))
    }

    fn get_event(&self, id: u64) -> Result<Option<EventRecord>, StoreError> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT record FROM events WHERE id = ?1",
                [id as i64],
                |r| r.get(0),
            )
            .optional()?;
        json.map(|j| event_from_json(&j)).transpose()
    }

    fn events_page(&self, offset: usize, limit: usize) -> Result<Vec<EventRecord>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT record FROM events ORDER BY id LIMIT ?1 OFFSET ?2")?;
        let rows = stmt.query_map(
            params![limit.min(i64::MAX as usize) as i64, offset as i64],
            |r| r.get::<_, String>(0),
        )?;
        rows.map(|r| event_from_json(&r?)).collect()
    }

    fn count_events(&self) -> Result<u64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM events", [], |r| r.get::<_, i64>(0))?
            as u64)
    }

    fn events_in_story(&self, story: u64) -> Result<Vec<EventRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT record FROM events WHERE story = ?1 ORDER BY sort_day IS NULL, sort_day, id",
        )?;
        let rows = stmt.query_map([story as i64], |r| r.get::<_, String>(0))?;
        rows.map(|r| event_from_json(&r?)).collect()
    }

    fn events_of_articles(&self, articles: &[ArticleId]) -> Result<Vec<EventRecord>, StoreError> {
        // In chunks: an entity of a large store is in tens of thousands of
        // articles, and one query per article would dominate its page.
        const CHUNK: usize = 500;
        let placeholders = |n: usize| vec!["?"; n].join(",");
        let mut ids: Vec<i64> = Vec::new();
        for chunk in articles.chunks(CHUNK) {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT DISTINCT event FROM event_members WHERE article IN ({})",
                placeholders(chunk.len())
            ))?;
            let rows = stmt.query_map(
                rusqlite::params_from_iter(chunk.iter().map(|a| a.as_str())),
                |r| r.get::<_, i64>(0),
            )?;
            for r in rows {
                ids.push(r?);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(CHUNK) {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT record FROM events WHERE id IN ({})",
                placeholders(chunk.len())
            ))?;
            let rows = stmt.query_map(rusqlite::params_from_iter(chunk.iter()), |r| {
                r.get::<_, String>(0)
            })?;
            for r in rows {
                out.push(event_from_json(&r?)?);
            }
        }
        out.sort_by(|a, b| {
            let key = |e: &EventRecord| {
                let day = event_sort_day(e);
                (day.is_none(), day, e.id)
            };
            key(a).cmp(&key(b))
        });
        Ok(out)
    }

    fn entities_in(&self, articles: &[ArticleId]) -> Result<Vec<crate::EntityCount>, StoreError> {
        self.entities_in_impl(articles)
    }

    fn co_occurring(
        &self,
        entity_id: &str,
        limit: usize,
    ) -> Result<Vec<crate::EntityCount>, StoreError> {
        self.co_occurring_impl(entity_id, limit)
    }

    fn interrupter(&self) -> Option<crate::Interrupter> {
        let handle = self.conn.get_interrupt_handle();
        Some(Box::new(move || handle.interrupt()))
    }

    fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn misses_writes(&self) -> bool {
        self.snapshot_of.as_ref().is_some_and(Snapshot::is_stale)
    }

    fn independent_sources(&self, article_seqs: &[i64]) -> Result<u64, StoreError> {
        self.independent_sources_impl(article_seqs)
    }

    fn event_signals(&self, seq: i64) -> Result<crate::EventSignals, StoreError> {
        self.event_signals_impl(seq)
    }

    fn clear_events(&mut self) -> Result<(), StoreError> {
        self.conn.execute_batch(
            "BEGIN; DELETE FROM event_entities; DELETE FROM event_members; DELETE FROM events; DELETE FROM stories; \
             DELETE FROM event_state; COMMIT;",
        )?;
        Ok(())
    }
}

fn event_from_json(json: &str) -> Result<EventRecord, StoreError> {
    record_from_json(json, "event")
}

impl SqliteStore {
    fn load_group(&self, key: &str) -> Result<Option<SyndicationGroup>, StoreError> {
        let head: Option<(String, Option<String>)> = self
            .conn
            .query_row(
                "SELECT canonical_id, origin FROM syndication_groups WHERE group_key = ?1",
                [key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((canonical, origin)) = head else {
            return Ok(None);
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT article_id, similarity, contained FROM syndication_members \
             WHERE group_key = ?1 ORDER BY article_id",
        )?;
        let members = stmt
            .query_map([key], |r| {
                Ok(GroupMember {
                    id: ArticleId(r.get(0)?),
                    similarity: r.get(1)?,
                    contained: r.get(2)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(Some(SyndicationGroup {
            key: ArticleId(key.to_string()),
            canonical: ArticleId(canonical),
            origin,
            members,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_set_the_version_and_refuse_newer_schemas() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        let store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
        store.conn.pragma_update(None, "user_version", 99).unwrap();
        drop(store);
        assert!(matches!(
            SqliteStore::open(&path),
            Err(StoreError::SchemaTooNew { found: 99, .. })
        ));
    }

    #[test]
    fn stored_three_letter_language_codes_become_iso_639_1() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.sqlite");
        // A database as the migrations before the language codes left it.
        {
            let mut conn = Connection::open(&path).unwrap();
            let tx = conn.transaction().unwrap();
            for sql in &MIGRATIONS[..5] {
                tx.execute_batch(sql).unwrap();
            }
            tx.pragma_update(None, "user_version", 5).unwrap();
            for (id, lang) in [("a", Some("spa")), ("b", Some("cmn")), ("c", None)] {
                tx.execute(
                    "INSERT INTO articles (id, text, language, format, raw_sha256, word_count) \
                     VALUES (?1, 'x', ?2, 'text', '0', 1)",
                    params![id, lang],
                )
                .unwrap();
            }
            tx.commit().unwrap();
        }
        let store = SqliteStore::open(&path).unwrap();
        let spanish = store
            .list_articles(&ArticleQuery {
                lang: Some("es".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(spanish.len(), 1);
        assert_eq!(spanish[0].article.id.as_str(), "a");
        let all = store.list_articles(&ArticleQuery::default()).unwrap();
        let langs: Vec<Option<&str>> = all.iter().map(|a| a.article.language.as_deref()).collect();
        assert_eq!(langs, vec![Some("es"), Some("zh"), None]);
    }
}

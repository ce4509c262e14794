//! [`crate::ArticleStore`] for [`SqliteStore`]: storing and reading articles,
//! their removed blocks and the per-site line counts.

use super::SqliteStore;
use crate::backend::{self, article_from_row, get_by_prefix, ARTICLE_COLUMNS};
use crate::sql::{self, SqlStore};
use crate::{ArticleQuery, ArticleStore, PutOutcome, SiteLines, Stats, StoreError, StoredArticle};
use rusqlite::{params, OptionalExtension};
use storyline_model::{Article, ArticleId, RemovedBlock};

impl SqliteStore {
    pub(super) fn load_removed(&self, articles: &mut [StoredArticle]) -> Result<(), StoreError> {
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

    pub(super) fn query_articles(
        &self,
        sql: &str,
        params: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<StoredArticle>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows: Vec<StoredArticle> = stmt
            .query_map(params, sql::sqlite_row)?
            .map(|r| article_from_row(&r?))
            .collect::<Result<_, StoreError>>()?;
        self.load_removed(&mut rows)?;
        Ok(rows)
    }
}

impl ArticleStore for SqliteStore {
    fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn misses_writes(&self) -> bool {
        self.snapshot_of
            .as_ref()
            .is_some_and(super::Snapshot::is_stale)
    }

    fn interrupter(&self) -> Option<crate::Interrupter> {
        let handle = self.conn.get_interrupt_handle();
        Some(Box::new(move || handle.interrupt()))
    }

    fn put_articles_counting(
        &mut self,
        articles: &[Article],
        lines: &[Option<SiteLines>],
    ) -> Result<Vec<PutOutcome>, StoreError> {
        self.in_transaction(|tx| {
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
            Ok(outcomes)
        })
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
        self.with_sql(|c| backend::site_documents(c, site))
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
        self.with_sql(backend::stats)
    }

    fn contains(&self, id: &ArticleId) -> Result<bool, StoreError> {
        self.with_sql(|c| backend::contains(c, id))
    }
}

//! [`crate::ArticleStore`] for [`PgStore`]: storing and reading articles,
//! their removed blocks and the per-site line counts.

use super::{bigint, locks, span_at, PgStore};
use crate::backend::{self, article_from_row, get_by_prefix, ARTICLE_COLUMNS};
use crate::sql::{self, SqlStore};
use crate::{ArticleQuery, ArticleStore, PutOutcome, SiteLines, Stats, StoreError, StoredArticle};
use chrono::NaiveDate;
use postgres::types::ToSql;
use storyline_model::{Article, ArticleId, RemovedBlock};

/// Column arrays for one batch insert of articles.
#[derive(Default)]
struct ArticleCols<'a> {
    seq: Vec<i64>,
    id: Vec<&'a str>,
    path: Vec<Option<&'a str>>,
    url: Vec<Option<&'a str>>,
    source: Vec<Option<&'a str>>,
    external_id: Vec<Option<&'a str>>,
    title: Vec<Option<&'a str>>,
    text: Vec<&'a str>,
    date: Vec<Option<NaiveDate>>,
    rule: Vec<Option<&'a str>>,
    conf: Vec<Option<f64>>,
    span_start: Vec<Option<i64>>,
    span_end: Vec<Option<i64>>,
    language: Vec<Option<&'a str>>,
    format: Vec<&'static str>,
    raw_sha256: Vec<&'a str>,
    dateline: Vec<Option<&'a str>>,
    wire_credit: Vec<Option<&'a str>>,
    words: Vec<i64>,
}

impl<'a> ArticleCols<'a> {
    fn push(&mut self, seq: i64, a: &'a Article) {
        let prov = a.published.provenance.as_ref();
        self.seq.push(seq);
        self.id.push(a.id.as_str());
        self.path.push(a.path.as_deref());
        self.url.push(a.url.as_deref());
        self.source.push(a.source.as_deref());
        self.external_id.push(a.external_id.as_deref());
        self.title.push(a.title.as_deref());
        self.text.push(&a.text);
        self.date.push(a.published.date);
        self.rule.push(prov.map(|p| p.rule.as_str()));
        self.conf.push(prov.map(|p| p.confidence as f64));
        self.span_start
            .push(prov.and_then(|p| p.span).map(|s| s.0 as i64));
        self.span_end
            .push(prov.and_then(|p| p.span).map(|s| s.1 as i64));
        self.language.push(a.language.as_deref());
        self.format.push(a.format.as_str());
        self.raw_sha256.push(&a.raw_sha256);
        self.dateline.push(a.dateline.as_deref());
        self.wire_credit.push(a.wire_credit.as_deref());
        self.words.push(a.word_count() as i64);
    }
}

impl PgStore {
    /// Runs an article query and loads the removed blocks of what it found.
    pub(super) fn query_articles(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<StoredArticle>, StoreError> {
        let mut c = self.conn()?;
        let rows = c.query(sql, params)?;
        let mut out = rows
            .iter()
            .map(|r| article_from_row(&sql::pg_row(r)?))
            .collect::<Result<Vec<_>, StoreError>>()?;
        if out.is_empty() {
            return Ok(out);
        }
        let seqs: Vec<i64> = out.iter().map(|a| a.seq).collect();
        let removed = c.query(
            "SELECT article_seq, span_start, span_end, text, reason FROM removed_blocks \
             WHERE article_seq = ANY($1) ORDER BY article_seq, ord",
            &[&seqs],
        )?;
        let index: std::collections::HashMap<i64, usize> =
            seqs.iter().enumerate().map(|(i, s)| (*s, i)).collect();
        for r in removed {
            let seq: i64 = r.try_get(0)?;
            if let Some(&i) = index.get(&seq) {
                out[i].article.removed.push(RemovedBlock {
                    span: span_at(&r, 1)?,
                    text: r.try_get(3)?,
                    reason: r.try_get(4)?,
                });
            }
        }
        Ok(out)
    }
}

impl ArticleStore for PgStore {
    fn schema_version(&self) -> Result<i64, StoreError> {
        super::applied_version(&mut *self.conn()?)
    }

    fn put_articles_counting(
        &mut self,
        articles: &[Article],
        lines: &[Option<SiteLines>],
    ) -> Result<Vec<PutOutcome>, StoreError> {
        self.in_transaction(|tx| {
            // Held to COMMIT: the next writer reads the counter only after this
            // batch is visible, so sequence numbers follow commit order.
            tx.execute(
                "SELECT pg_advisory_xact_lock($1, hashtext($2))",
                &[&locks::ARTICLE_SEQ, &self.schema],
            )?;
            let last: i64 = tx
                .query_one(
                    "SELECT last FROM article_seq_counter WHERE id = 1 FOR UPDATE",
                    &[],
                )?
                .try_get(0)?;
            // Under the lock nobody else inserts, so what exists now decides
            // which articles are new; they get dense numbers in batch order and
            // go in with one statement (arrays + unnest).
            let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
            let mut seen: std::collections::HashSet<String> = tx
                .query("SELECT id FROM articles WHERE id = ANY($1)", &[&ids])?
                .iter()
                .map(|r| r.try_get(0))
                .collect::<Result<_, _>>()?;
            let mut next = last;
            let mut outcomes = Vec::with_capacity(articles.len());
            let mut cols = ArticleCols::default();
            let (mut r_seq, mut r_ord, mut r_start, mut r_end, mut r_text, mut r_reason) =
                (vec![], vec![], vec![], vec![], vec![], vec![]);
            for a in articles {
                if !seen.insert(a.id.as_str().to_string()) {
                    outcomes.push(PutOutcome::Unchanged);
                    continue;
                }
                next += 1;
                cols.push(next, a);
                for (ord, r) in a.removed.iter().enumerate() {
                    r_seq.push(next);
                    r_ord.push(ord as i64);
                    r_start.push(r.span.0 as i64);
                    r_end.push(r.span.1 as i64);
                    r_text.push(r.text.as_str());
                    r_reason.push(r.reason.as_str());
                }
                outcomes.push(PutOutcome::New(next));
            }
            if !cols.seq.is_empty() {
                let inserted = tx.execute(
                    &format!(
                        "INSERT INTO articles ({ARTICLE_COLUMNS}, word_count) \
                         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], \
                         $5::text[], $6::text[], $7::text[], $8::text[], $9::date[], $10::text[], \
                         $11::float8[], $12::bigint[], $13::bigint[], $14::text[], $15::text[], \
                         $16::text[], $17::text[], $18::text[], $19::bigint[]) \
                         ON CONFLICT (id) DO NOTHING"
                    ),
                    &[
                        &cols.seq,
                        &cols.id,
                        &cols.path,
                        &cols.url,
                        &cols.source,
                        &cols.external_id,
                        &cols.title,
                        &cols.text,
                        &cols.date,
                        &cols.rule,
                        &cols.conf,
                        &cols.span_start,
                        &cols.span_end,
                        &cols.language,
                        &cols.format,
                        &cols.raw_sha256,
                        &cols.dateline,
                        &cols.wire_credit,
                        &cols.words,
                    ],
                )?;
                if inserted as usize != cols.seq.len() {
                    // Only a writer that bypassed the lock could cause this.
                    return Err(StoreError::Corrupt(format!(
                        "{} of {} new articles were stored by another writer meanwhile",
                        cols.seq.len() - inserted as usize,
                        cols.seq.len()
                    )));
                }
            }
            if !r_seq.is_empty() {
                tx.execute(
                    "INSERT INTO removed_blocks (article_seq, ord, span_start, span_end, text, reason) \
                     SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], \
                     $5::text[], $6::text[])",
                    &[&r_seq, &r_ord, &r_start, &r_end, &r_text, &r_reason],
                )?;
            }
            if next != last {
                tx.execute(
                    "UPDATE article_seq_counter SET last = $1 WHERE id = 1",
                    &[&next],
                )?;
            }
            // Under the same lock and transaction: the lines of the articles
            // stored now, each (site, line) once per statement.
            let (per_line, per_site) = crate::site_line_increments(lines, |i| {
                matches!(outcomes.get(i), Some(PutOutcome::New(_)))
            });
            if !per_line.is_empty() {
                let sites: Vec<&str> = per_line.iter().map(|l| l.0.as_str()).collect();
                let keys: Vec<i64> = per_line.iter().map(|l| l.1 as i64).collect();
                let docs: Vec<i64> = per_line.iter().map(|l| l.2).collect();
                tx.execute(
                    "INSERT INTO site_lines (site, line_key, docs) \
                     SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[]) \
                     ON CONFLICT (site, line_key) DO UPDATE SET docs = site_lines.docs + EXCLUDED.docs",
                    &[&sites, &keys, &docs],
                )?;
            }
            if !per_site.is_empty() {
                let sites: Vec<&str> = per_site.iter().map(|l| l.0.as_str()).collect();
                let docs: Vec<i64> = per_site.iter().map(|l| l.1).collect();
                tx.execute(
                    "INSERT INTO site_docs (site, docs) \
                     SELECT * FROM unnest($1::text[], $2::bigint[]) \
                     ON CONFLICT (site) DO UPDATE SET docs = site_docs.docs + EXCLUDED.docs",
                    &[&sites, &docs],
                )?;
            }
            Ok(outcomes)
        })
    }

    fn site_line_counts(&self, site: &str, keys: &[u64]) -> Result<Vec<u32>, StoreError> {
        let wanted: Vec<i64> = keys.iter().map(|k| *k as i64).collect();
        let found: std::collections::HashMap<i64, i64> = self
            .conn()?
            .query(
                "SELECT line_key, docs FROM site_lines WHERE site = $1 AND line_key = ANY($2)",
                &[&site, &wanted],
            )?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect::<Result<_, postgres::Error>>()?;
        Ok(wanted
            .iter()
            .map(|k| found.get(k).copied().unwrap_or(0).clamp(0, u32::MAX as i64) as u32)
            .collect())
    }

    fn site_documents(&self, site: &str) -> Result<u64, StoreError> {
        self.with_sql(|c| backend::site_documents(c, site))
    }

    fn get_article(&self, id_or_prefix: &str) -> Result<Option<StoredArticle>, StoreError> {
        get_by_prefix(id_or_prefix, |low, high| {
            self.query_articles(
                &format!(
                    "SELECT {ARTICLE_COLUMNS} FROM articles WHERE id >= $1 AND id < $2 ORDER BY id LIMIT 2"
                ),
                &[&low, &high],
            )
        })
    }

    fn list_articles(&self, q: &ArticleQuery) -> Result<Vec<StoredArticle>, StoreError> {
        let source = q.source.as_ref().map(|s| s.to_lowercase());
        let limit = q.limit.map(bigint);
        let offset = q.offset as i64;
        let lang = q.lang.as_ref().map(|l| l.to_lowercase());
        self.query_articles(
            &format!(
                "SELECT {ARTICLE_COLUMNS} FROM articles \
                 WHERE ($1::text IS NULL OR lower(source) = $1) \
                   AND ($2::date IS NULL OR published_date >= $2) \
                   AND ($3::date IS NULL OR published_date <= $3) \
                   AND ($6::text IS NULL OR language = $6) \
                 ORDER BY seq LIMIT $4 OFFSET $5"
            ),
            &[&source, &q.from, &q.to, &limit, &offset, &lang],
        )
    }

    fn articles_after(&self, after: i64, limit: usize) -> Result<Vec<StoredArticle>, StoreError> {
        let limit = bigint(limit);
        self.query_articles(
            &format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE seq > $1 ORDER BY seq LIMIT $2"),
            &[&after, &limit],
        )
    }

    fn max_seq(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn()?
            .query_one("SELECT COALESCE(MAX(seq), 0)::bigint FROM articles", &[])?
            .try_get(0)?)
    }

    fn stats(&self) -> Result<Stats, StoreError> {
        self.with_sql(backend::stats)
    }

    fn contains(&self, id: &ArticleId) -> Result<bool, StoreError> {
        self.with_sql(|c| backend::contains(c, id))
    }
}

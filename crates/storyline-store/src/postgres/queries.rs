//! [`Store`] for [`PgStore`]: articles, the LSH index, links, groups and
//! events. Annotations and entities are in `annotations.rs`.

use super::{bigint, locks, span_at, PgStore};
use crate::backend::{
    article_columns_of, event_sort_day, get_by_prefix, provenance, record_from_json, to_json,
    ARTICLE_COLUMNS,
};
use crate::{
    ArticleQuery, EntityCount, EntityDetail, EntitySummary, EventSignals, EventUpdate,
    FingerprintEntry, PutOutcome, QuoteBankEntry, SiteLines, Stats, Store, StoreError,
    StoredArticle,
};
use chrono::NaiveDate;
use postgres::types::ToSql;
use postgres::{GenericClient, Row};
use storyline_model::{
    AliasRule, Annotations, Article, ArticleId, DupLink, Entity, EntityKind, EventRecord,
    GroupMember, NameLink, NameNode, Published, RemovedBlock, SourceFormat, StoryRecord,
    SyndicationGroup,
};

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

fn row_to_article(row: &Row) -> Result<StoredArticle, StoreError> {
    let provenance = provenance(
        row.try_get(9)?,
        row.try_get(10)?,
        row.try_get(11)?,
        row.try_get(12)?,
    );
    let format: String = row.try_get(14)?;
    Ok(StoredArticle {
        seq: row.try_get(0)?,
        article: Article {
            id: ArticleId(row.try_get(1)?),
            path: row.try_get(2)?,
            url: row.try_get(3)?,
            source: row.try_get(4)?,
            source_provenance: None,
            external_id: row.try_get(5)?,
            title: row.try_get(6)?,
            text: row.try_get(7)?,
            published: Published {
                date: row.try_get(8)?,
                provenance,
            },
            language: row.try_get(13)?,
            format: SourceFormat::parse(&format)
                .ok_or_else(|| StoreError::Corrupt(format!("article format `{format}`")))?,
            raw_sha256: row.try_get(15)?,
            dateline: row.try_get(16)?,
            wire_credit: row.try_get(17)?,
            removed: Vec::new(),
        },
    })
}

fn events_from_rows(rows: Vec<Row>) -> Result<Vec<EventRecord>, StoreError> {
    rows.iter()
        .map(|r| record_from_json(r.try_get::<_, &str>(0)?, "event"))
        .collect()
}

/// Event ordering: by date (undated last), then id.
const EVENT_ORDER: &str = "sort_day IS NULL, sort_day, id";

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
            .map(row_to_article)
            .collect::<Result<Vec<_>, _>>()?;
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

    fn load_group(
        c: &mut impl GenericClient,
        key: &str,
    ) -> Result<Option<SyndicationGroup>, StoreError> {
        let Some(head) = c.query_opt(
            "SELECT canonical_id, origin FROM syndication_groups WHERE group_key = $1",
            &[&key],
        )?
        else {
            return Ok(None);
        };
        let members = c
            .query(
                "SELECT article_id, similarity, contained FROM syndication_members \
                 WHERE group_key = $1 ORDER BY article_id",
                &[&key],
            )?
            .iter()
            .map(|r| {
                Ok(GroupMember {
                    id: ArticleId(r.try_get(0)?),
                    similarity: r.try_get(1)?,
                    contained: r.try_get(2)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Some(SyndicationGroup {
            key: ArticleId(key.to_string()),
            canonical: ArticleId(head.try_get(0)?),
            origin: head.try_get(1)?,
            members,
        }))
    }

    fn event_query(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<EventRecord>, StoreError> {
        let rows = self.conn()?.query(sql, params)?;
        events_from_rows(rows)
    }
}

impl Store for PgStore {
    fn schema_version(&self) -> Result<i64, StoreError> {
        super::applied_version(&mut *self.conn()?)
    }

    fn put_articles_counting(
        &mut self,
        articles: &[Article],
        lines: &[Option<SiteLines>],
    ) -> Result<Vec<PutOutcome>, StoreError> {
        let mut c = self.conn()?;
        let mut tx = c.transaction()?;
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
        tx.commit()?;
        Ok(outcomes)
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
        let n: Option<i64> = self
            .conn()?
            .query_opt("SELECT docs FROM site_docs WHERE site = $1", &[&site])?
            .map(|r| r.try_get(0))
            .transpose()?;
        Ok(n.unwrap_or(0).max(0) as u64)
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
        let mut c = self.conn()?;
        let row = c.query_one(
            "SELECT COUNT(*), COUNT(published_date), COALESCE(SUM(word_count), 0)::bigint, \
                 MIN(published_date), MAX(published_date) FROM articles",
            &[],
        )?;
        let articles: i64 = row.try_get(0)?;
        let dated: i64 = row.try_get(1)?;
        let words: i64 = row.try_get(2)?;
        let earliest: Option<NaiveDate> = row.try_get(3)?;
        let latest: Option<NaiveDate> = row.try_get(4)?;
        let removed_blocks: i64 = c
            .query_one("SELECT COUNT(*) FROM removed_blocks", &[])?
            .try_get(0)?;
        let mut grouped = |column: &str, table: &str| -> Result<Vec<(String, u64)>, StoreError> {
            c.query(
                &format!(
                    "SELECT COALESCE({column}, '(none)') COLLATE \"C\", COUNT(*) AS n FROM {table} \
                     GROUP BY 1 ORDER BY n DESC, 1"
                ),
                &[],
            )?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get::<_, i64>(1)? as u64)))
            .collect()
        };
        Ok(Stats {
            articles: articles as u64,
            dated: dated as u64,
            undated: (articles - dated) as u64,
            earliest,
            latest,
            words: words as u64,
            removed_blocks: removed_blocks as u64,
            removed_reasons: grouped("reason", "removed_blocks")?,
            sources: grouped("source", "articles")?,
            languages: grouped("language", "articles")?,
        })
    }

    fn contains(&self, id: &ArticleId) -> Result<bool, StoreError> {
        Ok(self
            .conn()?
            .query_opt("SELECT 1 FROM articles WHERE id = $1", &[&id.as_str()])?
            .is_some())
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

    fn entity_aliases(&self) -> Result<Vec<(String, String)>, StoreError> {
        self.entity_aliases_impl()
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
        self.summaries(None, kind)
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
        let total: i64 = self
            .conn()?
            .query_one(
                "SELECT COUNT(*) FROM event_entities WHERE entity_id = $1",
                &[&entity_id],
            )?
            .try_get(0)?;
        let events = self.event_query(
            "SELECT ev.record::text FROM event_entities ee JOIN events ev ON ev.id = ee.event_id \
             WHERE ee.entity_id = $1 \
             ORDER BY (ee.sort_day IS NULL), ee.sort_day, ee.event_id LIMIT $2 OFFSET $3",
            &[
                &entity_id,
                &(limit.min(i64::MAX as usize) as i64),
                &(offset.min(i64::MAX as usize) as i64),
            ],
        )?;
        Ok((events, total as u64))
    }

    fn quote_bank(&self, speaker_entity: Option<&str>) -> Result<Vec<QuoteBankEntry>, StoreError> {
        self.quote_bank_impl(speaker_entity)
    }

    fn put_fingerprints(&mut self, entries: &[FingerprintEntry]) -> Result<(), StoreError> {
        // An article given twice keeps its last entry, as replacing entries
        // one after the other would (one statement cannot upsert a row twice).
        let mut last: std::collections::BTreeMap<&str, &FingerprintEntry> = Default::default();
        for e in entries {
            last.insert(e.id.as_str(), e);
        }
        let entries: Vec<&FingerprintEntry> = last.into_values().collect();
        let mut c = self.conn()?;
        let mut tx = c.transaction()?;
        let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
        tx.execute("DELETE FROM lsh_bands WHERE article_id = ANY($1)", &[&ids])?;
        let hashes: Vec<i64> = entries.iter().map(|e| e.text_hash as i64).collect();
        let shingles: Vec<i64> = entries.iter().map(|e| e.shingles as i64).collect();
        tx.execute(
            "INSERT INTO dedup_fingerprints (article_id, text_hash, shingles) \
             SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[]) \
             ON CONFLICT (article_id) DO UPDATE SET text_hash = excluded.text_hash, \
             shingles = excluded.shingles",
            &[&ids, &hashes, &shingles],
        )?;
        let (mut keys, mut owners) = (Vec::new(), Vec::new());
        for e in &entries {
            for k in &e.band_keys {
                keys.push(*k as i64);
                owners.push(e.id.as_str());
            }
        }
        tx.execute(
            "INSERT INTO lsh_bands (band_key, article_id) \
             SELECT * FROM unnest($1::bigint[], $2::text[]) ON CONFLICT DO NOTHING",
            &[&keys, &owners],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn lsh_candidates(&self, band_keys: &[u64]) -> Result<Vec<ArticleId>, StoreError> {
        // A crowded bucket answers with its first anchors only, as in
        // storyline_pipeline::dedup::band_candidates.
        let anchors = storyline_pipeline::dedup::BUCKET_ANCHORS as i64;
        let keys: Vec<i64> = band_keys.iter().map(|k| *k as i64).collect();
        let rows = self.conn()?.query(
            "SELECT DISTINCT x.article_id FROM unnest($1::bigint[]) AS k(key) \
             CROSS JOIN LATERAL (SELECT article_id FROM lsh_bands WHERE band_key = k.key \
               ORDER BY article_id LIMIT $2) x ORDER BY 1",
            &[&keys, &anchors],
        )?;
        rows.iter().map(|r| Ok(ArticleId(r.try_get(0)?))).collect()
    }

    fn unfingerprinted(&self, limit: usize) -> Result<Vec<StoredArticle>, StoreError> {
        let cols = article_columns_of("a");
        let limit = bigint(limit);
        self.query_articles(
            &format!(
                "SELECT {cols} FROM articles a LEFT JOIN dedup_fingerprints f ON f.article_id = a.id \
                 WHERE f.article_id IS NULL ORDER BY a.seq LIMIT $1"
            ),
            &[&limit],
        )
    }

    fn put_links(&mut self, links: &[DupLink]) -> Result<(), StoreError> {
        // A pair given twice keeps its last link, as replacing one after the
        // other would (one statement cannot upsert a row twice).
        let mut last: std::collections::BTreeMap<(&str, &str), &DupLink> = Default::default();
        for l in links {
            last.insert((l.a.as_str(), l.b.as_str()), l);
        }
        let links: Vec<&DupLink> = last.into_values().collect();
        let a: Vec<&str> = links.iter().map(|l| l.a.as_str()).collect();
        let b: Vec<&str> = links.iter().map(|l| l.b.as_str()).collect();
        let kind: Vec<&str> = links.iter().map(|l| l.kind.as_str()).collect();
        let jaccard: Vec<f64> = links.iter().map(|l| l.jaccard).collect();
        let a_in_b: Vec<f64> = links.iter().map(|l| l.a_in_b).collect();
        let b_in_a: Vec<f64> = links.iter().map(|l| l.b_in_a).collect();
        self.conn()?.execute(
            "INSERT INTO dedup_links (a_id, b_id, kind, jaccard, a_in_b, b_in_a) \
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], \
             $5::float8[], $6::float8[]) ON CONFLICT (a_id, b_id) DO UPDATE SET \
             kind = excluded.kind, jaccard = excluded.jaccard, a_in_b = excluded.a_in_b, \
             b_in_a = excluded.b_in_a",
            &[&a, &b, &kind, &jaccard, &a_in_b, &b_in_a],
        )?;
        Ok(())
    }

    fn links_of(&self, id: &ArticleId) -> Result<Vec<DupLink>, StoreError> {
        let rows = self.conn()?.query(
            "SELECT a_id, b_id, kind, jaccard, a_in_b, b_in_a FROM dedup_links \
             WHERE a_id = $1 OR b_id = $1 ORDER BY a_id, b_id",
            &[&id.as_str()],
        )?;
        rows.iter()
            .map(|r| {
                Ok(DupLink {
                    a: ArticleId(r.try_get(0)?),
                    b: ArticleId(r.try_get(1)?),
                    kind: r.try_get(2)?,
                    jaccard: r.try_get(3)?,
                    a_in_b: r.try_get(4)?,
                    b_in_a: r.try_get(5)?,
                })
            })
            .collect()
    }

    fn put_group(
        &mut self,
        group: &SyndicationGroup,
        replaces: &[ArticleId],
    ) -> Result<(), StoreError> {
        let mut c = self.conn()?;
        let mut tx = c.transaction()?;
        let drop_keys: Vec<&str> = replaces
            .iter()
            .chain(std::iter::once(&group.key))
            .map(|k| k.as_str())
            .collect();
        tx.execute(
            "DELETE FROM syndication_groups WHERE group_key = ANY($1)",
            &[&drop_keys],
        )?;
        let ids: Vec<&str> = group.members.iter().map(|m| m.id.as_str()).collect();
        tx.execute(
            "DELETE FROM syndication_members WHERE article_id = ANY($1)",
            &[&ids],
        )?;
        tx.execute(
            "INSERT INTO syndication_groups (group_key, canonical_id, origin, size) \
             VALUES ($1, $2, $3, $4)",
            &[
                &group.key.as_str(),
                &group.canonical.as_str(),
                &group.origin,
                &(group.members.len() as i64),
            ],
        )?;
        let sims: Vec<f64> = group.members.iter().map(|m| m.similarity).collect();
        let contained: Vec<f64> = group.members.iter().map(|m| m.contained).collect();
        tx.execute(
            "INSERT INTO syndication_members (article_id, group_key, similarity, contained) \
             SELECT m.id, $2, m.sim, m.cont FROM unnest($1::text[], $3::float8[], $4::float8[]) \
             AS m(id, sim, cont)",
            &[&ids, &group.key.as_str(), &sims, &contained],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn group_of(&self, id: &ArticleId) -> Result<Option<SyndicationGroup>, StoreError> {
        let mut c = self.conn()?;
        let key: Option<String> = c
            .query_opt(
                "SELECT group_key FROM syndication_members WHERE article_id = $1",
                &[&id.as_str()],
            )?
            .map(|r| r.try_get(0))
            .transpose()?;
        match key {
            Some(k) => Self::load_group(&mut *c, &k),
            None => Ok(None),
        }
    }

    fn list_groups(&self, limit: Option<usize>) -> Result<Vec<SyndicationGroup>, StoreError> {
        let mut c = self.conn()?;
        let limit = limit.map(bigint);
        let keys: Vec<String> = c
            .query(
                "SELECT group_key FROM syndication_groups ORDER BY size DESC, group_key LIMIT $1",
                &[&limit],
            )?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<Result<_, _>>()?;
        let mut groups = Vec::with_capacity(keys.len());
        for k in keys {
            groups.extend(Self::load_group(&mut *c, &k)?);
        }
        Ok(groups)
    }

    fn put_events(&mut self, u: &EventUpdate) -> Result<(), StoreError> {
        let mut c = self.conn()?;
        let mut tx = c.transaction()?;
        let ev = tx.prepare(
            "INSERT INTO events (id, story, sort_day, date_kind, record) \
             VALUES ($1, $2, $3, $4, $5::text::jsonb) ON CONFLICT (id) DO UPDATE SET \
             story = excluded.story, sort_day = excluded.sort_day, \
             date_kind = excluded.date_kind, record = excluded.record",
        )?;
        let mem = tx.prepare(
            "INSERT INTO event_members (article, event) VALUES ($1, $2) \
             ON CONFLICT (article) DO UPDATE SET event = excluded.event",
        )?;
        for e in &u.events {
            let json = to_json(e)?;
            let day = event_sort_day(e);
            tx.execute(
                &ev,
                &[
                    &(e.id as i64),
                    &(e.story as i64),
                    &day,
                    &e.date.kind.as_str(),
                    &json,
                ],
            )?;
            for m in &e.members {
                tx.execute(&mem, &[&m.article.as_str(), &(e.id as i64)])?;
            }
        }
        let forget = tx.prepare("DELETE FROM event_entities WHERE event_id = $1")?;
        let derive = tx.prepare(crate::annotations::EVENT_ENTITIES_OF_EVENT)?;
        for e in &u.events {
            tx.execute(&forget, &[&(e.id as i64)])?;
            tx.execute(&derive, &[&(e.id as i64)])?;
        }
        tx.execute("DELETE FROM stories", &[])?;
        let st = tx.prepare(
            "INSERT INTO stories (id, record) VALUES ($1, $2::text::jsonb) \
             ON CONFLICT (id) DO UPDATE SET record = excluded.record",
        )?;
        for s in &u.stories {
            tx.execute(&st, &[&(s.id as i64), &to_json(s)?])?;
        }
        tx.execute(
            "INSERT INTO event_state (id, through_seq, state) VALUES (1, $1, $2) \
             ON CONFLICT (id) DO UPDATE SET through_seq = excluded.through_seq, \
             state = excluded.state, saved_at = now()",
            &[&u.through_seq, &u.state],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn event_state(&self) -> Result<Option<(i64, String)>, StoreError> {
        self.conn()?
            .query_opt(
                "SELECT through_seq, state FROM event_state WHERE id = 1",
                &[],
            )?
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .transpose()
    }

    fn list_events(&self) -> Result<Vec<EventRecord>, StoreError> {
        self.event_query(
            &format!("SELECT record::text FROM events ORDER BY {EVENT_ORDER}"),
            &[],
        )
    }

    fn list_stories(&self) -> Result<Vec<StoryRecord>, StoreError> {
        let rows = self
            .conn()?
            .query("SELECT record::text FROM stories ORDER BY id", &[])?;
        rows.iter()
            .map(|r| record_from_json(r.try_get::<_, &str>(0)?, "story"))
            .collect()
    }

    fn event_of(&self, article: &ArticleId) -> Result<Option<u64>, StoreError> {
        self.conn()?
            .query_opt(
                "SELECT event FROM event_members WHERE article = $1",
                &[&article.as_str()],
            )?
            .map(|r| Ok(r.try_get::<_, i64>(0)? as u64))
            .transpose()
    }

    fn clear_events(&mut self) -> Result<(), StoreError> {
        let mut c = self.conn()?;
        let mut tx = c.transaction()?;
        tx.batch_execute(
            "DELETE FROM event_entities; DELETE FROM event_members; DELETE FROM events; \
             DELETE FROM stories; DELETE FROM event_state;",
        )?;
        tx.commit()?;
        Ok(())
    }

    fn get_event(&self, id: u64) -> Result<Option<EventRecord>, StoreError> {
        Ok(self
            .event_query(
                "SELECT record::text FROM events WHERE id = $1",
                &[&(id as i64)],
            )?
            .pop())
    }

    fn events_page(&self, offset: usize, limit: usize) -> Result<Vec<EventRecord>, StoreError> {
        self.event_query(
            "SELECT record::text FROM events ORDER BY id LIMIT $1 OFFSET $2",
            &[&bigint(limit), &bigint(offset)],
        )
    }

    fn count_events(&self) -> Result<u64, StoreError> {
        Ok(self
            .conn()?
            .query_one("SELECT COUNT(*) FROM events", &[])?
            .try_get::<_, i64>(0)? as u64)
    }

    fn events_in_story(&self, story: u64) -> Result<Vec<EventRecord>, StoreError> {
        self.event_query(
            &format!("SELECT record::text FROM events WHERE story = $1 ORDER BY {EVENT_ORDER}"),
            &[&(story as i64)],
        )
    }

    fn events_of_articles(&self, articles: &[ArticleId]) -> Result<Vec<EventRecord>, StoreError> {
        let ids: Vec<&str> = articles.iter().map(|a| a.as_str()).collect();
        self.event_query(
            &format!(
                "SELECT record::text FROM events WHERE id IN \
                 (SELECT event FROM event_members WHERE article = ANY($1)) ORDER BY {EVENT_ORDER}"
            ),
            &[&ids],
        )
    }

    fn entities_in(&self, articles: &[ArticleId]) -> Result<Vec<EntityCount>, StoreError> {
        self.entities_in_impl(articles)
    }

    fn co_occurring(&self, entity_id: &str, limit: usize) -> Result<Vec<EntityCount>, StoreError> {
        self.co_occurring_impl(entity_id, limit)
    }

    fn independent_sources(&self, article_seqs: &[i64]) -> Result<u64, StoreError> {
        self.independent_sources_impl(article_seqs)
    }

    fn event_signals(&self, seq: i64) -> Result<EventSignals, StoreError> {
        self.event_signals_impl(seq)
    }
}

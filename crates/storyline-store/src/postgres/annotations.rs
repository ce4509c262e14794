//! Annotation storage for [`PgStore`]: mentions, quotes, date expressions,
//! entities, alias rules and their read models, with the same semantics as
//! the SQLite backend's `annotations.rs`.

use super::PgStore;
use crate::annotations::CO_OCCURRING_ARTICLES;
use crate::{
    EntityArticle, EntityCount, EntityDetail, EntitySummary, EventSignals, QuoteBankEntry,
    QuoteSighting, RelativeDate, StoreError,
};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap, HashSet};
use storyline_model::annotation::SURNAME_RULE;
use storyline_model::{AliasRule, Annotations, ArticleId, Entity, EntityKind, NameLink, NameNode};

fn kind_index(k: EntityKind) -> usize {
    match k {
        EntityKind::Person => 0,
        EntityKind::Organisation => 1,
        EntityKind::Place => 2,
        EntityKind::Other => 3,
    }
}

fn kind_of(s: &str) -> EntityKind {
    EntityKind::parse(s).unwrap_or(EntityKind::Other)
}

impl PgStore {
    pub(super) fn put_annotations_impl(
        &mut self,
        batch: &[(ArticleId, Annotations)],
    ) -> Result<(), StoreError> {
        // Names a user split off count for themselves, never through an
        // in-article surname link.
        let split_keys: HashSet<String> = self
            .alias_rules_impl()?
            .into_iter()
            .filter(|r| !r.merge)
            .flat_map(|r| [r.a, r.b])
            .collect();
        let mut c = self.client.borrow_mut();
        let mut tx = c.transaction()?;
        let seq_of = tx.prepare("SELECT seq FROM articles WHERE id = $1")?;
        let ins_m = tx.prepare(
            "INSERT INTO mentions (article_seq, ord, text, key, node_key, kind, role, alias_of, \
             span_start, span_end, rule, confidence) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)",
        )?;
        let ins_l = tx.prepare(
            "INSERT INTO name_links (a, b, article_seq) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )?;
        let ins_q = tx.prepare(
            "INSERT INTO quotes (article_seq, ord, text, quote_key, speaker, speaker_key, speaker_text, \
             speaker_span_start, speaker_span_end, cue, partial, span_start, span_end, rule, confidence) \
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)",
        )?;
        let ins_d = tx.prepare(
            "INSERT INTO date_expressions (article_seq, ord, text, kind, date, not_before, not_after, \
             inferred, span_start, span_end, rule, confidence) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)",
        )?;
        for (id, ann) in batch {
            let Some(row) = tx.query_opt(&seq_of, &[&id.as_str()])? else {
                continue;
            };
            let seq: i64 = row.try_get(0)?;
            for table in [
                "mentions",
                "name_links",
                "quotes",
                "date_expressions",
                "annotated",
            ] {
                tx.execute(
                    &format!("DELETE FROM {table} WHERE article_seq = $1"),
                    &[&seq],
                )?;
            }
            let b = ann.publication_bound.as_ref();
            tx.execute(
                "INSERT INTO annotated (article_seq, pub_not_before, pub_bound_rule, \
                 pub_bound_span_start, pub_bound_span_end, pub_bound_conf) VALUES ($1,$2,$3,$4,$5,$6)",
                &[
                    &seq,
                    &b.map(|b| b.not_before),
                    &b.map(|b| b.provenance.rule.as_str()),
                    &b.and_then(|b| b.provenance.span).map(|s| s.0 as i64),
                    &b.and_then(|b| b.provenance.span).map(|s| s.1 as i64),
                    &b.map(|b| b.provenance.confidence as f64),
                ],
            )?;
            for (ord, m) in ann.mentions.iter().enumerate() {
                let target = m.alias_of.and_then(|t| ann.mentions.get(t));
                let node_key = match target {
                    Some(t)
                        if m.provenance.rule == SURNAME_RULE && !split_keys.contains(&m.key) =>
                    {
                        t.key.as_str()
                    }
                    _ => m.key.as_str(),
                };
                if let Some(t) = target.filter(|_| m.provenance.rule != SURNAME_RULE) {
                    if t.key != m.key {
                        let (a, b) = if m.key < t.key {
                            (&m.key, &t.key)
                        } else {
                            (&t.key, &m.key)
                        };
                        tx.execute(&ins_l, &[a, b, &seq])?;
                    }
                }
                let span = m.provenance.span.unwrap_or((0, 0));
                tx.execute(
                    &ins_m,
                    &[
                        &seq,
                        &(ord as i64),
                        &m.text,
                        &m.key,
                        &node_key,
                        &m.kind.as_str(),
                        &m.role,
                        &m.alias_of.map(|a| a as i64),
                        &(span.0 as i64),
                        &(span.1 as i64),
                        &m.provenance.rule,
                        &(m.provenance.confidence as f64),
                    ],
                )?;
            }
            for (ord, q) in ann.quotes.iter().enumerate() {
                let span = q.provenance.span.unwrap_or((0, 0));
                tx.execute(
                    &ins_q,
                    &[
                        &seq,
                        &(ord as i64),
                        &q.text,
                        &q.key,
                        &q.speaker,
                        &q.speaker_key,
                        &q.speaker_text,
                        &q.speaker_span.map(|s| s.0 as i64),
                        &q.speaker_span.map(|s| s.1 as i64),
                        &q.cue,
                        &q.partial,
                        &(span.0 as i64),
                        &(span.1 as i64),
                        &q.provenance.rule,
                        &(q.provenance.confidence as f64),
                    ],
                )?;
            }
            for (ord, d) in ann.dates.iter().enumerate() {
                let span = d.provenance.span.unwrap_or((0, 0));
                let kind = serde_json::to_value(d.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                tx.execute(
                    &ins_d,
                    &[
                        &seq,
                        &(ord as i64),
                        &d.text,
                        &kind,
                        &d.date,
                        &d.not_before,
                        &d.not_after,
                        &d.inferred,
                        &(span.0 as i64),
                        &(span.1 as i64),
                        &d.provenance.rule,
                        &(d.provenance.confidence as f64),
                    ],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    pub(super) fn unannotated_impl(
        &self,
        limit: usize,
    ) -> Result<Vec<crate::Unannotated>, StoreError> {
        let rows = self.client.borrow_mut().query(
            "SELECT id, text, published_date FROM articles a \
             WHERE NOT EXISTS (SELECT 1 FROM annotated n WHERE n.article_seq = a.seq) \
             ORDER BY seq LIMIT $1",
            &[&(limit.min(i64::MAX as usize) as i64)],
        )?;
        rows.iter()
            .map(|r| {
                Ok((
                    ArticleId(r.try_get(0)?),
                    r.try_get(1)?,
                    r.try_get::<_, Option<NaiveDate>>(2)?,
                ))
            })
            .collect()
    }

    pub(super) fn name_graph_impl(&self) -> Result<(Vec<NameNode>, Vec<NameLink>), StoreError> {
        let mut c = self.client.borrow_mut();
        // Per node: surface forms with counts, mentions, type votes.
        type Acc = (HashMap<String, u64>, u64, [f32; 4]);
        let mut nodes: BTreeMap<String, Acc> = BTreeMap::new();
        let rows = c.query(
            "SELECT node_key, key, text, kind, confidence FROM mentions ORDER BY article_seq, ord",
            &[],
        )?;
        for r in rows {
            let node: String = r.try_get(0)?;
            let key: &str = r.try_get(1)?;
            let text: String = r.try_get(2)?;
            let kind = kind_of(r.try_get(3)?);
            let conf: f64 = r.try_get(4)?;
            let e = nodes.entry(node.clone()).or_default();
            e.1 += 1;
            if key == node {
                *e.0.entry(text).or_default() += 1;
            }
            e.2[kind_index(kind)] += (conf as f32).max(0.05);
        }
        let nodes = nodes
            .into_iter()
            .map(|(key, (texts, n, votes))| {
                let text = texts
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                    .map(|t| t.0)
                    .unwrap_or_else(|| key.clone());
                NameNode {
                    key,
                    text,
                    mentions: n,
                    votes,
                }
            })
            .collect();
        let links = c
            .query("SELECT DISTINCT a, b FROM name_links ORDER BY a, b", &[])?
            .iter()
            .map(|r| {
                Ok(NameLink {
                    a: r.try_get(0)?,
                    b: r.try_get(1)?,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        Ok((nodes, links))
    }

    pub(super) fn replace_entities_impl(&mut self, entities: &[Entity]) -> Result<(), StoreError> {
        let mut c = self.client.borrow_mut();
        let mut tx = c.transaction()?;
        tx.batch_execute("DELETE FROM entity_keys; DELETE FROM entities;")?;
        let (mut ids, mut names, mut canon_keys, mut kinds) = (vec![], vec![], vec![], vec![]);
        // Later entities win a key two of them claim, as SQLite's
        // INSERT OR REPLACE does.
        let mut keys: BTreeMap<&str, &str> = BTreeMap::new();
        for e in entities {
            ids.push(e.id.as_str());
            names.push(e.canonical.as_str());
            canon_keys.push(e.canonical_key.as_str());
            kinds.push(e.kind.as_str());
            for k in &e.keys {
                keys.insert(k.as_str(), e.id.as_str());
            }
        }
        tx.execute(
            "INSERT INTO entities (id, canonical, canonical_key, kind) \
             SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])",
            &[&ids, &names, &canon_keys, &kinds],
        )?;
        let (k, v): (Vec<&str>, Vec<&str>) = keys.into_iter().unzip();
        tx.execute(
            "INSERT INTO entity_keys (key, entity_id) SELECT * FROM unnest($1::text[], $2::text[])",
            &[&k, &v],
        )?;
        tx.commit()?;
        Ok(())
    }

    pub(super) fn add_alias_rule_impl(&mut self, rule: &AliasRule) -> Result<(), StoreError> {
        let (a, b) = if rule.a <= rule.b {
            (&rule.a, &rule.b)
        } else {
            (&rule.b, &rule.a)
        };
        let action = if rule.merge { "merge" } else { "split" };
        let opposite = if rule.merge { "split" } else { "merge" };
        let mut c = self.client.borrow_mut();
        let mut tx = c.transaction()?;
        // The newer decision replaces an opposite one on the same pair.
        tx.execute(
            "DELETE FROM alias_rules WHERE action = $1 AND a = $2 AND b = $3",
            &[&opposite, a, b],
        )?;
        tx.execute(
            "INSERT INTO alias_rules (action, a, b) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            &[&action, a, b],
        )?;
        if !rule.merge {
            // Mentions written as a split-off name stop counting for another.
            tx.execute(
                "UPDATE mentions SET node_key = key WHERE key IN ($1, $2)",
                &[a, b],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    pub(super) fn alias_rules_impl(&self) -> Result<Vec<AliasRule>, StoreError> {
        let rows = self.client.borrow_mut().query(
            "SELECT action, a, b FROM alias_rules ORDER BY action, a, b",
            &[],
        )?;
        rows.iter()
            .map(|r| {
                Ok(AliasRule {
                    merge: r.try_get::<_, &str>(0)? == "merge",
                    a: r.try_get(1)?,
                    b: r.try_get(2)?,
                })
            })
            .collect()
    }

    pub(super) fn summaries(
        &self,
        only: Option<&str>,
        kind: Option<EntityKind>,
    ) -> Result<Vec<EntitySummary>, StoreError> {
        let mut c = self.client.borrow_mut();
        let kind = kind.map(|k| k.as_str());
        let rows = c.query(
            "SELECT e.id, e.canonical, e.kind, m.text, COUNT(*) \
             FROM entities e JOIN entity_keys k ON k.entity_id = e.id \
             JOIN mentions m ON m.node_key = k.key \
             WHERE ($1::text IS NULL OR e.id = $1) AND ($2::text IS NULL OR e.kind = $2) \
             GROUP BY e.id, m.text",
            &[&only, &kind],
        )?;
        let mut by_id: BTreeMap<String, EntitySummary> = BTreeMap::new();
        for r in rows {
            let id: String = r.try_get(0)?;
            let text: String = r.try_get(3)?;
            let n = r.try_get::<_, i64>(4)? as u64;
            let e = match by_id.get_mut(&id) {
                Some(e) => e,
                None => by_id.entry(id.clone()).or_insert(EntitySummary {
                    id,
                    name: r.try_get(1)?,
                    kind: kind_of(r.try_get(2)?),
                    mentions: 0,
                    articles: 0,
                    aliases: Vec::new(),
                }),
            };
            e.mentions += n;
            e.aliases.push((text, n));
        }
        let counts: HashMap<String, u64> = c
            .query(
                "SELECT k.entity_id, COUNT(DISTINCT m.article_seq) FROM entity_keys k \
                 JOIN mentions m ON m.node_key = k.key \
                 WHERE ($1::text IS NULL OR k.entity_id = $1) GROUP BY k.entity_id",
                &[&only],
            )?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get::<_, i64>(1)? as u64)))
            .collect::<Result<_, StoreError>>()?;
        let mut out: Vec<EntitySummary> = by_id.into_values().collect();
        for e in &mut out {
            e.articles = counts.get(&e.id).copied().unwrap_or(0);
            e.aliases.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        }
        out.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.name.cmp(&b.name)));
        Ok(out)
    }

    pub(super) fn entity_impl(&self, id_or_key: &str) -> Result<Option<EntityDetail>, StoreError> {
        // By id, then by one of its name keys, then by the key a mention was
        // written as (the entity most such mentions count for).
        let id: Option<String> = self
            .client
            .borrow_mut()
            .query_opt(
                "SELECT id FROM ( \
                   SELECT 0 AS prio, id, 0::bigint AS n FROM entities WHERE id = $1 \
                   UNION ALL SELECT 1, entity_id, 0 FROM entity_keys WHERE key = $1 \
                   UNION ALL SELECT 2, k.entity_id, COUNT(*) FROM mentions m \
                     JOIN entity_keys k ON k.key = m.node_key WHERE m.key = $1 \
                     GROUP BY k.entity_id) x \
                 ORDER BY prio, n DESC, id LIMIT 1",
                &[&id_or_key],
            )?
            .map(|r| r.try_get(0))
            .transpose()?;
        let Some(id) = id else { return Ok(None) };
        let Some(summary) = self.summaries(Some(&id), None)?.into_iter().next() else {
            return Ok(None);
        };
        let rows = self.client.borrow_mut().query(
            "SELECT a.id, COALESCE(a.title, ''), a.published_date, COUNT(*) FROM entity_keys k \
             JOIN mentions m ON m.node_key = k.key JOIN articles a ON a.seq = m.article_seq \
             WHERE k.entity_id = $1 GROUP BY a.seq \
             ORDER BY a.published_date IS NULL, a.published_date, a.seq",
            &[&id],
        )?;
        let articles_list = rows
            .iter()
            .map(|r| {
                Ok(EntityArticle {
                    id: ArticleId(r.try_get(0)?),
                    title: r.try_get(1)?,
                    published: r.try_get(2)?,
                    mentions: r.try_get::<_, i64>(3)? as u64,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(Some(EntityDetail {
            summary,
            articles_list,
        }))
    }

    pub(super) fn entities_in_impl(
        &self,
        articles: &[ArticleId],
    ) -> Result<Vec<EntityCount>, StoreError> {
        let ids: Vec<&str> = articles.iter().map(|a| a.as_str()).collect();
        let rows = self.client.borrow_mut().query(
            "SELECT e.id, e.canonical, e.kind, COUNT(DISTINCT a.seq) FROM articles a \
             JOIN mentions m ON m.article_seq = a.seq \
             JOIN entity_keys k ON k.key = m.node_key JOIN entities e ON e.id = k.entity_id \
             WHERE a.id = ANY($1) GROUP BY e.id",
            &[&ids],
        )?;
        let mut out = rows
            .iter()
            .map(|r| {
                Ok(EntityCount {
                    id: r.try_get(0)?,
                    name: r.try_get(1)?,
                    kind: kind_of(r.try_get(2)?),
                    articles: r.try_get::<_, i64>(3)? as u64,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        out.sort_by(|a, b| {
            b.articles
                .cmp(&a.articles)
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.id.cmp(&b.id))
        });
        Ok(out)
    }

    pub(super) fn co_occurring_impl(
        &self,
        entity_id: &str,
        limit: usize,
    ) -> Result<Vec<EntityCount>, StoreError> {
        let rows = self.client.borrow_mut().query(
            "WITH arts AS (SELECT DISTINCT m.article_seq FROM entity_keys k \
               JOIN mentions m ON m.node_key = k.key WHERE k.entity_id = $1 \
               ORDER BY m.article_seq DESC LIMIT $3) \
             SELECT e.id, e.canonical, e.kind, COUNT(DISTINCT m2.article_seq) AS n FROM arts \
             JOIN mentions m2 ON m2.article_seq = arts.article_seq \
             JOIN entity_keys k2 ON k2.key = m2.node_key JOIN entities e ON e.id = k2.entity_id \
             WHERE e.id <> $1 GROUP BY e.id ORDER BY n DESC, e.canonical, e.id LIMIT $2",
            &[
                &entity_id,
                &(limit.min(i64::MAX as usize) as i64),
                &(CO_OCCURRING_ARTICLES as i64),
            ],
        )?;
        rows.iter()
            .map(|r| {
                Ok(EntityCount {
                    id: r.try_get(0)?,
                    name: r.try_get(1)?,
                    kind: kind_of(r.try_get(2)?),
                    articles: r.try_get::<_, i64>(3)? as u64,
                })
            })
            .collect()
    }

    pub(super) fn independent_sources_impl(&self, article_seqs: &[i64]) -> Result<u64, StoreError> {
        // One source per syndication group; an article without copies is a
        // source of its own.
        Ok(self
            .client
            .borrow_mut()
            .query_one(
                "SELECT COUNT(DISTINCT COALESCE(m.group_key, a.id)) FROM articles a \
                 LEFT JOIN syndication_members m ON m.article_id = a.id WHERE a.seq = ANY($1)",
                &[&article_seqs],
            )?
            .try_get::<_, i64>(0)? as u64)
    }

    pub(super) fn event_signals_impl(&self, seq: i64) -> Result<EventSignals, StoreError> {
        let mut c = self.client.borrow_mut();
        let group: Option<String> = c
            .query_opt(
                "SELECT m.group_key FROM syndication_members m JOIN articles a \
                 ON a.id = m.article_id WHERE a.seq = $1",
                &[&seq],
            )?
            .map(|r| r.try_get(0))
            .transpose()?;
        let strings = |rows: Vec<postgres::Row>| -> Result<Vec<String>, StoreError> {
            rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
        };
        let entities = strings(c.query(
            "SELECT DISTINCT k.entity_id FROM mentions m JOIN entity_keys k ON k.key = m.node_key \
             WHERE m.article_seq = $1 ORDER BY 1",
            &[&seq],
        )?)?;
        let quote_keys = strings(c.query(
            "SELECT DISTINCT quote_key FROM quotes WHERE article_seq = $1 AND NOT partial ORDER BY 1",
            &[&seq],
        )?)?;
        let relative_dates = c
            .query(
                "SELECT text, date, inferred, span_start, span_end, rule, confidence \
                 FROM date_expressions WHERE article_seq = $1 AND kind = 'relative' \
                 ORDER BY span_start, ord",
                &[&seq],
            )?
            .iter()
            .map(|r| {
                Ok(RelativeDate {
                    text: r.try_get(0)?,
                    date: r.try_get(1)?,
                    inferred: r.try_get(2)?,
                    span: (
                        r.try_get::<_, i64>(3)? as usize,
                        r.try_get::<_, i64>(4)? as usize,
                    ),
                    rule: r.try_get(5)?,
                    confidence: r.try_get::<_, f64>(6)? as f32,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(EventSignals {
            group,
            entities,
            quote_keys,
            relative_dates,
        })
    }

    pub(super) fn quote_bank_impl(
        &self,
        speaker_entity: Option<&str>,
    ) -> Result<Vec<QuoteBankEntry>, StoreError> {
        // Only quotes some article attributes to the speaker can be theirs:
        // the rest are never read (the vote below still decides).
        let rows = self.client.borrow_mut().query(
            "SELECT q.quote_key, q.text, COALESCE(e.canonical, q.speaker), k.entity_id, a.seq, a.id, \
                    a.published_date, q.speaker_text, q.cue, q.span_start, q.span_end, q.rule, \
                    q.confidence, q.partial \
             FROM quotes q JOIN articles a ON a.seq = q.article_seq \
             LEFT JOIN entity_keys k ON k.key = q.speaker_key \
             LEFT JOIN entities e ON e.id = k.entity_id \
             WHERE $1::text IS NULL OR q.quote_key IN (SELECT q2.quote_key FROM quotes q2 \
               JOIN entity_keys k2 ON k2.key = q2.speaker_key WHERE k2.entity_id = $1) \
             ORDER BY q.quote_key, a.published_date IS NULL, a.published_date, a.seq",
            &[&speaker_entity],
        )?;
        type QRow = (
            String,
            String,
            Option<String>,
            Option<String>,
            i64,
            QuoteSighting,
            bool,
        );
        let rows: Vec<QRow> = rows
            .iter()
            .map(|r| {
                Ok((
                    r.try_get(0)?,
                    r.try_get(1)?,
                    r.try_get(2)?,
                    r.try_get(3)?,
                    r.try_get(4)?,
                    QuoteSighting {
                        article: ArticleId(r.try_get(5)?),
                        published: r.try_get(6)?,
                        speaker: r.try_get(2)?,
                        speaker_text: r.try_get(7)?,
                        cue: r.try_get(8)?,
                        span: (
                            r.try_get::<_, i64>(9)? as usize,
                            r.try_get::<_, i64>(10)? as usize,
                        ),
                        rule: r.try_get(11)?,
                        confidence: r.try_get::<_, f64>(12)? as f32,
                    },
                    r.try_get(13)?,
                ))
            })
            .collect::<Result<_, StoreError>>()?;
        let mut out: Vec<QuoteBankEntry> = Vec::new();
        let mut i = 0;
        while i < rows.len() {
            let mut j = i;
            while j < rows.len() && rows[j].0 == rows[i].0 {
                j += 1;
            }
            let group = &rows[i..j];
            // The speaker most articles resolved.
            let mut votes: BTreeMap<(Option<String>, Option<String>), usize> = BTreeMap::new();
            for g in group {
                if g.2.is_some() || g.3.is_some() {
                    *votes.entry((g.3.clone(), g.2.clone())).or_default() += 1;
                }
            }
            let speaker = votes
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(a.0 .0.is_some().cmp(&b.0 .0.is_some())))
                .map(|(k, _)| k);
            let seqs: Vec<i64> = group.iter().map(|g| g.4).collect();
            let entry = QuoteBankEntry {
                key: group[0].0.clone(),
                text: group
                    .iter()
                    .map(|g| &g.1)
                    .max_by_key(|t| t.len())
                    .cloned()
                    .unwrap_or_default(),
                speaker_entity: speaker.as_ref().and_then(|s| s.0.clone()),
                speaker: speaker.and_then(|s| s.1),
                articles: group.iter().map(|g| g.5.clone()).collect(),
                independent_sources: self.independent_sources_impl(&seqs)?,
                first_reported: group.iter().filter_map(|g| g.5.published).min(),
                partial: group.iter().all(|g| g.6),
            };
            if speaker_entity.is_none_or(|s| entry.speaker_entity.as_deref() == Some(s)) {
                out.push(entry);
            }
            i = j;
        }
        out.sort_by(|a, b| {
            b.articles
                .len()
                .cmp(&a.articles.len())
                .then(a.first_reported.cmp(&b.first_reported))
                .then(a.key.cmp(&b.key))
        });
        Ok(out)
    }
}

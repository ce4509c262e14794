//! [`crate::SyndicationStore`] for [`PgStore`]: the persistent LSH index,
//! near-duplicate links and syndication groups.

use super::{bigint, PgStore};
use crate::backend::{self, article_columns_of};
use crate::sql::SqlStore;
use crate::{FingerprintEntry, StoreError, StoredArticle, SyndicationStore};
use storyline_model::{ArticleId, DupLink, SyndicationGroup};

impl SyndicationStore for PgStore {
    fn put_fingerprints(&mut self, entries: &[FingerprintEntry]) -> Result<(), StoreError> {
        // An article given twice keeps its last entry, as replacing entries
        // one after the other would (one statement cannot upsert a row twice).
        let mut last: std::collections::BTreeMap<&str, &FingerprintEntry> = Default::default();
        for e in entries {
            last.insert(e.id.as_str(), e);
        }
        let entries: Vec<&FingerprintEntry> = last.into_values().collect();
        self.in_transaction(|tx| {
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
            Ok(())
        })
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
        self.with_sql(|c| backend::links_of(c, id))
    }

    fn put_group(
        &mut self,
        group: &SyndicationGroup,
        replaces: &[ArticleId],
    ) -> Result<(), StoreError> {
        self.in_transaction(|tx| {
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
            Ok(())
        })
    }

    fn group_of(&self, id: &ArticleId) -> Result<Option<SyndicationGroup>, StoreError> {
        self.with_sql(|c| backend::group_of(c, id))
    }

    fn list_groups(&self, limit: Option<usize>) -> Result<Vec<SyndicationGroup>, StoreError> {
        self.with_sql(|c| backend::list_groups(c, limit))
    }

    fn independent_sources(&self, article_seqs: &[i64]) -> Result<u64, StoreError> {
        // One source per syndication group; an article without copies is a
        // source of its own.
        Ok(self
            .conn()?
            .query_one(
                "SELECT COUNT(DISTINCT COALESCE(m.group_key, a.id)) FROM articles a \
                 LEFT JOIN syndication_members m ON m.article_id = a.id WHERE a.seq = ANY($1)",
                &[&article_seqs],
            )?
            .try_get::<_, i64>(0)? as u64)
    }
}

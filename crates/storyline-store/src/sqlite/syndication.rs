//! [`crate::SyndicationStore`] for [`SqliteStore`]: the persistent LSH index,
//! near-duplicate links and syndication groups.

use super::SqliteStore;
use crate::backend::{self, article_columns_of};
use crate::sql::SqlStore;
use crate::{FingerprintEntry, StoreError, StoredArticle, SyndicationStore};
use rusqlite::{params, OptionalExtension};
use storyline_model::{ArticleId, DupLink, SyndicationGroup};

impl SyndicationStore for SqliteStore {
    fn put_fingerprints(&mut self, entries: &[FingerprintEntry]) -> Result<(), StoreError> {
        self.in_transaction(|tx| {
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
            Ok(())
        })
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
        self.in_transaction(|tx| {
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
            Ok(())
        })
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
        let mut stmt = self.conn().prepare_cached(
            "SELECT COALESCE(m.group_key, a.id) FROM articles a \
             LEFT JOIN syndication_members m ON m.article_id = a.id WHERE a.seq = ?1",
        )?;
        let mut units: Vec<String> = Vec::with_capacity(article_seqs.len());
        for seq in article_seqs {
            if let Some(u) = stmt
                .query_row([seq], |r| r.get::<_, String>(0))
                .optional()?
            {
                units.push(u);
            }
        }
        units.sort_unstable();
        units.dedup();
        Ok(units.len() as u64)
    }
}

-- SQLite's 0013 keeps the articles whose event-clustering signals were
-- written since clustering last saved. PostgreSQL keeps none: its workers
-- write annotations while clustering runs, and a mark written between
-- clustering's read and its save would be lost, so clustering checks
-- every placed article (EventStore::signals_written is None). This file
-- keeps the two backends' migration numbers in step.
SELECT 1;

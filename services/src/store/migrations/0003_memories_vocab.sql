-- Document counts per indexed term, so a search can leave out words that nearly every memory contains
-- (they rank nothing and make bm25 score the whole table).
CREATE VIRTUAL TABLE `memories_vocab` USING fts5vocab(memories_fts, row);

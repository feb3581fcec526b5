// name: search_subjects
// mode: read
// returns: many
// params:
//   $q       string   the text typed: an id, an id's beginning, or (part of) a name
//   $lucene  string   $q escaped for Lucene by the caller (a lone CJK character gets `*`)
//   $limit   integer  most hits returned
// columns:
//   id      string
//   kind    string
//   name    string
//   region  string
//   score   float
// Subjects by exact id, id prefix (the unique constraint's range index) or name through the
// CJK bigram fulltext index, so a partial Chinese name finds its subject (R-OUT-3 explorer).
CALL () {
    MATCH (s:Subject {id: $q})
    RETURN s, 1000.0 AS score
  UNION
    MATCH (s:Subject) WHERE s.id STARTS WITH $q AND size($q) >= 4
    RETURN s, 100.0 AS score
    LIMIT 50
  UNION
    CALL db.index.fulltext.queryNodes('subject_name_fulltext', $lucene, {limit: 200})
    YIELD node, score
    RETURN node AS s, score
}
WITH s, max(score) AS score
RETURN s.id AS id, s.kind AS kind, s.name AS name, s.region AS region, score
ORDER BY score DESC, id
LIMIT $limit

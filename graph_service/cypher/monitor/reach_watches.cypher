// name: reach_watches
// mode: read
// returns: many
// params:
//   $subject_ids      list<string>  subjects a change touched (a batch's subjects, the organisation of a link)
//   $record_ids       list<string>  records a change touched
//   $list_ids         list<string>  lists a change touched (a list, the lists of a measure)
//   $catalogue_codes  list<string>  catalogue items whose disclosure changed
//   $recognitions     list<map>     {region, list_type}: recognition agreements that changed
//   $matters          list<string>  matters whose links changed: every watch for them
//   $everything       boolean       a change that may reach every watch (the domain tree)
//   $control_max_depth  int  ambient: GRAPH_SERVICE_CONTROL_MAX_DEPTH, the control chain's bound (R-PROP-3)
// columns:
//   id  string
// The watches a change can reach through the graph (issue 15), the reverse of reach_subjects:
// the touched subjects (those of the records and of their entries, those listed on the
// lists), then each of them, the persons holding a role in it (R-PROP-1) and every subject
// within $control_max_depth holding or declared-control links above it (R-PROP-3), then the active watches
// on those. A superset: the re-screen decides.
CALL () {
    UNWIND $subject_ids AS sid
    MATCH (s:Subject {id: sid})
    RETURN s
  UNION
    UNWIND $record_ids AS rid
    MATCH (s:Subject)-[:HAS_RECORD]->(:Record {id: rid})
    RETURN s
  UNION
    UNWIND $record_ids AS rid
    MATCH (:Record {id: rid})<-[:BASED_ON]-(:ListEntry)-[:LISTS]->(s:Subject)
    RETURN s
  UNION
    UNWIND $list_ids AS lid
    MATCH (:List {id: lid})<-[:ON]-(:ListEntry)-[:LISTS]->(s:Subject)
    RETURN s
  UNION
    UNWIND $catalogue_codes AS code
    MATCH (:CatalogueItem {code: code})<-[:CLASSIFIED_AS]-(:Record)<-[:HAS_RECORD]-(s:Subject)
    RETURN s
  UNION
    UNWIND $catalogue_codes AS code
    MATCH (:CatalogueItem {code: code})<-[:CLASSIFIED_AS]-(:Record)<-[:BASED_ON]-(:ListEntry)
          -[:LISTS]->(s:Subject)
    RETURN s
  UNION
    UNWIND $recognitions AS g
    MATCH (:List {region: g.region, type: g.list_type})<-[:ON]-(:ListEntry)-[:LISTS]->(s:Subject)
    RETURN s
}
WITH DISTINCT s
CALL (s) {
    RETURN s AS x
  UNION
    MATCH (x:Subject)-[:LEGAL_REPRESENTATIVE_OF|PRINCIPAL_OF|ACTUAL_CONTROLLER_OF]->(s)
    RETURN x
  UNION
    // Breadth-first, each subject once, with its least depth (Cypher takes no parameter
    // in a var-length bound, and min(length(p)) keeps the pruning BFS a fixed bound had).
    MATCH p = (s)<-[:HOLDS_SHARES_IN|ACTUAL_CONTROLLER_OF*1..]-(x:Subject)
    WITH x, min(length(p)) AS depth
    WHERE depth <= $control_max_depth
    RETURN x
}
WITH DISTINCT x
MATCH (w:Watch)-[:WATCHES]->(x)
RETURN w.id AS id
UNION
MATCH (w:Watch)
WHERE w.active AND ($everything OR w.matter IN $matters)
RETURN w.id AS id

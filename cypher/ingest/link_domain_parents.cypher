// name: link_domain_parents
// mode: write
// returns: none
// params:
//   $rows  list<map>  {code, parent}
// Re-links each domain to its parent (SUBDOMAIN_OF), or to none when parent is null.
UNWIND $rows AS row
MATCH (d:Domain {code: row.code})
OPTIONAL MATCH (d)-[old:SUBDOMAIN_OF]->()
DELETE old
WITH DISTINCT d, row
CALL (d, row) {
  WITH d, row WHERE row.parent IS NOT NULL
  MATCH (p:Domain {code: row.parent})
  CREATE (d)-[:SUBDOMAIN_OF]->(p)
}

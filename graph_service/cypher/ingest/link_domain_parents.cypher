// name: link_domain_parents
// mode: write
// returns: none
// params:
//   $rows  list<map>  {code, parent}
// Links each domain to its parent (SUBDOMAIN_OF), or to none when parent is null; a domain
// already linked as asked is left alone, so a repeated load changes nothing.
UNWIND $rows AS row
MATCH (d:Domain {code: row.code})
OPTIONAL MATCH (d)-[old:SUBDOMAIN_OF]->(current:Domain)
WITH d, row, collect(old) AS olds, collect(current.code) AS parents
WHERE parents <> CASE WHEN row.parent IS NULL THEN [] ELSE [row.parent] END
FOREACH (link IN olds | DELETE link)
WITH d, row
CALL (d, row) {
  WITH d, row WHERE row.parent IS NOT NULL
  MATCH (p:Domain {code: row.parent})
  CREATE (d)-[:SUBDOMAIN_OF]->(p)
}

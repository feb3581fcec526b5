// name: V001_12_subject_name
// mode: schema
// returns: none
// params:
// Search of subjects by name, including partial Chinese names (CJK bigrams).
CREATE FULLTEXT INDEX subject_name_fulltext IF NOT EXISTS
FOR (n:Subject) ON EACH [n.name]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}

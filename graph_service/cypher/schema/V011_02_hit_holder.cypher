// name: V011_02_hit_holder
// mode: schema
// returns: none
// params:
// Hits found by the authority that owes their feedback (GET /v1/feedback/pending).
CREATE INDEX Hit_holder IF NOT EXISTS FOR (n:Hit) ON (n.holder)

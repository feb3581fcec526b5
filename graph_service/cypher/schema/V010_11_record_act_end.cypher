// name: V010_11_record_act_end
// mode: schema
// returns: none
// params:
// The daily sweep finds records whose five-year window ends (R-TIME-1).
CREATE INDEX Record_act_end IF NOT EXISTS FOR (n:Record) ON (n.act_end)

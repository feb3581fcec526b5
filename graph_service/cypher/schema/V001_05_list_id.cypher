// name: V001_05_list_id
// mode: schema
// returns: none
// params:
// Serious, joint sanction and joint reward lists (R-LIST-2).
CREATE CONSTRAINT List_id_unique IF NOT EXISTS FOR (n:List) REQUIRE n.id IS UNIQUE

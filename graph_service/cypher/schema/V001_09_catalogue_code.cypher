// name: V001_09_catalogue_code
// mode: schema
// returns: none
// params:
// The public credit information catalogue (R-INFO-2).
CREATE CONSTRAINT CatalogueItem_code_unique IF NOT EXISTS FOR (n:CatalogueItem) REQUIRE n.code IS UNIQUE

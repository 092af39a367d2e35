-- v7: the daily import merges by the care system's ids (source_id on the imported tables),
-- remembers what it last said about a visit (source_hash), and keeps conflicts for the planner.

ALTER TABLE carer ADD COLUMN source_id VARCHAR;
CREATE UNIQUE INDEX ix_carer_source_id ON carer (source_id);
ALTER TABLE citizen ADD COLUMN source_id VARCHAR;
CREATE UNIQUE INDEX ix_citizen_source_id ON citizen (source_id);
ALTER TABLE service ADD COLUMN source_id VARCHAR;
CREATE UNIQUE INDEX ix_service_source_id ON service (source_id);
ALTER TABLE visit ADD COLUMN source_id VARCHAR;
CREATE UNIQUE INDEX ix_visit_source_id ON visit (source_id);
ALTER TABLE visit ADD COLUMN source_hash VARCHAR;
ALTER TABLE shift ADD COLUMN source_id VARCHAR;
CREATE UNIQUE INDEX ix_shift_source_id ON shift (source_id);
ALTER TABLE absence ADD COLUMN source_id VARCHAR;
CREATE UNIQUE INDEX ix_absence_source_id ON absence (source_id);

CREATE TABLE importconflict (
	id INTEGER NOT NULL, 
	visit_id INTEGER NOT NULL, 
	theirs VARCHAR NOT NULL, 
	theirs_hash VARCHAR NOT NULL, 
	found_at DATETIME NOT NULL, 
	found_by VARCHAR NOT NULL, 
	resolved_at DATETIME, 
	resolved_by VARCHAR NOT NULL, 
	resolution VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(visit_id) REFERENCES visit (id)
);

CREATE INDEX ix_importconflict_visit_id ON importconflict (visit_id);

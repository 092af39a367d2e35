-- v2: absences (sick calls, vacation, courses) and covers of an absent colleague's visits.

CREATE TABLE absence (
	id INTEGER NOT NULL, 
	carer_id INTEGER NOT NULL, 
	from_day DATE NOT NULL, 
	to_day DATE NOT NULL, 
	kind VARCHAR(8) NOT NULL, 
	reported_at DATETIME NOT NULL, 
	reported_by VARCHAR NOT NULL, 
	buddy_id INTEGER, 
	note VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(carer_id) REFERENCES carer (id), 
	FOREIGN KEY(buddy_id) REFERENCES carer (id)
);

CREATE INDEX ix_absence_carer_id ON absence (carer_id);

CREATE INDEX ix_absence_from_day ON absence (from_day);

CREATE INDEX ix_absence_to_day ON absence (to_day);

CREATE TABLE cover (
	id INTEGER NOT NULL, 
	visit_id INTEGER NOT NULL, 
	absence_id INTEGER NOT NULL, 
	absent_carer_id INTEGER NOT NULL, 
	carer_id INTEGER, 
	source VARCHAR(12) NOT NULL, 
	decided_by VARCHAR NOT NULL, 
	decided_at DATETIME NOT NULL, 
	returned BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(visit_id) REFERENCES visit (id), 
	FOREIGN KEY(absence_id) REFERENCES absence (id), 
	FOREIGN KEY(absent_carer_id) REFERENCES carer (id), 
	FOREIGN KEY(carer_id) REFERENCES carer (id)
);

CREATE INDEX ix_cover_absence_id ON cover (absence_id);

CREATE INDEX ix_cover_visit_id ON cover (visit_id);

-- v7: the base plan (grundplan) and the days generated from it, the team's decisions about a
-- visit (duration, cancellation) and citizens paused (in hospital).

CREATE TABLE basevisit (
	id INTEGER NOT NULL, 
	source_id VARCHAR NOT NULL, 
	citizen_id INTEGER NOT NULL, 
	weekdays VARCHAR NOT NULL, 
	every_weeks INTEGER NOT NULL, 
	first_day DATE NOT NULL, 
	last_day DATE, 
	start_min INTEGER NOT NULL, 
	duration_min INTEGER NOT NULL, 
	window_from_min INTEGER, 
	window_to_min INTEGER, 
	fixed_time BOOLEAN NOT NULL, 
	two_carers BOOLEAN NOT NULL, 
	carer_id INTEGER, 
	second_carer_id INTEGER, 
	services VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(citizen_id) REFERENCES citizen (id), 
	FOREIGN KEY(carer_id) REFERENCES carer (id), 
	FOREIGN KEY(second_carer_id) REFERENCES carer (id)
);

CREATE INDEX ix_basevisit_citizen_id ON basevisit (citizen_id);

CREATE INDEX ix_basevisit_source_id ON basevisit (source_id);

CREATE TABLE generatedvisit (
	visit_id INTEGER NOT NULL, 
	base_visit_id INTEGER NOT NULL, 
	day DATE NOT NULL, 
	PRIMARY KEY (visit_id), 
	UNIQUE (base_visit_id, day), 
	FOREIGN KEY(visit_id) REFERENCES visit (id), 
	FOREIGN KEY(base_visit_id) REFERENCES basevisit (id)
);

CREATE INDEX ix_generatedvisit_base_visit_id ON generatedvisit (base_visit_id);

CREATE INDEX ix_generatedvisit_day ON generatedvisit (day);

CREATE TABLE visitdecision (
	visit_id INTEGER NOT NULL, 
	duration_min INTEGER, 
	cancel_reason VARCHAR NOT NULL, 
	decided_by VARCHAR NOT NULL, 
	decided_at DATETIME NOT NULL, 
	PRIMARY KEY (visit_id), 
	FOREIGN KEY(visit_id) REFERENCES visit (id)
);

CREATE TABLE citizenpause (
	id INTEGER NOT NULL, 
	citizen_id INTEGER NOT NULL, 
	from_day DATE NOT NULL, 
	to_day DATE NOT NULL, 
	reason VARCHAR NOT NULL, 
	created_by VARCHAR NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(citizen_id) REFERENCES citizen (id)
);

CREATE INDEX ix_citizenpause_citizen_id ON citizenpause (citizen_id);

CREATE INDEX ix_citizenpause_from_day ON citizenpause (from_day);

CREATE INDEX ix_citizenpause_to_day ON citizenpause (to_day);


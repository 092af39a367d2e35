-- v1: the first schema (teams, carers, citizens, services, visits, shifts, audit).

CREATE TABLE kaffefoerst_meta (
	key VARCHAR NOT NULL PRIMARY KEY,
	value VARCHAR NOT NULL
);

CREATE TABLE auditevent (
	id INTEGER NOT NULL, 
	actor VARCHAR NOT NULL, 
	at DATETIME NOT NULL, 
	action VARCHAR NOT NULL, 
	entity VARCHAR NOT NULL, 
	entity_id INTEGER NOT NULL, 
	"before" VARCHAR NOT NULL, 
	"after" VARCHAR NOT NULL, 
	reason VARCHAR NOT NULL, 
	undoes_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(undoes_id) REFERENCES auditevent (id)
);

CREATE TABLE service (
	id INTEGER NOT NULL, 
	code VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	law VARCHAR NOT NULL, 
	professions VARCHAR NOT NULL, 
	competence VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (code)
);

CREATE TABLE team (
	id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	partner_team_id INTEGER, 
	gap_min INTEGER NOT NULL, 
	meeting_min INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name), 
	FOREIGN KEY(partner_team_id) REFERENCES team (id)
);

CREATE TABLE carer (
	id INTEGER NOT NULL, 
	initials VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	profession VARCHAR(4) NOT NULL, 
	competences VARCHAR NOT NULL, 
	phone VARCHAR NOT NULL, 
	team_id INTEGER NOT NULL, 
	on_call_substitute BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(team_id) REFERENCES team (id)
);

CREATE INDEX ix_carer_team_id ON carer (team_id);

CREATE UNIQUE INDEX ix_carer_initials ON carer (initials);

CREATE TABLE citizen (
	id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	short_name VARCHAR NOT NULL, 
	address VARCHAR NOT NULL, 
	area VARCHAR NOT NULL, 
	team_id INTEGER NOT NULL, 
	contact1_id INTEGER, 
	contact2_id INTEGER, 
	preferred_time VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(team_id) REFERENCES team (id), 
	FOREIGN KEY(contact1_id) REFERENCES carer (id), 
	FOREIGN KEY(contact2_id) REFERENCES carer (id)
);

CREATE INDEX ix_citizen_team_id ON citizen (team_id);

CREATE TABLE shift (
	id INTEGER NOT NULL, 
	carer_id INTEGER NOT NULL, 
	day DATE NOT NULL, 
	kind VARCHAR(7) NOT NULL, 
	start_min INTEGER NOT NULL, 
	end_min INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(carer_id) REFERENCES carer (id)
);

CREATE INDEX ix_shift_carer_id ON shift (carer_id);

CREATE INDEX ix_shift_day ON shift (day);

CREATE TABLE declinedcarer (
	citizen_id INTEGER NOT NULL, 
	carer_id INTEGER NOT NULL, 
	PRIMARY KEY (citizen_id, carer_id), 
	FOREIGN KEY(citizen_id) REFERENCES citizen (id), 
	FOREIGN KEY(carer_id) REFERENCES carer (id)
);

CREATE TABLE visit (
	id INTEGER NOT NULL, 
	citizen_id INTEGER NOT NULL, 
	day DATE NOT NULL, 
	start_min INTEGER NOT NULL, 
	duration_min INTEGER NOT NULL, 
	window_from_min INTEGER, 
	window_to_min INTEGER, 
	fixed_time BOOLEAN NOT NULL, 
	two_carers BOOLEAN NOT NULL, 
	carer_id INTEGER, 
	second_carer_id INTEGER, 
	status VARCHAR(9) NOT NULL, 
	version INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(citizen_id) REFERENCES citizen (id), 
	FOREIGN KEY(carer_id) REFERENCES carer (id), 
	FOREIGN KEY(second_carer_id) REFERENCES carer (id)
);

CREATE INDEX ix_visit_citizen_id ON visit (citizen_id);

CREATE INDEX ix_visit_day ON visit (day);

CREATE INDEX ix_visit_carer_id ON visit (carer_id);

CREATE TABLE visitservice (
	visit_id INTEGER NOT NULL, 
	service_id INTEGER NOT NULL, 
	PRIMARY KEY (visit_id, service_id), 
	FOREIGN KEY(visit_id) REFERENCES visit (id), 
	FOREIGN KEY(service_id) REFERENCES service (id)
);

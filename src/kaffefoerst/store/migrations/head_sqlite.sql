-- Generated from revision 0012 by new_revision --snapshot; do not edit.

CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
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

CREATE TABLE coach (
	id INTEGER NOT NULL, 
	initials VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ix_coach_initials ON coach (initials);

CREATE TABLE loginattempt (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	initials VARCHAR NOT NULL, 
	address VARCHAR NOT NULL, 
	outcome VARCHAR NOT NULL, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_loginattempt_address ON loginattempt (address);

CREATE INDEX ix_loginattempt_at ON loginattempt (at);

CREATE INDEX ix_loginattempt_initials ON loginattempt (initials);

CREATE TABLE loginlock (
	id INTEGER NOT NULL, 
	kind VARCHAR NOT NULL, 
	value VARCHAR NOT NULL, 
	since DATETIME NOT NULL, 
	until DATETIME NOT NULL, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_loginlock_until ON loginlock (until);

CREATE INDEX ix_loginlock_value ON loginlock (value);

CREATE TABLE meeting (
	id INTEGER NOT NULL, 
	day DATE NOT NULL, 
	started_at DATETIME NOT NULL, 
	ended_at DATETIME, 
	started_by VARCHAR NOT NULL, 
	planned_min INTEGER NOT NULL, 
	minutes VARCHAR NOT NULL, 
	PRIMARY KEY (id)
);

CREATE INDEX ix_meeting_day ON meeting (day);

CREATE TABLE service (
	id INTEGER NOT NULL, 
	code VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	law VARCHAR NOT NULL, 
	professions VARCHAR NOT NULL, 
	competence VARCHAR NOT NULL, source_id VARCHAR, 
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
	FOREIGN KEY(partner_team_id) REFERENCES team (id), 
	UNIQUE (name)
);

CREATE TABLE carer (
	id INTEGER NOT NULL, 
	initials VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	profession VARCHAR(4) NOT NULL, 
	competences VARCHAR NOT NULL, 
	phone VARCHAR NOT NULL, 
	team_id INTEGER NOT NULL, 
	on_call_substitute BOOLEAN NOT NULL, source_id VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(team_id) REFERENCES team (id)
);

CREATE UNIQUE INDEX ix_carer_initials ON carer (initials);

CREATE INDEX ix_carer_team_id ON carer (team_id);

CREATE TABLE absence (
	id INTEGER NOT NULL, 
	carer_id INTEGER NOT NULL, 
	from_day DATE NOT NULL, 
	to_day DATE NOT NULL, 
	kind VARCHAR(8) NOT NULL, 
	reported_at DATETIME NOT NULL, 
	reported_by VARCHAR NOT NULL, 
	buddy_id INTEGER, 
	note VARCHAR NOT NULL, source_id VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(buddy_id) REFERENCES carer (id), 
	FOREIGN KEY(carer_id) REFERENCES carer (id)
);

CREATE INDEX ix_absence_carer_id ON absence (carer_id);

CREATE INDEX ix_absence_from_day ON absence (from_day);

CREATE INDEX ix_absence_to_day ON absence (to_day);

CREATE TABLE citizen (
	id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	short_name VARCHAR NOT NULL, 
	address VARCHAR NOT NULL, 
	area VARCHAR NOT NULL, 
	team_id INTEGER NOT NULL, 
	contact1_id INTEGER, 
	contact2_id INTEGER, 
	preferred_time VARCHAR NOT NULL, source_id VARCHAR, access_note VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(contact1_id) REFERENCES carer (id), 
	FOREIGN KEY(contact2_id) REFERENCES carer (id), 
	FOREIGN KEY(team_id) REFERENCES team (id)
);

CREATE INDEX ix_citizen_team_id ON citizen (team_id);

CREATE TABLE meetingattendance (
	meeting_id INTEGER NOT NULL, 
	carer_id INTEGER NOT NULL, 
	present BOOLEAN NOT NULL, 
	changed_by VARCHAR NOT NULL, 
	changed_at DATETIME NOT NULL, 
	PRIMARY KEY (meeting_id, carer_id), 
	FOREIGN KEY(carer_id) REFERENCES carer (id), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id)
);

CREATE TABLE roleassignment (
	id INTEGER NOT NULL, 
	carer_id INTEGER NOT NULL, 
	role VARCHAR(9) NOT NULL, 
	from_day DATE NOT NULL, 
	to_day DATE NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(carer_id) REFERENCES carer (id)
);

CREATE INDEX ix_roleassignment_carer_id ON roleassignment (carer_id);

CREATE INDEX ix_roleassignment_from_day ON roleassignment (from_day);

CREATE INDEX ix_roleassignment_to_day ON roleassignment (to_day);

CREATE TABLE shift (
	id INTEGER NOT NULL, 
	carer_id INTEGER NOT NULL, 
	day DATE NOT NULL, 
	kind VARCHAR(7) NOT NULL, 
	start_min INTEGER NOT NULL, 
	end_min INTEGER NOT NULL, source_id VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(carer_id) REFERENCES carer (id)
);

CREATE INDEX ix_shift_carer_id ON shift (carer_id);

CREATE INDEX ix_shift_day ON shift (day);

CREATE TABLE boarditem (
	id INTEGER NOT NULL, 
	citizen_id INTEGER NOT NULL, 
	reason VARCHAR NOT NULL, 
	added_by VARCHAR NOT NULL, 
	added_at DATETIME NOT NULL, 
	for_day DATE NOT NULL, 
	discussed_in INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(citizen_id) REFERENCES citizen (id), 
	FOREIGN KEY(discussed_in) REFERENCES meeting (id)
);

CREATE INDEX ix_boarditem_citizen_id ON boarditem (citizen_id);

CREATE INDEX ix_boarditem_for_day ON boarditem (for_day);

CREATE TABLE declinedcarer (
	citizen_id INTEGER NOT NULL, 
	carer_id INTEGER NOT NULL, 
	PRIMARY KEY (citizen_id, carer_id), 
	FOREIGN KEY(carer_id) REFERENCES carer (id), 
	FOREIGN KEY(citizen_id) REFERENCES citizen (id)
);

CREATE TABLE triagedraft (
	citizen_id INTEGER NOT NULL, 
	author VARCHAR NOT NULL, 
	data VARCHAR NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (citizen_id, author), 
	FOREIGN KEY(citizen_id) REFERENCES citizen (id)
);

CREATE TABLE triagenote (
	id INTEGER NOT NULL, 
	citizen_id INTEGER NOT NULL, 
	day DATE NOT NULL, 
	colour VARCHAR(6) NOT NULL, 
	points VARCHAR NOT NULL, 
	observation VARCHAR NOT NULL, 
	action VARCHAR NOT NULL, 
	responsible_id INTEGER, 
	follow_up DATE, 
	tell VARCHAR NOT NULL, 
	reason VARCHAR NOT NULL, 
	author VARCHAR NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(citizen_id) REFERENCES citizen (id), 
	FOREIGN KEY(responsible_id) REFERENCES carer (id)
);

CREATE INDEX ix_triagenote_citizen_id ON triagenote (citizen_id);

CREATE INDEX ix_triagenote_day ON triagenote (day);

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
	version INTEGER NOT NULL, source_id VARCHAR, source_hash VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(carer_id) REFERENCES carer (id), 
	FOREIGN KEY(citizen_id) REFERENCES citizen (id), 
	FOREIGN KEY(second_carer_id) REFERENCES carer (id)
);

CREATE INDEX ix_visit_carer_id ON visit (carer_id);

CREATE INDEX ix_visit_day ON visit (day);

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
	FOREIGN KEY(absence_id) REFERENCES absence (id), 
	FOREIGN KEY(absent_carer_id) REFERENCES carer (id), 
	FOREIGN KEY(carer_id) REFERENCES carer (id), 
	FOREIGN KEY(visit_id) REFERENCES visit (id)
);

CREATE INDEX ix_cover_absence_id ON cover (absence_id);

CREATE INDEX ix_cover_visit_id ON cover (visit_id);

CREATE TABLE visitservice (
	visit_id INTEGER NOT NULL, 
	service_id INTEGER NOT NULL, 
	PRIMARY KEY (visit_id, service_id), 
	FOREIGN KEY(service_id) REFERENCES service (id), 
	FOREIGN KEY(visit_id) REFERENCES visit (id)
);

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

CREATE UNIQUE INDEX ix_absence_source_id ON absence (source_id);

CREATE UNIQUE INDEX ix_carer_source_id ON carer (source_id);

CREATE UNIQUE INDEX ix_citizen_source_id ON citizen (source_id);

CREATE UNIQUE INDEX ix_service_source_id ON service (source_id);

CREATE UNIQUE INDEX ix_shift_source_id ON shift (source_id);

CREATE UNIQUE INDEX ix_visit_source_id ON visit (source_id);

CREATE TABLE decision (
	id INTEGER NOT NULL, 
	board_item_id INTEGER NOT NULL, 
	meeting_id INTEGER, 
	decision VARCHAR NOT NULL, 
	responsible_id INTEGER NOT NULL, 
	follow_up DATE NOT NULL, 
	decided_by VARCHAR NOT NULL, 
	decided_at DATETIME NOT NULL, 
	outcome VARCHAR NOT NULL, 
	outcome_by VARCHAR NOT NULL, 
	outcome_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(board_item_id) REFERENCES boarditem (id), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id), 
	FOREIGN KEY(responsible_id) REFERENCES carer (id)
);

CREATE INDEX ix_decision_board_item_id ON decision (board_item_id);

CREATE INDEX ix_decision_follow_up ON decision (follow_up);

CREATE TABLE "message" (
	id INTEGER NOT NULL, 
	day DATE NOT NULL, 
	recipient VARCHAR NOT NULL, 
	citizen_id INTEGER, 
	text VARCHAR NOT NULL, 
	author VARCHAR NOT NULL, 
	created_at DATETIME NOT NULL, 
	read_by VARCHAR DEFAULT '' NOT NULL, 
	read_at DATETIME, 
	reply_to_id INTEGER, 
	PRIMARY KEY (id), 
	CONSTRAINT fk_message_reply_to_id_message FOREIGN KEY(reply_to_id) REFERENCES message (id), 
	FOREIGN KEY(citizen_id) REFERENCES citizen (id)
);

CREATE INDEX ix_message_day ON message (day);

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
	FOREIGN KEY(carer_id) REFERENCES carer (id), 
	FOREIGN KEY(citizen_id) REFERENCES citizen (id), 
	FOREIGN KEY(second_carer_id) REFERENCES carer (id)
);

CREATE INDEX ix_basevisit_citizen_id ON basevisit (citizen_id);

CREATE INDEX ix_basevisit_source_id ON basevisit (source_id);

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

CREATE TABLE generatedvisit (
	visit_id INTEGER NOT NULL, 
	base_visit_id INTEGER NOT NULL, 
	day DATE NOT NULL, 
	PRIMARY KEY (visit_id), 
	FOREIGN KEY(base_visit_id) REFERENCES basevisit (id), 
	FOREIGN KEY(visit_id) REFERENCES visit (id), 
	UNIQUE (base_visit_id, day)
);

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

CREATE INDEX ix_visit_day_faces ON visit (day, status, citizen_id, carer_id, second_carer_id);

CREATE INDEX ix_visit_citizen_day ON visit (citizen_id, day, status, carer_id, second_carer_id);

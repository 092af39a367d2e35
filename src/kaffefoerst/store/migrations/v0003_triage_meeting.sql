-- v3: triage notes and drafts, the discussion board, messages, meetings and their minutes.

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

CREATE TABLE triagedraft (
	citizen_id INTEGER NOT NULL, 
	author VARCHAR NOT NULL, 
	data VARCHAR NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (citizen_id, author), 
	FOREIGN KEY(citizen_id) REFERENCES citizen (id)
);

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

CREATE TABLE message (
	id INTEGER NOT NULL, 
	day DATE NOT NULL, 
	recipient VARCHAR NOT NULL, 
	citizen_id INTEGER, 
	text VARCHAR NOT NULL, 
	author VARCHAR NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(citizen_id) REFERENCES citizen (id)
);

CREATE INDEX ix_message_day ON message (day);

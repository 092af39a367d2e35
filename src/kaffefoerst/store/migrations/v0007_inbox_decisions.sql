-- v7 (issue 14): the evening shift's inbox (who read a message, a reply to it) and the meeting's
-- decisions on discussion items, each with a named responsible and a follow-up date.

ALTER TABLE message ADD COLUMN read_by VARCHAR NOT NULL DEFAULT '';

ALTER TABLE message ADD COLUMN read_at DATETIME;

ALTER TABLE message ADD COLUMN reply_to_id INTEGER REFERENCES message (id);

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

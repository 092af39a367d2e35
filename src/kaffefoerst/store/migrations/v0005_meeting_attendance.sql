-- v5: who was at a morning meeting, stored as it is ticked (the default comes from the plan).

CREATE TABLE meetingattendance (
	meeting_id INTEGER NOT NULL, 
	carer_id INTEGER NOT NULL, 
	present BOOLEAN NOT NULL, 
	changed_by VARCHAR NOT NULL, 
	changed_at DATETIME NOT NULL, 
	PRIMARY KEY (meeting_id, carer_id), 
	FOREIGN KEY(meeting_id) REFERENCES meeting (id), 
	FOREIGN KEY(carer_id) REFERENCES carer (id)
);

-- v4: rotating team roles with dates (who is planlægger today).

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

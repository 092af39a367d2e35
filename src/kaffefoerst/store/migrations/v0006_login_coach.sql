-- v6: coaches (the coach role, for people who are not carers) and browser log-in tries and
-- locks, counted per initials and per client address across tabs and restarts.

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

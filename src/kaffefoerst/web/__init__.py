"""`kaffefoerst serve`'s web side: the page, the origin rule, the tab cap. No Textual here."""

"""One screen per module; each receives what it shows and posts what the learner wants."""

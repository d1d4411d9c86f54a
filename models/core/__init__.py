"""The shared ground every domain stands on: refusals and problems, one transaction per mutation with
jobs sent after commit, the decision history, field validators, the storage interface and uploads,
stored files and background-job rows, and the ports the wiring fills in at start-up."""

"""The reviewers' web app: a queue of unsure fields beside their scan, corrections kept."""

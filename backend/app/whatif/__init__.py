"""What-if runs: a draft or version replayed over the recorded events of a period."""

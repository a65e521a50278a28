"""Test runs: try a journey for one contact on a virtual clock, nothing sent or stored."""

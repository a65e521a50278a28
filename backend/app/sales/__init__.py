"""Sales projects, customer cards, funnel stages and automatic processes."""

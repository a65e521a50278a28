"""Jobs: work for staff that journeys create (job types now; jobs themselves later)."""

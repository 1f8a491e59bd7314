"""/api/v1/ resources of the review cycle: reviews and their transitions, the assessments
entered in a review, and its decisions. Same scoped querysets, policy and services as the
screens."""

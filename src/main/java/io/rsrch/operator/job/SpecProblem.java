package io.rsrch.operator.job;

/** What is wrong with a {@code ResearchJob}'s spec, said as what the user should fix. */
record SpecProblem(String message) {}

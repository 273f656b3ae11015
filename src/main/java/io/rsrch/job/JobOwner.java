package io.rsrch.job;

/** The Kubernetes resource a job mirrors: its namespace, name and uid. */
public record JobOwner(String namespace, String name, String uid) {}

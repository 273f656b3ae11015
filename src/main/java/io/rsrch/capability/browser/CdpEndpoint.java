package io.rsrch.capability.browser;

/**
 * Where to reach a browser over CDP, and which launch of it that is (so a tab can tell a relaunched
 * browser from the one it was connected to).
 */
public record CdpEndpoint(String url, long generation) {}
